package flight_telemetry_worker;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import flight_telemetry.FlightTelemetryArgs;

import org.agilab.api.DuckDbContext;
import org.agilab.api.DuckDbSql;
import org.agilab.api.Work;

/**
 * The duckdb engine: one plane's files are read by DuckDB's CSV reader (all files at once, by column name, so files
 * whose columns differ in order or number load together) and checked; then each aircraft's rows are ordered by time
 * and given their previous point and haversine distance by a window query, and written to the aircraft's file by
 * DuckDB's COPY, through the run's output files. Same rows and distances as the Java kernels (within floating-point rounding: DuckDB
 * uses the C library's sin/cos/asin, not StrictMath).
 *
 * <p>Rows the DuckDB reader cannot take, or that fail the checks (a missing or malformed value, a coordinate out of
 * range, an empty aircraft), send the plane to the Java reader: it names the file, line and column of a bad row, or,
 * when it reads the files without fault (DuckDB is stricter on a few layouts, say spaces around a date), the plane is
 * computed by the Java engine, which gives the same outputs.
 */
final class FlightDuckDb {

    private FlightDuckDb() {
    }

    /** The CSV reader: by column name, the four columns typed, dates as the Java reader takes them. */
    private static final String READ_OPTIONS = "header = true, delim = ',', quote = '\"', escape = '\"', union_by_name = true,"
            + " types = {'date': 'TIMESTAMP', 'lat': 'DOUBLE', 'long': 'DOUBLE', 'aircraft': 'VARCHAR'},"
            + " timestampformat = '%Y-%m-%d %H:%M:%S'";

    /** Haversine as Haversine.metres writes it: the sines of the half differences, the cosines of both latitudes. */
    private static final String DISTANCE = "CASE WHEN prev_lat IS NULL THEN 0.0 ELSE 2 * 6371000.0 * asin(sqrt(least(1.0,"
            + " sin(radians(lat - prev_lat) / 2) * sin(radians(lat - prev_lat) / 2)"
            + " + cos(radians(prev_lat)) * cos(radians(lat)) * sin(radians(long - prev_long) / 2) * sin(radians(long - prev_long) / 2)))) END";

    static long work(FlightTelemetryWorker worker, DuckDbContext<FlightTelemetryArgs> context, Work work, long from, long until,
            String format, Path dataOut) throws Exception {
        List<Path> files = work.items().stream().map(Path::of).toList();
        try (Statement sql = context.connection().createStatement()) {
            long start = System.nanoTime();
            boolean loaded;
            try {
                sql.execute("CREATE OR REPLACE TEMP TABLE flight_rows AS SELECT date, lat, long, trim(aircraft) AS aircraft FROM "
                        + DuckDbSql.readCsv(work.items(), READ_OPTIONS));
                loaded = clean(sql);
            } catch (SQLException e) {
                context.log().debug("plane " + work.name() + ": DuckDB's reader refused the files (" + firstLine(e) + ")");
                loaded = false;
            }
            if (!loaded) {
                return javaEngine(worker, context, work, from, until);
            }
            long read = System.nanoTime() - start;
            // each aircraft on its own: a window over one aircraft's rows sorts by time alone, far cheaper than one
            // window partitioned by the aircraft name (a string sort key) over the whole plane
            List<String> aircraftNames = new ArrayList<>();
            try (ResultSet result = sql.executeQuery("SELECT aircraft FROM flight_rows WHERE " + inRange(from, until)
                    + " GROUP BY aircraft ORDER BY min(rowid)")) {
                while (result.next()) {
                    aircraftNames.add(result.getString(1));
                }
            }
            worker.claim(work, files, aircraftNames);
            long kernel = 0;
            long write = 0;
            long rows = 0;
            String options = format.equals("csv") ? "FORMAT csv, HEADER, TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S'" : "FORMAT parquet";
            for (String aircraft : aircraftNames) {
                long kernelStart = System.nanoTime();
                // ordered by time, ties in input order; the table keeps that order (insertion order is preserved)
                sql.execute("CREATE OR REPLACE TEMP TABLE flight_track AS SELECT date, aircraft, lat, long, prev_lat, prev_long, "
                        + DISTANCE + " AS speed FROM (SELECT rowid AS r, date, aircraft, lat, long, lag(lat) OVER w AS prev_lat,"
                        + " lag(long) OVER w AS prev_long FROM flight_rows WHERE aircraft = " + DuckDbSql.literal(aircraft) + " AND "
                        + inRange(from, until) + " WINDOW w AS (ORDER BY date, r)) ORDER BY date, r");
                long size;
                double sum;
                double max;
                long first;
                long last;
                try (ResultSet result = sql.executeQuery("SELECT count(*), sum(speed), max(speed), epoch(min(date))::BIGINT,"
                        + " epoch(max(date))::BIGINT FROM flight_track")) {
                    result.next();
                    size = result.getLong(1);
                    sum = result.getDouble(2);
                    max = result.getDouble(3);
                    first = result.getLong(4);
                    last = result.getLong(5);
                }
                long writeStart = System.nanoTime();
                kernel += writeStart - kernelStart;
                Path target = dataOut.resolve(TrackFiles.fileName(aircraft) + "." + format);
                context.copy("SELECT * FROM flight_track", target, "aircraft " + aircraft, options);
                write += System.nanoTime() - writeStart;
                rows += size;
                worker.added(work, aircraft, size, sum, max, first, last, target.getFileName().toString());
            }
            sql.execute("DROP TABLE IF EXISTS flight_track");
            sql.execute("DROP TABLE flight_rows");
            worker.profile(read, 0, kernel, write);
            worker.planeDone(context, work, rows, aircraftNames.size());
            return rows;
        }
    }

    private static String inRange(long from, long until) {
        return "date >= make_timestamp(" + from * 1_000_000L + ") AND date < make_timestamp(" + until * 1_000_000L + ")";
    }

    /** Whether every loaded row has a date, coordinates in range and an aircraft (as the Java reader requires). */
    private static boolean clean(Statement sql) throws SQLException {
        try (ResultSet bad = sql.executeQuery("SELECT count(*) FROM flight_rows WHERE date IS NULL OR lat IS NULL OR long IS NULL"
                + " OR aircraft IS NULL OR aircraft = '' OR NOT (lat BETWEEN -90 AND 90) OR NOT (long BETWEEN -180 AND 180)")) {
            return bad.next() && bad.getLong(1) == 0;
        }
    }

    /** The plane through the Java reader and kernels: it names a bad row's file, line and column, or computes the plane. */
    private static long javaEngine(FlightTelemetryWorker worker, DuckDbContext<FlightTelemetryArgs> context, Work work, long from,
            long until) throws Exception {
        List<FlightRows> results = new ArrayList<>();
        for (String item : work.items()) {
            results.add(FlightCsv.read(Path.of(item), 0, 0, from, until));
        }
        context.log().info("plane " + work.name() + ": read by the Java reader (DuckDB's reader did not take these files as they are)");
        return worker.workDone(context, work, results);
    }

    private static String firstLine(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
