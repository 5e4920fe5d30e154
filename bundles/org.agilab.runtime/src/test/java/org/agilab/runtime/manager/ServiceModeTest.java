package org.agilab.runtime.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agilab.runtime.cluster.StrayJvms;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.protocol.EventOutcome;
import org.agilab.runtime.service.ServiceQueue;
import org.agilab.runtime.service.ServiceState;
import org.agilab.runtime.service.ServiceTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service mode with real JVMs: a detached service process, the coordinator and two Ignite node JVMs on 127.0.0.1,
 * running the flight app's tasks from the durable queue; every JVM is gone afterwards, also when a check fails.
 */
class ServiceModeTest {

    static final Path APP = FlightAppTest.APP;

    @TempDir
    Path dir;
    Path home;
    Path dataIn;

    record Outcome(int code, List<Event> events) implements EventOutcome {
    }

    @BeforeEach
    void writeInputs() throws IOException {
        home = Files.createDirectories(dir.resolve("home"));
        dataIn = Files.createDirectories(dir.resolve("input"));
        Random random = new Random(23);
        Files.writeString(dataIn.resolve("01_100.csv"), FlightAppTest.render(FlightAppTest.points(random, "AC-1", 30), "plain"));
        Files.writeString(dataIn.resolve("02_200.csv"), FlightAppTest.render(FlightAppTest.points(random, "AC-2", 25), "plain"));
    }

    @AfterEach
    void noJvmSurvives(org.junit.jupiter.api.TestInfo test) throws IOException {
        try {
            assertEquals(List.of(), StrayJvms.killUnder(dir), "JVMs left behind");
        } finally {
            keepLogs(test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test"));
        }
    }

    /** The service's, the coordinator's and the nodes' logs, kept under target/ (the temporary home goes). */
    private void keepLogs(String name) throws IOException {
        Path kept = Path.of("target", "service-mode-logs", name);
        Path worker = home.resolve("wenv/flight_telemetry_worker");
        for (Path folder : List.of(worker.resolve("nodes"), worker.resolve("service"))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> logs = Files.list(folder)) {
                for (Path log : (Iterable<Path>) logs.filter(f -> f.getFileName().toString().endsWith(".log"))::iterator) {
                    Files.createDirectories(kept);
                    Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    Outcome agilab(String... args) throws IOException {
        try (PipedOutputStream control = new PipedOutputStream(); PipedInputStream in = new PipedInputStream(control)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> all = new ArrayList<>(List.of(args[0], "--app", APP.toString(), "--home", home.toString(), "--protocol"));
            all.addAll(List.of(args).subList(1, args.length));
            int code = new ManagerMain(Map.of("USER", "tester"), in, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(all.toArray(String[]::new));
            return new Outcome(code, out.toString(StandardCharsets.UTF_8).lines().map(EventEnvelope::parse).map(EventEnvelope::event).toList());
        }
    }

    Map<String, Object> ok(String... args) throws IOException {
        Outcome outcome = agilab(args);
        assertEquals(0, outcome.code(), outcome.last().toString());
        return outcome.result().data();
    }

    Path queue() {
        return home.resolve("wenv/flight_telemetry_worker/service");
    }

    /** The flight outputs of a folder (one CSV per aircraft; the reduce summaries differ by worker count). */
    static Map<String, byte[]> files(Path folder) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : (Iterable<Path>) list.filter(f -> f.getFileName().toString().endsWith(".csv"))::iterator) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    /** Waits (at most 5 minutes: a bound, not a measure) until the queue has {@code done} tasks done and none left. */
    Map<String, Object> awaitDone(int done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        Map<String, Object> status = ok("serve", "status");
        while (((Number) status.get("done")).intValue() + ((Number) status.get("failed")).intValue() < done) {
            assertTrue(System.nanoTime() < deadline, "the service did not finish: " + status + "; see " + queue().resolve("service.log"));
            Thread.sleep(200);
            status = ok("serve", "status");
        }
        return status;
    }

    /**
     * One service's whole life on one pair of node JVMs (a cold start costs most of a test's time, so these steps share
     * it): queued before and after start, status, health, snapshot, then its coordinator killed and 30 more tasks
     * served, then the drain.
     */
    @Test
    void aServiceRunsQueuedTasksOnTwoNodesSurvivesTheCliAndItsCoordinatorAndDrainsOnStop() throws Exception {
        // the reference: the same input in one JVM (mode 0)
        Path reference = dir.resolve("reference");
        ok("run", "--mode", "0", "--set", "data_in=" + dataIn, "--set", "output_format=csv", "--set", "data_out=" + reference);
        Map<String, byte[]> expected = files(reference);
        assertEquals(Set.of("AC-1.csv", "AC-2.csv"), expected.keySet());

        // queued before any service runs: the queue is durable, the service takes them when it starts
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Map<String, Object> queued = ok("serve", "submit", "--set", "output_format=csv", "--set", "data_out=" + dir.resolve("out-" + i));
            ids.add((String) queued.get("id"));
            assertEquals("stopped", queued.get("service"));
        }
        // told not to start nodes anew: a node killed below stays gone, for the gate to see
        Map<String, Object> started = ok("serve", "start", "--mode", "dp", "--workers", "127.0.0.1:2", "--set", "data_in=" + dataIn,
                "--set", "service.node_restarts=0");
        assertTrue(List.of("running", "draining").contains(started.get("state")), started.toString());
        long servicePid = ((Number) started.get("pid")).longValue();
        assertTrue(ProcessHandle.of(servicePid).isPresent(), "the service outlives the command that started it");
        assertEquals(servicePid, ((Number) ok("serve", "start").get("pid")).longValue(), "a second start finds it");
        for (int i = 2; i < 6; i++) {
            ids.add((String) ok("serve", "submit", "--set", "output_format=csv", "--set", "data_out=" + dir.resolve("out-" + i)).get("id"));
        }
        assertEquals(6, new HashSet<>(ids).size());

        Map<String, Object> status = awaitDone(6);
        assertEquals(6, ((Number) status.get("done")).intValue(), status.toString());
        assertEquals(0, ((Number) status.get("failed")).intValue(), status.toString());
        assertEquals(0, ((Number) status.get("pending")).intValue());
        List<?> workers = (List<?>) status.get("workers");
        assertEquals(2, workers.size(), status.toString());
        for (Object worker : workers) {
            assertEquals("up", ((Map<?, ?>) worker).get("state"), worker.toString());
        }
        assertTrue(status.get("coordinator") instanceof Number, "the coordinator heads the nodes: " + status);
        ServiceQueue tasks = ServiceQueue.open(queue());
        for (int i = 0; i < 6; i++) {
            ServiceTask done = tasks.find(ids.get(i)).orElseThrow();
            assertEquals(java.util.Optional.of(ServiceQueue.State.DONE), tasks.stateOf(ids.get(i)));
            assertEquals(1, done.attempts(), done.toString());
            assertEquals(4, ((Number) done.result().get("mode")).intValue() & 4, "ran on the cluster: " + done.result());
            assertEquals(expected.keySet(), files(dir.resolve("out-" + i)).keySet(), "task " + i);
            Map<String, byte[]> outputs = files(dir.resolve("out-" + i));
            for (String name : expected.keySet()) {
                assertTrue(java.util.Arrays.equals(expected.get(name), outputs.get(name)), "task " + i + ": " + name);
            }
        }

        // --json: one line, the result, whose data holds the counts and the workers
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new ManagerMain(Map.of("USER", "tester"), java.io.InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run("serve", "status", "--app", APP.toString(), "--home", home.toString(), "--json");
        assertEquals(0, code);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        Map<?, ?> data = (Map<?, ?>) JsonCodec.readObject(lines.get(0)).get("data");
        assertEquals(6L, data.get("done"));
        assertEquals(2, ((List<?>) data.get("workers")).size());

        // the health gate passes on a running service with its two workers up, and says so in upstream's health file
        Map<String, Object> healthy = ok("serve", "health");
        assertEquals("running", healthy.get("status"), healthy.toString());
        assertEquals(true, healthy.get("passed"));
        assertEquals(3, ((List<?>) healthy.get("workerHealth")).size(), "the service and two nodes: " + healthy);
        Map<String, Object> healthFile = JsonCodec.readObject(Files.readString(queue().resolve("health.json")));
        assertEquals("agi.service.health.v1", healthFile.get("schema"));
        assertEquals(true, healthFile.get("gate_passed"));

        // upstream's operator snapshot, where its ORCHESTRATE page writes it
        Path snapshotFile = Path.of((String) ok("serve", "snapshot").get("file"));
        assertEquals(home.resolve("log/execute/flight_telemetry/service_operator_snapshot.json"), snapshotFile);
        Map<String, Object> snapshot = JsonCodec.readObject(Files.readString(snapshotFile));
        assertEquals("agilab.service.operator_snapshot.v1", snapshot.get("schema"));
        assertEquals("flight_telemetry", snapshot.get("target"));
        assertEquals("running", snapshot.get("status"));
        assertEquals(Map.of("allow_idle", false, "max_unhealthy", 0L, "max_restart_rate", 0.25, "heartbeat_timeout_sec", 5.0),
                snapshot.get("health_gate"));
        assertEquals(3L, ((Map<?, ?>) snapshot.get("summary")).get("tracked_workers"));
        assertEquals(3, ((List<?>) snapshot.get("worker_health")).size());

        // the coordinator is not on a task's path: killed by PID, the service keeps serving the tasks submitted after
        Path nodes = home.resolve("wenv/flight_telemetry_worker/nodes");
        long coordinator = org.agilab.runtime.cluster.Coordinator.find(nodes, 30_000).orElseThrow().process().pid();
        ProcessHandle.of(coordinator).ifPresent(ProcessHandle::destroyForcibly);
        int more = 30;
        for (int i = 0; i < more; i++) {
            ok("serve", "submit", "--set", "output_format=csv", "--set", "data_out=" + dir.resolve("after-" + i));
        }
        status = awaitDone(6 + more);
        assertEquals(6 + more, ((Number) status.get("done")).intValue(), status.toString());
        assertTrue(ProcessHandle.of(servicePid).map(ProcessHandle::isAlive).orElse(false), "the service is still up");
        for (int i = 0; i < more; i++) {
            assertEquals(expected.keySet(), files(dir.resolve("after-" + i)).keySet(), "task " + i + " after the coordinator's death");
        }

        // a node killed by PID stays gone ([service] node_restarts = 0): a gate that allows one unhealthy node passes, the
        // default one (none) fails naming it; once reaped (a killed process stays a zombie until init collects it)
        long victim = org.agilab.runtime.cluster.NodeRegistry.read(nodes).orElseThrow().nodes().get(0).process().pid();
        killAndReap(victim);
        assertEquals(0, agilab("serve", "health", "--set", "cluster.service_health.max_unhealthy=1").code());
        Outcome degraded = agilab("serve", "health");
        assertEquals(6, degraded.code(), "killed " + victim + ": " + degraded.last());
        assertTrue(degraded.failure().message().contains("max_unhealthy=0: 1 unhealthy (node-0@127.0.0.1 process-gone(pid " + victim + ")"),
                degraded.failure().message());
        assertEquals(null, ok("serve", "status").get("nodeRestarts"), "not started anew");

        Map<String, Object> stopped = ok("serve", "stop");
        assertEquals("stopped", stopped.get("state"));
        assertEquals("drained", stopped.get("stopReason"));
        assertFalse(ProcessHandle.of(servicePid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(List.of(), StrayJvms.killUnder(dir), "stop leaves no JVM: service, coordinator and nodes are gone");
        assertFalse(Files.exists(queue().resolve(ServiceState.DRAIN)), "the drain request is gone with the service");
        for (String name : List.of("service.json", "service.log", "health.json")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(queue().resolve(name))), name);
        }

        // a stopped service is idle: upstream's default gate (allow_idle = false) fails, naming the threshold
        Outcome idle = agilab("serve", "health");
        assertEquals(6, idle.code());
        assertTrue(idle.failure().message().contains("allow_idle=false: the service is idle (not running)"), idle.failure().message());
        assertEquals(0, agilab("serve", "health", "--set", "cluster.service_health.allow_idle=true").code());
    }

    @Test
    void hundredTasksWhoseNodeIsKilledMidwayAllEndInDoneExactlyOnce() throws Exception {
        Path reference = dir.resolve("reference");
        ok("run", "--mode", "0", "--set", "data_in=" + dataIn, "--set", "output_format=csv", "--set", "data_out=" + reference);
        Map<String, byte[]> expected = files(reference);
        int count = 100;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add((String) ok("serve", "submit", "--set", "output_format=csv", "--set", "data_out=" + dir.resolve("out-" + i)).get("id"));
        }
        // one task with items: only that input's aircraft is written
        String itemsTask = (String) ok("serve", "submit", "--set", "output_format=csv", "--set", "data_out=" + dir.resolve("out-items"),
                "--items", "01_100.csv").get("id");
        long servicePid = ((Number) ok("serve", "start", "--mode", "dp", "--workers", "127.0.0.1:2", "--set", "data_in=" + dataIn)
                .get("pid")).longValue();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        Map<String, Object> status = ok("serve", "status");
        while (((Number) status.get("done")).intValue() < 20) {
            assertTrue(System.nanoTime() < deadline, "20 tasks not done; see " + queue().resolve("service.log"));
            Thread.sleep(20);
            status = ok("serve", "status");
        }
        // the slots: each node with the service's heartbeat of it
        for (Object worker : (List<?>) status.get("workers")) {
            assertTrue(((Map<?, ?>) worker).get("heartbeatAgeSec") instanceof Number, "a slot's heartbeat age: " + worker);
        }
        Map<String, Object> healthy = ok("serve", "health");
        assertEquals(true, healthy.get("passed"), healthy.toString());
        Path nodes = home.resolve("wenv/flight_telemetry_worker/nodes");
        List<Long> jvms = new ArrayList<>(List.of(servicePid));
        org.agilab.runtime.cluster.NodeRegistry.read(nodes).orElseThrow().nodes().forEach(node -> jvms.add(node.process().pid()));
        org.agilab.runtime.cluster.Coordinator.find(nodes).ifPresent(coordinator -> jvms.add(coordinator.process().pid()));
        long victim = jvms.get(2); // node-1, the second node
        ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly); // kill -9 by PID, mid-way

        status = awaitDone(count + 1);
        assertEquals(count + 1, ((Number) status.get("done")).intValue(), status.toString());
        assertEquals(0, ((Number) status.get("failed")).intValue(), status.toString());
        ServiceQueue queue = ServiceQueue.open(queue());
        List<String> doneIds = queue.list(ServiceQueue.State.DONE).stream().map(ServiceTask::id).toList();
        assertEquals(count + 1, doneIds.size(), "each task once in done");
        Set<String> all = new HashSet<>(ids);
        all.add(itemsTask);
        assertEquals(all, new HashSet<>(doneIds));
        for (int i = 0; i < count; i++) {
            Map<String, byte[]> outputs = files(dir.resolve("out-" + i));
            assertEquals(expected.keySet(), outputs.keySet(), "task " + i);
            for (String name : expected.keySet()) {
                assertTrue(java.util.Arrays.equals(expected.get(name), outputs.get(name)), "task " + i + ": " + name);
            }
            try (Stream<Path> hidden = Files.list(dir.resolve("out-" + i))) {
                assertEquals(List.of(), hidden.filter(f -> f.getFileName().toString().startsWith(".")).toList(), "no partial file");
            }
        }
        assertEquals(Set.of("AC-1.csv"), files(dir.resolve("out-items")).keySet(), "--items ran only its input");
        assertTrue(java.util.Arrays.equals(expected.get("AC-1.csv"), files(dir.resolve("out-items")).get("AC-1.csv")));

        // the service started node-1 anew in place of the killed one: two nodes up again, the restart and its reason in
        // status, health and upstream's health file, the gate passing
        long replaced = awaitReplaced("node-1", victim);
        status = ok("serve", "status");
        List<?> workers = (List<?>) status.get("workers");
        assertEquals(2, workers.size(), status.toString());
        for (Object worker : workers) {
            assertEquals("up", ((Map<?, ?>) worker).get("state"), worker.toString());
        }
        Map<?, ?> restart = (Map<?, ?>) ((List<?>) status.get("nodeRestarts")).get(0);
        assertEquals("node-1", restart.get("node"));
        assertEquals("process-gone(pid " + victim + ")", restart.get("reason"));
        assertEquals(replaced, ((Number) restart.get("newPid")).longValue());
        jvms.add(replaced);
        // the gate passing with both nodes up; its restart rate is raised: the killed node's batches (up to 2 of 32
        // tasks) went back to pending, 37 of 138 attempts in one run, over the default 0.25 by the burst's timing alone
        Map<String, Object> recovered = ok("serve", "health", "--set", "cluster.service_health.max_restart_rate=0.5");
        assertEquals(true, recovered.get("passed"), recovered.toString());
        assertEquals(List.of("node-1@127.0.0.1"), status.get("restarted_workers"), status.toString());
        assertEquals(Map.of("node-1@127.0.0.1", "process-gone(pid " + victim + ")"), status.get("restart_reasons"), status.toString());
        Map<String, Object> healthFile = JsonCodec.readObject(Files.readString(queue().resolve("health.json")));
        assertEquals(List.of("node-1@127.0.0.1"), healthFile.get("workers_restarted"), healthFile.toString());
        assertEquals(1, ((Number) healthFile.get("workers_restarted_count")).intValue(), healthFile.toString());
        assertTrue(String.valueOf(((Map<?, ?>) healthFile.get("restart_reasons")).get("node-1@127.0.0.1")).startsWith("process-gone"),
                healthFile.toString());
        // tasks keep flowing, the new node's slot among those the service dispatches to
        for (int i = 0; i < 10; i++) {
            ok("serve", "submit", "--set", "output_format=csv", "--set", "data_out=" + dir.resolve("again-" + i));
        }
        status = awaitDone(count + 1 + 10);
        assertEquals(count + 1 + 10, ((Number) status.get("done")).intValue(), status.toString());
        for (int i = 0; i < 10; i++) {
            assertEquals(expected.keySet(), files(dir.resolve("again-" + i)).keySet(), "task " + i + " after the restart");
        }
        Map<?, ?> newNode = workers.stream().map(worker -> (Map<?, ?>) worker).filter(worker -> "node-1".equals(worker.get("name"))).findFirst()
                .orElseThrow();
        assertEquals(replaced, ((Number) newNode.get("pid")).longValue());

        ok("serve", "stop");
        for (long pid : jvms) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " is gone after stop");
        }
    }

    @Test
    void aNodeIsStartedAnewNoMoreThanNodeRestartsTimes() throws Exception {
        ok("serve", "submit", "--set", "output_format=csv", "--set", "data_out=" + dir.resolve("out-0"));
        long servicePid = ((Number) ok("serve", "start", "--mode", "dp", "--workers", "127.0.0.1:2", "--set", "data_in=" + dataIn,
                "--set", "service.node_restarts=1").get("pid")).longValue();
        awaitDone(1); // a whole run started the warm nodes; the service joins their slots after it
        long joined = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!((List<?>) ok("serve", "status").get("workers")).stream().allMatch(row -> ((Map<?, ?>) row).get("running") != null)) {
            assertTrue(System.nanoTime() < joined, "slots not joined; see " + queue().resolve("service.log"));
            Thread.sleep(100);
        }
        Path nodes = home.resolve("wenv/flight_telemetry_worker/nodes");
        long victim = org.agilab.runtime.cluster.NodeRegistry.read(nodes).orElseThrow().nodes().get(1).process().pid();
        killAndReap(victim);
        long replaced = awaitReplaced("node-1", victim);
        killAndReap(replaced);

        // the service sees node-1's slot down (its heartbeat looks for a node to start anew first), then beats twice more
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            Map<String, Object> status = ok("serve", "status");
            boolean down = ((List<?>) status.get("workers")).stream().map(worker -> (Map<?, ?>) worker)
                    .anyMatch(row -> "node-1".equals(row.get("name")) && ((Number) row.get("pid")).longValue() == replaced
                            && !"up".equals(row.get("state")));
            if (down) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "node-1 not seen down: " + status);
            Thread.sleep(100);
        }
        for (int beats = 0; beats < 2; beats++) {
            java.time.Instant seen = ServiceState.read(queue()).orElseThrow().heartbeat();
            while (!ServiceState.read(queue()).orElseThrow().heartbeat().isAfter(seen)) {
                assertTrue(System.nanoTime() < deadline, "the service does not beat; see " + queue().resolve("service.log"));
                Thread.sleep(100);
            }
        }
        // node_restarts=1: one restart, the second death left as it is, and the gate names it
        Map<String, Object> status = ok("serve", "status");
        List<?> restarts = (List<?>) status.get("nodeRestarts");
        assertEquals(1, restarts.size(), status.toString());
        assertEquals(replaced, ((Number) ((Map<?, ?>) restarts.get(0)).get("newPid")).longValue(), status.toString());
        Outcome degraded = agilab("serve", "health");
        assertEquals(6, degraded.code(), degraded.last().toString());
        assertTrue(degraded.failure().message().contains("node-1@127.0.0.1 process-gone(pid " + replaced + ")"),
                degraded.failure().message());

        ok("serve", "stop");
        assertFalse(ProcessHandle.of(servicePid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(List.of(), StrayJvms.killUnder(dir), "stop leaves no JVM");
    }

    /** Kills {@code pid} (SIGKILL) and waits until it is reaped: a killed process stays a zombie until init collects it. */
    private static void killAndReap(long pid) throws InterruptedException {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long reaped = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(System.nanoTime() < reaped, "pid " + pid + " still there after SIGKILL");
            Thread.sleep(20);
        }
    }

    /**
     * Waits (at most 2 minutes: a bound, not a measure) until the service has started {@code node} anew in place of
     * process {@code gone}, and its slot is in the service's view; returns the new node's PID.
     */
    long awaitReplaced(String node, long gone) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            Map<String, Object> status = ok("serve", "status");
            for (Object worker : (List<?>) status.get("workers")) {
                Map<?, ?> row = (Map<?, ?>) worker;
                if (node.equals(row.get("name")) && ((Number) row.get("pid")).longValue() != gone && "up".equals(row.get("state"))
                        && row.get("running") != null) {
                    return ((Number) row.get("pid")).longValue();
                }
            }
            assertTrue(System.nanoTime() < deadline, node + " not started anew: " + status + "; see " + queue().resolve("service.log"));
            Thread.sleep(200);
        }
    }

    @Test
    void stopNowPutsTheRunningTaskBackAndANewServiceResumesIt() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add((String) ok("serve", "submit", "--set", "output_format=csv", "--set", "data_out=" + dir.resolve("out-" + i)).get("id"));
        }
        long pid = ((Number) ok("serve", "start", "--mode", "dp", "--workers", "127.0.0.1:2", "--set", "data_in=" + dataIn).get("pid"))
                .longValue();
        Map<String, Object> stopped = ok("serve", "stop", "--now");
        assertEquals("stopped", stopped.get("state"));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(List.of(), StrayJvms.killUnder(dir), "stop --now leaves no JVM");
        ServiceQueue queue = ServiceQueue.open(queue());
        ServiceQueue.Counts counts = queue.counts();
        assertEquals(0, counts.running(), "nothing is left running: " + counts);
        assertEquals(0, counts.failed(), counts.toString());
        assertEquals(3, counts.pending() + counts.done(), counts.toString());

        // a new service resumes what is pending, and each task ends in done exactly once
        // ... and keeps at most one finished task ([service] retention, upstream's cleanup_* names)
        ok("serve", "start", "--mode", "dp", "--workers", "127.0.0.1:2", "--set", "data_in=" + dataIn,
                "--set", "service.cleanup_done_max_files=1");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!queue.counts().equals(new ServiceQueue.Counts(0, 0, 1, 0))) {
            assertTrue(System.nanoTime() < deadline, "not drained to one done task: " + queue.counts());
            Thread.sleep(100);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(Set.of("AC-1.csv", "AC-2.csv"), files(dir.resolve("out-" + i)).keySet(), "task " + i + " ran");
        }
        ok("serve", "stop");
        assertEquals("stopped", ServiceState.read(queue()).orElseThrow().state());
    }

    @Test
    void aSecondServiceOfTheSameQueueEndsAtOnceAndLeavesTheFirstsRunningTaskAlone() throws Exception {
        ServiceQueue queue = ServiceQueue.open(queue());
        ServiceTask task = queue.submit("t", Map.of(), List.of());
        queue.claim("first-service").orElseThrow();
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(queue().resolve(ServiceMain.LOCK_FILE),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                java.nio.channels.FileLock held = channel.lock()) {
            ServiceMain second = new ServiceMain(queue(), new ServiceMain.Config(home, APP.toString(), 60_000, 3, List.of(), 60, 10, 60, 10, 3),
                    Map.of());
            assertFalse(second.serve(), "the queue's lock is held by the first service");
        }
        assertEquals(java.util.Optional.of(ServiceQueue.State.RUNNING), queue.stateOf(task.id()), "not put back: the first runs it");
        assertFalse(Files.exists(queue().resolve(ServiceState.FILE)), "the second never said it runs");
    }

    @Test
    void submitRefusesWorkersAndModeWhichBelongToStart() throws IOException {
        Outcome refused = agilab("serve", "submit", "--mode", "0");
        assertEquals(2, refused.code());
        assertTrue(refused.failure().message().contains("--mode belongs to serve start"), refused.failure().message());
        Outcome unknown = agilab("serve", "restart");
        assertEquals(2, unknown.code());
        assertEquals(new ServiceQueue.Counts(0, 0, 0, 0), ServiceQueue.open(queue()).counts());
    }
}
