package flight_telemetry_worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.agilab.api.DataException;
import org.agilab.api.OutputFile;
import org.agilab.api.WorkerContext;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * Writes a track as {@code <data_out>/<aircraft>.csv} or {@code .parquet} (through DuckDB), as an {@link OutputFile}:
 * first a temporary file in the same folder, then one rename over the old file, so readers and reruns never see half a
 * file.
 */
final class TrackFiles {

    static final String HEADER = "date,aircraft,lat,long,prev_lat,prev_long,speed";
    /** File names stay well below the usual 255-byte limit, with room for the extension and a temporary name. */
    static final int NAME_LIMIT = 200;

    private TrackFiles() {
    }

    static Path write(WorkerContext<?> context, Track track, Path dataOut, String format) throws IOException, SQLException {
        Path target = dataOut.resolve(fileName(track.aircraft()) + "." + format);
        try (OutputFile out = context.output(target, "aircraft " + track.aircraft())) {
            if (format.equals("csv")) {
                out.write(csv(track));
            } else {
                writeParquet(track, out.temporary());
            }
            out.commit();
        }
        return target;
    }

    /**
     * An aircraft's file name, reversibly: letters, digits, '-' and '_' stay, '.' too except in the first place; every
     * other byte of its UTF-8 form is written %XX (hex, upper case). So {@code F/01} is {@code F%2F01} and
     * {@code F_01} stays {@code F_01}: two aircraft never share a file (on disks that ignore case, names differing
     * only by case are left to the run's check of its outputs), and decoding the %XX gives the name back.
     */
    static String fileName(String aircraft) {
        StringBuilder name = new StringBuilder(aircraft.length() + 8);
        byte[] bytes = aircraft.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean kept = b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_'
                    || b == '.' && i > 0;
            if (kept) {
                name.append((char) b);
            } else {
                name.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        if (name.length() > NAME_LIMIT) {
            throw new DataException(null, 0, "aircraft", "the aircraft name '" + aircraft + "' is too long for a file name ("
                    + name.length() + " characters encoded, at most " + NAME_LIMIT + ")");
        }
        return name.toString();
    }

    /**
     * The track as CSV. A point's previous latitude and longitude are the point before's, so their text is copied
     * from the row above instead of written again; a day's date is written once for all its rows.
     */
    static byte[] csv(Track track) {
        String name = track.aircraft().matches("(?s).*[,\"\r\n].*")
                ? '"' + track.aircraft().replace("\"", "\"\"") + '"' : track.aircraft();
        byte[] aircraft = name.getBytes(StandardCharsets.UTF_8);
        CsvBytes text = new CsvBytes(HEADER.length() + 1 + track.size() * (72 + aircraft.length));
        text.ascii(HEADER).put('\n');
        long day = Long.MIN_VALUE;
        byte[] dayText = null;
        int latFrom = 0;
        int latTo = 0;
        int lonFrom = 0;
        int lonTo = 0;
        for (int i = 0; i < track.size(); i++) {
            long seconds = track.time()[i];
            if (Math.floorDiv(seconds, 86_400L) != day) {
                day = Math.floorDiv(seconds, 86_400L);
                dayText = Dates.format(day * 86_400L).substring(0, 11).getBytes(StandardCharsets.US_ASCII);
            }
            int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
            text.put(dayText).digits(secondOfDay / 3600, 2).put(':').digits(secondOfDay / 60 % 60, 2).put(':')
                    .digits(secondOfDay % 60, 2);
            text.put(',').put(aircraft).put(',');
            int latStart = text.size();
            text.decimal(track.lat()[i]);
            int latEnd = text.size();
            text.put(',');
            int lonStart = text.size();
            text.decimal(track.lon()[i]);
            int lonEnd = text.size();
            text.put(',');
            previous(text, track.prevLat()[i], i > 0 && same(track.prevLat()[i], track.lat()[i - 1]), latFrom, latTo);
            text.put(',');
            previous(text, track.prevLon()[i], i > 0 && same(track.prevLon()[i], track.lon()[i - 1]), lonFrom, lonTo);
            latFrom = latStart;
            latTo = latEnd;
            lonFrom = lonStart;
            lonTo = lonEnd;
            text.put(',').decimal(track.speed()[i]).put('\n');
        }
        return text.toArray();
    }

    private static boolean same(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }

    /** Writes a previous coordinate: nothing for the first point, else the row above's text, or the value's own. */
    private static void previous(CsvBytes text, double value, boolean writtenAbove, int from, int to) {
        if (Double.isNaN(value)) {
            return;
        }
        if (writtenAbove) {
            text.copyOf(from, to);
        } else {
            text.decimal(value);
        }
    }

    private static void writeParquet(Track track, Path file) throws SQLException {
        try (DuckDBConnection duckdb = (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE TABLE track (epoch BIGINT, aircraft VARCHAR, lat DOUBLE, long DOUBLE, prev_lat DOUBLE,"
                    + " prev_long DOUBLE, speed DOUBLE)");
            try (DuckDBAppender appender = duckdb.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "track")) {
                for (int i = 0; i < track.size(); i++) {
                    appender.beginRow();
                    appender.append(track.time()[i]);
                    appender.append(track.aircraft());
                    appender.append(track.lat()[i]);
                    appender.append(track.lon()[i]);
                    if (Double.isNaN(track.prevLat()[i])) {
                        appender.appendNull();
                        appender.appendNull();
                    } else {
                        appender.append(track.prevLat()[i]);
                        appender.append(track.prevLon()[i]);
                    }
                    appender.append(track.speed()[i]);
                    appender.endRow();
                }
            }
            statement.execute("COPY (SELECT make_timestamp(epoch * 1000000) AS date, aircraft, lat, long, prev_lat, prev_long, speed"
                    + " FROM track ORDER BY rowid) TO '" + file.toString().replace("'", "''") + "' (FORMAT PARQUET)");
        }
    }
}
