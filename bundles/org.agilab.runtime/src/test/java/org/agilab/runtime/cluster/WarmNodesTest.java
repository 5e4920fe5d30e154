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
import org.agilab.runtime.manager.ManagerMain;
import org.agilab.runtime.node.ClusterTls;
import org.agilab.runtime.node.IgniteSetup;
import org.agilab.runtime.process.ProcessIdentity;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warm Ignite node JVMs on loopback: reused, replaced when the worker changes, stopped on demand or when idle. */
class WarmNodesTest {

    @TempDir
    Path dir;
    Path home;
    AppProject app;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        app = InstallerTest.copyApp(InstallerTest.REPO_APPS.resolve("mycode_project"), dir.resolve("apps"));
    }

    @AfterEach
    void noNodeSurvives() {
        Coordinator.stop(nodes());
        NodeRegistry.stop(nodes());
        assertEquals(List.of(), StrayJvms.killUnder(dir), "JVMs left behind");
        assertEquals(0, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count());
    }

    Path nodes() {
        return home.resolve("wenv/mycode_worker/nodes");
    }

    List<Event> agilab(String... args) throws IOException {
        return agilabExits(0, args);
    }

    /** A command that must fail: its final error event (exit code 3, a settings error). */
    Event agilabFails(String... args) throws IOException {
        List<Event> events = agilabExits(3, args);
        return events.get(events.size() - 1);
    }

    /** Runs a command of this test's app and home with the protocol on; asserts its exit code, returns its events. */
    List<Event> agilabExits(int expectedCode, String... args) throws IOException {
        try (PipedOutputStream control = new PipedOutputStream(); PipedInputStream in = new PipedInputStream(control)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> all = new ArrayList<>(List.of(args[0], "--app", app.folder().toString(), "--home", home.toString(), "--protocol"));
            all.addAll(List.of(args).subList(1, args.length));
            int code = new ManagerMain(Map.of("USER", "tester"), in, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(all.toArray(String[]::new));
            List<Event> events = out.toString(StandardCharsets.UTF_8).lines().map(EventEnvelope::parse).map(EventEnvelope::event).toList();
            assertEquals(expectedCode, code, events.get(events.size() - 1).toString());
            return events;
        }
    }

    Coordinator.Endpoint awaitCoordinator() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            java.util.Optional<Coordinator.Endpoint> endpoint = Coordinator.find(nodes());
            if (endpoint.isPresent()) {
                return endpoint.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no coordinator after 60 s; see " + nodes().resolve(Coordinator.LOG));
    }

    Map<String, Object> latestRecord() throws IOException {
        try (java.util.stream.Stream<Path> records = Files.list(home.resolve("log/execute/mycode"))) {
            Path last = records.filter(p -> p.getFileName().toString().endsWith("_run")).sorted().reduce((a, b) -> b).orElseThrow();
            return org.agilab.runtime.json.JsonCodec.readObject(Files.readString(last.resolve(org.agilab.runtime.record.RunRecord.MANIFEST_FILE)));
        }
    }

    List<Long> pids() {
        return NodeRegistry.read(nodes()).orElseThrow().nodes().stream().map(n -> n.process().pid()).toList();
    }

    static List<String> arguments(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).map(List::of).orElse(List.of());
    }

    /** Whether the run reused or started {@code count} nodes (of {@code compiler}, when not null). */
    static boolean nodes(List<Event> events, Event.NodesState state, int count, String compiler) {
        return events.stream().anyMatch(e -> e instanceof Event.Nodes nodes && nodes.state() == state && nodes.count() == count
                && (compiler == null || compiler.equals(nodes.compiler())));
    }

    /** The run's events of one type. */
    static <T extends Event> List<T> events(List<Event> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void nodesStayWarmAreReplacedWhenTheWorkerChangesAndStopOnDemand() throws Exception {
        List<Event> first = agilab("run", "--mode", "dp", "--workers", "127.0.0.1:2");
        assertTrue(nodes(first, Event.NodesState.STARTED, 2, null), "cold start");
        List<Long> warm = pids();
        assertEquals(2, warm.size());

        Coordinator.Endpoint coordinator = awaitCoordinator();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(coordinator.token())),
                "only the user can read the token");
        List<Event> second = agilab("run", "--mode", "dp", "--workers", "127.0.0.1:2");
        assertEquals(List.of(new Event.Delegated(app.name(), coordinator.process().pid())), events(second, Event.Delegated.class),
                "a warm run goes to the coordinator");
        assertEquals(List.of(), events(first, Event.Delegated.class), "a cold run runs in the caller");
        assertTrue(nodes(second, Event.NodesState.REUSED, 2, null), "the run log says the nodes were reused");
        assertEquals(warm, pids());
        Map<String, Object> manifest = latestRecord();
        assertEquals("coordinator", ((Map<?, ?>) manifest.get("process")).get("role"), "the record says the coordinator ran it");
        List<?> hosts = (List<?>) manifest.get("hosts");
        assertEquals(2, hosts.size());
        for (Object host : hosts) {
            assertTrue(String.valueOf(((Map<?, ?>) host).get("detail")).contains("warm"), "the record says the nodes were reused: " + host);
        }
        try (java.net.Socket intruder = new java.net.Socket("127.0.0.1", coordinator.port())) {
            intruder.getOutputStream().write("not-the-token\n[\"run\"]\n".getBytes(StandardCharsets.UTF_8));
            String answer = new String(intruder.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("refused"), answer);
        }

        Path source = app.folder().resolve("src/mycode_worker/MycodeWorker.java");
        Files.writeString(source, Files.readString(source) + "\n// changed\n");
        List<Event> third = agilab("run", "--mode", "dp", "--workers", "127.0.0.1:2");
        assertTrue(nodes(third, Event.NodesState.STARTED, 2, null), "a changed worker gets new nodes");
        List<Long> replaced = pids();
        assertNotEquals(warm, replaced);
        for (long pid : warm) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "old node " + pid + " is gone");
        }

        assertTrue(nodes(third, Event.NodesState.STARTED, 2, "quick"), "a small run on 127.0.0.1 starts quick nodes, with TLS as every cluster");
        for (long pid : replaced) {
            assertTrue(arguments(pid).contains("-XX:TieredStopAtLevel=1"), "quick node " + pid + ": " + arguments(pid));
        }
        List<Event> full = agilab("run", "--mode", "dp", "--workers", "127.0.0.1:2", "--set", "cluster.node_compiler=full");
        assertTrue(nodes(full, Event.NodesState.STARTED, 2, "full"), "quick nodes do not serve a run that asks for full ones");
        replaced = pids();
        for (long pid : replaced) {
            assertFalse(arguments(pid).contains("-XX:TieredStopAtLevel=1"), "full node " + pid + ": " + arguments(pid));
        }
        List<Event> quickOnFull = agilab("run", "--mode", "dp", "--workers", "127.0.0.1:2", "--set", "cluster.node_compiler=quick");
        assertTrue(nodes(quickOnFull, Event.NodesState.REUSED, 2, "full"), "full nodes serve a quick run");
        assertEquals(replaced, pids());

        List<Event> status = agilab("nodes", "status");
        Map<?, ?> data = ((Event.Result) status.get(status.size() - 1)).data();
        assertEquals(2, ((List<?>) data.get("nodes")).size(), "nodes status lists both warm nodes");
        Coordinator.Endpoint replacedCoordinator = awaitCoordinator();
        agilab("nodes", "stop");
        assertFalse(replacedCoordinator.process().isAlive(), "nodes stop stops the coordinator too");
        for (long pid : replaced) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "stopped node " + pid);
        }
    }

    @Test
    void theColdRunLeavesACoordinatorThatHasJoinedItsNodesBeforeTheSecondRun() throws Exception {
        List<Event> first = agilab("run", "--mode", "dp", "--workers", "127.0.0.1:2");
        assertTrue(nodes(first, Event.NodesState.STARTED, 2, null), "cold start");
        // spawned with the nodes, during the cold run: recorded (listening or about to) by the time that run returns
        assertTrue(Coordinator.running(nodes()), "the cold run started a coordinator");
        Coordinator.Endpoint coordinator = awaitCoordinator();
        NodeRegistry registry = NodeRegistry.read(nodes()).orElseThrow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!registry.started().equals(Coordinator.adopted(nodes()).orElse(null))) {
            assertTrue(System.nanoTime() < deadline, "the coordinator did not join the cold run's nodes in 60 s; see "
                    + nodes().resolve(Coordinator.LOG));
            Thread.sleep(50);
        }

        List<Event> second = agilab("run", "--mode", "dp", "--workers", "127.0.0.1:2");
        assertTrue(nodes(second, Event.NodesState.REUSED, 2, null), "the second run reuses the cold run's nodes");
        assertEquals(registry.nodes().stream().map(n -> n.process().pid()).toList(), pids());
        Map<?, ?> process = (Map<?, ?>) latestRecord().get("process");
        assertEquals("coordinator", process.get("role"), "the coordinator ran the second run");
        assertEquals(coordinator.process().pid(), ((Number) process.get("pid")).longValue(), "the coordinator the cold run started");
    }

    @Test
    void aRunRightAfterTheColdOneWaitsForTheStartingCoordinator() throws Exception {
        agilab("run", "--mode", "dp", "--workers", "127.0.0.1:1");
        // no wait here: the coordinator may not listen yet, and the second run waits for it rather than running itself
        List<Event> second = agilab("run", "--mode", "dp", "--workers", "127.0.0.1:1");
        assertTrue(nodes(second, Event.NodesState.REUSED, 1, null), "the second run reuses the node");
        Map<?, ?> process = (Map<?, ?>) latestRecord().get("process");
        assertEquals("coordinator", process.get("role"), "asked at once, the coordinator still ran it");
    }

    @Test
    void aTlsClusterRefusesAJvmWithoutItsTrustStore() throws Exception {
        List<Event> run = agilab("run", "--mode", "dp", "--workers", "127.0.0.1:1");
        assertTrue(events(run, Event.Nodes.class).stream().anyMatch(n -> Boolean.TRUE.equals(n.tls())), "the nodes use TLS: " + run);
        assertTrue(Files.readString(nodes().resolve("node-0.log")).contains("node-0: TLS, certificate sha256 "), "the node log says TLS");
        NodeRegistry registry = NodeRegistry.read(nodes()).orElseThrow();
        String clusterId = IgniteSetup.clusterId(home, "mycode");
        ClusterTls.Material own = ClusterTls.read(home.resolve(".agilab").resolve(ClusterTls.FOLDER));
        try (org.apache.ignite.Ignite member = joinAs("member", registry.ports(), clusterId, own, 30_000)) {
            assertEquals(1, member.cluster().forServers().nodes().size(), "a client with the home's trust store joins");
        }
        ClusterTls.Material stranger = ClusterTls.ensure(dir.resolve("other-home-tls"));
        assertThrows(org.apache.ignite.IgniteException.class, () -> joinAs("stranger", registry.ports(), clusterId, stranger, 5_000).close(),
                "a JVM with another home's key and trust store is refused");
        assertThrows(org.apache.ignite.IgniteException.class, () -> joinAs("plain", registry.ports(), clusterId, null, 5_000).close(),
                "a JVM without TLS is refused");
        List<Event> next = agilab("run", "--mode", "dp", "--workers", "127.0.0.1:1", "--set", "cluster.tls=true");
        assertTrue(nodes(next, Event.NodesState.REUSED, 1, null), "tls = true is what every cluster does anyway: the same nodes serve");
        assertTrue(nodes(next, Event.NodesState.REUSED, 1, null), "the refused joins left the node serving");
        Event.Failure refused = (Event.Failure) agilabFails("run", "--mode", "dp", "--workers", "127.0.0.1:1", "--set", "cluster.tls=false");
        assertEquals("cluster.tls", refused.key(), refused.toString());
        assertTrue(refused.hint().contains("remove 'tls = false'"), refused.toString());
    }

    @Test
    void installMakesTheHomesTlsMaterialEvenForA127001Cluster() throws Exception {
        Event.Failure refused = (Event.Failure) agilabFails("install", "--set", "cluster.tls=false");
        assertEquals("cluster.tls", refused.key(), "tls = false is a settings error on 127.0.0.1 too: " + refused);
        assertFalse(Files.exists(home.resolve(".agilab").resolve(ClusterTls.FOLDER)), "a refused install makes nothing");
        List<Event> install = agilab("install");
        Map<?, ?> data = ((Event.Result) install.get(install.size() - 1)).data();
        assertEquals(home.resolve(".agilab").resolve(ClusterTls.FOLDER).toString(), data.get("tls"), data.toString());
        assertTrue(Files.isRegularFile(home.resolve(".agilab").resolve(ClusterTls.FOLDER).resolve(ClusterTls.TRUST_STORE)));
    }

    org.apache.ignite.Ignite joinAs(String name, IgniteSetup.PortBlock ports, String clusterId, ClusterTls.Material tls, long joinTimeoutMs)
            throws IOException {
        org.apache.ignite.configuration.IgniteConfiguration configuration = IgniteSetup.configuration("test-" + name, IgniteSetup.CLIENT,
                ports, dir.resolve(name), clusterId, "127.0.0.1", IgniteSetup.clientFinder(java.util.List.of("127.0.0.1"), ports), new PrintStream(Files.newOutputStream(dir.resolve(name + ".log")), true),
                IgniteSetup.DEFAULT_FAILURE_DETECTION_MS, tls);
        ((org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi) configuration.getDiscoverySpi()).setJoinTimeout(joinTimeoutMs);
        return org.apache.ignite.Ignition.start(configuration);
    }

    @Test
    void benchmarkRanksClusterModesOnTheSameWarmNodesWithTheLocalOnes() throws Exception {
        List<Event> events = agilab("benchmark", "--modes", "p,dp,d", "--workers", "127.0.0.1:2");
        assertEquals(1, events.stream().filter(e -> e instanceof Event.Nodes nodes && nodes.state() == Event.NodesState.STARTED && nodes.count() == 2).count(),
                "the nodes start once, in the warm-up, and serve every cluster mode");
        assertEquals(2, events.stream().filter(e -> e instanceof Event.Nodes nodes && nodes.state() == Event.NodesState.REUSED && nodes.count() == 2).count(),
                "dp and d run on the warm nodes");
        Map<?, ?> data = ((Event.Result) events.get(events.size() - 1)).data();
        List<?> runs = (List<?>) data.get("runs");
        assertEquals(3, runs.size());
        java.util.Set<Object> modes = new java.util.HashSet<>();
        for (int i = 0; i < runs.size(); i++) {
            Map<?, ?> run = (Map<?, ?>) runs.get(i);
            modes.add(run.get("mode"));
            assertEquals(i + 1, ((Number) run.get("order")).intValue(), "ranked by time: " + runs);
            boolean cluster = org.agilab.api.ExecutionMode.parse(String.valueOf(run.get("mode")).replace("_", "")).has(
                    org.agilab.api.ExecutionMode.CLUSTER);
            assertEquals(cluster ? "cluster" : "local", run.get("variant"), run.toString());
            assertEquals(cluster ? "127.0.0.1:2" : "127.0.0.1", run.get("nodes"), run.toString());
        }
        assertEquals(java.util.Set.of(org.agilab.api.ExecutionMode.parse("p").label(), org.agilab.api.ExecutionMode.parse("dp").label(),
                org.agilab.api.ExecutionMode.parse("d").label()), modes, "each asked mode ran once: " + runs);
        assertEquals(2, pids().size(), "the nodes stay warm after the benchmark");
    }

    @Test
    void aDeadWarmNodeMeansFreshNodes() throws Exception {
        agilab("run", "--mode", "dp", "--workers", "127.0.0.1:2");
        long victim = pids().get(1);
        ProcessHandle node = ProcessHandle.of(victim).orElseThrow();
        node.destroyForcibly();
        node.onExit().get(20, TimeUnit.SECONDS);
        List<Event> next = agilab("run", "--mode", "dp", "--workers", "127.0.0.1:2");
        assertTrue(nodes(next, Event.NodesState.STARTED, 2, null), "a registry with a dead node is not reused");
        assertFalse(pids().contains(victim));
    }

    @Test
    void idleNodesStopThemselves() throws Exception {
        agilab("run", "--mode", "dp", "--workers", "127.0.0.1:1", "--set", "cluster.idle_timeout=0.05");
        List<ProcessIdentity> nodes = new ArrayList<>(NodeRegistry.read(nodes()).orElseThrow().nodes().stream()
                .map(NodeRegistry.Node::process).toList());
        nodes.add(awaitCoordinator().process());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (nodes.stream().anyMatch(ProcessIdentity::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(nodes.stream().noneMatch(ProcessIdentity::isAlive), "idle for more than 3 s: the node and the coordinator stopped");
    }
}
