package org.agilab.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.agilab.core.launch.ManagerLauncher;
import org.agilab.core.launch.ManagerProcess;
import org.agilab.runtime.launch.ManagerClasspath;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts real manager JVMs from inside Equinox, the way the IDE and the headless application do. */
class ManagerLauncherTest {

    @TempDir
    Path dir;

    record Run(int code, List<Event> events, List<String> output) {
        Event last() {
            return events.get(events.size() - 1);
        }
    }

    private Run run(TestApps apps, String... args) throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        List<String> output = new CopyOnWriteArrayList<>();
        ManagerProcess manager = ManagerLauncher.withCurrentJava().start(List.of(args), Map.of("AGILAB_HOME", apps.home.toString()),
                dir, new ManagerProcess.Listener() {
                    @Override
                    public void event(EventEnvelope event) {
                        events.add(event.event());
                    }

                    @Override
                    public void output(String line) {
                        output.add(line);
                    }
                });
        int code = manager.waitFor();
        return new Run(code, events, output);
    }

    @Test
    void classpathComesFromTheInstalledBundles() {
        List<Path> classpath = ManagerLauncher.classpath();
        assertEquals(ManagerClasspath.REQUIRED_BUNDLES.size(), classpath.size(), classpath.toString());
        for (Path entry : classpath) {
            assertTrue(Files.exists(entry), entry + " exists");
        }
        assertTrue(classpath.get(0).toString().contains("org.agilab.runtime"), classpath.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void doctorInAManagerJvmReportsHealthAndProvenance() throws Exception {
        TestApps apps = new TestApps(dir);
        Run run = run(apps, "doctor", "--app", "probe", "--set", "nfile=7");
        assertEquals(0, run.code(), run.output().toString());
        Map<String, Object> data = assertInstanceOf(Event.Result.class, run.last()).data();
        assertEquals(true, data.get("healthy"));
        Map<String, Object> home = (Map<String, Object>) data.get("home");
        assertEquals("environment", home.get("source"), "AGILAB_HOME from the environment");
        Map<String, Object> settings = (Map<String, Object>) data.get("settings");
        Map<String, Object> nfile = (Map<String, Object>) settings.get("args.nfile");
        assertEquals(7L, nfile.get("value"));
        assertEquals("command line", nfile.get("source"));
        Map<String, Object> cython = (Map<String, Object>) settings.get("cluster.cython");
        assertEquals(apps.settings.toString(), cython.get("file"));
        assertEquals(5L, cython.get("line"));
        Map<String, Object> mode = (Map<String, Object>) data.get("mode");
        assertEquals("__c_", mode.get("label"));
        assertTrue(run.events().stream().anyMatch(Event.Phase.class::isInstance), "phase events stream before the result");
    }

    @Test
    void badSettingsEndInAClassifiedErrorEvent() throws Exception {
        TestApps apps = new TestApps(dir);
        Files.writeString(apps.settings, "[args]\n[cluster]\nverbose = \"loud\"\n");
        Run run = run(apps, "distribute", "--app", "probe");
        assertEquals(3, run.code());
        Event.Failure error = assertInstanceOf(Event.Failure.class, run.last());
        assertEquals("settings", error.failureClass());
        assertEquals(apps.settings.toString(), error.file());
        assertEquals(3, error.line());
        assertEquals("cluster.verbose", error.key());
        assertFalse(run.events().stream().anyMatch(Event.Result.class::isInstance));
    }
}
