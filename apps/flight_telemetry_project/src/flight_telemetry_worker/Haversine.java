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
        double phi1 = StrictMath.toRadians(lat1);
        double phi2 = StrictMath.toRadians(lat2);
        double halfDeltaPhi = StrictMath.toRadians(lat2 - lat1) / 2;
        double halfDeltaLambda = StrictMath.toRadians(lon2 - lon1) / 2;
        double sinPhi = StrictMath.sin(halfDeltaPhi);
        double sinLambda = StrictMath.sin(halfDeltaLambda);
        double a = sinPhi * sinPhi + StrictMath.cos(phi1) * StrictMath.cos(phi2) * sinLambda * sinLambda;
        return 2 * EARTH_RADIUS_M * StrictMath.atan2(StrictMath.sqrt(a), StrictMath.sqrt(1 - a));
    }
}
