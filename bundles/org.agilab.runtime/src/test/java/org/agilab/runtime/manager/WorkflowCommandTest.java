package org.agilab.runtime.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.io.ContentHash;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.workflow.AutomationManifest;
import org.agilab.runtime.workflow.LabFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agilab workflow} end to end: the flight app's example lab (docs/workflow.md) run by the manager, its
 * {@code agilab} stage a real manager JVM running the app, its {@code sql} stages real DuckDB, its {@code shell} stage
 * a real process; upstream's files listed; bad labs refused with their line.
 */
class WorkflowCommandTest {

    static final Path APP = Path.of("../../apps/flight_telemetry_project").toAbsolutePath().normalize();
    static final Path UPSTREAM = Path.of("src/test/resources/workflow/upstream").toAbsolutePath();

    @TempDir
    Path home;

    record Outcome(int code, String out, String err) {
        /** The --json lines, each read as an object. */
        List<Map<String, Object>> lines() {
            List<Map<String, Object>> lines = new ArrayList<>();
            out.lines().filter(l -> l.startsWith("{")).forEach(l -> lines.add(JsonCodec.readObject(l)));
            return lines;
        }

        Map<String, String> statuses() {
            Map<String, String> statuses = new LinkedHashMap<>();
            lines().stream().filter(l -> "stage".equals(l.get("type"))).forEach(l -> statuses.put((String) l.get("stage"), (String) l.get("status")));
            return statuses;
        }
    }

    Outcome agilab(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> environment = new HashMap<>();
        environment.put("USER", "tester");
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        int code = new ManagerMain(environment, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The flight app's example lab of docs/workflow.md, its agilab line given the app's folder. */
    static String flightLab() throws IOException {
        String docs = Files.readString(Path.of("../../docs/workflow.md"));
        int start = docs.indexOf("```toml\n") + "```toml\n".length();
        String lab = docs.substring(start, docs.indexOf("```", start));
        return lab.replace("--app flight_telemetry_project", "--app " + APP);
    }

    @Test
    void theFlightLabRunsInThreeWavesThenSkipsThenRerunsWhatChanged() throws IOException {
        Path lab = Files.createDirectories(home.resolve("export/flight_telemetry"));
        Files.writeString(lab.resolve(LabFile.FILE_NAME), flightLab());

        Outcome graph = agilab("workflow", "graph", "--app", APP.toString(), "--home", home.toString());
        assertEquals(0, graph.code(), graph.err());
        assertTrue(graph.out().contains("wave 1: flights (agilab)\nwave 2: speed_stats (sql) <- flights files (shell) <- flights\n"
                + "wave 3: report (sql) <- speed_stats, files"), graph.out());

        Outcome first = agilab("workflow", "run", "--app", APP.toString(), "--home", home.toString(), "--json");
        assertEquals(0, first.code(), first.out() + first.err());
        assertEquals(Map.of("flights", "ok", "speed_stats", "ok", "files", "ok", "report", "ok"), first.statuses(), first.out());
        Map<String, Object> result = first.lines().get(first.lines().size() - 1);
        assertEquals("result", result.get("type"));

        Map<String, Object> manifest = AutomationManifest.read(lab);
        assertEquals(List.of(List.of("flights"), List.of("speed_stats", "files"), List.of("report")), manifest.get("waves"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stages = (List<Map<String, Object>>) manifest.get("stages");
        for (Map<String, Object> stage : stages) {
            assertEquals("completed", stage.get("status"), stage.toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> output = ((List<Map<String, Object>>) stage.get("outputs")).get(0);
            Path path = Path.of((String) output.get("path"));
            if (Files.isRegularFile(path)) {
                assertEquals(ContentHash.sha256(path), output.get("sha256"));
            } else {
                assertEquals("directory", output.get("kind"), "the flight app's dataframe folder");
            }
        }
        String stats = Files.readString(lab.resolve("speed_stats.csv"));
        assertTrue(stats.startsWith("aircraft,points,mean_speed_ms,max_speed_ms\n"), stats);
        long aircraft = stats.lines().count() - 1;
        assertTrue(aircraft > 10, stats);
        for (String row : stats.lines().skip(1).toList()) {
            double max = Double.parseDouble(row.split(",")[3]);
            assertTrue(max > 150 && max < 300, "cruise at 215-245 m/s in the sample: " + row);
        }
        String report = Files.readString(lab.resolve("report.csv"));
        assertEquals(aircraft + 1, report.lines().count(), report);

        Outcome second = agilab("workflow", "run", "--app", APP.toString(), "--home", home.toString(), "--json");
        assertEquals(0, second.code(), second.err());
        assertEquals(Map.of("flights", "skipped", "speed_stats", "skipped", "files", "skipped", "report", "skipped"), second.statuses());

        // the shell stage's code changes: it and the report run again, the flight run and the statistics do not
        LabFile file = LabFile.load(lab.resolve(LabFile.FILE_NAME));
        String code = file.stage("files").code();
        file.withValue(file.stage("files"), "C", code.replace("bytes", "size_bytes")).save();
        Outcome third = agilab("workflow", "run", "--app", APP.toString(), "--home", home.toString(), "--json");
        assertEquals(0, third.code(), third.out() + third.err());
        assertEquals(Map.of("flights", "skipped", "speed_stats", "skipped", "files", "ok", "report", "ok"), third.statuses());
        assertTrue(Files.readString(lab.resolve("report.csv")).startsWith("aircraft,points,mean_speed_ms,max_speed_ms,size_bytes\n"));

        Outcome people = agilab("workflow", "run", "--app", APP.toString(), "--home", home.toString());
        assertEquals(0, people.code());
        assertTrue(people.out().contains("skipped      flights: unchanged since its last success"), people.out());
        assertTrue(people.out().contains("4 stages: 0 ran, 4 skipped, 0 failed, 0 cancelled, 0 not runnable; manifest "), people.out());
    }

    @Test
    void listShowsEveryUpstreamFileWithAllItsStages() throws IOException {
        Map<String, Integer> counts = Map.of("mission_decision_project", 6, "multi_app_dag_project", 2, "tescia_diagnostic_project", 3,
                "uav_queue_project", 4, "uav_relay_queue_project", 2, "weather_forecast_project", 4, "notebook_to_dask", 3);
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            Path folder = UPSTREAM.resolve(entry.getKey());
            byte[] before = Files.readAllBytes(folder.resolve(LabFile.FILE_NAME));
            Outcome list = agilab("workflow", "list", "--lab", folder.toString(), "--home", home.toString(), "--json");
            assertEquals(0, list.code(), list.err());
            List<Map<String, Object>> stages = list.lines().stream().filter(l -> "stage".equals(l.get("type"))).toList();
            assertEquals(entry.getValue(), stages.size(), entry.getKey());
            for (Map<String, Object> stage : stages) {
                assertTrue(stage.containsKey("stage") && stage.containsKey("R") && stage.containsKey("D"), stage.toString());
            }
            assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(folder.resolve(LabFile.FILE_NAME)), "only read");
        }
        Outcome people = agilab("workflow", "list", "--lab", UPSTREAM.resolve("tescia_diagnostic_project").toString(), "--home",
                home.toString());
        assertTrue(people.out().startsWith("tescia_diagnostic (3 stages, [[tables]])\n  load_exercise_cases"), people.out());

        // a Python stage is kept and shown as not runnable, never dropped
        Path lab = Files.createDirectories(home.resolve("py"));
        Files.copy(UPSTREAM.resolve("uav_queue_project/lab_stages.toml"), lab.resolve(LabFile.FILE_NAME));
        Outcome run = agilab("workflow", "run", "--lab", lab.toString(), "--home", home.toString(), "--json");
        assertEquals(0, run.code(), run.err());
        assertEquals(List.of("not-runnable", "not-runnable", "not-runnable", "not-runnable"), List.copyOf(run.statuses().values()));
        assertEquals(Files.readString(UPSTREAM.resolve("uav_queue_project/lab_stages.toml")), Files.readString(lab.resolve(LabFile.FILE_NAME)));
    }

    @Test
    void badLabsAndFailingStagesGiveClearErrorsAndExitCodes() throws IOException {
        Path lab = Files.createDirectories(home.resolve("lab"));
        Files.writeString(lab.resolve(LabFile.FILE_NAME), """
                [[demo]]
                id = "a"
                R = "shell"
                C = "true"
                depends_on = ["b"]

                [[demo]]
                id = "b"
                R = "shell"
                C = "true"
                depends_on = ["a"]
                """);
        Outcome cycle = agilab("workflow", "run", "--lab", lab.toString(), "--home", home.toString());
        assertEquals(3, cycle.code());
        assertEquals("agilab: settings error: " + lab.resolve(LabFile.FILE_NAME) + ":1: stages 'a' (line 1) and 'b' (line 7) depend on each "
                + "other: a dependency cycle (hint: remove one of these dependencies so that the stages can run in an order)", cycle.err().strip());

        Files.writeString(lab.resolve(LabFile.FILE_NAME), """
                [[demo]]
                id = "a"
                R = "shell"
                C = "echo broken >&2; exit 5"
                [[demo]]
                id = "b"
                R = "shell"
                C = "true"
                depends_on = ["a"]
                """);
        Outcome failed = agilab("workflow", "run", "--lab", lab.toString(), "--home", home.toString(), "--json");
        assertEquals(4, failed.code());
        assertEquals(Map.of("a", "failed", "b", "cancelled"), failed.statuses());
        Map<String, Object> error = failed.lines().get(failed.lines().size() - 1);
        assertEquals("error", error.get("type"));
        assertTrue(((String) error.get("message")).startsWith("stage 'a' failed: exit code 5"), error.toString());
        assertTrue(((String) error.get("hint")).contains("read its log " + lab.resolve(".agilab/workflow/runs")), error.toString());

        assertEquals(2, agilab("workflow", "frobnicate", "--lab", lab.toString(), "--home", home.toString()).code());
        assertEquals(2, agilab("workflow", "run", "--lab", lab.toString(), "--home", home.toString(), "--stage", "a", "--ready").code());
        assertEquals(2, agilab("workflow", "run", "--lab", lab.toString(), "--home", home.toString(), "--stage", "nope").code());
        Outcome noLab = agilab("workflow", "list", "--lab", home.resolve("nowhere").toString(), "--home", home.toString());
        assertEquals(3, noLab.code());
        assertTrue(noLab.err().contains("no lab_stages.toml here"), noLab.err());
    }
}
