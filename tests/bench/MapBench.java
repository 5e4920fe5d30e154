import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.agilab.runtime.data.Coastline;
import org.agilab.runtime.data.Dataset;
import org.agilab.runtime.data.GeoBounds;
import org.agilab.runtime.data.MapPoints;
import org.agilab.runtime.data.MapQuery;
import org.agilab.runtime.io.DuckDb;
import org.agilab.ui.internal.data.MapPainter;

/**
 * The Map view's work on ROWS rows (benchmarks only): what a map waits for between a choice and its picture. Two
 * generated parquets: "tracks", flight-like (AIRCRAFT aircraft, a fix each second, each flying its own course over
 * Europe), and "scatter", the same number of points strewn at random over the world (the worst case for decimation:
 * nearly every pixel holds a point). Each round opens the dataset anew (as following a new editor does) and times, in
 * one JVM, at WIDTH × HEIGHT pixels: the extent (fit the map), the decimated points coloured by aircraft (tracks,
 * the view's default), the picture painted with the coastline and legend (MapPainter, as the view's Job does), the
 * points coloured by speed on a scale, a 10% sample, and a 4× zoom. Round 0 is the JVM's first; prints each round's
 * milliseconds as a JSON line, then the medians of the others.
 *
 *     java -cp RUNTIME:API:UI:GSON:DUCKDB:BENCH MapBench DIR ROWS ROUNDS
 */
public final class MapBench {

    static final int AIRCRAFT = 200;
    static final int WIDTH = 1200;
    static final int HEIGHT = 800;
    static final String[] STEPS = {"open", "extent", "map by aircraft", "paint", "map by speed", "map 10% sample", "map zoomed 4x",
            "extent+map+paint"};

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        long rows = Long.parseLong(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Coastline.land(); // once per IDE session: not a map's cost
        for (String shape : List.of("tracks", "scatter")) {
            Path file = dir.resolve(shape + "-" + rows + ".parquet");
            if (!Files.exists(file)) {
                write(file, shape, rows);
            }
            List<double[]> all = new ArrayList<>();
            int points = 0;
            for (int round = 0; round < rounds; round++) {
                double[] ms = new double[STEPS.length];
                long start = System.nanoTime();
                try (Dataset dataset = Dataset.open(file.toString(), dir)) {
                    ms[0] = lap(start);
                    long t = System.nanoTime();
                    MapQuery query = MapQuery.guess(dataset.columns(), null, null, WIDTH, HEIGHT).orElseThrow();
                    GeoBounds bounds = dataset.mapExtent(query.lat(), query.lon(), null, null).fit(WIDTH, HEIGHT, 0.05, 0.5);
                    ms[1] = lap(t);
                    t = System.nanoTime();
                    MapPoints map = dataset.map(query.withBounds(bounds, WIDTH, HEIGHT), null);
                    ms[2] = lap(t);
                    points = map.size();
                    t = System.nanoTime();
                    BufferedImage picture = MapPainter.paint(bounds, WIDTH, HEIGHT, Coastline.land(), map, null, "note", "others", "Land: Natural Earth");
                    ms[3] = lap(t);
                    if (picture.getWidth() != WIDTH) {
                        throw new IllegalStateException("not painted");
                    }
                    t = System.nanoTime();
                    dataset.map(new MapQuery(query.lat(), query.lon(), query.group(), query.order(), "speed", null, 1, bounds, WIDTH, HEIGHT), null);
                    ms[4] = lap(t);
                    t = System.nanoTime();
                    dataset.map(new MapQuery(query.lat(), query.lon(), query.group(), query.order(), query.colour(), null, 0.1, bounds, WIDTH,
                            HEIGHT), null);
                    ms[5] = lap(t);
                    t = System.nanoTime();
                    GeoBounds zoomed = bounds.zoom(4, (bounds.west() + bounds.east()) / 2, (bounds.south() + bounds.north()) / 2);
                    dataset.map(query.withBounds(zoomed, WIDTH, HEIGHT), null);
                    ms[6] = lap(t);
                    ms[7] = ms[1] + ms[2] + ms[3];
                }
                all.add(ms);
                System.out.println("{\"shape\": \"" + shape + "\", \"round\": " + round + ", \"points\": " + points + ", \"ms\": " + json(ms) + "}");
            }
            double[] medians = new double[STEPS.length];
            for (int s = 0; s < STEPS.length; s++) {
                int step = s;
                double[] warm = all.stream().skip(1).mapToDouble(ms -> ms[step]).sorted().toArray();
                medians[s] = warm.length == 0 ? Double.NaN : warm[warm.length / 2];
            }
            System.out.println("{\"shape\": \"" + shape + "\", \"rows\": " + rows + ", \"points\": " + points + ", \"warm_median_ms\": " + json(medians)
                    + ", \"steps\": " + Arrays.toString(STEPS) + "}");
        }
    }

    /** Tracks: aircraft k flies a straight course from its own start at 500 km/h; scatter: uniform over the world. */
    static void write(Path file, String shape, long rows) throws Exception {
        String select = shape.equals("tracks")
                ? "SELECT TIMESTAMP '2026-01-01' + to_seconds(i) AS date, 'AC-' || k AS aircraft,"
                        + " 36 + (k * 37 % 200) / 10.0 + i * 0.0012 * sin(k) AS lat, -8 + (k * 53 % 300) / 10.0 + i * 0.0016 * cos(k) AS long,"
                        + " 400 + (k % 17) * 10 + sin(i / 50.0) * 30 AS speed"
                        + " FROM (SELECT range // " + AIRCRAFT + " AS i, range % " + AIRCRAFT + " AS k FROM range(" + rows + "))"
                : "SELECT TIMESTAMP '2026-01-01' + to_seconds(range // " + AIRCRAFT + ") AS date, 'AC-' || (range % " + AIRCRAFT + ") AS aircraft,"
                        + " asin(2 * random() - 1) * 180 / pi() AS lat, 360 * random() - 180 AS long, 1000 * random() AS speed FROM range(" + rows + ")";
        try (Connection connection = DuckDb.connect("jdbc:duckdb:", new Properties()); Statement statement = connection.createStatement()) {
            statement.execute("SELECT setseed(0.42)");
            statement.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
        }
    }

    static double lap(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    static String json(double[] ms) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < ms.length; i++) {
            out.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.1f", ms[i]));
        }
        return out.append(']').toString();
    }
}
