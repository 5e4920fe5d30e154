package flight_telemetry_worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The flight kernels alone, warm, on one thread: reads every flight file of a folder with the app's reader, groups
 * the rows by aircraft as the worker does, then times the compiled and the plain kernel over all aircraft, after
 * warm-up rounds. Benchmark harness, not a test (see tests/bench/flight-vs-pandas, which builds and runs it).
 *
 * <pre>java ... flight_telemetry_worker.FlightKernelBench FOLDER [ROUNDS]</pre>
 */
public final class FlightKernelBench {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        List<FlightRows> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : (Iterable<Path>) list.filter(p -> p.getFileName().toString().matches("\\d{2}_.*\\.csv")).sorted()::iterator) {
                files.add(FlightCsv.read(file, 0, 0));
            }
        }
        PlaneRows all = PlaneRows.of(files);
        int total = all.rows();
        long[] time = all.time();
        double[] lat = all.lat();
        double[] lon = all.lon();
        List<Kernels.Selection> selections = all.aircraft();
        for (String kernel : List.of("compiled", "plain")) {
            double[] seconds = new double[rounds];
            double checksum = 0;
            for (int round = -5; round < rounds; round++) {
                long start = System.nanoTime();
                for (Kernels.Selection selection : selections) {
                    Track track = kernel.equals("compiled") ? Kernels.compiled(selection, time, lat, lon)
                            : Kernels.plain(selection, time, lat, lon);
                    checksum += track.distanceSum();
                }
                if (round >= 0) {
                    seconds[round] = (System.nanoTime() - start) / 1e9;
                }
            }
            Arrays.sort(seconds);
            System.out.printf(java.util.Locale.ROOT, "{\"kernel\": \"%s\", \"rows\": %d, \"median_seconds\": %.6f, \"min_seconds\": %.6f,"
                    + " \"max_seconds\": %.6f, \"rows_per_second\": %.1f, \"checksum\": %.3f}%n", kernel, total, seconds[rounds / 2],
                    seconds[0], seconds[rounds - 1], total / seconds[rounds / 2], checksum);
        }
    }
}
