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
    void noJvmSurvives() {
        assertEquals(List.of(), StrayJvms.killUnder(dir), "JVMs left behind");
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

    @Test
    void aServiceRunsQueuedTasksOnTwoNodesSurvivesTheCliAndDrainsOnStop() throws Exception {
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
        Map<String, Object> started = ok("serve", "start", "--mode", "dp", "--workers", "127.0.0.1:2", "--set", "data_in=" + dataIn);
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

        Map<String, Object> stopped = ok("serve", "stop");
        assertEquals("stopped", stopped.get("state"));
        assertEquals("drained", stopped.get("stopReason"));
        assertFalse(ProcessHandle.of(servicePid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(List.of(), StrayJvms.killUnder(dir), "stop leaves no JVM: service, coordinator and nodes are gone");
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
        ok("serve", "start", "--mode", "dp", "--workers", "127.0.0.1:2", "--set", "data_in=" + dataIn);
        awaitDone(3);
        assertEquals(new ServiceQueue.Counts(0, 0, 3, 0), queue.counts());
        for (String id : ids) {
            assertEquals(java.util.Optional.of(ServiceQueue.State.DONE), queue.stateOf(id));
        }
        ok("serve", "stop");
        assertEquals("stopped", ServiceState.read(queue()).orElseThrow().state());
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
