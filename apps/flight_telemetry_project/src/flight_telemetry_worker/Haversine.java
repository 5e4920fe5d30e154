package flight_telemetry_worker;

/**
 * Great-circle distance on a sphere of radius 6,371,000 m. {@link StrictMath} makes every kernel give the same bits
 * for the same points, on every JVM.
 */
final class Haversine {

    static final double EARTH_RADIUS_M = 6_371_000.0;

    private Haversine() {
    }

    static double metres(double lat1, double lon1, double lat2, double lon2) {
        return metres(lat1, lon1, cosLatitude(lat1), lat2, lon2, cosLatitude(lat2));
    }

    /** The cosine of a latitude: a point's is used by both pairs it belongs to, so the compiled kernel computes it once. */
    static double cosLatitude(double lat) {
        return StrictMath.cos(StrictMath.toRadians(lat));
    }

    /** The same distance, given each latitude's cosine. */
    static double metres(double lat1, double lon1, double cosLat1, double lat2, double lon2, double cosLat2) {
        double sinHalfDeltaPhi = StrictMath.sin(StrictMath.toRadians(lat2 - lat1) / 2);
        double sinHalfDeltaLambda = StrictMath.sin(StrictMath.toRadians(lon2 - lon1) / 2);
        double a = sinHalfDeltaPhi * sinHalfDeltaPhi + cosLat1 * cosLat2 * sinHalfDeltaLambda * sinHalfDeltaLambda;
        return 2 * EARTH_RADIUS_M * StrictMath.asin(StrictMath.sqrt(Math.min(1.0, a)));
    }
}
