package org.agilab.runtime.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.error.AgilabException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lab_stages.toml as upstream writes it: every built-in app's file (copied in src/test/resources/workflow/upstream,
 * see its README) read with all its stages and written back byte for byte; edits in both forms change only what they
 * must and keep comments, quoting, unknown keys and the form.
 */
class WorkflowLabFileTest {

    static final Path UPSTREAM = Path.of("src/test/resources/workflow/upstream").toAbsolutePath();

    @TempDir
    Path folder;

    /** Each upstream file: its array, its form, its stage count, and one description. */
    record Expected(String folder, String array, LabFile.Form form, int stages, String firstDescription) {
    }

    static final List<Expected> FILES = List.of(
            new Expected("mission_decision_project", "mission_decision", LabFile.Form.INLINE, 6, "Ingest mission data"),
            new Expected("multi_app_dag_project", "multi_app_dag", LabFile.Form.INLINE, 2, "Inspect the multi-app DAG contract"),
            new Expected("tescia_diagnostic_project", "tescia_diagnostic", LabFile.Form.TABLES, 3, "Load exercise cases"),
            new Expected("uav_queue_project", "uav_queue", LabFile.Form.INLINE, 4, "Seed the UAV relay queue scenario"),
            new Expected("uav_relay_queue_project", "uav_relay_queue", LabFile.Form.INLINE, 2, "Seed the UAV relay queue scenario"),
            new Expected("weather_forecast_project", "weather_forecast", LabFile.Form.INLINE, 4, "Load the daily weather snapshot"),
            new Expected("notebook_to_dask", "notebook_to_dask_project", LabFile.Form.TABLES, 3, "Load notebook dataset"));

    @Test
    void everyUpstreamFileIsReadWithAllItsStagesAndWrittenBackUnchanged() throws IOException {
        for (Expected expected : FILES) {
            Path source = UPSTREAM.resolve(expected.folder()).resolve(LabFile.FILE_NAME);
            byte[] original = Files.readAllBytes(source);
            LabFile lab = LabFile.load(source);
            assertEquals(List.of(expected.array()), List.copyOf(lab.arrays().keySet()), expected.folder());
            LabFile.StageArray array = lab.arrays().get(expected.array());
            assertEquals(expected.form(), array.form(), expected.folder());
            assertEquals(expected.stages(), array.stages().size(), expected.folder());
            assertEquals(expected.firstDescription(), array.stages().get(0).description(), expected.folder());
            for (Stage stage : array.stages()) {
                assertFalse(stage.code().isBlank(), expected.folder() + " " + stage.id());
                assertEquals(StageKind.PYTHON, stage.kind(), "upstream's stages are Python: " + stage.id());
                assertTrue(stage.line() > 0);
            }
            assertEquals(expected.folder().equals("notebook_to_dask"), lab.legacy(), expected.folder());
            Path copy = Files.createDirectories(folder.resolve(expected.folder())).resolve(LabFile.FILE_NAME);
            Files.write(copy, original);
            LabFile.load(copy).save();
            assertArrayEquals(original, Files.readAllBytes(copy), "written back unchanged: " + expected.folder());
        }
    }

    @Test
    void upstreamKeysAreReadAsUpstreamReadsThem() {
        LabFile tescia = LabFile.load(UPSTREAM.resolve("tescia_diagnostic_project/lab_stages.toml"));
        Stage evaluate = tescia.stage("evaluate_answer");
        assertEquals(List.of("load_exercise_cases"), evaluate.dependsOn());
        assertEquals(List.of("tescia_diagnostic_workflow/validated_cases.json"), evaluate.inputs());
        assertEquals(List.of("tescia_diagnostic_workflow/diagnostic_reports.json"), evaluate.outputs());
        assertEquals("agi.run", evaluate.runtime());
        assertTrue(evaluate.code().startsWith("import json\n"), "a ''' block loses its first newline, as TOML says");
        assertEquals(27, tescia.stage("evaluate_answer").line(), "the line of its [[tescia_diagnostic]] header");
        assertEquals(4, tescia.stage("export_classroom_feedback").outputs().size());

        LabFile dask = LabFile.load(UPSTREAM.resolve("notebook_to_dask/lab_stages.toml"));
        Stage first = dask.stages().get(0);
        assertEquals("stage_1", first.id(), "no id: upstream's stage_<n>");
        assertEquals("cell-2", first.values().get("NB_CELL_ID"));
        assertEquals(List.of("pandas", "pathlib"), first.values().get("NB_ENV_HINTS"));

        LabFile mission = LabFile.load(UPSTREAM.resolve("mission_decision_project/lab_stages.toml"));
        assertEquals(Map.of("schema", LabFile.SCHEMA, "version", 1L), mission.meta());
        assertEquals(2, mission.stages().get(0).line(), "inline stages: the line of their {");
        assertEquals(7, mission.stages().get(5).line());
    }

    @Test
    void editsInTheTablesFormKeepEverythingElse() throws IOException {
        String text = """
                # my lab
                [__meta__]
                schema = "agilab.lab_stages.v1"
                version = 1

                [[flight_telemetry]]
                id = "a"  # the first stage
                D = 'literal "quoted" description'
                R = "sql"
                C = '''
                SELECT 1
                '''
                NB_CELL_ID = "cell-1"

                # between stages
                [[flight_telemetry]]
                id = "b"
                R = "shell"
                C = "echo [not a header]"
                deps = ["a"]
                [flight_telemetry.profiles.smoke]
                C = "echo smoke"
                """;
        Path file = folder.resolve(LabFile.FILE_NAME);
        Files.writeString(file, text);
        LabFile lab = LabFile.load(file);
        assertEquals("SELECT 1\n", lab.stage("a").code());
        assertEquals("echo smoke", lab.stage("b").withProfile("smoke").code());
        assertEquals(List.of("a"), lab.stage("b").dependsOn(), "deps, as upstream's editor writes it");

        LabFile edited = lab.withValue(lab.stage("a"), "C", "SELECT 2 AS two\nFROM range(3)\n");
        assertEquals(text.replace("SELECT 1\n", "SELECT 2 AS two\nFROM range(3)\n"), edited.text(), "only the value changed");
        edited = edited.withValue(edited.stage("b"), "deps", List.of("a", "c"));
        assertTrue(edited.text().contains("deps = [\"a\", \"c\"]\n[flight_telemetry.profiles.smoke]"), edited.text());
        edited = edited.withValue(edited.stage("a"), "produces", List.of("out.csv"));
        assertTrue(edited.text().contains("NB_CELL_ID = \"cell-1\"\nproduces = [\"out.csv\"]\n\n# between stages"), edited.text());
        assertEquals(List.of("out.csv"), edited.stage("a").outputs());
        edited = edited.withoutKey(edited.stage("a"), "NB_CELL_ID");
        assertFalse(edited.text().contains("NB_CELL_ID"));
        assertTrue(edited.text().startsWith("# my lab\n") && edited.text().contains("id = \"a\"  # the first stage")
                && edited.text().contains("D = 'literal \"quoted\" description'"), edited.text());

        Map<String, Object> stage = new LinkedHashMap<>();
        stage.put("id", "c");
        stage.put("R", "shell");
        stage.put("C", "echo one\necho two");
        stage.put("depends_on", List.of("b"));
        edited = edited.withStage("flight_telemetry", stage);
        assertEquals(List.of("a", "b", "c"), edited.stages().stream().map(Stage::id).toList());
        assertEquals("echo one\necho two", edited.stage("c").code());
        assertTrue(edited.text().contains("C = '''\necho one\necho two'''"), edited.text());
        assertEquals("echo smoke", edited.stage("b").withProfile("smoke").code(), "b keeps its sub-table");
        edited = edited.withoutStage(edited.stage("b"));
        assertEquals(List.of("a", "c"), edited.stages().stream().map(Stage::id).toList());
        edited.save();
        assertEquals(edited.text(), Files.readString(file));
    }

    @Test
    void editsInTheInlineFormKeepEverythingElse() throws IOException {
        String text = """
                flight_telemetry = [
                  # first
                  { id = "a", D = "one", R = "shell", C = "echo 'a'" },
                  { id = "b", D = "two", R = "shell", C = "echo b", depends_on = ["a"] },
                ]

                [__meta__]
                schema = "agilab.lab_stages.v1"
                version = 1
                """;
        Path file = folder.resolve(LabFile.FILE_NAME);
        Files.writeString(file, text);
        LabFile lab = LabFile.load(file);
        assertEquals(LabFile.Form.INLINE, lab.arrays().get("flight_telemetry").form());
        LabFile edited = lab.withValue(lab.stage("a"), "C", "echo 1\necho 2");
        assertTrue(edited.text().contains("{ id = \"a\", D = \"one\", R = \"shell\", C = \"echo 1\\necho 2\" },"), edited.text());
        edited = edited.withValue(edited.stage("a"), "produces", List.of("a.txt"));
        assertTrue(edited.text().contains("C = \"echo 1\\necho 2\", produces = [\"a.txt\"] },"), edited.text());
        edited = edited.withoutKey(edited.stage("b"), "D");
        assertTrue(edited.text().contains("{ id = \"b\", R = \"shell\""), edited.text());
        Map<String, Object> stage = new LinkedHashMap<>();
        stage.put("id", "c");
        stage.put("R", "sql");
        stage.put("C", "SELECT 1");
        edited = edited.withStage("flight_telemetry", stage);
        assertEquals(List.of("a", "b", "c"), edited.stages().stream().map(Stage::id).toList());
        assertEquals(LabFile.Form.INLINE, edited.arrays().get("flight_telemetry").form(), "the form stays");
        assertTrue(edited.text().contains("  # first\n") && edited.text().endsWith("version = 1\n"), edited.text());
        edited = edited.withoutStage(edited.stage("a"));
        assertEquals(List.of("b", "c"), edited.stages().stream().map(Stage::id).toList());
        assertFalse(edited.text().contains("id = \"a\""), edited.text());
    }

    @Test
    void aBrokenFileIsAnErrorNamingItsLineAndNothingIsWritten() throws IOException {
        Path file = folder.resolve(LabFile.FILE_NAME);
        Files.writeString(file, "[[flight_telemetry]]\nid = \"a\"\nC = \"unclosed\n");
        AgilabException error = assertThrows(AgilabException.class, () -> LabFile.load(file));
        assertEquals(file, error.file());
        assertEquals(3, error.line());
        assertEquals("[[flight_telemetry]]\nid = \"a\"\nC = \"unclosed\n", Files.readString(file), "nothing written");
    }

    @Test
    void aLegacyFileGetsItsMetaOnlyWhenAsked() throws IOException {
        Path file = folder.resolve(LabFile.FILE_NAME);
        Files.writeString(file, "[[flight_telemetry_project]]\nD = \"x\"\nC = \"SELECT 1\"\nR = \"sql\"\n");
        LabFile lab = LabFile.load(file);
        assertTrue(lab.legacy());
        assertEquals("stage_1", lab.stages().get(0).id());
        LabFile stamped = lab.withMeta();
        assertFalse(stamped.legacy());
        assertEquals(null, stamped.metaProblem());
        Files.writeString(file, "[__meta__]\nschema = \"agilab.lab_stages.v9\"\nversion = 1\n");
        assertTrue(LabFile.load(file).metaProblem().contains("agilab.lab_stages.v9"));
    }
}
