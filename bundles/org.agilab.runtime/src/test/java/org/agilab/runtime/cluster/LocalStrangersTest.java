package org.agilab.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.install.InstallerTest;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.launch.ManagerClasspath;
import org.agilab.runtime.manager.ManagerMain;
import org.agilab.runtime.node.ClusterTls;
import org.agilab.runtime.node.IgniteSetup;
import org.agilab.runtime.node.NodeAdmission;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stranger: a JVM on the same machine that is not the home's, against a warm cluster on 127.0.0.1. It knows
 * the cluster's ports and identity, the staged worker's path, classes and hash (what the nodes' command lines and a
 * guess of the home's path tell), but not the home's TLS material. Whether it holds another home's material, trusts any
 * server, speaks plain TCP or is another OS user who cannot read the home at all, it must not join, run a closure, or
 * have a node run the app's own chunk job on its items into its {@code data_out}; and the nodes keep serving the owner.
 * The nodes (two, and the coordinator's client) are started once for the class. The strangers are real JVMs
 * ({@link Stranger}); every JVM started here is stopped after the class, even when it fails.
 */
class LocalStrangersTest {

    @TempDir
    static Path dir;
    static Path home;
    static Path data;
    static AppProject app;
    /** The strangers' own folder, outside {@link #dir} (whose 0700 keeps another OS user out), open to everyone. */
    static Path strangers;
    static List<Long> nodePids;
    static List<Event> firstRun;
    static final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void warmNodes() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "1\n2\n3\n");
        Files.writeString(data.resolve("b.txt"), "1\n2\n");
        app = writingApp("guarded");
        strangers = Files.createTempDirectory("agilab-strangers-");
        Files.setPosixFilePermissions(strangers, PosixFilePermissions.fromString("rwxrwxrwx"));
        firstRun = owner();
        assertTrue(nodes(firstRun, Event.NodesState.STARTED, 2, null), "a cold start: " + firstRun);
        // a second run goes to the coordinator, whose client then stays joined: its port is probed too
        Coordinator.Endpoint coordinator = awaitCoordinator();
        List<Event> second = owner();
        assertTrue(second.contains(new Event.Delegated(app.name(), coordinator.process().pid())), "the warm run goes to the coordinator: " + second);
        nodePids = pids();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (Process process : started) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        Path nodes = nodes();
        if (nodes != null) {
            Coordinator.stop(nodes);
            NodeRegistry.stop(nodes);
        }
        List<String> left = new ArrayList<>(StrayJvms.killUnder(dir));
        if (strangers != null) {
            left.addAll(StrayJvms.killUnder(strangers));
            try (Stream<Path> files = Files.walk(strangers)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        assertEquals(List.of(), left, "JVMs left behind");
    }

    static Path nodes() {
        return home == null ? null : home.resolve("wenv/guarded_worker/nodes");
    }

    static Path outputs() {
        return home.resolve("localshare/tester/guarded/dataframe");
    }

    static List<Long> pids() {
        return NodeRegistry.read(nodes()).orElseThrow().nodes().stream().map(n -> n.process().pid()).toList();
    }

    /** Whether the run reused or started {@code count} nodes (of {@code compiler}, when not null). */
    static boolean nodes(List<Event> events, Event.NodesState state, int count, String compiler) {
        return events.stream().anyMatch(e -> e instanceof Event.Nodes nodes && nodes.state() == state && nodes.count() == count
                && (compiler == null || compiler.equals(nodes.compiler())));
    }


    /** The owner's run: both files counted into the app's own data_out. */
    static List<Event> owner() throws IOException {
        if (Files.isDirectory(outputs())) {
            try (Stream<Path> files = Files.list(outputs())) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        try (PipedOutputStream control = new PipedOutputStream(); PipedInputStream in = new PipedInputStream(control)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = new ManagerMain(Map.of("USER", "tester"), in, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run("run", "--app", app.folder().toString(),
                            "--home", home.toString(), "--protocol", "--mode", "dp", "--workers", "127.0.0.1:2", "--set", "data_in=" + data,
                            "--set", "nfile=0", "--set", "files=*.txt");
            List<Event> events = out.toString(StandardCharsets.UTF_8).lines().map(EventEnvelope::parse).map(EventEnvelope::event).toList();
            assertEquals(0, code, events.get(events.size() - 1).toString());
            assertEquals("3 lines\n", Files.readString(outputs().resolve("a.txt.out")), "the owner's run wrote its outputs");
            assertEquals("2 lines\n", Files.readString(outputs().resolve("b.txt.out")));
            return events;
        }
    }

    static Coordinator.Endpoint awaitCoordinator() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Coordinator.find(nodes()).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no coordinator after 60 s; see " + nodes().resolve(Coordinator.LOG));
            Thread.sleep(100);
        }
        return Coordinator.find(nodes()).orElseThrow();
    }

    /** A copy of the minimal app named {@code name} whose worker writes {@code <data_out>/<work>.out} for each work. */
    static AppProject writingApp(String name) throws Exception {
        Path folder = InstallerTest.renamedMinimalApp(dir.resolve("apps"), name);
        String camel = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        Path worker = folder.resolve("src/" + name + "_worker/" + camel + "Worker.java");
        String code = Files.readString(worker);
        String output = """
                java.nio.file.Path out = context.resolveOutput(context.args().dataOut);
                        try {
                            Files.createDirectories(out);
                            Files.writeString(out.resolve(work.name() + ".out"), lines + " lines\\n");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        return lines;""";
        assertTrue(code.contains("return lines;"), worker + " changed: the output patch no longer applies");
        Files.writeString(worker, code.replaceFirst(java.util.regex.Pattern.quote("return lines;"),
                java.util.regex.Matcher.quoteReplacement(output)));
        return AppProject.at(folder);
    }

    /**
     * Runs a {@link Stranger} JVM ({@code asUser} null: this OS user) trying {@code ways} with {@code items}, and returns
     * what it saw. Its folder is {@code strangers/<label>}, open to everyone.
     */
    static Map<String, Object> stranger(String label, String asUser, List<String> ways, String probeKey, List<String> items)
            throws Exception {
        Path folder = Files.createDirectories(strangers.resolve(label));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        NodeRegistry registry = NodeRegistry.read(nodes()).orElseThrow();
        String workerJar = ProcessHandle.of(registry.nodes().get(0).process().pid()).flatMap(p -> p.info().arguments()).map(List::of)
                .orElseThrow().stream().filter(a -> a.startsWith("-D" + NodeAdmission.WORKER_JAR_PROPERTY + "=")).findFirst()
                .orElseThrow().substring(("-D" + NodeAdmission.WORKER_JAR_PROPERTY + "=").length());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("folder", folder.toString());
        spec.put("result", folder.resolve("result.json").toString());
        spec.put("discovery", registry.ports().discovery());
        spec.put("communication", registry.ports().communication());
        spec.put("clusterId", IgniteSetup.clusterId(home, app.target()));
        spec.put("joinTimeoutMs", 5_000);
        spec.put("ways", ways);
        spec.put("probeKey", probeKey);
        spec.put("appName", app.name());
        spec.put("workerJar", workerJar);
        spec.put("workerEnv", Path.of(workerJar).getParent().getParent().toString());
        try (JarFile jar = new JarFile(workerJar)) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            spec.put("installHash", manifest.getValue(Installer.MANIFEST_HASH));
            spec.put("workerClass", manifest.getValue(Installer.MANIFEST_WORKER));
            spec.put("managerClass", manifest.getValue(Installer.MANIFEST_MANAGER));
        }
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("data_in", folder.toString());
        args.put("files", "*");
        args.put("nfile", 0);
        args.put("nskip", 0);
        args.put("nread", 0);
        args.put("reset_target", false);
        spec.put("args", args);
        spec.put("items", items);
        Path specFile = folder.resolve("spec.json");
        Files.writeString(specFile, JsonCodec.writePretty(spec));
        Files.setPosixFilePermissions(specFile, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> command = new ArrayList<>();
        String classpath = System.getProperty("java.class.path");
        if (asUser != null) {
            command.addAll(List.of("runuser", "-u", asUser, "--"));
            classpath = readableCopy(classpath);
        }
        command.add(ManagerClasspath.currentJava().toString());
        command.addAll(ClusterJvm.options());
        command.addAll(List.of("-Xmx256m", "-cp", classpath, Stranger.class.getName(), specFile.toString()));
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("stranger.out").toFile()).start();
        started.add(process);
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            throw new AssertionError("the stranger did not finish within 180 s: " + Files.readString(folder.resolve("stranger.out")));
        }
        Path result = folder.resolve("result.json");
        assertTrue(Files.isRegularFile(result), () -> "the stranger wrote no result (exit " + process.exitValue() + "): "
                + read(folder.resolve("stranger.out")));
        System.out.println(label + ": " + Files.readString(result)); // the report's system-out: what the stranger saw
        return JsonCodec.readObject(Files.readString(result));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * The test JVM's classpath where another OS user can read it ({@code ~/.m2} is the owner's): jars hard-linked (or
     * copied) and class folders copied into {@code strangers/classpath}.
     */
    static String readableCopy(String classpath) throws IOException {
        Path copy = strangers.resolve("classpath");
        List<String> entries = new ArrayList<>();
        int index = 0;
        for (String entry : classpath.split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source) || source.getFileName().toString().contains("duckdb")) {
                continue; // DuckDB's 70 MB are of no use to a stranger
            }
            Path target = copy.resolve(index++ + "-" + source.getFileName());
            Files.createDirectories(copy);
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path file : files.toList()) {
                        Path into = target.resolve(source.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(into);
                        } else {
                            Files.copy(file, into);
                        }
                    }
                }
            } else {
                try {
                    Files.createLink(target, source);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(source, target);
                }
                if (!Files.getPosixFilePermissions(target).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
                    Files.delete(target);
                    Files.copy(source, target);
                }
            }
            entries.add(target.toString());
        }
        try (Stream<Path> files = Files.walk(copy)) {
            for (Path file : files.toList()) {
                if (Files.isDirectory(file)) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else if (!Files.getPosixFilePermissions(file).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Nothing of the stranger's ran: no join, no closure, no chunk, nothing written where it asked. */
    @SuppressWarnings("unchecked")
    static void assertRefused(Map<String, Object> result, Path folder) throws IOException {
        List<Object> attempts = (List<Object>) result.get("attempts");
        assertFalse(attempts.isEmpty());
        for (Object each : attempts) {
            Map<String, Object> attempt = (Map<String, Object>) each;
            assertEquals(false, attempt.get("joined"), "a stranger joined the cluster: " + attempt);
            assertNotNull(attempt.get("refused"), attempt.toString());
            assertFalse(attempt.containsKey("closure") || attempt.containsKey("chunk"), "a node answered the stranger: " + attempt);
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().noneMatch(n -> n.startsWith("out-") || n.endsWith(".ran")),
                    "a node wrote into the stranger's folder: " + names);
        }
    }

    /** The nodes are the same, saw no job of the stranger's, and still serve the owner. */
    static void assertStillTheOwners() throws IOException {
        assertEquals(nodePids, pids(), "the nodes survived the stranger");
        for (int i = 0; i < nodePids.size(); i++) {
            String log = read(nodes().resolve("node-" + i + ".log"));
            assertFalse(log.contains("refused a job") || log.contains("refused a chunk job"), "a stranger's job reached node-" + i);
        }
        List<Event> run = owner();
        assertTrue(nodes(run, Event.NodesState.REUSED, 2, null), "the warm nodes serve the owner's next run: " + run);
    }

    @Test
    void aClusterOn127001UsesTlsWithTheHomesMaterial() throws Exception {
        assertTrue(nodes(firstRun, Event.NodesState.STARTED, 2, "quick"), "a 127.0.0.1 cluster uses TLS: " + firstRun);
        String fingerprint = ClusterTls.read(home.resolve(".agilab").resolve(ClusterTls.FOLDER)).fingerprint();
        for (int i = 0; i < nodePids.size(); i++) {
            assertTrue(read(nodes().resolve("node-" + i + ".log")).contains("node-" + i + ": TLS, certificate sha256 " + fingerprint),
                    "node-" + i + " says it uses the home's certificate");
        }
        for (long pid : nodePids) {
            assertTrue(ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).map(List::of).orElseThrow()
                    .contains("-DIGNITE_MARSHALLER_WHITELIST=" + NodeAdmission.ALLOWLIST_RESOURCE), "node " + pid + " has the allowlist");
        }
        List<String> coordinator = Coordinator.find(nodes()).flatMap(e -> ProcessHandle.of(e.process().pid())).flatMap(p -> p.info()
                .arguments()).map(List::of).orElseThrow();
        assertTrue(coordinator.contains("-DIGNITE_MARSHALLER_WHITELIST=" + NodeAdmission.ALLOWLIST_RESOURCE),
                "the coordinator, whose client stays joined, runs with the nodes' marshaller allowlist: " + coordinator);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aJvmWithAnotherHomesMaterialCannotJoinRunAClosureOrAChunkNorPassTheHandshake() throws Exception {
        Path folder = strangers.resolve("other-home");
        Path otherTls = folder.resolve("tls");
        Files.createDirectories(folder);
        Path secret = Files.writeString(folder.resolve("secret.txt"), "s\ne\nc\nr\n");
        Map<String, Object> result = stranger("other-home", null,
                List.of("material:" + otherTls, "trust-all:" + otherTls, "plain"), otherTls.toString(), List.of(secret.toString()));
        assertRefused(result, folder);
        // Ignite's own checks, seen from outside: every listening port (both nodes' discovery and communication, and the
        // coordinator's client's communication) shows the home's certificate, asks for ours and refuses it
        String home = ClusterTls.read(LocalStrangersTest.home.resolve(".agilab").resolve(ClusterTls.FOLDER)).fingerprint();
        List<Map<String, Object>> probes = (List<Map<String, Object>>) (List<?>) result.get("probes");
        assertTrue(probes.stream().filter(p -> "discovery".equals(p.get("kind"))).count() >= 2, "both nodes' discovery ports: " + probes);
        assertTrue(probes.stream().filter(p -> "communication".equals(p.get("kind"))).count() >= 3,
                "both nodes' and the coordinator client's communication ports: " + probes);
        for (Map<String, Object> probe : probes) {
            assertEquals(home, probe.get("certificate"), "the peer presents the home's certificate: " + probe);
            String outcome = String.valueOf(probe.get("outcome"));
            assertTrue(outcome.startsWith("refused") || outcome.startsWith("closed"), "the peer refused a foreign client certificate: " + probe);
        }
        // the same probe under the home's own key is taken on every one of those ports: the refusals were the certificate's
        List<Map<String, Object>> control = (List<Map<String, Object>>) (List<?>) Stranger.probes(NodeRegistry.read(nodes()).orElseThrow()
                .ports(), ClusterTls.read(LocalStrangersTest.home.resolve(".agilab").resolve(ClusterTls.FOLDER)));
        assertEquals(probes.stream().map(p -> ((Number) p.get("port")).intValue()).toList(),
                control.stream().map(p -> ((Number) p.get("port")).intValue()).toList(), control.toString());
        for (Map<String, Object> probe : control) {
            String outcome = String.valueOf(probe.get("outcome"));
            assertTrue(outcome.equals("data") || outcome.equals("silence"), "the home's own key is taken: " + probe);
        }
        assertStillTheOwners();
    }

    @Test
    void anotherOsUserWithoutAccessToTheHomeCannotMakeTheNodesReadTheOwnersData() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/runuser")),
                "needs root and runuser to act as another OS user");
        Path folder = strangers.resolve("nobody");
        Path homeTls = home.resolve(".agilab").resolve(ClusterTls.FOLDER);
        Map<String, Object> result = stranger("nobody", "nobody",
                List.of("plain", "material:" + homeTls, "material:" + folder.resolve("tls")), null,
                List.of(data.resolve("a.txt").toString()));
        assertEquals("nobody", result.get("user"), "the stranger ran as another OS user");
        assertRefused(result, folder);
        @SuppressWarnings("unchecked")
        Map<String, Object> homeMaterial = (Map<String, Object>) ((List<Object>) result.get("attempts")).get(1);
        assertTrue(String.valueOf(homeMaterial.get("refused")).startsWith("no material"), "the home's material is the owner's alone: "
                + homeMaterial);
        assertStillTheOwners();
    }
}
