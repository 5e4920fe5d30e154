package org.agilab.runtime.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agilab.runtime.RuntimeInfo;
import org.agilab.runtime.json.Json;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.record.RunRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagerMainTest {

    @TempDir
    Path dir;

    Path home;
    Path apps;
    Path settingsFile;
    final Map<String, String> environment = new HashMap<>();

    record Outcome(int code, String out, String err) {
        Map<String, Object> finalJson() {
            String[] lines = out.strip().split("\n");
            return Json.parseObject(lines[lines.length - 1]);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        apps = Files.createDirectories(dir.resolve("apps"));
        Path app = Files.createDirectories(apps.resolve("demo_project"));
        settingsFile = app.resolve("app_settings.toml");
        Files.writeString(settingsFile, "[args]\nnfile = 1\n\n[cluster]\npool = true\n\n[cluster.workers]\n\"127.0.0.1\" = 2\n");
        environment.put("USER", "tester");
        environment.put("APPS_PATH", apps.toString());
    }

    Outcome run(InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new ManagerMain(environment, in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Outcome run(String... args) {
        return run(new ByteArrayInputStream(new byte[0]), args);
    }

    @Test
    @SuppressWarnings("unchecked")
    void doctorJsonReportsAHealthyHomeAndProvenance() {
        Outcome outcome = run("doctor", "--app", "demo", "--home", home.toString(), "--set", "nfile=3", "--json");
        assertEquals(0, outcome.code(), outcome.err());
        Map<String, Object> result = outcome.finalJson();
        assertEquals("result", result.get("type"));
        assertEquals(1L, result.get("v"));
        Map<String, Object> data = (Map<String, Object>) result.get("data");
        assertEquals(true, data.get("healthy"));
        Map<String, Object> settings = (Map<String, Object>) data.get("settings");
        Map<String, Object> nfile = (Map<String, Object>) settings.get("args.nfile");
        assertEquals(3L, nfile.get("value"));
        assertEquals("command line", nfile.get("source"));
        Map<String, Object> pool = (Map<String, Object>) settings.get("cluster.pool");
        assertEquals("project", pool.get("source"));
        assertEquals(settingsFile.toString(), pool.get("file"));
        assertEquals(5L, pool.get("line"));
        assertEquals(1, outcome.out().strip().split("\n").length, "--json prints exactly the final event");
    }

    @Test
    void badSettingsGiveTheClassifiedErrorWithTheLine() throws Exception {
        Files.writeString(settingsFile, "[args]\n[cluster.workers]\n\"127.0.0.1\" = -3\n");
        Outcome outcome = run("run", "--app", "demo", "--home", home.toString());
        assertEquals(3, outcome.code());
        String line = outcome.err().strip();
        assertTrue(line.startsWith("agilab: settings error: " + settingsFile + ":3: "), line);
        assertTrue(line.contains("-3") && line.contains("hint:"), line);
        assertEquals(1, line.split("\n").length, "one line");
        Outcome doctor = run("doctor", "--app", "demo", "--home", home.toString());
        assertEquals(3, doctor.code());
        assertTrue(doctor.out().contains("NOT healthy"), doctor.out());
    }

    @Test
    void nodesStatusWithoutWarmNodesSaysSo() {
        Outcome outcome = run("nodes", "status", "--app", "demo", "--home", home.toString());
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("no warm nodes for demo_project"), outcome.out());
        assertEquals(2, run("nodes", "restart", "--app", "demo", "--home", home.toString()).code());
    }

    @Test
    void usageErrors() {
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run("doctor", "--bogus").code());
        assertEquals(2, run("doctor", "--app").code());
        Outcome help = run("--help");
        assertEquals(0, help.code());
        for (Command command : Command.values()) {
            assertTrue(help.out().lines().anyMatch(line -> line.startsWith("  " + command.id() + " ")),
                    "usage.txt says what '" + command.id() + "' does: " + help.out());
        }
        Outcome version = run("--version");
        assertEquals(0, version.code());
        assertEquals("agilab " + RuntimeInfo.VERSION, version.out().strip());
        Outcome unknownApp = run("doctor", "--app", "nosuch", "--home", home.toString());
        assertEquals(3, unknownApp.code());
        assertTrue(unknownApp.err().contains("demo_project"), unknownApp.err());
    }

    @Test
    void secretsNeverReachRecordsLogsOrOutput() throws Exception {
        Files.createDirectories(home.resolve(".agilab"));
        String envSecret = "planted-env-secret-4711";
        String setSecret = "planted-set-secret-0815";
        String environmentSecret = "planted-environment-secret-42";
        Files.writeString(home.resolve(".agilab/.env"), "MY_API_KEY=" + envSecret + "\nCLUSTER_CREDENTIALS=agi:" + envSecret + "x\n");
        environment.put("SOME_TOKEN", environmentSecret);
        // the secret also appears where it is not expected: as an [args] value and in a settings error
        Files.writeString(settingsFile, "[args]\nnote = \"" + envSecret + "\"\n");
        List<Outcome> outcomes = List.of(
                run("doctor", "--app", "demo", "--home", home.toString(), "--set", "api_token=" + setSecret, "--verbose"),
                run("doctor", "--app", "demo", "--home", home.toString(), "--set", "api_token=" + setSecret, "--json"),
                run("run", "--app", "demo", "--home", home.toString(), "--set", "api_token=" + setSecret, "--protocol"),
                run("run", "--app", "demo", "--home", home.toString(), "--set", "cluster.verbose=" + envSecret));
        for (Outcome outcome : outcomes) {
            for (String secret : List.of(envSecret, setSecret, environmentSecret)) {
                assertFalse(outcome.out().contains(secret), "stdout leaks " + secret + ":\n" + outcome.out());
                assertFalse(outcome.err().contains(secret), "stderr leaks " + secret + ":\n" + outcome.err());
            }
        }
        Path records = home.resolve("log/execute/demo");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(records)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertEquals(4 * 3, files.size(), "log, manifest and replay for each of the four runs: " + files);
        for (Path file : files) {
            String text = Files.readString(file);
            for (String secret : List.of(envSecret, setSecret, environmentSecret)) {
                assertFalse(text.contains(secret), file + " leaks " + secret + ":\n" + text);
            }
        }
        assertTrue(files.stream().anyMatch(f -> {
            try {
                return Files.readString(f).contains("api_token=********");
            } catch (java.io.IOException e) {
                return false;
            }
        }), "the replay keeps the option with its value masked");
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordsCarryManifestLogAndReplay() throws Exception {
        Outcome outcome = run("doctor", "--app", "demo", "--home", home.toString());
        assertEquals(0, outcome.code(), outcome.err());
        Path records = home.resolve("log/execute/demo");
        Path record;
        try (Stream<Path> list = Files.list(records)) {
            record = list.findFirst().orElseThrow();
        }
        assertTrue(record.getFileName().toString().endsWith("_doctor"), record.toString());
        Map<String, Object> manifest = Json.parseObject(Files.readString(record.resolve(RunRecord.MANIFEST_FILE)));
        assertEquals("agilab.run_manifest", manifest.get("kind"));
        assertEquals("ok", manifest.get("status"));
        assertEquals("demo", ((Map<String, Object>) manifest.get("app")).get("target"));
        assertTrue(((Map<String, Object>) manifest.get("settings")).containsKey("cluster.workers"));
        assertTrue(((Map<String, Object>) manifest.get("environment")).containsKey("javaVersion"));
        List<Object> phases = (List<Object>) manifest.get("phases");
        assertEquals("settings", ((Map<String, Object>) phases.get(0)).get("name"));
        assertTrue(((String) ((Map<String, Object>) manifest.get("command")).get("replay")).startsWith("./agilab doctor --app demo"));
        assertTrue(Files.readString(record.resolve(RunRecord.LOG_FILE)).contains("doctor: healthy"));
        assertTrue(Files.isExecutable(record.resolve(RunRecord.REPLAY_FILE)));
    }

    @Test
    void protocolModeStreamsVersionedEventsEndingInOneFinalEvent() {
        Outcome outcome = run("doctor", "--app", "demo", "--home", home.toString(), "--protocol");
        assertEquals(0, outcome.code(), outcome.err());
        List<EventEnvelope> events = outcome.out().lines().map(EventEnvelope::parse).toList();
        assertEquals("phase", events.get(0).event().type());
        assertEquals("settings", events.get(0).event().string("name"));
        assertEquals("result", events.get(events.size() - 1).event().type());
        assertEquals(1, events.stream().filter(e -> e.event().isFinal()).count());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).seq());
        }
    }

    @Test
    void busyWhenAnotherProcessHoldsTheApp() throws Exception {
        Process holder = LockHolder.start(home.resolve("wenv/demo_worker"));
        try {
            Outcome outcome = run("run", "--app", "demo", "--home", home.toString(), "--json");
            assertEquals(7, outcome.code());
            Map<String, Object> error = outcome.finalJson();
            assertEquals("busy", error.get("class"));
            assertTrue(((String) error.get("message")).contains("process " + holder.pid()), error.toString());
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void cancelOnTheControlChannelStopsTheOperation() throws Exception {
        PipedOutputStream control = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(control);
        control.write("{\"v\":1,\"type\":\"credentials\",\"host\":\"10.0.0.5\",\"user\":\"agi\",\"password\":\"pw-very-secret\"}\n{\"v\":1,\"type\":\"cancel\"}\n"
                .getBytes(StandardCharsets.UTF_8));
        control.flush();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ManagerMain manager = new ManagerMain(environment, in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        // the control thread reads asynchronously: run until it has seen the cancel
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int code;
        do {
            code = manager.run("run", "--app", "demo", "--home", home.toString(), "--protocol");
        } while (code != 8 && System.nanoTime() < deadline);
        assertEquals(8, code, out.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"class\":\"cancelled\""));
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("pw-very-secret"));
        control.close();
    }
}
