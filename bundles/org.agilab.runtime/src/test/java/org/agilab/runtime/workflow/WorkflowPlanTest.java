package org.agilab.runtime.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans: waves from the dependencies, and every bad dependency an error naming the stages, their lines and the fix. */
class WorkflowPlanTest {

    @TempDir
    Path lab;

    private LabFile write(String text) throws IOException {
        Path file = lab.resolve(LabFile.FILE_NAME);
        Files.writeString(file, text);
        return LabFile.load(file);
    }

    private static List<List<String>> ids(LabPlan plan) {
        return plan.waves().stream().map(w -> w.stream().map(Stage::id).toList()).toList();
    }

    @Test
    void wavesFollowTheDependenciesInFileOrder() throws IOException {
        LabFile file = write("""
                [[flight_telemetry]]
                id = "report"
                R = "sql"
                C = "SELECT 1"
                depends_on = ["stats", "sizes"]
                [[flight_telemetry]]
                id = "flights"
                R = "agilab"
                C = "run --app flight_telemetry_project"
                [[flight_telemetry]]
                id = "stats"
                R = "sql"
                C = "SELECT 2"
                dependencies = "flights"
                [[flight_telemetry]]
                id = "sizes"
                R = "shell"
                C = "true"
                deps = ["flights"]
                """);
        LabPlan plan = LabPlan.of(file, null, null);
        assertEquals(List.of(List.of("flights"), List.of("stats", "sizes"), List.of("report")), ids(plan));
        assertEquals(List.of("flights"), plan.waitsFor(plan.stage("stats")));
        assertTrue(plan.dot().contains("\"flights\" -> \"stats\";") && plan.dot().contains("{ rank=same; \"stats\"; \"sizes\"; }"), plan.dot());
    }

    @Test
    void withoutDependenciesTheFileOrderIsThePlanAsUpstreamRunsIt() {
        LabFile mission = LabFile.load(WorkflowLabFileTest.UPSTREAM.resolve("mission_decision_project/lab_stages.toml"));
        LabPlan plan = LabPlan.of(mission, null, null);
        assertEquals(6, plan.waves().size());
        assertEquals(List.of("stage_1"), plan.waitsFor(plan.stage("stage_2")));
        LabFile tescia = LabFile.load(WorkflowLabFileTest.UPSTREAM.resolve("tescia_diagnostic_project/lab_stages.toml"));
        assertEquals(List.of(List.of("load_exercise_cases"), List.of("evaluate_answer"), List.of("export_classroom_feedback")),
                ids(LabPlan.of(tescia, null, null)));
    }

    @Test
    void aCycleIsAnErrorNamingBothStagesAndTheirLines() throws IOException {
        LabFile file = write("""
                [[flight_telemetry]]
                id = "a"
                C = "true"
                R = "shell"

                [[flight_telemetry]]
                id = "b"
                C = "true"
                R = "shell"
                depends_on = ["a", "c"]

                [[flight_telemetry]]
                id = "c"
                C = "true"
                R = "shell"
                depends_on = ["b"]
                """);
        AgilabException error = assertThrows(AgilabException.class, () -> LabPlan.of(file, null, null));
        assertEquals(FailureClass.SETTINGS, error.failureClass());
        assertEquals("stages 'b' (line 6) and 'c' (line 12) depend on each other: a dependency cycle", error.getMessage());
        assertEquals(file.path(), error.file());
        assertEquals(6, error.line());
        assertTrue(error.hint().contains("remove one of these dependencies"), error.hint());
    }

    @Test
    void aLongerCycleNamesEachStageAndLine() throws IOException {
        LabFile file = write("""
                x = [
                  { id = "a", R = "shell", C = "true", depends_on = ["c"] },
                  { id = "b", R = "shell", C = "true", depends_on = ["a"] },
                  { id = "c", R = "shell", C = "true", depends_on = ["b"] },
                ]
                """);
        AgilabException error = assertThrows(AgilabException.class, () -> LabPlan.of(file, null, null));
        assertEquals("a dependency cycle: 'a' (line 2) depends on 'c' (line 4) depends on 'b' (line 3) depends on 'a'", error.getMessage());
    }

    @Test
    void unknownDependenciesDuplicatesAndMissingInputsAreNamed() throws IOException {
        AgilabException unknown = assertThrows(AgilabException.class, () -> LabPlan.of(write("""
                [[x]]
                id = "a"
                C = "true"
                depends_on = ["nope"]
                """), null, null));
        assertEquals("stage 'a' (line 1) depends on 'nope', which is no stage of lab_stages.toml", unknown.getMessage());
        assertEquals(1, unknown.line());

        AgilabException twice = assertThrows(AgilabException.class, () -> LabPlan.of(write("""
                x = [ { id = "a", C = "1" },
                      { id = "a", C = "2" } ]
                """), null, null));
        assertEquals("stage id 'a' is used twice: line 1 and line 2", twice.getMessage());

        AgilabException missing = assertThrows(AgilabException.class, () -> LabPlan.of(write("""
                [[x]]
                id = "a"
                R = "sql"
                C = "SELECT 1"
                consumes = ["in/flights.csv"]
                """), null, null));
        assertTrue(missing.getMessage().startsWith("stage 'a' (line 1) consumes 'in/flights.csv', which no stage produces and no file provides"),
                missing.getMessage());
        Files.createDirectories(lab.resolve("in"));
        Files.writeString(lab.resolve("in/flights.csv"), "a\n1\n");
        LabPlan.of(LabFile.load(lab.resolve(LabFile.FILE_NAME)), null, null); // the file provides it now

        AgilabException unordered = assertThrows(AgilabException.class, () -> LabPlan.of(write("""
                [[x]]
                id = "w"
                R = "shell"
                C = "mkdir -p out && echo 1 > out/a.txt"
                produces = ["out"]
                [[x]]
                id = "r"
                R = "shell"
                C = "cat out/a.txt"
                consumes = ["./out/a.txt"]
                depends_on = []
                [[x]]
                id = "z"
                R = "shell"
                C = "true"
                depends_on = ["w"]
                """), null, null));
        assertEquals("stage 'r' (line 6) consumes './out/a.txt', which stage 'w' (line 1) produces, but does not depend on it",
                unordered.getMessage());
        assertTrue(unordered.hint().contains("add \"w\" to its depends_on"), unordered.hint());
    }

    @Test
    void multiAppLabsPlanAcrossArraysAndCheckWhatOneAppNeedsOfAnother() throws IOException {
        LabFile file = write("""
                [[flight_telemetry]]
                id = "flights"
                R = "shell"
                C = "echo a > speeds.csv"
                produces = ["speeds.csv"]
                [[weather_forecast]]
                id = "forecast"
                R = "shell"
                C = "cat speeds.csv"
                consumes = ["speeds.csv"]
                depends_on = ["flights"]
                """);
        LabPlan all = LabPlan.of(file, null, null);
        assertEquals(List.of(List.of("flights"), List.of("forecast")), ids(all));
        AgilabException alone = assertThrows(AgilabException.class, () -> LabPlan.of(file, List.of("weather_forecast"), null));
        assertEquals("stage 'forecast' (line 6) depends on 'flights' (line 1 of flight_telemetry), which is not part of this run",
                alone.getMessage());
    }
}
