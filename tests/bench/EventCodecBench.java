import java.time.Instant;
import java.util.Map;

import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;

/**
 * The cost of the typed protocol per event (benchmarks only): an item event and a worker event written as their wire
 * line and read back, as the IDE and a coordinator's terse filter do for every event of a run. Prints microseconds per
 * write and per read, after a warm-up, as one JSON line; with {@code first}, the milliseconds of the first event a
 * fresh JVM reads and writes (what a warm CLI pays once), with the codec's own start, the read and the write apart.
 *
 *     java -cp RUNTIME_JAR:API_JAR:GSON_JAR:BENCH EventCodecBench ROUNDS
 *     java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp ... EventCodecBench first
 */
public final class EventCodecBench {

    public static void main(String[] args) {
        if (args[0].equals("first")) {
            long start = System.nanoTime();
            org.agilab.runtime.json.JsonCodec.gson();
            long codec = System.nanoTime();
            EventEnvelope read = EventEnvelope.parse("{\"v\":2,\"seq\":1,\"time\":\"2026-12-05T10:00:00Z\",\"type\":\"item\",\"worker\":\"0\","
                    + "\"item\":\"a\",\"state\":\"finished\",\"rows\":3}");
            long parsed = System.nanoTime();
            String line = read.toJsonLine();
            long written = System.nanoTime();
            System.out.printf("{\"first_ms\": %.1f, \"codec_ms\": %.1f, \"read_ms\": %.1f, \"write_ms\": %.1f, \"sink\": %d}%n",
                    (written - start) / 1e6, (codec - start) / 1e6, (parsed - codec) / 1e6, (written - parsed) / 1e6, line.length() % 10);
            return;
        }
        int rounds = Integer.parseInt(args[0]);
        Event[] events = {Event.Item.finished("3", "aircraft_A1B2.parquet", 5_120, 42).on("node-1"),
                new Event.Worker("3", "127.0.0.1", "node-1", 1, Event.WorkerState.SENT, "chunk 3 to node-1"),
                Event.Result.ok("run", Map.of("rows", 45_288L, "kernel", "compiled", "works", 10L), "Run finished in 1.500 s: 10 works, 80 items, 45288 rows; mode __cp (pool, compiled), pool of 4, compiled kernel")};
        String[] lines = new String[events.length];
        long sink = 0;
        for (int warm = 0; warm < 2; warm++) {
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                for (int k = 0; k < events.length; k++) {
                    lines[k] = new EventEnvelope(Event.VERSION, i, Instant.EPOCH, events[k]).toJsonLine();
                    sink += lines[k].length();
                }
            }
            long written = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                for (String line : lines) {
                    sink += EventEnvelope.parse(line).seq();
                }
            }
            long read = System.nanoTime();
            if (warm == 1) {
                double per = 1000.0 * rounds * events.length;
                System.out.printf("{\"write_us\": %.2f, \"read_us\": %.2f, \"sink\": %d}%n", (written - start) / per, (read - written) / per,
                        sink % 10);
            }
        }
    }
}
