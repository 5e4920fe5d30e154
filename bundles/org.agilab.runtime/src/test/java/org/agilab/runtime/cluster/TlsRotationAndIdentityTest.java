package org.agilab.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.install.InstallerTest;
import org.agilab.runtime.io.FileTrees;
import org.agilab.runtime.launch.ManagerClasspath;
import org.agilab.runtime.manager.ManagerMain;
import org.agilab.runtime.node.ClusterTls;
import org.agilab.runtime.node.IgniteSetup;
import org.agilab.runtime.node.NodeMain;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code docs/cluster-security.md} promises about a home's cluster identity and TLS material, on a warm node JVM
 * shared by the class: rotating the material (deleting {@code <home>/.agilab/tls/}) replaces the warm nodes and shuts
 * the old key out, whether or not the nodes were stopped first; a node started with the home's key but another
 * cluster's identity finds the home's nodes, leaves (exit 3), and the home's node serves on. Every JVM started here
 * is stopped after the class, even when it fails.
 */
class TlsRotationAndIdentityTest {

    @TempDir
    static Path dir;
    static Path home;
    static AppProject app;
    static final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void warmNode() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        app = InstallerTest.copyApp(InstallerTest.REPO_APPS.resolve("mycode_project"), dir.resolve("apps"));
        assertTrue(nodes(run(), Event.NodesState.STARTED, 1), "a cold start");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (Process process : started) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        if (home != null) {
            Coordinator.stop(nodes());
            NodeRegistry.stop(nodes());
        }
        assertEquals(List.of(), StrayJvms.killUnder(dir), "JVMs left behind");
    }

    static Path nodes() {
        return home.resolve("wenv/mycode_worker/nodes");
    }

    static Path tlsFolder() {
        return home.resolve(".agilab").resolve(ClusterTls.FOLDER);
    }

    static List<Long> pids() {
        return NodeRegistry.read(nodes()).orElseThrow().nodes().stream().map(n -> n.process().pid()).toList();
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Whether the run used {@code count} nodes in {@code state} (reused warm ones, or started). */
    static boolean nodes(List<Event> events, Event.NodesState state, int count) {
        return events.stream().anyMatch(e -> e instanceof Event.Nodes nodes && nodes.state() == state && nodes.count() == count);
    }

    /** A run of the app on one node of 127.0.0.1, as the CLI would: its events; it must succeed. */
    static List<Event> run() throws IOException {
        return agilab("run", "--mode", "dp", "--workers", "127.0.0.1:1");
    }

    static List<Event> agilab(String... args) throws IOException {
        try (PipedOutputStream control = new PipedOutputStream(); PipedInputStream in = new PipedInputStream(control)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> all = new ArrayList<>(List.of(args[0], "--app", app.folder().toString(), "--home", home.toString(), "--protocol"));
            all.addAll(List.of(args).subList(1, args.length));
            int code = new ManagerMain(Map.of("USER", "tester"), in, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(all.toArray(String[]::new));
            List<Event> events = out.toString(StandardCharsets.UTF_8).lines().map(EventEnvelope::parse).map(EventEnvelope::event).toList();
            assertEquals(0, code, events.get(events.size() - 1).toString());
            return events;
        }
    }

    /** A client of the home's nodes holding {@code tls}, started in this JVM. */
    static Ignite joinAs(String name, IgniteSetup.PortBlock ports, ClusterTls.Material tls, long joinTimeoutMs) throws IOException {
        org.apache.ignite.configuration.IgniteConfiguration configuration = IgniteSetup.configuration("test-" + name, IgniteSetup.CLIENT,
                ports, dir.resolve(name), IgniteSetup.clusterId(home, app.target()), IgniteSetup.ADDRESS,
                IgniteSetup.clientFinder(List.of(IgniteSetup.ADDRESS), ports),
                new PrintStream(Files.newOutputStream(dir.resolve(name + ".log")), true), IgniteSetup.DEFAULT_FAILURE_DETECTION_MS, tls);
        ((org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi) configuration.getDiscoverySpi()).setJoinTimeout(joinTimeoutMs);
        return org.apache.ignite.Ignition.start(configuration);
    }

    @Test
    void rotatedMaterialReplacesTheWarmNodesAndShutsTheOldKeyOut() throws Exception {
        run(); // warm, whatever ran before
        String old = ClusterTls.read(tlsFolder()).fingerprint();
        // the old key as a copy of it would hold it (a backup, another machine it was shipped to)
        Path oldCopy = Files.createDirectories(dir.resolve("old-tls"));
        for (String file : List.of(ClusterTls.KEY_STORE, ClusterTls.TRUST_STORE, ClusterTls.PASSWORD)) {
            Files.copy(tlsFolder().resolve(file), oldCopy.resolve(file));
        }
        List<Long> oldNodes = pids();

        // rotated while the nodes are warm (the user skipped 'nodes stop'): nodes of the old key are never reused
        FileTrees.delete(tlsFolder());
        List<Event> rotated = run();
        assertTrue(nodes(rotated, Event.NodesState.STARTED, 1), "new material, new nodes: " + rotated);
        String fresh = ClusterTls.read(tlsFolder()).fingerprint();
        assertNotEquals(old, fresh, "a new key pair was made");
        for (long pid : oldNodes) {
            assertFalse(alive(pid), "node " + pid + " of the old key was stopped");
        }
        assertTrue(Files.readString(nodes().resolve("node-0.log")).contains("node-0: TLS, certificate sha256 " + fresh),
                "the new node presents the new certificate");
        IgniteSetup.PortBlock ports = NodeRegistry.read(nodes()).orElseThrow().ports();
        assertThrows(IgniteException.class, () -> joinAs("old-key", ports, ClusterTls.read(oldCopy), 5_000).close(),
                "the old key is out: a member holding it is refused");
        try (Ignite member = joinAs("new-key", ports, ClusterTls.read(tlsFolder()), 30_000)) {
            assertEquals(1, member.cluster().forServers().nodes().size(), "a member holding the new key joins");
        }

        // rotated as the guide says: nodes stop, delete the folder, run again
        List<Long> rotatedNodes = pids();
        agilab("nodes", "stop");
        for (long pid : rotatedNodes) {
            assertFalse(alive(pid), "stopped node " + pid);
        }
        FileTrees.delete(tlsFolder());
        List<Event> again = run();
        assertTrue(nodes(again, Event.NodesState.STARTED, 1), again.toString());
        assertNotEquals(fresh, ClusterTls.read(tlsFolder()).fingerprint(), "each rotation makes a new key pair");
        assertTrue(nodes(run(), Event.NodesState.REUSED, 1), "the new material's nodes stay warm for the next run");
    }

    @Test
    void aNodeOfAnotherClusterIdentityLeavesAndTheHomesNodeServesOn() throws Exception {
        run(); // warm, whatever ran before
        List<Long> before = pids();
        IgniteSetup.PortBlock ports = NodeRegistry.read(nodes()).orElseThrow().ports();
        // the home's key (it passes TLS) but the identity of another home's cluster of the same app, on the same ports:
        // as when two clusters end up sharing a port block; it joins through the home's seed node as node 1 would
        String foreign = IgniteSetup.clusterId(dir.resolve("another-home"), app.target());
        String own = IgniteSetup.clusterId(home, app.target());
        assertNotEquals(own, foreign);
        Path folder = Files.createDirectories(dir.resolve("foreign-node"));
        List<String> command = new ArrayList<>(List.of(ManagerClasspath.currentJava().toString()));
        command.addAll(ClusterJvm.options());
        command.add("-D" + NodeMain.TLS_PROPERTY + "=" + tlsFolder());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NodeMain.class.getName(), "foreign-1",
                Integer.toString(ports.discovery()), Integer.toString(ports.communication()), folder.resolve("work").toString(),
                folder.resolve("ready").toString(), "600", folder.resolve("last-used").toString(), foreign, "1"));
        Path log = folder.resolve("node.log");
        Process node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(node);
        assertTrue(node.waitFor(120, TimeUnit.SECONDS), "the foreign node leaves by itself");
        String output = Files.readString(log);
        assertEquals(3, node.exitValue(), "a node that meets another cluster's identity leaves with exit 3: " + output);
        assertTrue(output.contains("shared with another cluster's nodes") && output.contains("(cluster " + own + ")"),
                "it says whose nodes it met: " + output);
        assertFalse(Files.exists(folder.resolve("ready")), "it never declared itself ready");

        assertEquals(before, pids(), "the home's node is the same process");
        for (long pid : before) {
            assertTrue(alive(pid), "node " + pid + " is still up");
        }
        assertTrue(nodes(run(), Event.NodesState.REUSED, 1), "and serves the home's next run");
    }
}
