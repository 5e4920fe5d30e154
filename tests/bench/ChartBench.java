import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.agilab.runtime.data.Dataset;
import org.agilab.ui.internal.data.Charts;
import org.agilab.ui.internal.data.Pictures;
import org.jfree.chart.JFreeChart;

/**
 * The Chart view's work on ROWS rows (benchmarks only): from a choice to its picture, for each kind of chart, with the
 * view's own limits (5,000 sampled points, 30 bins, 30 bars). The same flight-like parquet as DatasetBench, which
 * writes it (a timestamp, 50 aircraft, lat, long, speed). Each round opens the dataset anew and times, in one JVM: a
 * scatter of lat against long, a line of speed over time, a histogram of speed, a bar per aircraft of its mean speed;
 * each is the service's query plus JFreeChart drawing the chart at WIDTH × HEIGHT (Charts and Pictures, as the view's
 * Jobs do; the SWT copy of the picture, a few ms on the UI thread, is not in these figures). Round 0 is the JVM's
 * first; prints each round's milliseconds as a JSON line, then the medians of the others.
 *
 *     java -cp RUNTIME:API:UI:GSON:DUCKDB:JFREECHART:JFREESVG:BENCH ChartBench DIR ROWS ROUNDS   (BENCH: with DatasetBench)
 */
public final class ChartBench {

    static final int WIDTH = 1200;
    static final int HEIGHT = 800;
    static final int POINTS = 5_000;
    static final int BINS = 30;
    static final int BARS = 30;
    static final String[] STEPS = {"open", "scatter query", "scatter draw", "line query", "line draw", "histogram query", "histogram draw",
            "bars query", "bars draw", "scatter total", "line total", "histogram total", "bars total"};

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        long rows = Long.parseLong(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Path file = DatasetBench.flightLikeParquet(dir, rows);
        List<double[]> all = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            double[] ms = new double[STEPS.length];
            long start = System.nanoTime();
            try (Dataset dataset = Dataset.open(file.toString(), dir)) {
                ms[0] = lap(start);
                long t = System.nanoTime();
                var scatter = dataset.xy("long", "lat", null, POINTS, null);
                ms[1] = lap(t);
                ms[2] = draw(Charts.xy(false, scatter, "scatter"));
                t = System.nanoTime();
                var line = dataset.xy("date", "speed", null, POINTS, null);
                ms[3] = lap(t);
                ms[4] = draw(Charts.xy(true, line, "line"));
                t = System.nanoTime();
                var stats = dataset.stats("speed", null, BINS, null);
                ms[5] = lap(t);
                ms[6] = draw(Charts.histogram(stats, "histogram", "rows"));
                t = System.nanoTime();
                var bars = dataset.bars("aircraft", "speed", null, BARS, null);
                ms[7] = lap(t);
                ms[8] = draw(Charts.bars(bars, "bars", "rows"));
                for (int k = 0; k < 4; k++) {
                    ms[9 + k] = ms[1 + 2 * k] + ms[2 + 2 * k];
                }
            }
            all.add(ms);
            System.out.println("{\"round\": " + round + ", \"ms\": " + json(ms) + "}");
        }
        double[] medians = new double[STEPS.length];
        for (int s = 0; s < STEPS.length; s++) {
            int step = s;
            double[] warm = all.stream().skip(1).mapToDouble(ms -> ms[step]).sorted().toArray();
            medians[s] = warm.length == 0 ? Double.NaN : warm[warm.length / 2];
        }
        System.out.println("{\"rows\": " + rows + ", \"warm_median_ms\": " + json(medians) + ", \"steps\": " + Arrays.toString(STEPS) + "}");
    }

    /** Draws the chart as the view's Job does; the milliseconds it took. */
    static double draw(JFreeChart chart) {
        long t = System.nanoTime();
        BufferedImage picture = Pictures.raster(Charts.drawing(chart), WIDTH, HEIGHT);
        double ms = lap(t);
        if (picture.getWidth() != WIDTH) {
            throw new IllegalStateException("not drawn");
        }
        return ms;
    }

    static double lap(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    static String json(double[] ms) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < ms.length; i++) {
            out.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", ms[i]));
        }
        return out.append(']').toString();
    }
}
