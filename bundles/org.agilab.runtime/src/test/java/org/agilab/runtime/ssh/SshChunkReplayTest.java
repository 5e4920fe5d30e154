package org.agilab.runtime.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.record.RecordedChunk;
import org.agilab.runtime.record.RunRecord;
import org.agilab.runtime.ssh.LoopbackSshd.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunk of a run on two stand-in SSH hosts (real sshd on 127.0.0.2 and 127.0.0.3, each with its own remote root)
 * replayed on this machine: byte for byte with the inputs here, and again once they are gone from here, fetched from
 * the host that read them.
 */
class SshChunkReplayTest {

    static final Path APP = Path.of("../../apps/flight_telemetry_project").toAbsolutePath().normalize();

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
        LoopbackSshd.stopAll(home == null ? null : () -> agilab("nodes", "stop", "--app", APP.toString(), "--home", home.toString()), folder,
                host2, host3);
    }

    static Outcome agilab(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--protocol");
        return LoopbackSshd.manager("tester", List.of(), all);
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
    @SuppressWarnings("unchecked")
    void aChunkThatRanOnAnSshHostReplaysHereByteForByteFetchingTheInputsThisMachineLacks() throws IOException {
        Outcome install = agilab("install", "--app", APP.toString(), "--home", home.toString());
        assertEquals(0, install.code(), install.last().toString());
        Outcome run = agilab("run", "--app", APP.toString(), "--home", home.toString(), "--mode", "dp");
        assertEquals(0, run.code(), run.last().toString());
        Path record;
        try (Stream<Path> records = Files.list(home.resolve("log/execute/flight_telemetry"))) {
            record = records.filter(f -> f.getFileName().toString().endsWith("_run")).findFirst().orElseThrow();
        }
        Map<String, Object> manifest = JsonCodec.readObject(Files.readString(record.resolve(RunRecord.MANIFEST_FILE)));
        RecordedChunk chunk = ((List<Map<String, Object>>) manifest.get("chunks")).stream()
                .filter(json -> ((Number) json.get("index")).intValue() == 1).map(json -> RecordedChunk.fromJson(json, record)).findFirst()
                .orElseThrow();
        assertTrue(List.of("127.0.0.2", "127.0.0.3").contains(chunk.host()), chunk.host());
        LoopbackSshd ranOn = chunk.host().equals(host2.address) ? host2 : host3;
        assertEquals(ranOn.root.resolve("share").toString(), chunk.remoteShare());
        Map<String, String> recorded = new TreeMap<>();
        for (Map<String, Object> output : (List<Map<String, Object>>) manifest.get("outputs")) {
            if (output.get("chunk") instanceof Number index && index.intValue() == 1) {
                assertEquals(chunk.host(), output.get("host"), "fetched from the host chunk 1 ran on: " + output);
                recorded.put(Path.of((String) output.get("path")).getFileName().toString(), (String) output.get("sha256"));
            }
        }
        assertTrue(recorded.containsKey("reduce_summary_worker_1.json"), recorded.toString());
        Map<String, byte[]> runOutputs = files(home.resolve("localshare/tester/flight_telemetry/dataframe"));

        Outcome here = agilab("replay-chunk", "--record", record.toString(), "--chunk", "1");
        assertEquals(0, here.code(), here.last().toString());
        assertEquals(true, here.result().data().get("identical"), here.result().data().toString());
        Map<String, byte[]> replayed = files(Path.of((String) here.result().data().get("out")));
        assertEquals(recorded.keySet(), replayed.keySet());
        replayed.forEach((name, bytes) -> assertArrayEquals(runOutputs.get(name), bytes, name));
        assertFalse(Files.exists(record.resolve("chunk-1-inputs")), "the inputs were here: nothing fetched");

        // the inputs leave this machine: the replay fetches those chunk 1 read from the host it ran on
        Path dataset = home.resolve("localshare/tester/flight_telemetry/dataset");
        try (Stream<Path> files = Files.walk(dataset)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        Outcome fetched = agilab("replay-chunk", "--record", record.toString(), "--chunk", "1", "--out", folder.resolve("again").toString());
        assertEquals(0, fetched.code(), fetched.last().toString());
        assertEquals(true, fetched.result().data().get("identical"), fetched.result().data().toString());
        files(folder.resolve("again")).forEach((name, bytes) -> assertArrayEquals(runOutputs.get(name), bytes, name));
        try (Stream<Path> inputs = Files.walk(record.resolve("chunk-1-inputs"))) {
            assertEquals(chunk.items().size(), inputs.filter(Files::isRegularFile).count(), "each item of chunk 1 fetched once");
        }
        assertFalse(Files.exists(dataset), "nothing was written back where the inputs were");
    }
}
