package org.agilab.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.core.internal.operation.ManagerOperation;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.record.RunHistory;
import org.agilab.runtime.record.RunRecord;
import org.agilab.runtime.request.ManagerRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Runs view replays: the recorded request, on the app and in the home the record names; a {@code --set}
 * secret stays masked on the way (the manager reads it again from {@code AGILAB_SET_<KEY>}), never the secret itself.
 */
class RunReplayTest {

    @TempDir
    Path dir;

    private RunHistory.Entry record(Path home, Path app, List<String> argv, boolean withHome) {
        Redactor redactor = new Redactor();
        redactor.addArguments(ManagerRequest.lex(argv));
        RunRecord record = RunRecord.open(home.resolve("log/execute/demo"), "run", argv, redactor);
        record.app("demo_project", app, "demo");
        if (withHome) {
            record.home(home);
        }
        record.close();
        return RunHistory.list(home.resolve("log/execute")).get(0);
    }

    @Test
    void aReplayRunsTheRecordedRequestInItsHomeWithItsSecretStillMasked() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path app = Files.createDirectories(dir.resolve("apps/demo_project"));
        String secret = "Planted-" + java.util.UUID.randomUUID();
        // given by name, from a terminal: the record knows the app's folder and the home, argv does not
        RunHistory.Entry entry = record(home, app, List.of("run", "--app", "demo", "--mode", "dp", "--workers", "127.0.0.1:2", "--set",
                "connectors.api_token=" + secret, "--set", "nfile=2", "--verbose"), true);
        ManagerOperation replay = ManagerOperation.replay(entry);
        assertEquals("run", replay.command());
        assertEquals(app, replay.app());
        assertEquals("dp", replay.mode());
        assertEquals("127.0.0.1:2", replay.workers());
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("connectors.api_token", Redactor.MASK);
        overrides.put("nfile", "2");
        assertEquals(overrides, replay.overrides());
        assertEquals(home.toString(), replay.environment().get("AGILAB_HOME"));
        assertEquals(List.of("run", "--app", app.toString(), "--mode", "dp", "--workers", "127.0.0.1:2", "--set",
                "connectors.api_token=" + Redactor.MASK, "--set", "nfile=2"), replay.arguments());
        assertFalse(String.join(" ", replay.arguments()).contains(secret));
        assertEquals(ManagerRequest.parse(replay.arguments()), replay.request(), "the IDE's request is the manager's");
    }

    @Test
    void anOlderRecordWithoutItsHomeIsReplayedInTheHomeItSitsIn() throws Exception {
        Path home = Files.createDirectories(dir.resolve("older-home"));
        Path app = Files.createDirectories(dir.resolve("apps/demo_project"));
        RunHistory.Entry entry = record(home, app, List.of("run", "--app", app.toString(), "--modes", "0,p"), false);
        ManagerOperation replay = ManagerOperation.replay(entry);
        assertEquals(home.toString(), replay.environment().get("AGILAB_HOME"));
        assertEquals("0,p", replay.mode());
    }

    @Test
    void aRecordedCommandLineTheManagerWouldRefuseIsNotReplayed() {
        for (List<String> argv : List.of(List.of("run", "--bogus", "--app", "x"), List.of("run", "--mode", "p"))) {
            try {
                ManagerOperation.fromArgv(argv, dir);
                fail("replayed: " + argv);
            } catch (IllegalArgumentException expected) {
                // the Runs view shows its message
            }
        }
    }
}
