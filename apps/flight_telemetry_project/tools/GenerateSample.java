import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Generates the flight app's sample dataset, deterministically: great-circle flights between real European airports,
 * sampled every 10 s, at realistic speeds (climb to ~230 m/s, cruise, descent), written in the file variants real data
 * has (LF or CRLF, a pandas index column, quoted fields, an extra column, rows out of time order, two aircraft in one
 * file). Run from the app folder:
 *
 * <pre>java tools/GenerateSample.java [SCALE] [OUTPUT]</pre>
 *
 * With no arguments it writes dataset.zip (scale 1, the shipped sample). SCALE multiplies the flights per plane (the
 * benchmarks use 20); an OUTPUT ending in .zip is a zip, anything else a folder of CSV files.
 */
public class GenerateSample {

    record Airport(String code, double lat, double lon) {
    }

    static final List<Airport> AIRPORTS = List.of(
            new Airport("CDG", 49.0097, 2.5479), new Airport("LHR", 51.4700, -0.4543), new Airport("FRA", 50.0379, 8.5622),
            new Airport("AMS", 52.3105, 4.7683), new Airport("MAD", 40.4983, -3.5676), new Airport("FCO", 41.8003, 12.2389),
            new Airport("MUC", 48.3538, 11.7861), new Airport("BCN", 41.2974, 2.0833), new Airport("ZRH", 47.4647, 8.5492),
            new Airport("VIE", 48.1103, 16.5697), new Airport("CPH", 55.6180, 12.6508), new Airport("LIS", 38.7813, -9.1359),
            new Airport("DUB", 53.4264, -6.2499), new Airport("TLS", 43.6291, 1.3638), new Airport("NCE", 43.6584, 7.2159),
            new Airport("MRS", 43.4393, 5.2214));

    static final String[] PLANES = { "01", "12", "23", "34", "45", "56", "60", "61", "72", "88" };
    static final double EARTH_RADIUS_M = 6_371_000.0;
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public static void main(String[] args) throws IOException {
        int scale = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Path output = Path.of(args.length > 1 ? args[1] : "dataset.zip");
        Random random = new Random(20200101L);
        List<String[]> files = new ArrayList<>(); // name, content
        int fileId = 5000;
        for (String plane : PLANES) {
            int flights = 8 * scale;
            for (int f = 0; f < flights; f++) {
                int variant = (f + plane.charAt(1)) % 4;
                List<String[]> rows = new ArrayList<>();
                String aircraft = "F-" + plane + (char) ('A' + f % 3);
                rows.addAll(flight(random, aircraft));
                if (variant == 3) {
                    rows.addAll(flight(random, "F-" + plane + (char) ('A' + f % 3) + "X"));
                    Collections.shuffle(rows, random);
                }
                files.add(new String[] { plane + "_" + (fileId++) + ".csv", render(rows, variant) });
            }
        }
        if (output.toString().endsWith(".zip")) {
            try (OutputStream out = Files.newOutputStream(output); ZipOutputStream zip = new ZipOutputStream(out)) {
                for (String[] file : files) {
                    ZipEntry entry = new ZipEntry(file[0]);
                    entry.setTime(1577836800000L); // fixed times: the same zip every time
                    zip.putNextEntry(entry);
                    zip.write(file[1].getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            }
        } else {
            Files.createDirectories(output);
            for (String[] file : files) {
                Files.writeString(output.resolve(file[0]), file[1]);
            }
        }
        long bytes = files.stream().mapToLong(f -> f[1].length()).sum();
        System.out.println("wrote " + files.size() + " files, " + bytes + " bytes of CSV, to " + output);
    }

    /** Where each aircraft landed last, and when: its next flight leaves from there, a few hours later. */
    static final Map<String, Object[]> LAST = new HashMap<>();

    /** One flight between two airports: rows of date, lat, long, aircraft. */
    static List<String[]> flight(Random random, String aircraft) {
        Object[] last = LAST.get(aircraft);
        Airport from = last != null ? (Airport) last[0] : AIRPORTS.get(random.nextInt(AIRPORTS.size()));
        Airport to;
        do {
            to = AIRPORTS.get(random.nextInt(AIRPORTS.size()));
        } while (to == from);
        double[] a = unit(from.lat(), from.lon());
        double[] b = unit(to.lat(), to.lon());
        double angle = Math.acos(Math.max(-1, Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2])));
        double distance = angle * EARTH_RADIUS_M;
        double cruise = 215 + random.nextDouble() * 30; // m/s
        LocalDateTime time = last != null ? ((LocalDateTime) last[1]).plusMinutes(90 + random.nextInt(600))
                : LocalDateTime.of(2020, 1, 2, 5, 0).plusMinutes(random.nextInt(200 * 24 * 60));
        List<String[]> rows = new ArrayList<>();
        double travelled = 0;
        double speed = 70;
        while (true) {
            double fraction = Math.min(1, travelled / distance);
            double[] p = slerp(a, b, angle, fraction);
            double lat = Math.toDegrees(Math.asin(p[2])) + (random.nextDouble() - 0.5) * 1e-4;
            double lon = Math.toDegrees(Math.atan2(p[1], p[0])) + (random.nextDouble() - 0.5) * 1e-4;
            rows.add(new String[] { time.format(DATE), String.format(Locale.ROOT, "%.6f", lat), String.format(Locale.ROOT, "%.6f", lon), aircraft });
            if (fraction >= 1) {
                LAST.put(aircraft, new Object[] { to, time });
                return rows;
            }
            double remaining = distance - travelled;
            double target = remaining < 60_000 ? Math.max(75, remaining / 60_000 * cruise) : cruise;
            speed += Math.max(-4, Math.min(4, target - speed)); // at most 0.4 m/s² over a 10 s step
            travelled += speed * 10;
            time = time.plusSeconds(10);
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

    /** 0: LF plain; 1: CRLF with a pandas index column; 2: quoted fields and an extra column; 3: LF (shuffled, two aircraft). */
    static String render(List<String[]> rows, int variant) {
        String newline = variant == 1 ? "\r\n" : "\n";
        StringBuilder text = new StringBuilder();
        switch (variant) {
            case 1 -> text.append(",date,lat,long,aircraft");
            case 2 -> text.append("\"aircraft\",\"date\",\"lat\",\"long\",\"alt\"");
            default -> text.append("date,lat,long,aircraft");
        }
        text.append(newline);
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            switch (variant) {
                case 1 -> text.append(i).append(',').append(String.join(",", row));
                case 2 -> text.append('"').append(row[3]).append("\",\"").append(row[0]).append("\",\"").append(row[1])
                        .append("\",\"").append(row[2]).append("\",\"").append(10000).append('"');
                default -> text.append(String.join(",", row));
            }
            text.append(newline);
        }
        return text.toString();
    }
}
