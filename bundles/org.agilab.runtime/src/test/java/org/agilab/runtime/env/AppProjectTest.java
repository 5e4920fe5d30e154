package org.agilab.runtime.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppProjectTest {

    @TempDir
    Path apps;

    @Test
    void namesFollowUpstreamRules() throws Exception {
        Files.createDirectories(apps.resolve("flight_telemetry_project"));
        AppProject app = AppProject.locate("flight_telemetry", apps);
        assertEquals("flight_telemetry_project", app.name());
        assertEquals("flight_telemetry", app.target());
        assertEquals("flight_telemetry_worker", app.workerPackage());
        assertEquals("FlightTelemetry", app.managerClass());
        assertEquals("FlightTelemetryWorker", app.workerClass());
        assertEquals(app.folder(), AppProject.locate("flight_telemetry_project", apps).folder());
        assertEquals(app.folder(), AppProject.locate(apps.resolve("flight_telemetry_project").toString(), apps).folder());
    }

    @Test
    void validatesNames() {
        assertNull(AppProject.nameProblem("minimal_app_project"));
        assertNull(AppProject.nameProblem("app2_project"));
        assertNotNull(AppProject.nameProblem("flight"));
        assertNotNull(AppProject.nameProblem("Flight_project"));
        assertNotNull(AppProject.nameProblem("flight__x_project"));
        assertNotNull(AppProject.nameProblem("_project"));
    }

    @Test
    void unknownAppListsTheKnownOnes() throws Exception {
        Files.createDirectories(apps.resolve("alpha_project"));
        Files.createDirectories(apps.resolve("beta_project"));
        AgilabException error = assertThrows(AgilabException.class, () -> AppProject.locate("gamma", apps));
        assertEquals(FailureClass.SETTINGS, error.failureClass());
        assertTrue(error.hint().contains("alpha_project, beta_project"), error.hint());
    }
}
