package flight_telemetry_worker;

/**
 * One aircraft's points in time order with, for each, the previous point and the great-circle distance from it in
 * metres. The distance column is called {@code speed}, upstream's historical name: it is a distance, not a speed.
 * The first point has no previous point (NaN here, empty or NULL in the outputs) and a distance of 0.
 */
public record Track(String aircraft, long[] time, double[] lat, double[] lon, double[] prevLat, double[] prevLon, double[] speed) {

    public int size() {
        return time.length;
    }

    public double distanceSum() {
        double sum = 0;
        for (double metres : speed) {
            sum += metres;
        }
        return sum;
    }

    public double distanceMax() {
        double max = 0;
        for (double metres : speed) {
            max = Math.max(max, metres);
        }
        return max;
    }
}
