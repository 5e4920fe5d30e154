package flight_telemetry_worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * Writes a track as {@code <data_out>/<aircraft>.csv} or {@code .parquet} (through DuckDB): first under a temporary
 * name in the same folder, then renamed over the old file, so readers and reruns never see half a file.
 */
final class TrackFiles {

    static final String HEADER = "date,aircraft,lat,long,prev_lat,prev_long,speed";

    private TrackFiles() {
    }

    static Path write(Track track, Path dataOut, String format) throws IOException, SQLException {
        Path target = dataOut.resolve(safeName(track.aircraft()) + "." + format);
        Path temporary = dataOut.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            if (format.equals("csv")) {
                writeCsv(track, temporary);
            } else {
                writeParquet(track, temporary);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return target;
    }

    /** Aircraft names become file names: anything but letters, digits, '-', '_' and '.' is replaced. */
    static String safeName(String aircraft) {
        String name = aircraft.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.startsWith(".") ? "_" + name.substring(1) : name;
    }

    private static void writeCsv(Track track, Path file) throws IOException {
        String aircraft = track.aircraft().contains(",") || track.aircraft().contains("\"")
                ? '"' + track.aircraft().replace("\"", "\"\"") + '"' : track.aircraft();
        StringBuilder text = new StringBuilder(HEADER.length() + 1 + track.size() * 96);
        text.append(HEADER).append('\n');
        for (int i = 0; i < track.size(); i++) {
            Dates.append(text, track.time()[i]);
            text.append(',').append(aircraft).append(',').append(track.lat()[i]).append(',').append(track.lon()[i]).append(',');
            if (!Double.isNaN(track.prevLat()[i])) {
                text.append(track.prevLat()[i]);
            }
            text.append(',');
            if (!Double.isNaN(track.prevLon()[i])) {
                text.append(track.prevLon()[i]);
            }
            text.append(',').append(track.speed()[i]).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
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
