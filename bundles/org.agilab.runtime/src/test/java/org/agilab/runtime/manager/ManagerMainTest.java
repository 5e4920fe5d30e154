package org.agilab.runtime.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agilab.runtime.RuntimeInfo;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.record.RunRecord;
import org.agilab.runtime.request.Command;
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
            return JsonCodec.readObject(lines[lines.length - 1]);
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
        assertEquals(2L, result.get("v"), "protocol version 2: typed events");
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

    /**
     * Every built-in app's and template's app_settings.toml of upstream (copied in src/test/resources/settings/upstream,
     * in upstream's layout) passes doctor: the keys upstream reads are known, and a key nobody reads is a warning.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyUpstreamAppAndTemplateSettingsPassDoctor() throws Exception {
        Path upstream = Path.of("src/test/resources/settings/upstream").toAbsolutePath();
        List<Path> appFolders;
        try (java.util.stream.Stream<Path> list = Files.list(upstream)) {
            appFolders = list.filter(Files::isDirectory).sorted().toList();
        }
        assertEquals(19, appFolders.size(), "14 built-in apps and 5 templates");
        for (Path app : appFolders) {
            Outcome doctor = run("doctor", "--app", app.toString(), "--home", home.toString(), "--json");
            assertEquals(0, doctor.code(), app.getFileName() + ": " + doctor.out() + doctor.err());
            Map<String, Object> data = (Map<String, Object>) doctor.finalJson().get("data");
            assertEquals(true, data.get("healthy"), app.getFileName() + ": " + data);
        }
        Path restricted = upstream.resolve("pytorch_playground_project"); // restrict_to_view_module = true there
        Outcome doctor = run("doctor", "--app", restricted.toString(), "--home", home.toString(), "--json");
        Map<String, Object> settings = (Map<String, Object>) ((Map<String, Object>) doctor.finalJson().get("data")).get("settings");
        assertEquals(true, ((Map<String, Object>) settings.get("pages.restrict_to_view_module")).get("value"),
                "upstream's [pages] restrict_to_view_module is read");
    }

    @Test
    void anUnknownKeyIsAWarningWithTheKnownOneAndDoesNotStopARun() throws Exception {
        Files.writeString(settingsFile, "[args]\nnfile = 1\n\n[pages]\nview_modul = [\"view_maps\"]\n");
        Outcome doctor = run("doctor", "--app", "demo", "--home", home.toString());
        assertEquals(0, doctor.code(), doctor.out() + doctor.err());
        assertTrue(doctor.out().contains("did you mean 'view_module'"), doctor.out());
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

    /** A TOML basic string holding the text. */
    static String toml(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t") + "\"";
    }

    /** The forms a secret takes in text: itself, JSON- (and TOML-) escaped, in a single-quoted shell word. */
    static List<String> forms(String secret) {
        return List.of(secret, toml(secret).substring(1, toml(secret).length() - 1), secret.replace("'", "'\\''"),
                secret.substring(0, Math.min(secret.length(), 24))); // and no abbreviation of it either
    }

    /** Every string of the JSON texts among these lines (keys too), decoded: escaping must not hide a secret. */
    static String decodedJson(String text) {
        StringBuilder strings = new StringBuilder();
        try {
            collectStrings(JsonCodec.readValue(text), strings); // a whole JSON file
            return strings.toString();
        } catch (JsonCodec.Malformed notOneText) {
            // JSON lines, or text
        }
        for (String line : text.lines().toList()) {
            try {
                collectStrings(JsonCodec.readValue(line), strings);
            } catch (JsonCodec.Malformed notJson) {
                // a human line: checked as text
            }
        }
        return strings.toString();
    }

    static void collectStrings(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> {
                out.append(key).append('\u0000');
                collectStrings(item, out);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(item -> collectStrings(item, out));
        } else if (value != null) {
            out.append(value).append('\u0000');
        }
    }

    static void assertNoSecret(String where, String text, List<String> secrets) {
        String decoded = decodedJson(text);
        for (String secret : secrets) {
            for (String form : forms(secret)) {
                assertFalse(text.contains(form), () -> where + " leaks (" + form.length() + " chars) " + form + ":\n" + text);
            }
            assertFalse(decoded.contains(secret), () -> where + " leaks, once decoded, " + secret + ":\n" + text);
        }
    }

    @Test
    void secretsNeverReachRecordsLogsOrOutput() throws Exception {
        Files.createDirectories(home.resolve(".agilab"));
        String envSecret = "planted-env-secret-4711";
        String setSecret = "planted-set-secret-0815";
        String environmentSecret = "planted-environment-secret-42";
        // hostile ones: quotes and backslashes (escaped once serialised), newlines, unicode, 10 kB
        String quoteSecret = "Tok\"en\\Planted9";
        String setQuoteSecret = "Set\"only\\Planted7 it's"; // known from --set alone
        String multiLineSecret = "first-line-planted\nsecond \"line\" planted";
        String unicodeSecret = "p\u00e4ssw\u00f6rd-\u79d8\u5bc6-\ud83d\udd11-planted";
        StringBuilder longSecret = new StringBuilder("long-planted-");
        for (int i = 0; longSecret.length() < 10 * 1024; i++) {
            longSecret.append("lo\"ng\\").append(i).append('\t');
        }
        List<String> secrets = List.of(envSecret, setSecret, environmentSecret, quoteSecret, setQuoteSecret, multiLineSecret,
                unicodeSecret, longSecret.toString());
        Files.writeString(home.resolve(".agilab/.env"), "MY_API_KEY=" + envSecret + "\nCLUSTER_CREDENTIALS=agi:" + envSecret
                + "x\nMULTI_SECRET=" + toml(multiLineSecret) + "\nQUOTE_PASSWORD=" + toml(quoteSecret) + "\n");
        environment.put("SOME_TOKEN", environmentSecret);
        environment.put("UNICODE_TOKEN", unicodeSecret);
        environment.put("LONG_PASSWORD", longSecret.toString());
        // the secrets also appear where they are not expected: as [args] values and in a settings error
        Files.writeString(settingsFile, "[args]\nnote = \"" + envSecret + "\"\nquote = " + toml(quoteSecret) + "\nlines = "
                + toml(multiLineSecret) + "\nunicode = " + toml(unicodeSecret) + "\nlong = " + toml(longSecret.toString()) + "\n");
        List<Outcome> outcomes = List.of(
                run("doctor", "--app", "demo", "--home", home.toString(), "--set", "api_token=" + setSecret,
                        "--set", "connectors.api_token=" + setQuoteSecret, "--verbose"),
                run("doctor", "--app", "demo", "--home", home.toString(), "--set", "api_token=" + setSecret,
                        "--set=connectors.api_token=" + setQuoteSecret, "--json"),
                run("run", "--app", "demo", "--home", home.toString(), "--set", "api_token=" + setSecret,
                        "--set", "connectors.api_token=" + setQuoteSecret, "--protocol"),
                run("run", "--app", "demo", "--home", home.toString(), "--set", "cluster.verbose=" + envSecret),
                run("run", "--app", "demo", "--home", home.toString(), "--set", "connectors.api_token=" + setQuoteSecret,
                        "--set", "cluster.verbose=" + setQuoteSecret, "--protocol"));
        for (Outcome outcome : outcomes) {
            assertNoSecret("stdout", outcome.out(), secrets);
            assertNoSecret("stderr", outcome.err(), secrets);
        }
        assertTrue(outcomes.get(4).out().contains("cluster.verbose"), "the settings error is reported: " + outcomes.get(4).out());
        Path records = home.resolve("log/execute/demo");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(records)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertEquals(5 * 3, files.size(), "log, manifest and replay for each of the five runs: " + files);
        for (Path file : files) {
            assertNoSecret(file.toString(), Files.readString(file), secrets);
        }
        assertTrue(files.stream().anyMatch(f -> {
            try {
                return Files.readString(f).contains("api_token=********");
            } catch (java.io.IOException e) {
                return false;
            }
        }), "the replay keeps the option with its value masked");
        // the parsed settings cache holds the settings file's values, secrets included: its owner's alone
        List<Path> cached;
        try (Stream<Path> walk = Files.walk(home.resolve(".agilab/cache/settings"))) {
            cached = walk.filter(Files::isRegularFile).toList();
        }
        assertFalse(cached.isEmpty());
        for (Path file : cached) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
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
        Map<String, Object> manifest = JsonCodec.readObject(Files.readString(record.resolve(RunRecord.MANIFEST_FILE)));
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
    void replayRunsFromAnyFolderAndReadsASetSecretAgain() throws Exception {
        // a stand-in for ./agilab that writes down where it ran and what it was given
        Path launcher = Files.createDirectories(dir.resolve("checkout")).resolve("agilab");
        Files.writeString(launcher, "#!/bin/sh\npwd > \"$REPLAYED.pwd\"\nprintf '%s\\0' \"$@\" > \"$REPLAYED\"\n");
        assertTrue(launcher.toFile().setExecutable(true));
        String secret = "Tok\"en\\Planted9 it's $HOME `x`\n\u79d8\u5bc6-\ud83d\udd11-" + "k".repeat(10_240);
        List<String> argv = List.of("doctor", "--app", "demo", "--home", home.toString(), "--set",
                "connectors.api_token=" + secret, "--set", "nfile=2");
        String previous = System.getProperty(RunRecord.LAUNCHER_PROPERTY);
        System.setProperty(RunRecord.LAUNCHER_PROPERTY, launcher.toString());
        try {
            run(argv.toArray(String[]::new));
        } finally {
            if (previous == null) {
                System.clearProperty(RunRecord.LAUNCHER_PROPERTY);
            } else {
                System.setProperty(RunRecord.LAUNCHER_PROPERTY, previous);
            }
        }
        Path replay;
        try (Stream<Path> list = Files.list(home.resolve("log/execute/demo"))) {
            replay = list.findFirst().orElseThrow().resolve(RunRecord.REPLAY_FILE);
        }
        assertFalse(Files.readString(replay).contains("Planted9"), Files.readString(replay));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path replayed = dir.resolve("replayed");

        // without the secret: refused, naming the key and where to give it; the launcher does not run
        ProcessBuilder builder = new ProcessBuilder(replay.toString()).directory(elsewhere.toFile()).redirectErrorStream(true);
        builder.environment().put("REPLAYED", replayed.toString());
        builder.environment().remove("AGILAB_SET_CONNECTORS_API_TOKEN");
        Process refused = builder.start();
        String refusal = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, refused.exitValue(), refusal);
        assertTrue(refusal.contains("--set connectors.api_token") && refusal.contains("AGILAB_SET_CONNECTORS_API_TOKEN"), refusal);
        assertFalse(Files.exists(replayed), "the launcher did not run");

        // with it: the launcher, by its absolute path from another folder, gets the run's arguments exactly
        builder.environment().put("AGILAB_SET_CONNECTORS_API_TOKEN", secret);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        String[] given = Files.readString(replayed).split("\u0000");
        assertEquals(argv, List.of(given));
        assertEquals(Path.of(System.getProperty("user.dir")).toRealPath(),
                Path.of(Files.readString(Path.of(replayed + ".pwd")).strip()).toRealPath(), "in the run's working folder");
    }

    @Test
    @SuppressWarnings("unchecked")
    void doctorWarnsOfADotEnvWithCredentialsOthersCanRead() throws Exception {
        Path env = Files.createDirectories(home.resolve(".agilab")).resolve(".env");
        Files.writeString(env, "CLUSTER_CREDENTIALS=agi:planted-pw-1234\nAPPS_PATH=" + apps + "\n");
        for (String mode : List.of("rw-r--r--", "rw-r-----", "rw----r--", "rw--w----")) {
            Files.setPosixFilePermissions(env, PosixFilePermissions.fromString(mode));
            Outcome text = run("doctor", "--home", home.toString());
            assertEquals(0, text.code(), "a warning leaves the home healthy: " + text.out() + text.err());
            assertTrue(text.out().contains("WARN  .env permissions: " + env + " holds credentials (CLUSTER_CREDENTIALS)"), text.out());
            assertTrue(text.out().contains("fix: chmod 600 " + env), text.out());
            assertFalse(text.out().contains("planted-pw-1234"), text.out());
            Outcome json = run("doctor", "--home", home.toString(), "--json");
            List<Object> warnings = (List<Object>) ((Map<String, Object>) json.finalJson().get("data")).get("warnings");
            assertEquals(1, warnings.size(), json.out());
            assertEquals("chmod 600 " + env, ((Map<String, Object>) warnings.get(0)).get("fix"));
        }
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
        Outcome private_ = run("doctor", "--home", home.toString(), "--json");
        assertEquals(List.of(), ((Map<String, Object>) private_.finalJson().get("data")).get("warnings"), private_.out());
        Files.writeString(env, "APPS_PATH=" + apps + "\n");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));
        Outcome noCredentials = run("doctor", "--home", home.toString());
        assertFalse(noCredentials.out().contains("WARN"), "nothing secret to protect: " + noCredentials.out());
    }

    @Test
    void protocolModeStreamsVersionedEventsEndingInOneFinalEvent() {
        Outcome outcome = run("doctor", "--app", "demo", "--home", home.toString(), "--protocol");
        assertEquals(0, outcome.code(), outcome.err());
        List<EventEnvelope> events = outcome.out().lines().map(EventEnvelope::parse).toList();
        assertInstanceOf(Event.Phase.class, events.get(0).event());
        assertEquals("settings", ((Event.Phase) events.get(0).event()).name());
        assertInstanceOf(Event.Result.class, events.get(events.size() - 1).event());
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
