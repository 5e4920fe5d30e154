package org.agilab.runtime.manager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agilab.runtime.cluster.ClusterJvm;
import org.agilab.runtime.cluster.Coordinator;
import org.agilab.runtime.cluster.NodeRegistry;
import org.agilab.runtime.cluster.StrayJvms;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.launch.ManagerClasspath;
import org.agilab.runtime.record.RunRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local runs of the {@code ./agilab} CLI on the app's warm coordinator, with real processes: the CLI's JVM (the
 * manager's main, as the script starts it) and the coordinator JVM the first local run leaves behind. A run there
 * gives what the same run in its own process gives (console lines, exit code, outputs byte for byte, run record), a
 * changed app source is compiled and loaded by the next run, and a coordinator that is gone or dies mid-run leaves the
 * run to the CLI or fails it clearly. The CLI's cold cluster run is handed to a coordinator it spawns, which starts the
 * nodes and keeps them for the next run. Every JVM a test starts is stopped, and the test checks none is left.
 */
class WarmLocalRunsTest {

    static final Path FLIGHT = Path.of("../../apps/flight_telemetry_project").toAbsolutePath().normalize();
    static final Path MINIMAL = Path.of("../../apps/minimal_app_project").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    Path home;
    Path cwd;

    record Cli(int code, String out, String err) {
        /** The console with its figures (durations, PIDs, dates) blanked: the lines themselves must be the same. */
        String console() {
            return (out + "\n--- stderr ---\n" + err).replaceAll("[0-9]+", "#");
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(dir.resolve("home"));
        cwd = Files.createDirectories(dir.resolve("somewhere"));
    }

    @AfterEach
    void noJvmLeft() throws Exception {
        // what every test ends with, passed or failed: the CLI's own stop, then nothing of this test may be running
        Cli stop = cli(true, "nodes", "stop", "--app", FLIGHT.toString(), "--home", home.toString());
        Cli stopMinimal = cli(true, "nodes", "stop", "--app", dir.resolve("apps/minimal_app_project").toString(), "--home", home.toString());
        List<String> strays = StrayJvms.killUnder(dir);
        assertEquals(List.of(), strays, "no JVM is left after `nodes stop`: " + stop + stopMinimal);
    }

    /** The CLI as {@code ./agilab} starts it: a JVM running the manager's main, from {@link #cwd}. */
    Cli cli(boolean optOut, String... args) throws IOException, InterruptedException {
        Process process = start(optOut, args);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "the CLI ended");
        return new Cli(process.exitValue(), out, Files.readString(dir.resolve("cli.err")));
    }

    Process start(boolean optOut, String... args) throws IOException {
        return start(ManagerMain.class, optOut, args);
    }

    /** The script's thin client of a run the coordinator takes ({@link WarmRunClient}), from {@link #cwd}. */
    Cli thin(String... args) throws IOException, InterruptedException {
        Process process = start(WarmRunClient.class, false, args);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "the thin client ended");
        return new Cli(process.exitValue(), out, Files.readString(dir.resolve("cli.err")));
    }

    Process start(Class<?> main, boolean optOut, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ManagerClasspath.currentJava().toString()));
        if (main == ManagerMain.class) {
            // Ignite's JVM options, as the ./agilab script gives the manager: a cluster run in its own process joins the nodes
            command.addAll(ClusterJvm.options());
        }
        // -Dagilab.launcher as the ./agilab script passes it: only the script's process hands local runs to a coordinator
        command.addAll(List.of("-D" + RunRecord.LAUNCHER_PROPERTY + "=" + dir.resolve("checkout/agilab"), "-cp",
                System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectError(dir.resolve("cli.err").toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AGILAB") || name.equals("APPS_PATH") || name.equals("APP_DEFAULT"));
        environment.put("USER", "tester");
        if (optOut) {
            environment.put(ManagerMain.NO_DAEMON_VARIABLE, "1");
        }
        return builder.start();
    }

    Path nodes(String target) {
        return home.resolve("wenv/" + target + "_worker/nodes");
    }

    /** The coordinator the previous local run left: it listens within a JVM start. */
    Coordinator.Endpoint coordinatorUp(String target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Optional<Coordinator.Endpoint> endpoint = Coordinator.find(nodes(target));
        while (endpoint.isEmpty() || !Files.isRegularFile(endpoint.get().token())) {
            assertTrue(System.nanoTime() < deadline, "no coordinator; see " + nodes(target).resolve(Coordinator.LOG));
            Thread.sleep(50);
            endpoint = Coordinator.find(nodes(target));
        }
        return endpoint.get();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> latestManifest(String target) throws IOException {
        try (Stream<Path> records = Files.list(home.resolve("log/execute/" + target))) {
            Path latest = records.sorted().reduce((a, b) -> b).orElseThrow();
            return JsonCodec.readObject(Files.readString(latest.resolve(RunRecord.MANIFEST_FILE)));
        }
    }

    @SuppressWarnings("unchecked")
    static String role(Map<String, Object> manifest) {
        return (String) ((Map<String, Object>) manifest.get("process")).get("role");
    }

    /** What a run's record says, without what differs between any two runs (times, PIDs, the JVM's own facts). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> comparable(Map<String, Object> manifest) {
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String key : List.of("kind", "schema", "command", "app", "home", "settings", "outputs", "status", "error")) {
            kept.put(key, manifest.get(key));
        }
        Map<String, Object> result = manifest.get("result") instanceof Map<?, ?> map ? new TreeMap<>((Map<String, Object>) map) : null;
        if (result != null) {
            result.put("data", new TreeMap<>((Map<String, Object>) result.get("data")));
            ((Map<String, Object>) result.get("data")).remove("durationMs");
            result.put("summary", String.valueOf(result.get("summary")).replaceAll("[0-9.]+ s:", "# s:"));
        }
        kept.put("result", result);
        kept.put("phases", ((List<Map<String, Object>>) manifest.get("phases")).stream().map(p -> p.get("name") + " " + p.get("status")).toList());
        return kept;
    }

    Map<String, byte[]> outputs(Path folder) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : (Iterable<Path>) list::iterator) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    Path flightInput() throws IOException {
        Path input = Files.createDirectories(dir.resolve("flights"));
        Random random = new Random(11);
        Files.writeString(input.resolve("01_100.csv"), FlightAppTest.render(FlightAppTest.points(random, "AC-1", 300), "index"));
        List<String[]> mixed = new ArrayList<>(FlightAppTest.points(random, "AC-2", 200));
        mixed.addAll(FlightAppTest.points(random, "AC-3", 250));
        Collections.shuffle(mixed, random);
        Files.writeString(input.resolve("02_200.csv"), FlightAppTest.render(mixed, "quoted"));
        return input;
    }

    @Test
    void aLocalRunOnTheCoordinatorGivesTheInProcessConsoleOutputsAndRecord() throws Exception {
        Path input = flightInput();
        Path dataOut = home.resolve("localshare/tester/flight_telemetry/dataframe");
        for (String mode : List.of("0", "pc")) {
            String[] run = { "run", "--app", FLIGHT.toString(), "--home", home.toString(), "--mode", mode, "--set", "data_in=" + input,
                    "--set", "output_format=csv" };
            // the first (plans the inputs, which later runs reuse: the plan's log line is then not shown)
            assertEquals(0, cli(true, run).code());
            assertTrue(Coordinator.find(nodes("flight_telemetry")).isEmpty(), "an opted-out run starts no coordinator");
            Cli inProcess = cli(true, run);
            assertEquals(0, inProcess.code(), inProcess.toString());
            assertEquals("manager", role(latestManifest("flight_telemetry")));
            Map<String, Object> inProcessRecord = comparable(latestManifest("flight_telemetry"));
            Map<String, byte[]> inProcessOutputs = outputs(dataOut);

            // a run of the CLI that finds no coordinator runs in its own process and leaves one; the next one runs there
            Cli first = cli(false, run);
            assertEquals(0, first.code(), first.toString());
            assertEquals("manager", role(latestManifest("flight_telemetry")));
            Coordinator.Endpoint coordinator = coordinatorUp("flight_telemetry");
            // its log holds the app's own printing: other users of the machine may not enter the folder
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(nodes("flight_telemetry"))));
            Cli warm = cli(false, run);
            Map<String, Object> warmManifest = latestManifest("flight_telemetry");
            assertEquals("coordinator", role(warmManifest), "the second run ran on the coordinator");
            assertEquals(coordinator.process().pid(), pid(warmManifest));
            assertEquals(inProcess.code(), warm.code());
            assertEquals(inProcess.console(), warm.console(), "the same console lines");
            assertEquals(inProcessRecord, comparable(warmManifest), "the same record: command as typed, cwd, outputs' checksums, result");
            Map<String, byte[]> warmOutputs = outputs(dataOut);
            assertEquals(inProcessOutputs.keySet(), warmOutputs.keySet());
            for (String name : inProcessOutputs.keySet()) {
                assertArrayEquals(inProcessOutputs.get(name), warmOutputs.get(name), name + " in mode " + mode);
            }
            assertEquals(0, cli(true, "nodes", "stop", "--app", FLIGHT.toString(), "--home", home.toString()).code());
        }
    }

    /** Waits for the coordinator's log to hold {@code count} lines starting with {@code prefix}, and returns them. */
    List<String> logLines(String target, String prefix, int count) throws IOException, InterruptedException {
        Path log = nodes(target).resolve(Coordinator.LOG);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            List<String> lines = Files.isRegularFile(log)
                    ? Files.readAllLines(log).stream().filter(line -> line.startsWith(prefix)).toList() : List.of();
            if (lines.size() >= count) {
                return lines;
            }
            assertTrue(System.nanoTime() < deadline, "no " + count + " '" + prefix + "' lines in " + log + ":\n"
                    + (Files.isRegularFile(log) ? Files.readString(log) : "(no log)"));
            Thread.sleep(50);
        }
    }

    /** Each file of a folder tree with its bytes and modification time: what a warm-up must leave as it was. */
    static Map<String, String> untouched(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(folder.relativize(file).toString(), Files.getLastModifiedTime(file).toMillis() + " "
                        + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    @Test
    void theCoordinatorWarmsUpALocalRunOffTheRecordAndLeavesNothingOfIt() throws Exception {
        Path input = flightInput();
        Path dataOut = home.resolve("localshare/tester/flight_telemetry/dataframe");
        String[] run = { "run", "--app", FLIGHT.toString(), "--home", home.toString(), "--mode", "pc", "--set", "data_in=" + input,
                "--set", "output_format=csv", "--set", "cluster.warm_up_runs=3" };
        Cli cold = cli(false, run);
        assertEquals(0, cold.code(), cold.toString());
        coordinatorUp("flight_telemetry");
        // the cold run handed its request to the coordinator it spawned (on its stdin): its work, run 3 times
        assertEquals(List.of("warmed up: 3 run(s) of " + FLIGHT + " in"),
                logLines("flight_telemetry", "warmed up:", 1).stream().map(line -> line.replaceAll(" [0-9]+ ms.*", "")).toList());
        Map<String, String> outputsAfterCold = untouched(dataOut);
        Map<String, String> workerEnv = untouched(home.resolve("wenv/flight_telemetry_worker"));
        workerEnv.keySet().removeIf(name -> name.startsWith("nodes/")); // the coordinator's own files
        assertFalse(outputsAfterCold.isEmpty());
        try (Stream<Path> records = Files.list(home.resolve("log/execute/flight_telemetry"))) {
            assertEquals(1, records.count(), "a warm-up leaves no record");
        }
        assertFalse(Files.exists(nodes("flight_telemetry").resolve("warm-up")), "its scratch folder is gone");
        // ...and changed nothing the user has: outputs (bytes and times), plan, install
        Map<String, String> workerEnvNow = untouched(home.resolve("wenv/flight_telemetry_worker"));
        workerEnvNow.keySet().removeIf(name -> name.startsWith("nodes/"));
        assertEquals(workerEnv, workerEnvNow);

        // the next run runs on the warmed coordinator and gives the same outputs; the app's classes had their 3 runs, so
        // none follows unless it asks for more (5 in all: 2 more, after the run, as for a run handed to it)
        run[run.length - 1] = "cluster.warm_up_runs=5";
        Cli warm = cli(false, run);
        assertEquals(0, warm.code(), warm.toString());
        assertEquals("coordinator", role(latestManifest("flight_telemetry")));
        Map<String, String> outputsAfterWarm = untouched(dataOut);
        assertEquals(outputsAfterCold.keySet(), outputsAfterWarm.keySet());
        for (String name : outputsAfterCold.keySet()) {
            assertEquals(outputsAfterCold.get(name).split(" ")[1], outputsAfterWarm.get(name).split(" ")[1], name + "'s bytes");
        }
        assertEquals("warmed up: 2 run(s) of " + FLIGHT + " in",
                logLines("flight_telemetry", "warmed up:", 2).get(1).replaceAll(" [0-9]+ ms.*", ""));
        assertEquals(outputsAfterWarm, untouched(dataOut), "the second warm-up left the outputs as they were");
        try (Stream<Path> records = Files.list(home.resolve("log/execute/flight_telemetry"))) {
            assertEquals(2, records.count(), "the warm-ups left no record");
        }
        // the classes had their 5: the same run again is not followed by a warm-up
        Cli again = cli(false, run);
        assertEquals(0, again.code(), again.toString());
        Thread.sleep(1000);
        assertEquals(2, logLines("flight_telemetry", "warmed up:", 2).size(), "no third warm-up");
    }

    @Test
    void theThinClientGivesTheManagersConsoleExitCodeRecordAndOutputs() throws Exception {
        Path input = flightInput();
        Path dataOut = home.resolve("localshare/tester/flight_telemetry/dataframe");
        String[] run = { "run", "--app", FLIGHT.toString(), "--home", home.toString(), "--mode", "pc", "--set", "data_in=" + input,
                "--set", "output_format=csv" };
        // no coordinator yet: the thin client does nothing, says nothing, and leaves the run to the manager (exit 75)
        Cli none = thin(run);
        assertEquals(new Cli(WarmRunClient.NOT_TAKEN, "", ""), none);
        assertFalse(Files.isDirectory(home.resolve("log/execute/flight_telemetry")), "no run, no record");
        assertEquals(0, cli(false, run).code()); // plans the inputs and leaves the coordinator
        coordinatorUp("flight_telemetry");
        Cli viaManager = cli(false, run);
        Map<String, Object> viaManagerRecord = comparable(latestManifest("flight_telemetry"));
        Map<String, byte[]> viaManagerOutputs = outputs(dataOut);
        assertEquals("coordinator", role(latestManifest("flight_telemetry")));

        Cli thin = thin(run);
        Map<String, Object> thinManifest = latestManifest("flight_telemetry");
        assertEquals("coordinator", role(thinManifest), "the thin client's run ran on the coordinator");
        assertEquals(0, thin.code(), thin.toString());
        assertEquals(viaManager.console(), thin.console(), "the same console lines");
        assertEquals(viaManagerRecord, comparable(thinManifest), "the same record: command as typed, cwd, outputs' checksums");
        assertEquals(cwd.toString(), ((Map<?, ?>) thinManifest.get("command")).get("cwd"), "the caller's working folder");
        Map<String, byte[]> thinOutputs = outputs(dataOut);
        assertEquals(viaManagerOutputs.keySet(), thinOutputs.keySet());
        for (String name : viaManagerOutputs.keySet()) {
            assertArrayEquals(viaManagerOutputs.get(name), thinOutputs.get(name), name);
        }
        // --verbose and --json print what the manager prints too (in mode 0: a pool's items interleave as they come)
        for (String flag : List.of("--verbose", "--json")) {
            String[] flagged = java.util.stream.Stream.concat(java.util.Arrays.stream(run).map(arg -> arg.equals("pc") ? "0" : arg),
                    Stream.of(flag)).toArray(String[]::new);
            cli(true, flagged); // plans mode 0's inputs
            Cli manager = cli(false, flagged);
            Cli client = thin(flagged);
            assertEquals(manager.code(), client.code(), flag);
            assertEquals(manager.console(), client.console(), flag);
        }
        // what the manager runs itself stays with it: --no-daemon, the IDE's --protocol, other commands
        assertEquals(WarmRunClient.NOT_TAKEN, thin(java.util.stream.Stream.concat(java.util.Arrays.stream(run), Stream.of("--no-daemon"))
                .toArray(String[]::new)).code());
        assertEquals(WarmRunClient.NOT_TAKEN, thin("doctor", "--app", FLIGHT.toString(), "--home", home.toString()).code());
        assertEquals(WarmRunClient.NOT_TAKEN, thin("run", "--app", FLIGHT.toString(), "--home", home.toString(), "--bogus").code(),
                "a usage error is the manager's to report");

        // a failing run: the same classified error and exit code as through the manager
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("01_1.csv"), "date,lat,long,aircraft\n2020-03-01 08:00:00,north,2.0,AC-1\n");
        String[] failing = { "run", "--app", FLIGHT.toString(), "--home", home.toString(), "--mode", "0", "--set", "data_in=" + bad };
        cli(false, failing); // plans the inputs
        Cli failingViaManager = cli(false, failing);
        Cli failingThin = thin(failing);
        assertEquals(FailureClass.DATA.exitCode(), failingThin.code(), failingThin.toString());
        assertEquals(failingViaManager.console(), failingThin.console());
    }

    @Test
    void aFailingRunGivesTheSameClassifiedErrorAndExitCode() throws Exception {
        Path input = flightInput();
        String[] good = { "run", "--app", FLIGHT.toString(), "--home", home.toString(), "--mode", "0", "--set", "data_in=" + input };
        assertEquals(0, cli(false, good).code());
        coordinatorUp("flight_telemetry");
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("01_1.csv"), "date,lat,long,aircraft\n2020-03-01 08:00:00,north,2.0,AC-1\n");
        String[] failing = { "run", "--app", FLIGHT.toString(), "--home", home.toString(), "--mode", "0", "--set", "data_in=" + bad };
        cli(true, failing); // plans the inputs, as the runs compared below reuse the plan
        Cli inProcess = cli(true, failing);
        Map<String, Object> inProcessRecord = comparable(latestManifest("flight_telemetry"));
        Cli warm = cli(false, failing);
        Map<String, Object> warmManifest = latestManifest("flight_telemetry");
        assertEquals("coordinator", role(warmManifest));
        assertEquals(FailureClass.DATA.exitCode(), inProcess.code(), inProcess.toString());
        assertEquals(inProcess.code(), warm.code());
        assertEquals(inProcess.console(), warm.console());
        assertEquals(inProcessRecord, comparable(warmManifest));
    }

    /** A copy of the minimal app whose worker counts each line {@code weight} times. */
    Path minimalApp(int weight) throws IOException {
        Path app = dir.resolve("apps/minimal_app_project");
        if (!Files.isDirectory(app)) {
            try (Stream<Path> files = Files.walk(MINIMAL)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = app.resolve(MINIMAL.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target);
                    }
                }
            }
        }
        Path worker = app.resolve("src/minimal_app_worker/MinimalAppWorker.java");
        String source = Files.readString(MINIMAL.resolve("src/minimal_app_worker/MinimalAppWorker.java"));
        Files.writeString(worker, source.replace("return lines.count();", "return lines.count() * " + weight + ";"));
        return app;
    }

    Cli minimalRun(Path app, Path input, boolean optOut) throws Exception {
        return cli(optOut, "run", "--app", app.toString(), "--home", home.toString(), "--mode", "0", "--set", "data_in=" + input, "--json");
    }

    static long rows(Cli cli) {
        String[] lines = cli.out().strip().split("\n");
        org.agilab.runtime.protocol.Event event = org.agilab.runtime.protocol.EventEnvelope.parse(lines[lines.length - 1]).event();
        assertTrue(event instanceof org.agilab.runtime.protocol.Event.Result, cli.toString());
        return ((Number) ((org.agilab.runtime.protocol.Event.Result) event).data().get("rows")).longValue();
    }

    @Test
    void aChangedAppSourceIsCompiledAndLoadedByTheNextRunOnTheCoordinator() throws Exception {
        Path input = Files.createDirectories(dir.resolve("lines"));
        Files.writeString(input.resolve("a.txt"), "1\n2\n3\n");
        Path app = minimalApp(1);
        assertEquals(3, rows(minimalRun(app, input, false)));
        coordinatorUp("minimal_app");
        Cli warm = minimalRun(app, input, false);
        assertEquals("coordinator", role(latestManifest("minimal_app")));
        assertEquals(3, rows(warm), warm.toString());

        minimalApp(3);
        Cli changed = minimalRun(app, input, false);
        assertEquals("coordinator", role(latestManifest("minimal_app")));
        assertEquals(9, rows(changed), "the changed worker ran: " + changed);
        minimalApp(1);
        assertEquals(3, rows(minimalRun(app, input, false)), "and the source as it was before");
    }

    @Test
    void aCoordinatorThatIsGoneLeavesTheRunToTheCliAndOneThatDiesFailsItClearly() throws Exception {
        Path input = Files.createDirectories(dir.resolve("lines"));
        Files.writeString(input.resolve("a.txt"), "1\n2\n3\n");
        Path app = minimalApp(1);
        assertEquals(3, rows(minimalRun(app, input, false)));
        Coordinator.Endpoint first = coordinatorUp("minimal_app");

        // killed between runs: the next run finds a dead process in coordinator.json, runs itself and leaves a new one
        ProcessHandle.of(first.process().pid()).ifPresent(process -> {
            process.destroyForcibly();
            process.onExit().join();
        });
        Cli alone = minimalRun(app, input, false);
        assertEquals(0, alone.code(), alone.toString());
        assertEquals("manager", role(latestManifest("minimal_app")));
        Coordinator.Endpoint second = coordinatorUp("minimal_app");
        assertFalse(second.process().equals(first.process()));

        // killed during a run: the worker waits for a file the test writes only once the coordinator is dead
        Path started = dir.resolve("started");
        Path go = dir.resolve("go");
        Path worker = app.resolve("src/minimal_app_worker/MinimalAppWorker.java");
        Files.writeString(worker, Files.readString(worker).replace("try (Stream<String> lines",
                "Files.writeString(Path.of(\"" + started + "\"), \"\");\n"
                        + "        while (!Files.exists(Path.of(\"" + go + "\"))) {\n"
                        + "            try { Thread.sleep(20); } catch (InterruptedException e) { throw new IOException(e); }\n"
                        + "        }\n        try (Stream<String> lines"));
        Process run = start(ManagerMain.class, false, "run", "--app", app.toString(), "--home", home.toString(), "--mode", "0", "--set", "data_in=" + input);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (!Files.exists(started)) {
                assertTrue(run.isAlive() && System.nanoTime() < deadline, "the worker started on the coordinator");
                Thread.sleep(20);
            }
            ProcessHandle coordinator = ProcessHandle.of(second.process().pid()).orElseThrow();
            coordinator.destroyForcibly();
            coordinator.onExit().join();
            Files.writeString(go, "");
            String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(run.waitFor(120, TimeUnit.SECONDS));
            String err = Files.readString(dir.resolve("cli.err"));
            assertEquals(FailureClass.CLUSTER.exitCode(), run.exitValue(), out + err);
            assertTrue((out + err).contains("the coordinator closed the connection before the run ended"), out + err);
            assertTrue((out + err).contains(Coordinator.LOG), "names the coordinator's log: " + out + err);
        } finally {
            run.destroyForcibly();
            Files.writeString(go, "");
        }
    }

    /** The PID of the process that wrote a run's record (the manager's or the coordinator's). */
    static long pid(Map<String, Object> manifest) {
        return ((Number) ((Map<?, ?>) manifest.get("process")).get("pid")).longValue();
    }

    /** A run's record of its hosts in one state: {@code "ready"}, say. */
    @SuppressWarnings("unchecked")
    static List<String> hostDetails(Map<String, Object> manifest, String state) {
        return ((List<Map<String, Object>>) manifest.get("hosts")).stream().filter(host -> state.equals(host.get("state")))
                .map(host -> host.get("host") + " " + host.get("detail")).toList();
    }

    /** The Ignite clients' info lines in the shared client log, where each client start writes one "Node started". */
    List<String> clientLog(String target) throws IOException {
        Path log = nodes(target).resolve("client.log");
        return Files.isRegularFile(log) ? Files.readAllLines(log).stream().filter(line -> line.contains(" INFO ")).toList() : List.of();
    }

    /** How many Ignite clients joined, by the client log's lines. */
    static long joins(List<String> clientLog) {
        return clientLog.stream().filter(line -> line.contains("INFO G: Node started :")).count();
    }

    @Test
    void theClisColdClusterRunRunsOnTheCoordinatorItSpawnsWhichStartsTheNodesAndKeepsThemForTheNextRun() throws Exception {
        Path input = flightInput();
        Path dataOut = home.resolve("localshare/tester/flight_telemetry/dataframe");
        // --verbose: the console shows who ran it and what became of the nodes; reset_target: each run writes every output anew
        List<String> run = List.of("run", "--app", FLIGHT.toString(), "--home", home.toString(), "--mode", "dp", "--workers", "127.0.0.1:2",
                "--set", "data_in=" + input, "--set", "output_format=csv", "--set", "reset_target=true", "--verbose");
        Path nodes = nodes("flight_telemetry");

        // the reference: the same run in the CLI's own process; it leaves nodes and a coordinator, stopped before the cold run
        Cli alone = cli(false, java.util.stream.Stream.concat(run.stream(), Stream.of("--no-daemon")).toArray(String[]::new));
        assertEquals(0, alone.code(), alone.toString());
        Map<String, Object> aloneManifest = latestManifest("flight_telemetry");
        assertEquals("manager", role(aloneManifest), "--no-daemon runs in the CLI's process");
        Map<String, byte[]> aloneOutputs = outputs(dataOut);
        assertEquals(0, cli(true, "nodes", "stop", "--app", FLIGHT.toString(), "--home", home.toString()).code());
        assertTrue(Coordinator.find(nodes).isEmpty() && NodeRegistry.read(nodes).isEmpty(), "no coordinator and no nodes: the next run is cold");
        long joinsBefore = joins(clientLog("flight_telemetry"));

        Cli cold = cli(false, run.toArray(String[]::new));
        assertEquals(0, cold.code(), cold.toString());
        Map<String, Object> coldManifest = latestManifest("flight_telemetry");
        Coordinator.Endpoint coordinator = Coordinator.find(nodes).orElseThrow(() -> new AssertionError("no coordinator after the cold run"));
        // the CLI spawned the coordinator, handed it the run and relayed its events: the record is the coordinator's
        assertEquals("coordinator", role(coldManifest), "the cold run ran on the coordinator: " + cold);
        assertEquals(coordinator.process().pid(), pid(coldManifest));
        assertTrue(cold.out().contains("running on the coordinator of flight_telemetry_project (pid " + coordinator.process().pid() + ")"), cold.toString());
        // and the coordinator started the nodes in that run: its record names the registry's two nodes as started, not warm
        List<Long> nodePids = NodeRegistry.read(nodes).orElseThrow().nodes().stream().map(node -> node.process().pid()).toList();
        assertEquals(2, nodePids.size(), "two worker slots, both with a chunk of the plan");
        assertEquals(List.of("127.0.0.1 node-0 (pid " + nodePids.get(0) + "), node-1 (pid " + nodePids.get(1) + ") ready"),
                hostDetails(coldManifest, "ready"));
        // spawned with no nodes to adopt, it joined them once, as the run that started them, and kept that client
        assertFalse(Files.readString(nodes.resolve(Coordinator.LOG)).contains("joined the"), Files.readString(nodes.resolve(Coordinator.LOG)));
        assertEquals(joinsBefore + 1, joins(clientLog("flight_telemetry")), "one client joined the cold run's nodes, the coordinator's: "
                + clientLog("flight_telemetry"));
        // 750 rows: nfile = 0 takes both files (300 points of AC-1; 200 of AC-2 and 250 of AC-3), all within datemin..datemax
        assertEquals(750L, ((Number) ((Map<?, ?>) ((Map<?, ?>) coldManifest.get("result")).get("data")).get("rows")).longValue());
        assertEquals(comparable(aloneManifest).get("result"), comparable(coldManifest).get("result"), "the same result as --no-daemon's");
        Map<String, byte[]> coldOutputs = outputs(dataOut);
        assertEquals(aloneOutputs.keySet(), coldOutputs.keySet());
        for (String name : aloneOutputs.keySet()) {
            assertArrayEquals(aloneOutputs.get(name), coldOutputs.get(name), name + ": the cold run's output is --no-daemon's byte for byte");
        }

        Cli second = cli(false, run.toArray(String[]::new));
        assertEquals(0, second.code(), second.toString());
        Map<String, Object> secondManifest = latestManifest("flight_telemetry");
        assertEquals("coordinator", role(secondManifest));
        assertEquals(coordinator.process().pid(), pid(secondManifest), "the coordinator the cold run spawned");
        assertEquals(nodePids, NodeRegistry.read(nodes).orElseThrow().nodes().stream().map(node -> node.process().pid()).toList(),
                "the same nodes");
        assertEquals(List.of("127.0.0.1 node-0 (warm, pid " + nodePids.get(0) + ")", "127.0.0.1 node-1 (warm, pid " + nodePids.get(1) + ")"),
                hostDetails(secondManifest, "ready"), "reused warm");
        assertEquals(joinsBefore + 1, joins(clientLog("flight_telemetry")), "the second run used the coordinator's client, no join: "
                + clientLog("flight_telemetry"));
        Map<String, byte[]> secondOutputs = outputs(dataOut);
        for (String name : aloneOutputs.keySet()) {
            assertArrayEquals(aloneOutputs.get(name), secondOutputs.get(name), name + " of the second run");
        }
    }
}
