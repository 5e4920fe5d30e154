package org.agilab.runtime.manager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agilab.runtime.cluster.StrayJvms;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.protocol.EventOutcome;
import org.agilab.runtime.record.RecordedChunk;
import org.agilab.runtime.record.RunRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.jdi.ArrayReference;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;

/**
 * One real {@code dp} run of the flight app on two node JVMs of 127.0.0.1, its record, and chunk 1 of it replayed:
 * byte for byte, and under a debugger (JDI) that stops in the flight worker's per-work method and reads the work it
 * was given.
 */
class ChunkReplayTest {

    static final Path APP = Path.of("../../apps/flight_telemetry_project").toAbsolutePath().normalize();
    static final String WORKER = "flight_telemetry_worker.FlightTelemetryWorker";

    @TempDir
    static Path home;
    static Path record;
    static Map<String, Object> manifest;

    record Outcome(int code, List<Event> events) implements EventOutcome {
    }

    @BeforeAll
    static void runOnTwoNodes() throws IOException {
        Outcome run = agilab("run", "--app", APP.toString(), "--home", home.toString(), "--mode", "dp", "--workers", "127.0.0.1:2");
        assertEquals(0, run.code(), run.last().toString());
        try (Stream<Path> records = Files.list(home.resolve("log/execute/flight_telemetry"))) {
            record = records.filter(folder -> folder.getFileName().toString().endsWith("_run")).findFirst().orElseThrow();
        }
        manifest = JsonCodec.readObject(Files.readString(record.resolve(RunRecord.MANIFEST_FILE)));
    }

    @AfterAll
    static void stopNodes() throws IOException {
        try {
            agilab("nodes", "stop", "--app", APP.toString(), "--home", home.toString());
        } finally {
            StrayJvms.killUnder(home);
        }
    }

    static Outcome agilab(String... args) throws IOException {
        try (PipedOutputStream control = new PipedOutputStream(); PipedInputStream in = new PipedInputStream(control)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> all = new ArrayList<>(List.of(args));
            all.add("--protocol");
            int code = new ManagerMain(Map.of("USER", "tester"), in, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(all.toArray(String[]::new));
            return new Outcome(code, out.toString(StandardCharsets.UTF_8).lines().map(EventEnvelope::parse).map(EventEnvelope::event).toList());
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(String key) {
        return (List<Map<String, Object>>) manifest.get(key);
    }

    static RecordedChunk chunk(int index) {
        return list("chunks").stream().filter(json -> ((Number) json.get("index")).intValue() == index)
                .map(json -> RecordedChunk.fromJson(json, record)).findFirst().orElseThrow();
    }

    static Path dataOut() {
        return home.resolve("localshare/tester/flight_telemetry/dataframe");
    }

    /** The run's outputs chunk {@code index} wrote, by file name, as the record lists them. */
    static Map<String, String> recordedOutputs(int index) {
        Map<String, String> outputs = new TreeMap<>();
        for (Map<String, Object> output : list("outputs")) {
            if (output.get("chunk") instanceof Number chunk && chunk.intValue() == index) {
                outputs.put(Path.of((String) output.get("path")).getFileName().toString(), (String) output.get("sha256"));
            }
        }
        return outputs;
    }

    static Map<String, byte[]> files(Path folder) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : (Iterable<Path>) list::iterator) {
                if (!file.getFileName().toString().startsWith(".")) {
                    files.put(file.getFileName().toString(), Files.readAllBytes(file));
                }
            }
        }
        return files;
    }

    @Test
    void theRecordSaysWhichChunkWroteEachOutputAndWhatEachChunkWasGiven() {
        assertEquals(2, list("chunks").size(), "two nodes, two chunks: " + list("chunks"));
        Set<String> items = new HashSet<>();
        for (int index = 0; index < 2; index++) {
            RecordedChunk chunk = chunk(index);
            assertEquals(2, chunk.count());
            assertEquals("127.0.0.1", chunk.host());
            assertFalse(chunk.items().isEmpty(), "chunk " + index + " has items");
            assertTrue(chunk.items().stream().allMatch(items::add), "no item is in two chunks");
            assertEquals(64, chunk.install().hash().length(), chunk.install().hash());
            assertEquals("flight_telemetry/dataframe", chunk.args().get("data_out"));
            assertTrue(recordedOutputs(index).containsKey("reduce_summary_worker_" + index + ".json"), recordedOutputs(index).toString());
        }
        for (Map<String, Object> output : list("outputs")) {
            assertNotNull(output.get("chunk"), "every output of the run is one chunk's: " + output);
        }
    }

    @Test
    void aReplayedChunkWritesTheRunsOutputsOfThatChunkByteForByteIntoANewFolder() throws IOException {
        Map<String, byte[]> before = files(dataOut());
        Outcome replay = agilab("replay-chunk", "--record", record.toString(), "--chunk", "1");
        assertEquals(0, replay.code(), replay.last().toString());
        Map<String, Object> data = replay.result().data();
        Path out = Path.of((String) data.get("out"));
        assertEquals(record.resolveSibling(record.getFileName() + ".chunk-1"), out, "a new folder beside the record");
        assertEquals(true, data.get("identical"), data.toString());
        Map<String, byte[]> replayed = files(out);
        assertEquals(recordedOutputs(1).keySet(), replayed.keySet(), "the chunk's outputs, and only those");
        for (Map.Entry<String, byte[]> file : replayed.entrySet()) {
            assertArrayEquals(before.get(file.getKey()), file.getValue(), file.getKey());
        }
        Map<String, byte[]> after = files(dataOut());
        assertEquals(before.keySet(), after.keySet(), "the run's outputs are untouched");
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
        assertTrue(replay.events().stream().anyMatch(e -> e instanceof Event.Item item && "1".equals(item.worker())),
                "the chunk's items run as worker 1: " + replay.events());

        // the history shows the run and the replay's own record, never the replay's output folder
        assertTrue(org.agilab.runtime.record.RunHistory.list(home.resolve("log/execute")).stream()
                .noneMatch(entry -> entry.folder().getFileName().toString().contains(".chunk-")));
    }

    @Test
    void replaysRefuseTheRunsOutputFolderAChunkItLacksAndARecordWithoutChunks() throws IOException {
        Outcome over = agilab("replay-chunk", "--record", record.toString(), "--chunk", "0", "--out", dataOut().toString());
        assertEquals(2, over.code(), over.last().toString());
        assertTrue(over.failure().message().contains("would write over the run's outputs"), over.failure().message());

        Outcome missing = agilab("replay-chunk", "--record", record.toString(), "--chunk", "7");
        assertEquals(2, missing.code());
        assertEquals("no chunk 7 in " + record + ": its run had chunks [0, 1]", missing.failure().message());

        Outcome local = agilab("run", "--app", APP.toString(), "--home", home.toString(), "--mode", "p", "--set",
                "data_out=flight_telemetry/local_out");
        assertEquals(0, local.code(), local.last().toString());
        Path localRecord;
        try (Stream<Path> records = Files.list(home.resolve("log/execute/flight_telemetry"))) {
            localRecord = records.filter(folder -> folder.getFileName().toString().endsWith("_run")).max(Path::compareTo).orElseThrow();
        }
        Outcome noChunks = agilab("replay-chunk", "--record", localRecord.toString(), "--chunk", "0");
        assertEquals(2, noChunks.code());
        assertTrue(noChunks.failure().message().contains("lists no chunks"), noChunks.failure().message());
    }

    /**
     * The replay under a debugger: JDI attaches to the chunk's JVM (suspended until then, listening on 127.0.0.1), a
     * breakpoint on the flight worker's workDone stops once per work, and each time the {@code work} variable holds one
     * of chunk 1's works with its recorded items.
     */
    @Test
    void aDebuggerStopsInTheWorkersPerWorkMethodWithTheChunksItems() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path out = home.resolve("debugged");
        CompletableFuture<Outcome> replay = CompletableFuture.supplyAsync(() -> {
            try {
                return agilab("replay-chunk", "--record", record.toString(), "--chunk", "1", "--out", out.toString(), "--debug",
                        Integer.toString(port));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Map<String, List<String>> expected = new LinkedHashMap<>();
        chunk(1).works().forEach(work -> expected.put(work.name(), work.items()));
        Map<String, List<String>> stopped = new LinkedHashMap<>();
        VirtualMachine vm = attach(port, replay);
        try {
            ClassPrepareRequest prepare = vm.eventRequestManager().createClassPrepareRequest();
            prepare.addClassFilter(WORKER);
            prepare.enable();
            vm.resume();
            events: while (true) {
                EventSet set = vm.eventQueue().remove();
                for (com.sun.jdi.event.Event event : set) {
                    if (event instanceof ClassPrepareEvent prepared) {
                        Method workDone = prepared.referenceType().methodsByName("workDone").stream().filter(m -> !m.isBridge())
                                .findFirst().orElseThrow();
                        BreakpointRequest breakpoint = vm.eventRequestManager().createBreakpointRequest(workDone.location());
                        breakpoint.setSuspendPolicy(EventRequest.SUSPEND_ALL);
                        breakpoint.enable();
                    } else if (event instanceof BreakpointEvent hit) {
                        StackFrame frame = hit.thread().frame(0);
                        ObjectReference work = (ObjectReference) frame.getValue(frame.visibleVariableByName("work"));
                        String name = ((StringReference) work.getValue(work.referenceType().fieldByName("name"))).value();
                        ObjectReference items = (ObjectReference) work.getValue(work.referenceType().fieldByName("items"));
                        stopped.put(name, strings(items));
                    } else if (event instanceof VMDeathEvent || event instanceof VMDisconnectEvent) {
                        break events;
                    }
                }
                set.resume();
            }
        } finally {
            try {
                vm.dispose();
            } catch (com.sun.jdi.VMDisconnectedException gone) {
                // the chunk's JVM has ended
            }
        }
        Outcome outcome = replay.get(5, TimeUnit.MINUTES);
        assertEquals(0, outcome.code(), outcome.last().toString());
        assertEquals(expected, stopped, "the debugger stopped once in each of chunk 1's works, holding its items");
        assertEquals(true, outcome.result().data().get("identical"), "stopping changes nothing: " + outcome.result().data());
        assertEquals("127.0.0.1:" + port, outcome.result().data().get("debug"));
        assertTrue(outcome.events().stream().anyMatch(e -> e instanceof Event.Debuggee debuggee && debuggee.port() == port
                && debuggee.host().equals("127.0.0.1") && debuggee.what().equals("chunk 1")), "the replay said where the chunk waits");
    }

    /** Attaches to the chunk's JVM once it listens; the replay failing first fails the test with its error. */
    /**
     * The strings of a list in a suspended VM, read from its fields: invoking {@code toArray} there with every other
     * thread suspended can deadlock (a pool thread may hold a lock the call needs), which once hung CI.
     */
    static List<String> strings(ObjectReference list) {
        com.sun.jdi.ReferenceType type = list.referenceType();
        List<Value> values = new ArrayList<>();
        if (type.fieldByName("elements") != null) { // ImmutableCollections.ListN
            values.addAll(((ArrayReference) list.getValue(type.fieldByName("elements"))).getValues());
        } else if (type.fieldByName("e0") != null) { // ImmutableCollections.List12: e1 is the EMPTY marker when absent
            values.add(list.getValue(type.fieldByName("e0")));
            Value second = list.getValue(type.fieldByName("e1"));
            if (second instanceof StringReference) {
                values.add(second);
            }
        } else if (type.fieldByName("elementData") != null) { // ArrayList
            int size = ((com.sun.jdi.IntegerValue) list.getValue(type.fieldByName("size"))).value();
            values.addAll(((ArrayReference) list.getValue(type.fieldByName("elementData"))).getValues(0, size));
        } else {
            throw new AssertionError("a list of " + type.name() + ": add how to read it");
        }
        List<String> strings = new ArrayList<>();
        for (Value value : values) {
            strings.add(((StringReference) value).value());
        }
        return strings;
    }

    static VirtualMachine attach(int port, CompletableFuture<Outcome> replay) throws Exception {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(connector -> connector.name().equals("com.sun.jdi.SocketAttach")).findFirst().orElseThrow();
        Map<String, Connector.Argument> arguments = socket.defaultArguments();
        arguments.get("hostname").setValue("127.0.0.1");
        arguments.get("port").setValue(Integer.toString(port));
        while (true) {
            try {
                return socket.attach(arguments);
            } catch (java.net.ConnectException | com.sun.jdi.connect.IllegalConnectorArgumentsException notYet) {
                if (replay.isDone()) {
                    throw new AssertionError("the replay ended before a debugger could attach: " + replay.get().last());
                }
                Thread.sleep(50);
            }
        }
    }
}
