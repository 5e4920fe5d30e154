package org.agilab.runtime.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.protocol.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real records side by side: what differs is flagged, what is the same is not. */
class RunComparisonTest {

    @TempDir
    Path dir;

    Path record(String name, long nfile, String content, String extra) throws Exception {
        RunRecord record = RunRecord.open(dir.resolve("logs/app"), "run", List.of("run", "--set", "nfile=" + nfile), new Redactor());
        record.settings(Map.of("args.nfile", Map.of("value", nfile, "source", "command line"),
                "cluster.pool", Map.of("value", true, "source", "project", "file", "/a/app_settings.toml", "line", 21L)));
        Path outputs = Files.createDirectories(dir.resolve(name));
        record.output(Files.writeString(outputs.resolve("A.csv"), content));
        if (extra != null) {
            record.output(Files.writeString(outputs.resolve(extra), "x"));
        }
        RunHistoryTest.emit(record, Event.Phase.finished("run", "ok", 100 + nfile));
        RunHistoryTest.emit(record, Event.Result.ok("run", Map.of("label", "___p", "rows", 10L * nfile), "done"));
        record.close();
        Thread.sleep(5);
        return record.folder();
    }

    @Test
    void settingsResultsAndOutputsAreComparedSideBySide() throws Exception {
        Path first = record("one", 1, "same\n", null);
        Path second = record("two", 3, "same\n", "B.csv");
        List<RunComparison.Row> rows = RunComparison.compare(first, second);
        RunComparison.Row nfile = find(rows, "settings", "args.nfile");
        assertTrue(nfile.differs());
        assertEquals("1  <- command line", nfile.left());
        assertEquals("3  <- command line", nfile.right());
        assertTrue(rows.stream().noneMatch(row -> row.item().equals("cluster.pool")), "equal settings are not listed");
        assertTrue(find(rows, "run", "rows").differs());
        assertFalse(find(rows, "run", "label").differs());
        assertFalse(find(rows, "outputs (sha256)", "A.csv").differs(), "the same content, the same checksum");
        RunComparison.Row extra = find(rows, "outputs (sha256)", "B.csv");
        assertTrue(extra.differs());
        assertEquals("(none)", extra.left());
        RunComparison.Row phase = find(rows, "phases (ms)", "run");
        assertEquals(List.of("101", "103"), List.of(phase.left(), phase.right()));
    }

    static RunComparison.Row find(List<RunComparison.Row> rows, String section, String item) {
        return rows.stream().filter(row -> row.section().equals(section) && row.item().equals(item)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + section + "/" + item + " in " + rows));
    }
}
