package org.agilab.runtime.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.agilab.runtime.io.ContentHash;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.workflow.StageOutcome.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs of real stages: DuckDB queries, shell and JVM processes, files on disk. */
class WorkflowRunTest {

    @TempDir
    Path lab;

    static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("USER", "tester");
        return environment;
    }

    static WorkflowRun.Options options(WorkflowRun.Selection selection, String stage, Cancellation cancellation, String python) {
        return new WorkflowRun.Options(null, null, 4, false, selection, stage, environment(), new Redactor(), python, null, cancellation);
    }

    private WorkflowRun.Result run(String text, WorkflowRun.Options options, WorkflowRun.Listener listener) throws IOException {
        Files.writeString(lab.resolve(LabFile.FILE_NAME), text);
        LabPlan plan = LabPlan.of(LabFile.load(lab.resolve(LabFile.FILE_NAME)), null, options.profile());
        return WorkflowRun.run(plan, options, listener);
    }

    private WorkflowRun.Result run(String text) throws IOException {
        return run(text, options(WorkflowRun.Selection.ALL, null, new Cancellation(), null), null);
    }

    static Map<String, Status> statuses(WorkflowRun.Result result) {
        Map<String, Status> statuses = new java.util.LinkedHashMap<>();
        result.outcomes().forEach(o -> statuses.put(o.stage(), o.status()));
        return statuses;
    }

    static final String JOIN_LAB = """
            [__meta__]
            schema = "agilab.lab_stages.v1"
            version = 1

            [[demo]]
            id = "source"
            R = "shell"
            C = "printf 'aircraft,speed\\\\nA,10\\\\nA,20\\\\nB,30\\\\n' > points.csv"
            produces = ["points.csv"]

            [[demo]]
            id = "stats"
            R = "sql"
            C = '''
            -- mean speed per aircraft
            CREATE TEMP VIEW p AS SELECT * FROM 'points.csv';
            SELECT aircraft, avg(speed) AS mean_speed FROM p GROUP BY aircraft ORDER BY aircraft
            '''
            depends_on = ["source"]
            consumes = ["points.csv"]
            produces = ["stats.csv"]

            [[demo]]
            id = "counts"
            R = "shell"
            C = "tail -n +2 points.csv | cut -d, -f1 | sort | uniq -c | awk '{print $2\\",\\"$1}' | (echo aircraft,points; cat) > counts.csv"
            depends_on = ["source"]
            consumes = ["points.csv"]
            produces = ["counts.csv"]

            [[demo]]
            id = "report"
            R = "sql"
            C = "SELECT s.aircraft, s.mean_speed, c.points FROM 'stats.csv' s JOIN 'counts.csv' c USING (aircraft) ORDER BY 1"
            depends_on = ["stats", "counts"]
            produces = ["report.json"]
            """;

    @Test
    void aLabRunsInWavesSkipsWhatIsUnchangedAndRerunsWhatChanged() throws IOException {
        WorkflowRun.Result first = run(JOIN_LAB);
        assertEquals(Map.of("source", Status.OK, "stats", Status.OK, "counts", Status.OK, "report", Status.OK), statuses(first),
                () -> first.outcomes().toString());
        assertEquals("aircraft,mean_speed\nA,15.0\nB,30.0\n", Files.readString(lab.resolve("stats.csv")));
        String report = Files.readString(lab.resolve("report.json"));
        assertTrue(report.strip().startsWith("[") && report.contains("{\"aircraft\":\"A\",\"mean_speed\":15.0,\"points\":2}")
                && report.contains("{\"aircraft\":\"B\",\"mean_speed\":30.0,\"points\":1}"), report);

        Map<String, Object> manifest = AutomationManifest.read(lab);
        assertEquals(AutomationManifest.SCHEMA, manifest.get("schema"));
        assertEquals("completed", manifest.get("status"));
        assertEquals(List.of(List.of("source"), List.of("stats", "counts"), List.of("report")), manifest.get("waves"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stages = (List<Map<String, Object>>) manifest.get("stages");
        assertEquals(4, stages.size());
        for (Map<String, Object> stage : stages) {
            assertEquals("completed", stage.get("status"));
            @SuppressWarnings("unchecked")
            Map<String, Object> output = ((List<Map<String, Object>>) stage.get("outputs")).get(0);
            assertEquals(ContentHash.sha256(Path.of((String) output.get("path"))), output.get("sha256"), stage.toString());
            assertEquals("file", output.get("kind"));
            assertEquals(Files.size(Path.of((String) output.get("path"))), ((Number) output.get("size_bytes")).longValue());
        }
        assertEquals(ContentHash.sha256(lab.resolve(LabFile.FILE_NAME)), manifest.get("stages_file_sha256"));
        assertTrue(Files.isRegularFile(first.runFolder().resolve("stats.log")));

        WorkflowRun.Result second = run(JOIN_LAB);
        assertEquals(Map.of("source", Status.SKIPPED, "stats", Status.SKIPPED, "counts", Status.SKIPPED, "report", Status.SKIPPED),
                statuses(second));
        assertTrue(second.outcomes().stream().allMatch(o -> o.manifestStatus().equals("skipped_unchanged")));

        // the count stage's code changes (and so its output): it and the report run again, nothing else
        String edited = JOIN_LAB.replace("(echo aircraft,points; cat)", "(echo aircraft,points; cat; echo C,0)");
        WorkflowRun.Result third = run(edited);
        assertEquals(Map.of("source", Status.SKIPPED, "stats", Status.SKIPPED, "counts", Status.OK, "report", Status.OK), statuses(third));

        // a description is not code: changing it reruns nothing; an output changed by hand reruns its stage
        Files.writeString(lab.resolve("stats.csv"), "aircraft,mean_speed\nZ,1\n");
        WorkflowRun.Result fourth = run(edited.replace("id = \"stats\"", "id = \"stats\"\nD = \"now described\""));
        assertEquals(Map.of("source", Status.SKIPPED, "stats", Status.OK, "counts", Status.SKIPPED, "report", Status.SKIPPED), statuses(fourth),
                "stats rewrote the same content, so the report is up to date");
    }

    @Test
    void stagesOfOneWaveRunAtTheSameTime() throws IOException {
        // each stage waits (up to 60 s) for the other's marker: run one after the other, the first would fail
        String wait = "touch %s.started; i=0; while [ ! -f %s.started ]; do i=$((i+1)); [ $i -gt 600 ] && exit 7; sleep 0.1; done";
        WorkflowRun.Result result = run("""
                x = [
                  { id = "left", R = "shell", C = "%s", depends_on = [] },
                  { id = "right", R = "shell", C = "%s", depends_on = [] },
                  { id = "after", R = "shell", C = "true", depends_on = ["left", "right"] },
                ]
                """.formatted(wait.formatted("left", "right"), wait.formatted("right", "left")));
        assertEquals(Map.of("left", Status.OK, "right", Status.OK, "after", Status.OK), statuses(result), () -> result.outcomes().toString());
    }

    @Test
    void aFailingStageStopsItsDependentsOnlyAndNamesItsLog() throws IOException {
        WorkflowRun.Result result = run("""
                [[x]]
                id = "bad"
                R = "shell"
                C = "echo about to fail; exit 3"
                [[x]]
                id = "child"
                R = "shell"
                C = "touch child.txt"
                depends_on = ["bad"]
                [[x]]
                id = "grandchild"
                R = "shell"
                C = "true"
                depends_on = ["child"]
                [[x]]
                id = "sibling"
                R = "sql"
                C = "SELECT 42 AS answer"
                produces = ["answer.parquet"]
                depends_on = []
                """);
        assertEquals(Map.of("bad", Status.FAILED, "child", Status.CANCELLED, "grandchild", Status.CANCELLED, "sibling", Status.OK),
                statuses(result));
        StageOutcome bad = result.outcomes().get(0);
        assertTrue(bad.reason().startsWith("exit code 3"), bad.reason());
        assertEquals("about to fail\n", Files.readString(bad.log()));
        StageOutcome child = result.outcomes().get(1);
        assertEquals("not run: stage 'bad' failed (log: " + bad.log() + ")", child.reason());
        assertEquals("skipped_after_failure", child.manifestStatus());
        assertFalse(Files.exists(lab.resolve("child.txt")));
        assertEquals("failed", result.status());
        assertTrue(Files.size(lab.resolve("answer.parquet")) > 0);

        WorkflowRun.Result again = run(Files.readString(lab.resolve(LabFile.FILE_NAME)).replace("exit 3", "exit 0"));
        assertEquals(Map.of("bad", Status.OK, "child", Status.OK, "grandchild", Status.OK, "sibling", Status.SKIPPED), statuses(again));
    }

    @Test
    void aSqlErrorFailsTheStageAndLeavesNoHalfOutput() throws IOException {
        WorkflowRun.Result result = run("""
                [[x]]
                id = "q"
                R = "sql"
                C = "SELECT * FROM read_csv('no_such.csv')"
                produces = ["out.csv"]
                """);
        assertEquals(Status.FAILED, result.outcomes().get(0).status());
        try (var files = Files.list(lab)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".out.csv") || n.equals("out.csv")).toList());
        }
    }

    @Test
    void javaStagesRunInJShellWithTheirContext() throws IOException {
        Files.writeString(lab.resolve("in.csv"), "x\n1\n2\n3\n");
        WorkflowRun.Result result = run("""
                [[x]]
                id = "sum"
                R = "java"
                consumes = ["in.csv"]
                produces = ["sum.txt"]
                C = '''
                long total;
                try (Statement s = duckdb.createStatement(); ResultSet r = s.executeQuery("SELECT sum(x) FROM 'in.csv'")) {
                    r.next();
                    total = r.getLong(1);
                }
                Files.writeString(output, lab.getFileName() + " " + inputs.size() + " " + total + "\\n");
                System.out.println("total " + total);
                '''
                [[x]]
                id = "broken"
                R = "java"
                C = '''
                int a = 1;
                int b = "two";
                '''
                depends_on = []
                """);
        assertEquals(Map.of("sum", Status.OK, "broken", Status.FAILED), statuses(result), () -> result.outcomes().toString());
        assertEquals(lab.getFileName() + " 1 6\n", Files.readString(lab.resolve("sum.txt")));
        assertTrue(Files.readString(result.outcomes().get(0).log()).contains("total 6"));
        String brokenLog = Files.readString(result.outcomes().get(1).log());
        assertTrue(brokenLog.contains("C, line 2: incompatible types"), brokenLog);
    }

    @Test
    void pythonStagesAreKeptAndRunOnlyWithAConfiguredPython() throws IOException {
        String text = """
                [[x]]
                id = "py"
                R = "runpy"
                C = "open('py.txt', 'w').write('from python')"
                produces = ["py.txt"]
                """;
        WorkflowRun.Result without = run(text);
        assertEquals(Status.NOT_RUNNABLE, without.outcomes().get(0).status());
        assertTrue(without.outcomes().get(0).reason().contains("not runnable here"), without.outcomes().get(0).reason());
        Path python = Path.of("/usr/bin/python3");
        if (Files.isExecutable(python)) {
            WorkflowRun.Result with = run(text, options(WorkflowRun.Selection.ALL, null, new Cancellation(), python.toString()), null);
            assertEquals(Status.OK, with.outcomes().get(0).status(), () -> with.outcomes().toString());
            assertEquals("from python", Files.readString(lab.resolve("py.txt")));
        }
    }

    @Test
    void shellStagesSeeNoSecret() throws IOException {
        Redactor redactor = new Redactor();
        redactor.addSecret("dotenv-secret-value-42");
        Map<String, String> environment = environment();
        environment.put("SERVICE_API_TOKEN", "token-value-123456");
        environment.put("CLUSTER_CREDENTIALS", "agi:cluster-password-9");
        environment.put("AGILAB_SET_CONNECTORS_KEY", "masked-set-value-7");
        environment.put("INNOCENT_LOOKING", "prefix dotenv-secret-value-42 suffix");
        environment.put("KEY_FILE", "/home/u/.ssh/id_ed25519");
        WorkflowRun.Options options = new WorkflowRun.Options(null, null, 2, false, WorkflowRun.Selection.ALL, null, environment, redactor, null,
                null, new Cancellation());
        WorkflowRun.Result result = run("""
                [[x]]
                id = "env"
                R = "shell"
                C = "env > env.txt"
                produces = ["env.txt"]
                """, options, null);
        assertEquals(Status.OK, result.outcomes().get(0).status());
        String seen = Files.readString(lab.resolve("env.txt"));
        for (String secret : List.of("token-value-123456", "cluster-password-9", "masked-set-value-7", "dotenv-secret-value-42")) {
            assertFalse(seen.contains(secret), secret);
        }
        assertTrue(seen.contains("KEY_FILE=/home/u/.ssh/id_ed25519") && seen.contains("AGILAB_STAGE_ID=env"), seen);
    }

    @Test
    void aCancelStopsTheRunningStageAndWhatWouldFollow() throws IOException {
        Cancellation cancellation = new Cancellation();
        List<String> started = new CopyOnWriteArrayList<>();
        WorkflowRun.Result result = run("""
                [[x]]
                id = "long"
                R = "shell"
                C = "touch long.started; sleep 120; touch long.done"
                [[x]]
                id = "next"
                R = "shell"
                C = "touch next.done"
                """, options(WorkflowRun.Selection.ALL, null, cancellation, null), new WorkflowRun.Listener() {
                    @Override
                    public void started(Stage stage, int wave, Path log) {
                        started.add(stage.id());
                        Thread cancel = new Thread(() -> {
                            while (!Files.exists(lab.resolve("long.started"))) {
                                Thread.onSpinWait();
                            }
                            cancellation.cancel("test");
                        });
                        cancel.setDaemon(true);
                        cancel.start();
                    }
                });
        assertEquals(List.of("long"), started);
        assertEquals(Map.of("long", Status.CANCELLED, "next", Status.CANCELLED), statuses(result));
        assertEquals("cancelled", result.status());
        assertFalse(Files.exists(lab.resolve("long.done")));
        assertFalse(Files.exists(lab.resolve("next.done")));
    }

    @Test
    void readyRunsOneStepAndStageRunsOneStage() throws IOException {
        String text = """
                x = [
                  { id = "a", R = "shell", C = "echo a > a.txt", produces = ["a.txt"] },
                  { id = "b", R = "shell", C = "cat a.txt > b.txt", produces = ["b.txt"], depends_on = ["a"] },
                  { id = "c", R = "shell", C = "cat b.txt > c.txt", produces = ["c.txt"], depends_on = ["b"] },
                ]
                """;
        WorkflowRun.Result ready = run(text, options(WorkflowRun.Selection.READY, null, new Cancellation(), null), null);
        assertEquals(Map.of("a", Status.OK, "b", Status.SKIPPED, "c", Status.SKIPPED), statuses(ready));
        assertEquals("skipped_not_ready", ready.outcomes().get(1).manifestStatus());
        WorkflowRun.Result next = run(text, options(WorkflowRun.Selection.READY, null, new Cancellation(), null), null);
        assertEquals(Map.of("a", Status.SKIPPED, "b", Status.OK, "c", Status.SKIPPED), statuses(next));
        WorkflowRun.Result one = run(text, options(WorkflowRun.Selection.STAGE, "c", new Cancellation(), null), null);
        assertEquals(Map.of("c", Status.OK), statuses(one));
        assertEquals("a\n", Files.readString(lab.resolve("c.txt")));
    }
}
