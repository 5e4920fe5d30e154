package flight_telemetry_worker;

import java.nio.file.Path;

/**
 * The rows of one flight file, column by column: time (epoch seconds, UTC), latitude, longitude, aircraft, and the
 * line each row came from (for errors and stable ordering).
 */
public record FlightRows(Path file, long[] time, double[] lat, double[] lon, String[] aircraft, long[] line, int size) {

    public long rows() {
        return size;
    }
}
