package org.agilab.runtime.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.agilab.runtime.cluster.NodeRegistry;
import org.agilab.runtime.cluster.StrayJvms;
import org.agilab.runtime.env.AppCopier;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.protocol.EventOutcome;
import org.agilab.runtime.record.RunRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agilab app export|import|clone|rename|delete} on a copy of the flight app in a folder of its own, on real
 * files and real runs: an exported and re-imported app gives the same outputs, a renamed one installs and runs, a
 * deleted one leaves no node JVM; each refusal is a classified error naming its culprit, and leaves nothing behind.
 * {@code agilab export} writes chosen columns of a run's data outputs.
 */
class AppLifecycleTest {

    @TempDir
    Path home;
    @TempDir
    Path apps;
    @TempDir
    Path work;
    Path dataIn;

    record Outcome(int code, List<Event> events) implements EventOutcome {
    }

    @BeforeEach
    void flightAppAndData() throws IOException {
        AppCopier.copy(AppProject.at(FlightAppTest.APP), "flight_telemetry_project", apps);
        Path app = apps.resolve("flight_telemetry_project");
        // what an export leaves out: build outputs, IDE caches, and what the app's own filter names
        Files.createDirectories(app.resolve("target/classes"));
        Files.writeString(app.resolve("target/classes/Stale.class"), "build output");
        Files.createDirectories(app.resolve("bin"));
        Files.writeString(app.resolve("bin/Stale.class"), "build output");
        Files.createDirectories(app.resolve(".settings"));
        Files.writeString(app.resolve(".settings/org.eclipse.jdt.core.prefs"), "eclipse cache");
        Files.createDirectories(app.resolve("notes/drafts"));
        Files.writeString(app.resolve("notes/drafts/idea.md"), "private");
        Files.writeString(app.resolve("notes/keep.md"), "public");
        Files.writeString(app.resolve("run.log"), "a log");
        Files.writeString(app.resolve(".gitignore"), "# upstream's export filter\n*.log\nnotes/drafts/\n");
        dataIn = Files.createDirectories(work.resolve("input"));
        Random random = new Random(11);
        Files.writeString(dataIn.resolve("01_100.csv"), FlightAppTest.render(FlightAppTest.points(random, "AC-1", 30), "plain"));
        Files.writeString(dataIn.resolve("02_200.csv"), FlightAppTest.render(FlightAppTest.points(random, "AC-2", 25), "quoted"));
    }

    @AfterEach
    void noNodeLeft() {
        StrayJvms.killUnder(home);
    }

    Outcome agilab(String... args) throws IOException {
        try (PipedOutputStream control = new PipedOutputStream(); PipedInputStream in = new PipedInputStream(control)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--home", home.toString(), "--protocol"));
            int code = new ManagerMain(Map.of("USER", "tester", "APPS_PATH", apps.toString()), in,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(all.toArray(String[]::new));
            return new Outcome(code, out.toString(StandardCharsets.UTF_8).lines().map(EventEnvelope::parse).map(EventEnvelope::event).toList());
        }
    }

    Outcome ok(String... args) throws IOException {
        Outcome outcome = agilab(args);
        assertEquals(0, outcome.code(), outcome.last().toString());
        return outcome;
    }

    /** A refusal: exit 3 (settings), its message naming {@code culprit}. */
    Event.Failure refused(String culprit, String... args) throws IOException {
        Outcome outcome = agilab(args);
        assertEquals(3, outcome.code(), outcome.last().toString());
        Event.Failure failure = outcome.failure();
        assertTrue((failure.message() + " " + failure.file()).contains(culprit), failure.toString());
        return failure;
    }

    static List<String> members(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return Collections.list(file.entries()).stream().map(ZipEntry::getName).sorted().toList();
        }
    }

    /** Output file name -> SHA-256, as the newest run record of a target lists them. */
    Map<String, String> recordedOutputs(String target) throws IOException {
        try (Stream<Path> records = Files.list(home.resolve("log/execute").resolve(target))) {
            Path last = records.filter(p -> p.getFileName().toString().endsWith("_run")).sorted().reduce((a, b) -> b).orElseThrow();
            Map<String, Object> manifest = JsonCodec.readObject(Files.readString(last.resolve(RunRecord.MANIFEST_FILE)));
            Map<String, String> outputs = new TreeMap<>();
            for (Object output : (List<?>) manifest.get("outputs")) {
                Map<?, ?> entry = (Map<?, ?>) output;
                outputs.put(Path.of((String) entry.get("path")).getFileName().toString(), (String) entry.get("sha256"));
            }
            return outputs;
        }
    }

    @Test
    void anExportedAppImportedUnderANewNameRunsToTheSameOutputs() throws IOException {
        Outcome exported = ok("app", "export", "--app", "flight_telemetry");
        Path zip = home.resolve("export/apps-zip/flight_telemetry_project.zip");
        assertEquals(zip.toString(), exported.result().data().get("zip"));
        List<String> members = members(zip);
        assertTrue(members.contains("app_settings.toml") && members.contains("src/flight_telemetry/FlightTelemetry.java")
                && members.contains("notes/keep.md") && members.contains(".gitignore") && members.contains("dataset.zip"), members.toString());
        for (String member : members) {
            assertFalse(member.startsWith("target/") || member.startsWith("bin/") || member.startsWith(".settings/")
                    || member.startsWith("notes/drafts/") || member.endsWith(".log") || member.startsWith("flight_telemetry_project/"), member);
        }
        refused(zip.toString(), "app", "export", "--app", "flight_telemetry");
        ok("app", "export", "--app", "flight_telemetry", "--force");

        Outcome imported = ok("app", "import", zip.toString(), "--as", "flight2_project");
        Path copy = apps.resolve("flight2_project");
        assertEquals(copy.toString(), imported.result().data().get("app"));
        assertEquals(copy.toString(), imported.result().summary(), "the new app's path is what it prints");
        assertTrue(Files.isRegularFile(copy.resolve("src/flight2/Flight2.java")));
        assertTrue(Files.isRegularFile(copy.resolve("src/flight2_worker/Flight2Worker.java")));
        assertFalse(Files.exists(copy.resolve("notes/drafts")));

        ok("run", "--app", "flight_telemetry", "--mode", "0", "--set", "data_in=" + dataIn);
        ok("run", "--app", "flight2", "--mode", "0", "--set", "data_in=" + dataIn);
        Map<String, String> original = recordedOutputs("flight_telemetry");
        assertEquals(3, original.size(), "two aircraft and the summary: " + original);
        Map<String, String> copied = recordedOutputs("flight2");
        // the data outputs are the same bytes; the summary names its app and times its kernel, so its figures are compared
        original.keySet().stream().filter(name -> name.endsWith(".parquet"))
                .forEach(name -> assertEquals(original.get(name), copied.get(name), name));
        Map<String, Object> before = JsonCodec.readObject(Files.readString(home.resolve("localshare/tester/flight_telemetry/dataframe/reduce_summary_worker_0.json")));
        Map<String, Object> after = JsonCodec.readObject(Files.readString(home.resolve("localshare/tester/flight2/dataframe/reduce_summary_worker_0.json")));
        for (String figure : List.of("rows", "aircraft", "files", "distance_sum_m", "distance_max_m", "time_start", "time_end")) {
            assertEquals(before.get(figure), after.get(figure), figure);
        }
    }

    @Test
    void anImportRefusesAnExistingAppUnlessForcedAndAnUnsafeOrBadlyNamedArchiveWhole() throws IOException {
        ok("app", "export", "--app", "flight_telemetry", "--out", work.resolve("flight_telemetry_project.zip").toString());
        Path zip = work.resolve("flight_telemetry_project.zip");
        Path existing = apps.resolve("flight_telemetry_project");
        Files.writeString(existing.resolve("local.txt"), "mine");
        refused(existing.toString(), "app", "import", zip.toString());
        assertTrue(Files.exists(existing.resolve("local.txt")), "the existing app is untouched");
        ok("app", "import", zip.toString(), "--force");
        assertFalse(Files.exists(existing.resolve("local.txt")), "replaced by the archive's app");
        assertTrue(Files.isRegularFile(existing.resolve("src/flight_telemetry/FlightTelemetry.java")));

        refused("'flight2'", "app", "import", zip.toString(), "--as", "flight2");

        Path evil = work.resolve("evil_project.zip");
        try (OutputStream out = Files.newOutputStream(evil); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            for (String name : List.of("app_settings.toml", "src/evil/Evil.java", "../../escaped.txt")) {
                zipOut.putNextEntry(new ZipEntry(name));
                zipOut.write("[args]\n".getBytes(StandardCharsets.UTF_8));
                zipOut.closeEntry();
            }
        }
        refused("../../escaped.txt", "app", "import", evil.toString());
        assertFalse(Files.exists(apps.resolve("evil_project")));
        try (Stream<Path> left = Files.list(apps)) {
            assertEquals(List.of("flight_telemetry_project"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no staging folder, no half app");
        }
        assertFalse(Files.exists(apps.getParent().resolve("escaped.txt")));
    }

    @Test
    void upstreamsLayoutAndAZipOfTheFolderImportToo() throws IOException {
        // upstream's zipfile writes the app's files by relative path, no folder entries; settings under src/
        Path upstream = work.resolve("renamed_by_user.zip");
        try (OutputStream out = Files.newOutputStream(upstream); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            for (String name : List.of("src/app_settings.toml", "src/uav_queue/uav_queue.py", "src/uav_queue_worker/uav_queue_worker.py",
                    "pyproject.toml")) {
                zipOut.putNextEntry(new ZipEntry(name));
                zipOut.write(("# " + name + " of uav_queue\n").getBytes(StandardCharsets.UTF_8));
                zipOut.closeEntry();
            }
        }
        Outcome imported = ok("app", "import", upstream.toString(), "--as", "queue_project", "--into", work.resolve("mine").toString());
        Path app = work.resolve("mine/queue_project");
        assertEquals(app.toString(), imported.result().summary());
        assertTrue(Files.isRegularFile(app.resolve("src/queue_worker/queue_worker.py")), "renamed from the packages it holds");
        assertEquals("# src/app_settings.toml of queue\n", Files.readString(app.resolve("src/app_settings.toml")));

        Path wrapped = work.resolve("wrapped.zip");
        try (OutputStream out = Files.newOutputStream(wrapped); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            for (String name : List.of("solo_project/", "solo_project/app_settings.toml", "solo_project/README.md")) {
                zipOut.putNextEntry(new ZipEntry(name));
                if (!name.endsWith("/")) {
                    zipOut.write("# solo\n".getBytes(StandardCharsets.UTF_8));
                }
                zipOut.closeEntry();
            }
        }
        ok("app", "import", wrapped.toString());
        assertTrue(Files.isRegularFile(apps.resolve("solo_project/README.md")), "the folder's name and contents");
        ok("app", "import", upstream.toString());
        assertTrue(Files.isRegularFile(apps.resolve("uav_queue_project/src/uav_queue/uav_queue.py")),
                "without --as: the app the archive holds, whatever the zip is called");
        Path unnamed = work.resolve("notes.zip");
        try (OutputStream out = Files.newOutputStream(unnamed); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            zipOut.putNextEntry(new ZipEntry("app_settings.toml"));
            zipOut.closeEntry();
        }
        refused("'notes'", "app", "import", unnamed.toString());
    }

    @Test
    void aRenamedAppKeepsItsOverridesAndWorkerEnvironmentAndRuns() throws IOException {
        Path overrides = home.resolve(".agilab/apps/flight_telemetry_project/app_settings.toml");
        Files.createDirectories(overrides.getParent());
        Files.writeString(overrides, "# mine\n[args]\noutput_format = \"csv\"\n");
        ok("install", "--app", "flight_telemetry");
        assertTrue(Files.isDirectory(home.resolve("wenv/flight_telemetry_worker")));

        refused("'flight3'", "app", "rename", "--app", "flight_telemetry", "--to", "flight3");
        Outcome renamed = ok("app", "rename", "--app", "flight_telemetry", "--to", "flight3_project");
        Path app = apps.resolve("flight3_project");
        assertEquals(app.toString(), renamed.result().summary());
        assertFalse(Files.exists(apps.resolve("flight_telemetry_project")));
        assertTrue(Files.isRegularFile(app.resolve("src/flight3/Flight3.java")));
        assertTrue(Files.readString(app.resolve("app_settings.toml")).contains("\"flight3/dataset\""));
        assertEquals("# mine\n[args]\noutput_format = \"csv\"\n",
                Files.readString(home.resolve(".agilab/apps/flight3_project/app_settings.toml")));
        assertFalse(Files.exists(overrides.getParent()));
        assertTrue(Files.isDirectory(home.resolve("wenv/flight3_worker")));
        assertFalse(Files.exists(home.resolve("wenv/flight_telemetry_worker")));

        ok("run", "--app", "flight3", "--mode", "0", "--set", "data_in=" + dataIn);
        try (Stream<Path> out = Files.list(home.resolve("localshare/tester/flight3/dataframe"))) {
            assertTrue(out.anyMatch(p -> p.getFileName().toString().equals("AC-1.csv")), "the override (csv) applies under the new name");
        }
    }

    @Test
    void aDeleteStopsTheWarmNodesAndPurgeRemovesTheWorkerEnvironmentAndOverrides() throws IOException {
        ok("run", "--app", "flight_telemetry", "--mode", "d", "--workers", "127.0.0.1:1", "--set", "data_in=" + dataIn);
        Path nodes = home.resolve("wenv/flight_telemetry_worker/nodes");
        List<Long> pids = NodeRegistry.read(nodes).orElseThrow().nodes().stream().map(n -> n.process().pid()).toList();
        assertFalse(pids.isEmpty());
        Path overrides = home.resolve(".agilab/apps/flight_telemetry_project/app_settings.toml");
        Files.createDirectories(overrides.getParent());
        Files.writeString(overrides, "[args]\n");

        Outcome deleted = ok("app", "delete", "--app", "flight_telemetry", "--purge");
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "node " + pid + " stopped");
        }
        assertFalse(Files.exists(apps.resolve("flight_telemetry_project")));
        assertFalse(Files.exists(home.resolve("wenv/flight_telemetry_worker")));
        assertFalse(Files.exists(overrides.getParent()));
        assertTrue(Files.isDirectory(home.resolve("log/execute/flight_telemetry")), "run records stay");
        assertTrue(Files.isDirectory(home.resolve("localshare/tester/flight_telemetry/dataframe")), "outputs stay");
        assertTrue(deleted.result().summary().startsWith("deleted "), deleted.result().summary());
        try (Stream<Path> left = Files.list(apps)) {
            assertEquals(0, left.count(), "nothing left in the apps folder");
        }
    }

    /**
     * {@code agilab export}: the chosen columns of the latest run's data outputs, filtered, into the home's
     * {@code export/<target>/export.csv}, its row count what DuckDB counts on the same files; each bad request a
     * classified error naming its culprit.
     */
    @Test
    void anExportWritesTheChosenColumnsOfTheLatestRunsOutputs() throws Exception {
        ok("run", "--app", "flight_telemetry", "--mode", "0", "--set", "data_in=" + dataIn);
        Outcome exported = ok("export", "--app", "flight_telemetry", "--columns", "aircraft,speed", "--where", "speed > 100");
        Path csv = home.resolve("export/flight_telemetry/export.csv");
        assertEquals(csv.toString(), exported.result().data().get("out"));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("aircraft,speed", lines.get(0));
        long expected;
        try (java.sql.Connection duck = org.agilab.runtime.io.DuckDb.connect("jdbc:duckdb:", new java.util.Properties());
                java.sql.Statement statement = duck.createStatement();
                java.sql.ResultSet count = statement.executeQuery("SELECT count(*) FROM read_parquet('"
                        + home.resolve("localshare/tester/flight_telemetry/dataframe") + "/**/*.parquet') WHERE speed > 100")) {
            count.next();
            expected = count.getLong(1);
        }
        assertTrue(expected > 0 && expected < 55, "the filter keeps some of the 55 points: " + expected);
        assertEquals(expected, lines.size() - 1);
        assertEquals(expected, ((Number) exported.result().data().get("rows")).longValue());
        assertTrue(lines.stream().skip(1).allMatch(line -> line.startsWith("AC-1,") || line.startsWith("AC-2,")), lines.toString());
        assertTrue(exported.result().summary().startsWith(csv + ": " + expected + " rows, 2 columns"), exported.result().summary());

        Outcome unknown = agilab("export", "--app", "flight_telemetry", "--columns", "altitude_ft");
        assertEquals(4, unknown.code(), unknown.last().toString());
        assertTrue(unknown.failure().message().startsWith("no column altitude_ft in "), unknown.failure().message());
        assertEquals(expected + 1, Files.readAllLines(csv).size(), "a failed export leaves the previous file");
        assertEquals(2, agilab("export", "--run", work.resolve("not-a-record").toString()).code());
        Outcome byDefault = ok("export");
        assertEquals(csv.toString(), byDefault.result().data().get("out"), "without --app, the default app's latest run, as run does");
        assertEquals(56, Files.readAllLines(csv).size(), "every row of the 55 points");
    }

    @Test
    void aCloneAndTheUsageErrors() throws IOException {
        Outcome cloned = ok("app", "clone", "--app", "flight_telemetry", "--to", "tracks_project");
        assertTrue(Files.isRegularFile(apps.resolve("tracks_project/src/tracks_worker/TracksWorker.java")));
        assertEquals(apps.resolve("tracks_project").toString(), cloned.result().summary());
        refused(apps.resolve("tracks_project").toString(), "app", "clone", "--app", "flight_telemetry", "--to", "tracks_project");
        assertEquals(2, agilab("app", "frobnicate", "--app", "flight_telemetry").code());
        assertEquals(2, agilab("app", "import").code());
        assertEquals(2, agilab("app", "rename", "--app", "flight_telemetry").code());
        assertEquals(2, agilab("app", "export").code(), "no default app for a lifecycle command");

        // a delete without --purge of an app that never ran leaves nothing behind, not even its lock's folder
        Outcome deleted = ok("app", "delete", "--app", "tracks");
        assertFalse(Files.exists(apps.resolve("tracks_project")));
        assertFalse(Files.exists(home.resolve("wenv/tracks_worker")), "the lock's folder goes too");
        assertTrue(deleted.result().summary().contains("--purge removes them"), deleted.result().summary());
    }
}
