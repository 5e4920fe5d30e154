import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Real-shaped flight telemetry for the benchmarks, deterministically (a fixed seed): files as real exports come, not
 * as the app's own sample is written.
 *
 * <ul>
 * <li>{@code FILES} files (13 by default) named {@code <plane>_<id>.csv}, one plane each; most files hold several
 * aircraft (1 to 5), each flying one great-circle leg after another between European airports, a point every 10 s
 * (climb, cruise at 215-245 m/s, descent);</li>
 * <li>the rows of a file shuffled (out of time order, aircraft interleaved);</li>
 * <li>CRLF line ends, a leading pandas index column (empty header name, the index values shuffled with their rows),
 * strings quoted as pandas' {@code QUOTE_NONNUMERIC} writes them ({@code "2020-03-01 10:00:00"}, {@code "F-GKXA"}),
 * numbers bare; files of different sizes (the largest about four times the smallest).</li>
 * </ul>
 *
 * <pre>java tests/bench/GenerateFlights.java ROWS OUTPUT_FOLDER [FILES] [SEED]</pre>
 *
 * writes ROWS rows in all (give or take the rounding of the shares) and prints one JSON line: files, rows, bytes, aircraft.
 */
public class GenerateFlights {

    record Airport(double lat, double lon) {
    }

    static final List<Airport> AIRPORTS = List.of(new Airport(49.0097, 2.5479), new Airport(51.4700, -0.4543),
            new Airport(50.0379, 8.5622), new Airport(52.3105, 4.7683), new Airport(40.4983, -3.5676),
            new Airport(41.8003, 12.2389), new Airport(48.3538, 11.7861), new Airport(41.2974, 2.0833),
            new Airport(47.4647, 8.5492), new Airport(48.1103, 16.5697), new Airport(55.6180, 12.6508),
            new Airport(38.7813, -9.1359), new Airport(53.4264, -6.2499), new Airport(43.6291, 1.3638),
            new Airport(43.6584, 7.2159), new Airport(43.4393, 5.2214), new Airport(59.6519, 17.9186),
            new Airport(60.1939, 11.1004), new Airport(37.9364, 23.9445), new Airport(50.9010, 4.4856));

    static final double EARTH_RADIUS_M = 6_371_000.0;
    static final long START = LocalDateTime.of(2020, 1, 2, 0, 0).toEpochSecond(ZoneOffset.UTC);

    /** One point: epoch seconds, lat, long, aircraft. */
    record Point(long time, double lat, double lon, String aircraft) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java tests/bench/GenerateFlights.java ROWS OUTPUT_FOLDER [FILES] [SEED]");
            System.exit(2);
        }
        long rows = Long.parseLong(args[0]);
        Path output = Path.of(args[1]);
        int fileCount = args.length > 2 ? Integer.parseInt(args[2]) : 13;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 20201231L;
        Random random = new Random(seed);
        Files.createDirectories(output);
        // uneven file sizes: weights 1..4 (deterministic), scaled to the rows asked for
        double[] weights = new double[fileCount];
        double total = 0;
        for (int f = 0; f < fileCount; f++) {
            weights[f] = 1 + 3 * random.nextDouble();
            total += weights[f];
        }
        long written = 0;
        long bytes = 0;
        int aircraftCount = 0;
        for (int f = 0; f < fileCount; f++) {
            String plane = String.format("%02d", 10 + f * 7 % 90);
            long budget = Math.max(1, Math.round(rows * weights[f] / total));
            int aircraftInFile = 1 + (f * 3 + 1) % 5; // 1 to 5 aircraft, most files several
            List<Point> points = new ArrayList<>((int) budget + 1024);
            for (int a = 0; a < aircraftInFile; a++) {
                String aircraft = "F-" + plane + (char) ('A' + a) + (char) ('K' + random.nextInt(16));
                long share = budget / aircraftInFile;
                long time = START + random.nextInt(30 * 86_400);
                Airport at = AIRPORTS.get(random.nextInt(AIRPORTS.size()));
                int before = points.size();
                while (points.size() - before < share) {
                    Airport to;
                    do {
                        to = AIRPORTS.get(random.nextInt(AIRPORTS.size()));
                    } while (to == at);
                    time = flight(random, aircraft, at, to, time, points) + 60L * (90 + random.nextInt(600));
                    at = to;
                }
                // the last leg is cut where the share ends: recordings stop mid-flight too
                points.subList(before + (int) share, points.size()).clear();
                aircraftCount++;
            }
            // shuffled, with the index a pandas frame had before the shuffle
            int n = points.size();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            Path file = output.resolve(plane + "_" + (7000 + f * 13) + ".csv");
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                StringBuilder line = new StringBuilder(96);
                out.write(",date,lat,long,aircraft\r\n");
                for (int i = 0; i < n; i++) {
                    Point p = points.get(order[i]);
                    line.setLength(0);
                    line.append(order[i]).append(",\"");
                    date(line, p.time());
                    line.append("\",");
                    fixed6(line, p.lat());
                    line.append(',');
                    fixed6(line, p.lon());
                    line.append(",\"").append(p.aircraft()).append("\"\r\n");
                    out.append(line);
                }
            }
            written += n;
            bytes += Files.size(file);
        }
        System.out.println("{\"files\": " + fileCount + ", \"rows\": " + written + ", \"bytes\": " + bytes + ", \"aircraft\": "
                + aircraftCount + ", \"folder\": \"" + output + "\"}");
    }

    /** One flight from {@code from} to {@code to} leaving at {@code time}; returns the landing time. */
    static long flight(Random random, String aircraft, Airport from, Airport to, long time, List<Point> points) {
        double[] a = unit(from.lat(), from.lon());
        double[] b = unit(to.lat(), to.lon());
        double angle = Math.acos(Math.max(-1, Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2])));
        double distance = angle * EARTH_RADIUS_M;
        double cruise = 215 + random.nextDouble() * 30;
        double travelled = 0;
        double speed = 70;
        while (true) {
            double fraction = Math.min(1, travelled / distance);
            double[] p = slerp(a, b, angle, fraction);
            double lat = Math.toDegrees(Math.asin(p[2])) + (random.nextDouble() - 0.5) * 1e-4;
            double lon = Math.toDegrees(Math.atan2(p[1], p[0])) + (random.nextDouble() - 0.5) * 1e-4;
            points.add(new Point(time, lat, lon, aircraft));
            if (fraction >= 1) {
                return time;
            }
            double remaining = distance - travelled;
            double target = remaining < 60_000 ? Math.max(75, remaining / 60_000 * cruise) : cruise;
            speed += Math.max(-4, Math.min(4, target - speed));
            travelled += speed * 10;
            time += 10;
        }
    }

    static double[] unit(double lat, double lon) {
        double phi = Math.toRadians(lat);
        double lambda = Math.toRadians(lon);
        return new double[] { Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi) };
    }

    static double[] slerp(double[] a, double[] b, double angle, double t) {
        double s = Math.sin(angle);
        double wa = Math.sin((1 - t) * angle) / s;
        double wb = Math.sin(t * angle) / s;
        return new double[] { wa * a[0] + wb * b[0], wa * a[1] + wb * b[1], wa * a[2] + wb * b[2] };
    }

    /** yyyy-MM-dd HH:mm:ss */
    static void date(StringBuilder out, long epochSeconds) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
        out.append(t.getYear()).append('-');
        two(out, t.getMonthValue()).append('-');
        two(out, t.getDayOfMonth()).append(' ');
        two(out, t.getHour()).append(':');
        two(out, t.getMinute()).append(':');
        two(out, t.getSecond());
    }

    static StringBuilder two(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** The value with 6 decimals, as {@code %.6f} writes it (half up on the scaled value; never "-0.000000"). */
    static void fixed6(StringBuilder out, double value) {
        long scaled = Math.round(Math.abs(value) * 1e6);
        if (value < 0 && scaled != 0) {
            out.append('-');
        }
        out.append(scaled / 1_000_000).append('.');
        String fraction = Long.toString(scaled % 1_000_000);
        for (int i = fraction.length(); i < 6; i++) {
            out.append('0');
        }
        out.append(fraction);
    }
}
