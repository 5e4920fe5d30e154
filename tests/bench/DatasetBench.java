import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.agilab.runtime.data.Dataset;
import org.agilab.runtime.data.SortOrder;
import org.agilab.runtime.io.DuckDb;

/**
 * The data service on a generated parquet of ROWS flight-like rows (benchmarks only): what the data editor and the
 * Chart view wait for. Each round opens the dataset anew (as opening an editor does) and times, in one JVM: open
 * (schema), the first page of 200 rows, a late page (offset ROWS - 200), the row count, a page sorted by speed, the
 * statistics of speed (10 bins), a filtered count, a 5,000-point scatter sample, and a per-aircraft bar series. The
 * first round is the JVM's first (cold); prints every round's milliseconds as a JSON line, then the medians of the rest.
 *
 *     java -cp RUNTIME:API:DUCKDB:BENCH DatasetBench DIR ROWS ROUNDS
 */
public final class DatasetBench {

    static final String[] STEPS = {"open", "first page", "late page", "count", "sorted page", "stats", "filtered count", "scatter 5000",
            "bars"};

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        long rows = Long.parseLong(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Path file = flightLikeParquet(dir, rows);
        List<double[]> all = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            double[] ms = new double[STEPS.length];
            long start = System.nanoTime();
            try (Dataset dataset = Dataset.open(file.toString(), dir)) {
                ms[0] = lap(start);
                long t = System.nanoTime();
                dataset.page(null, null, 0, 200, null);
                ms[1] = lap(t);
                t = System.nanoTime();
                dataset.page(null, null, rows - 200, 200, null);
                ms[2] = lap(t);
                t = System.nanoTime();
                dataset.count(null, null);
                ms[3] = lap(t);
                t = System.nanoTime();
                dataset.page(null, new SortOrder("speed", false), 0, 200, null);
                ms[4] = lap(t);
                t = System.nanoTime();
                dataset.stats("speed", null, 10, null);
                ms[5] = lap(t);
                t = System.nanoTime();
                dataset.count("speed > 500 AND aircraft <> 'AC-7'", null);
                ms[6] = lap(t);
                t = System.nanoTime();
                dataset.xy("long", "lat", null, 5000, null);
                ms[7] = lap(t);
                t = System.nanoTime();
                dataset.bars("aircraft", null, null, 60, null);
                ms[8] = lap(t);
            }
            all.add(ms);
            System.out.println("{\"round\": " + round + ", \"ms\": " + json(ms) + "}");
        }
        double[] medians = new double[STEPS.length];
        for (int s = 0; s < STEPS.length; s++) {
            int step = s;
            double[] values = all.stream().skip(1).mapToDouble(ms -> ms[step]).sorted().toArray();
            medians[s] = values.length == 0 ? Double.NaN : values[values.length / 2];
        }
        System.out.println("{\"rows\": " + rows + ", \"warm_median_ms\": " + json(medians) + ", \"steps\": " + Arrays.toString(STEPS)
                .replace("[", "[\"").replace("]", "\"]").replace(", ", "\", \"") + "}");
    }

    /**
     * The flight-like parquet of {@code rows} rows in {@code dir} (ChartBench reads the same), written the first time:
     * a timestamp a second apart, 50 aircraft in turn, lat, long and a speed spread over 0-1,000.
     */
    static Path flightLikeParquet(Path dir, long rows) throws SQLException {
        Path file = dir.resolve("tracks-" + rows + ".parquet");
        if (!Files.exists(file)) {
            try (Connection connection = DuckDb.connect("jdbc:duckdb:", new Properties()); Statement statement = connection.createStatement()) {
                statement.execute("COPY (SELECT TIMESTAMP '2026-01-01' + INTERVAL (range) SECOND AS date, 'AC-' || (range % 50) AS aircraft,"
                        + " 40 + (range % 1000) / 100.0 AS lat, 2 + (range % 777) / 100.0 AS long, ((range * 7919) % 100000) / 100.0 AS speed"
                        + " FROM range(" + rows + ")) TO '" + file + "' (FORMAT parquet)");
            }
        }
        return file;
    }

    private static double lap(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static String json(double[] ms) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < ms.length; i++) {
            out.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.1f", ms[i]));
        }
        return out.append("]").toString();
    }
}
