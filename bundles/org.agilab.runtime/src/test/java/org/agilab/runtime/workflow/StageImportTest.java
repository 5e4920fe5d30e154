package org.agilab.runtime.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.request.ManagerRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Add as stage": a recorded run's command line becomes an {@code agilab} stage of the app's lab, the lab file made
 * with its {@code [__meta__]} when there is none, and appended to (comments kept, a fresh id) when there is one.
 */
class StageImportTest {

    @TempDir
    Path folder;

    @Test
    void aRecordedRunBecomesTheSameCommandLineWithoutHomeNorOutputOptions() {
        List<String> argv = List.of("run", "--app", "flight_telemetry_project", "--home", "/tmp/h", "--mode", "pc", "--set",
                "data_out=my frames", "--set", "note=it's", "--protocol", "--json");
        String line = StageImport.agilabLine(argv, Path.of("/apps/flight_telemetry_project"));
        assertEquals("run --app flight_telemetry_project --mode pc --set 'data_out=my frames' --set 'note=it'\"'\"'s'", line);
        // the stage's runner reads it back to the very request, less what was left out
        ManagerRequest read = ManagerRequest.parse(CommandWords.split(line));
        assertEquals("flight_telemetry_project", read.app());
        assertEquals(null, read.home());
        assertEquals(List.of("data_out=my frames", "note=it's"), read.settings().stream().skip(1).map(ManagerRequest.Setting::value).toList());
        assertFalse(read.protocol());
        assertFalse(read.json());
    }

    @Test
    void anAppGivenAsARelativePathIsWrittenAsItsRecordedFolder() {
        String line = StageImport.agilabLine(List.of("run", "--app", "apps/flight_telemetry_project", "--mode", "0"),
                Path.of("/work/apps/flight_telemetry_project"));
        assertEquals("run --app /work/apps/flight_telemetry_project --mode 0", line);
        assertThrows(AgilabException.class, () -> StageImport.agilabLine(List.of("doctor"), null));
    }

    @Test
    void theFirstStageMakesTheLabFileWithItsMetaAndTheNextKeepTheFile() throws Exception {
        Path lab = folder.resolve("export/flight_telemetry/lab_stages.toml");
        StageImport.Added first = StageImport.addAgilabStage(lab, "flight_telemetry", "run_pc", "Run of 2026-12-05", "run --app flight_telemetry_project");
        assertEquals("run_pc", first.stageId());
        LabFile read = LabFile.load(lab);
        assertFalse(read.legacy());
        assertEquals(LabFile.SCHEMA, read.meta().get("schema"));
        assertEquals(StageKind.AGILAB, read.stage("run_pc").kind());
        assertEquals("run --app flight_telemetry_project", read.stage("run_pc").code());

        Files.writeString(lab, Files.readString(lab) + "# a comment the user wrote\n");
        StageImport.Added second = StageImport.addAgilabStage(lab, "flight_telemetry", "run_pc", "again", "run --app flight_telemetry_project --mode 1");
        assertEquals("run_pc_2", second.stageId());
        String text = Files.readString(lab);
        assertTrue(text.contains("# a comment the user wrote"), text);
        assertEquals(List.of("run_pc", "run_pc_2"), LabFile.load(lab).stages().stream().map(Stage::id).toList());
    }
}
