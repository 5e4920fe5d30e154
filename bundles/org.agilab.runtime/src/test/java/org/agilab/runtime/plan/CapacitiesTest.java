package org.agilab.runtime.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.json.JsonCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapacitiesTest {

    @TempDir
    Path workerEnv;

    static Map<String, Long> workers(Object... hostsAndCounts) {
        Map<String, Long> workers = new LinkedHashMap<>();
        for (int i = 0; i < hostsAndCounts.length; i += 2) {
            workers.put((String) hostsAndCounts[i], ((Number) hostsAndCounts[i + 1]).longValue());
        }
        return workers;
    }

    @Test
    void slotsFollowThePlanOrderAndStartEqual() {
        Map<String, Long> workers = workers("127.0.0.1", 2, "10.0.0.5", 1);
        assertEquals(List.of("127.0.0.1#0", "127.0.0.1#1", "10.0.0.5#0"), Capacities.slots(workers));
        assertArrayEquals(new double[] {1.0, 1.0, 1.0}, Capacities.of(workerEnv, workers));
    }

    @Test
    void aSlotThreeTimesSlowerIsLearnedAndTheHostMeasured() throws Exception {
        Map<String, Long> workers = workers("127.0.0.1", 2);
        assertArrayEquals(new double[] {3.0, 1.0}, Capacities.learn(workerEnv, workers, new double[] {100, 100}, new long[] {1_000, 3_000}),
                "learn says what the next plan uses");
        assertArrayEquals(new double[] {3.0, 1.0}, Capacities.of(workerEnv, workers), "and the file keeps it");
        Capacities.learn(workerEnv, workers, new double[] {150, 50}, new long[] {1_000, 1_000});
        assertArrayEquals(new double[] {3.0, 1.0}, Capacities.of(workerEnv, workers), "the same speeds seen again keep them");
        Map<String, Object> stored = JsonCodec.readObject(Files.readString(workerEnv.resolve(Capacities.FILE)));
        assertEquals(2L, stored.get("runs"));
        Map<?, ?> facts = (Map<?, ?>) ((Map<?, ?>) stored.get("hosts")).get("127.0.0.1");
        assertTrue(((Number) facts.get("cores")).intValue() >= 1 && ((Number) facts.get("ram_bytes")).longValue() > 0, stored.toString());
        assertTrue(((Number) facts.get("write_mb_per_s")).doubleValue() > 0, "the write probe ran: " + facts);
        try (var left = Files.list(workerEnv)) {
            assertEquals(List.of(workerEnv.resolve(Capacities.FILE)), left.toList(), "the write probe left nothing");
        }
    }

    @Test
    void oneRunMovesACapacityHalfWayAndNoiseCountsAsEqual() {
        Map<String, Long> workers = workers("127.0.0.1", 2);
        Capacities.learn(workerEnv, workers, new double[] {100, 100}, new long[] {1_000, 3_000});
        Capacities.learn(workerEnv, workers, new double[] {100, 100}, new long[] {1_000, 1_000});
        assertArrayEquals(new double[] {2.0, 1.0}, Capacities.of(workerEnv, workers), "half old (3.0), half new (1.0)");
        Capacities.learn(workerEnv, workers, new double[] {100, 100}, new long[] {1_000, 1_000});
        Capacities.learn(workerEnv, workers, new double[] {100, 100}, new long[] {1_000, 1_000});
        Capacities.learn(workerEnv, workers, new double[] {100, 100}, new long[] {1_000, 1_000});
        assertArrayEquals(new double[] {1.0, 1.0}, Capacities.of(workerEnv, workers), "1.13 against 1.0 is noise");
    }

    @Test
    void chunksTooShortToMeasureTeachNothing() {
        Map<String, Long> workers = workers("127.0.0.1", 2);
        Capacities.learn(workerEnv, workers, new double[] {100, 100}, new long[] {20, 90});
        assertArrayEquals(new double[] {1.0, 1.0}, Capacities.of(workerEnv, workers));
    }
}
