package org.agilab.runtime.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgilabHomeTest {

    @TempDir
    Path dir;

    @Test
    void homeOptionWinsOverEnvironmentWhichWinsOverUserHome() {
        Path option = dir.resolve("option");
        Path variable = dir.resolve("variable");
        AgilabHome fromOption = AgilabHome.resolve(option, Map.of("AGILAB_HOME", variable.toString()));
        assertEquals(option, fromOption.path());
        assertEquals(Provenance.Kind.COMMAND_LINE, fromOption.home().provenance().kind());
        AgilabHome fromVariable = AgilabHome.resolve(null, Map.of("AGILAB_HOME", variable.toString()));
        assertEquals(variable, fromVariable.path());
        assertEquals(Provenance.Kind.ENVIRONMENT, fromVariable.home().provenance().kind());
        AgilabHome fromShell = AgilabHome.resolve(null, Map.of("HOME", dir.resolve("shell").toString()));
        assertEquals(dir.resolve("shell"), fromShell.path());
        assertEquals(Provenance.Kind.ENVIRONMENT, fromShell.home().provenance().kind());
        AgilabHome fromUser = AgilabHome.resolve(null, Map.of());
        assertEquals(Path.of(System.getProperty("user.home")).toAbsolutePath().normalize(), fromUser.path());
    }

    @Test
    void upstreamLayoutUnderTheHome() {
        AgilabHome home = AgilabHome.resolve(dir, Map.of("USER", "Jane Doe"));
        assertEquals(dir.resolve(".agilab/.env"), home.dotEnvFile());
        assertEquals(dir.resolve("wenv/flight_telemetry_worker"), home.workerEnv("flight_telemetry"));
        assertEquals(dir.resolve("log/execute/flight_telemetry"), home.executeLogs("flight_telemetry"));
        assertEquals(dir.resolve("localshare/jane_doe"), home.localShare().value());
        assertEquals(dir.resolve("clustershare/jane_doe"), home.clusterShare().value());
        assertEquals(dir.resolve(".agilab/apps/flight_telemetry_project/app_settings.toml"),
                home.userSettings("flight_telemetry_project"));
        assertEquals(dir.resolve(".agilab/benchmark.json"), home.benchmarkFile());
    }

    @Test
    void dotEnvMovesRootsAndEnvironmentWinsOverDotEnv() throws Exception {
        Files.createDirectories(dir.resolve(".agilab"));
        Files.writeString(dir.resolve(".agilab/.env"), "AGI_LOG_DIR=elsewhere/logs\nAGI_LOCAL_SHARE=/data/share\n");
        AgilabHome home = AgilabHome.resolve(dir, Map.of("USER", "u"));
        assertEquals(dir.resolve("elsewhere/logs"), home.logRoot().value());
        assertEquals(Provenance.Kind.DOTENV, home.logRoot().provenance().kind());
        assertEquals(1, home.logRoot().provenance().line());
        assertEquals(Path.of("/data/share"), home.localShare().value());
        assertEquals(Provenance.Kind.DEFAULT, home.clusterShare().provenance().kind());

        AgilabHome overridden = AgilabHome.resolve(dir, Map.of("USER", "u", "AGI_LOG_DIR", "from-env"));
        assertEquals(dir.resolve("from-env"), overridden.logRoot().value());
        assertEquals(Provenance.Kind.ENVIRONMENT, overridden.logRoot().provenance().kind());
    }
}
