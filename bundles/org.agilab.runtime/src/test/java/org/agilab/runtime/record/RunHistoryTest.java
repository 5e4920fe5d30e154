package org.agilab.runtime.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history the Runs view shows, read back from records written by RunRecord itself. */
class RunHistoryTest {

    @TempDir
    Path logs;

    static void emit(RunRecord record, Event event) {
        record.accept(new EventEnvelope(Event.VERSION, 1, java.time.Instant.now(), event));
    }

    @Test
    void recordsAreListedNewestFirstWithModeWorkersStatusAndOutputs() throws Exception {
        RunRecord ok = RunRecord.open(logs.resolve("flight_telemetry"), "run", List.of("run", "--mode", "pc"), new Redactor());
        ok.settings(Map.of("cluster.workers", Map.of("value", Map.of("127.0.0.1", 2L), "source", "project")));
        Path output = Files.writeString(logs.resolve("out.csv"), "a,b\n");
        ok.output(output);
        emit(ok, Event.Phase.finished("install", "ok", 20));
        emit(ok, Event.Phase.finished("run", "ok", 1234));
        emit(ok, Event.Result.ok("run", Map.of("label", "__cp", "rows", 45288L), "__cp 1.0 s (10 works)"));
        ok.close();
        Thread.sleep(5); // record folders are named to the millisecond
        RunRecord failed = RunRecord.open(logs.resolve("flight_telemetry"), "install", List.of("install"), new Redactor());
        emit(failed, Event.Failure.of("install", org.agilab.runtime.error.AgilabException.of(
                org.agilab.runtime.error.FailureClass.INSTALL, "does not compile: ';' expected").build()));
        failed.close();
        Path running = Files.createDirectories(logs.resolve("mycode/20991231_235959_000_run")); // no manifest yet

        List<RunHistory.Entry> entries = RunHistory.list(logs);
        assertEquals(3, entries.size());
        assertEquals(running, entries.get(0).folder());
        assertEquals("running", entries.get(0).status());
        RunHistory.Entry install = entries.get(1);
        assertEquals("install", install.command());
        assertEquals("error", install.status());
        assertEquals("does not compile: ';' expected", install.message());
        RunHistory.Entry run = entries.get(2);
        assertEquals("run", run.command());
        assertEquals("flight_telemetry", run.target());
        assertEquals("ok", run.status());
        assertEquals("__cp", run.mode());
        assertEquals("127.0.0.1:2", run.workers());
        assertEquals(1, run.outputs());
        assertEquals("__cp 1.0 s (10 works)", run.message());
        assertEquals(1234, run.runMs(), "the run phase, beside the whole operation's durationMs");
        assertEquals(0, install.runMs(), "an install has no run phase");
        assertTrue(Files.isRegularFile(run.log()));
        assertEquals(entries.get(1).folder(), RunHistory.latest(logs, "flight_telemetry").orElseThrow().folder(), "an app's newest record alone");
        assertEquals(java.util.Optional.empty(), RunHistory.latest(logs, "no_such_app"));
        // what the Runs view opens and replays
        assertEquals(java.util.Optional.of(logs), RunHistory.outputsFolder(run));
        assertEquals(List.of("run", "--mode", "pc"), RunHistory.argv(run));
        assertEquals(java.util.Optional.empty(), RunHistory.outputsFolder(install), "an install writes no outputs");
        assertEquals(List.of(), RunHistory.argv(entries.get(0)), "a running record has no manifest yet");
    }
}
