package org.agilab.runtime.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agilab.runtime.cluster.NodeRegistry;
import org.agilab.runtime.cluster.StrayJvms;
import org.agilab.runtime.service.ServiceQueue;
import org.agilab.runtime.service.ServiceTask;
import org.agilab.runtime.ssh.LoopbackSshd.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service whose workers are SSH hosts: real OpenSSH servers on the stand-in hosts 127.0.0.2 and 127.0.0.3 (one per
 * class, as {@link SshHostsTest} has them), the flight app's tasks run on nodes started there over SSH, their outputs
 * fetched to this machine's {@code data_out}; a node killed by PID mid-way (the stand-in hosts are this machine); stop
 * leaves no JVM on any host. Every sshd and JVM goes, also when a check fails.
 */
class ServiceSshHostsTest {

    static final Path APP = SshHostsTest.APP;
    /** The user the detached service process runs as (it inherits this JVM's environment): the share is theirs. */
    static final String USER = System.getenv().getOrDefault("USER", System.getProperty("user.name"));

    @TempDir
    static Path folder;
    static Path home;
    static LoopbackSshd host2;
    static LoopbackSshd host3;

    @BeforeAll
    static void startHosts() throws Exception {
        home = Files.createDirectories(folder.resolve("home"));
        List<LoopbackSshd> hosts = LoopbackSshd.startTwo(folder);
        host2 = hosts.get(0);
        host3 = hosts.get(1);
        LoopbackSshd.writeFlightSettings(home, folder.resolve("known_hosts"), host2.clientKey, hosts);
    }

    @AfterAll
    static void stopAll() throws Exception {
        LoopbackSshd.stopAll(home == null ? null : () -> agilab("serve", "stop", "--now"), folder, host2, host3);
    }

    static Outcome agilab(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args[0], "--app", APP.toString(), "--home", home.toString(), "--protocol"));
        all.addAll(List.of(args).subList(1, args.length));
        return LoopbackSshd.manager(USER, List.of(), all);
    }

    static Map<String, Object> ok(String... args) throws IOException {
        Outcome outcome = agilab(args);
        assertEquals(0, outcome.code(), outcome.last().toString());
        return outcome.result().data();
    }

    static Path share() {
        return home.resolve("localshare/" + USER);
    }

    static Map<String, byte[]> csv(Path dataOut) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dataOut)) {
            for (Path file : (Iterable<Path>) list.filter(f -> f.getFileName().toString().endsWith(".csv"))::iterator) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    static Path queue() {
        return home.resolve("wenv/flight_telemetry_worker/service");
    }

    static int done() throws IOException {
        return ((Number) ok("serve", "status").get("done")).intValue();
    }

    static List<Long> nodeProcessesOn(String host) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(line -> line.contains(folder.toString())
                && line.contains("-Dagilab.address=" + host + " ")).orElse(false)).map(ProcessHandle::pid).toList();
    }

    @Test
    void tasksRunOnTheHostsNodesTheirOutputsComeBackAKilledNodeIsReplacedAndStopLeavesNoJvm() throws Exception {
        // the reference: the same inputs on this machine (mode p)
        ok("install");
        ok("run", "--mode", "p", "--workers", "127.0.0.1:2", "--set", "data_out=flight_telemetry/reference");
        Map<String, byte[]> expected = csv(share().resolve("flight_telemetry/reference"));
        assertTrue(expected.size() >= 2, expected.keySet().toString());

        int count = 6;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add((String) ok("serve", "submit", "--set", "data_out=flight_telemetry/task-" + i).get("id"));
        }
        ok("serve", "start", "--mode", "dp", "--workers", "127.0.0.2:1,127.0.0.3:1");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
        while (done() < 2) {
            assertTrue(System.nanoTime() < deadline, "2 tasks not done; see " + queue().resolve("service.log"));
            Thread.sleep(100);
        }
        // a node on each host, started over SSH
        Path nodes = home.resolve("wenv/flight_telemetry_worker/nodes");
        NodeRegistry before = NodeRegistry.read(nodes).orElseThrow();
        assertEquals(List.of("127.0.0.2", "127.0.0.3"), before.nodes().stream().map(NodeRegistry.Node::host).sorted().toList());
        // the node of 127.0.0.3 killed by PID (the stand-in host is this machine), mid-way
        long victim = before.nodes().stream().filter(node -> "127.0.0.3".equals(node.host())).findFirst().orElseThrow().process().pid();
        ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);

        while (done() < count) {
            assertTrue(System.nanoTime() < deadline, "the tasks did not all end in done; see " + queue().resolve("service.log") + ": "
                    + ok("serve", "status"));
            Thread.sleep(200);
        }
        Map<String, Object> status = ok("serve", "status");
        assertEquals(0, ((Number) status.get("failed")).intValue(), status.toString());
        ServiceQueue tasks = ServiceQueue.open(queue());
        List<ServiceTask> done = tasks.list(ServiceQueue.State.DONE);
        assertEquals(new HashSet<>(ids), new HashSet<>(done.stream().map(ServiceTask::id).toList()), "each task once in done");
        for (ServiceTask task : done) {
            int i = ids.indexOf(task.id());
            Path dataOut = share().resolve("flight_telemetry/task-" + i);
            // its outputs came back to this machine's data_out, whole, and its file records them
            Map<String, byte[]> outputs = csv(dataOut);
            assertEquals(expected.keySet(), outputs.keySet(), "task " + i);
            for (String name : expected.keySet()) {
                assertArrayEquals(expected.get(name), outputs.get(name), "task " + i + ": " + name);
            }
            List<?> recorded = (List<?>) task.result().get("outputs");
            assertTrue(recorded != null && recorded.containsAll(expected.keySet().stream().map(name -> dataOut.resolve(name).toString()).toList()),
                    "task " + i + " records its outputs: " + task.result());
        }
        // the hosts wrote them: the outputs are in their own shares too
        for (LoopbackSshd host : List.of(host2, host3)) {
            try (Stream<Path> written = Files.walk(host.root.resolve("share/flight_telemetry"))) {
                assertTrue(written.anyMatch(file -> file.getFileName().toString().startsWith("task-")), "tasks ran on " + host.address);
            }
        }
        // the killed node was replaced: two nodes up again, 127.0.0.3's a new one
        NodeRegistry after = NodeRegistry.read(nodes).orElseThrow();
        assertEquals(2, after.nodes().size(), after.toString());
        long replaced = after.nodes().stream().filter(node -> "127.0.0.3".equals(node.host())).findFirst().orElseThrow().process().pid();
        assertNotEquals(victim, replaced);
        assertTrue(ProcessHandle.of(replaced).map(ProcessHandle::isAlive).orElse(false), "the new node of 127.0.0.3 runs");

        Map<String, Object> stopped = ok("serve", "stop");
        assertEquals("drained", stopped.get("stopReason"));
        assertEquals(List.of(), nodeProcessesOn("127.0.0.2"), "no node left on 127.0.0.2");
        assertEquals(List.of(), nodeProcessesOn("127.0.0.3"), "no node left on 127.0.0.3");
        assertEquals(List.of(), StrayJvms.killUnder(folder), "stop leaves no JVM: service, coordinator and nodes are gone");
        Set<String> left = new HashSet<>();
        try (Stream<Path> running = Files.list(queue().resolve("running"))) {
            running.forEach(file -> left.add(file.getFileName().toString()));
        }
        assertEquals(Set.of(), left);
    }
}
