package flight_telemetry_worker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The two kernels that turn one aircraft's rows into a {@link Track}. The plain one is the reference: a list of point
 * objects, sorted with a comparator. The compiled one (mode {@code c}, upstream's Cython worker) works on primitive
 * columns: one packed long sort and tight loops. Both order points by time, ties kept in input order, and share
 * {@link Haversine}, so they give identical numbers.
 */
final class Kernels {

    private Kernels() {
    }

    /** Rows of one aircraft, as positions into the work's concatenated columns (in input order). */
    record Selection(String aircraft, int[] positions) {
    }

    private record Point(long time, double lat, double lon, int order) {
    }

    static Track plain(Selection selection, long[] time, double[] lat, double[] lon) {
        return plain(selection, time, lat, lon, new long[1]);
    }

    /** The same, adding the nanoseconds spent ordering the points to {@code sortNanos[0]} (for the run's profile). */
    static Track plain(Selection selection, long[] time, double[] lat, double[] lon, long[] sortNanos) {
        long sortStart = System.nanoTime();
        List<Point> points = new ArrayList<>(selection.positions().length);
        int order = 0;
        for (int position : selection.positions()) {
            points.add(new Point(time[position], lat[position], lon[position], order++));
        }
        points.sort(Comparator.comparingLong(Point::time).thenComparingInt(Point::order));
        sortNanos[0] += System.nanoTime() - sortStart;
        int n = points.size();
        Track track = new Track(selection.aircraft(), new long[n], new double[n], new double[n], new double[n], new double[n],
                new double[n]);
        Point previous = null;
        for (int i = 0; i < n; i++) {
            Point point = points.get(i);
            track.time()[i] = point.time();
            track.lat()[i] = point.lat();
            track.lon()[i] = point.lon();
            track.prevLat()[i] = previous == null ? Double.NaN : previous.lat();
            track.prevLon()[i] = previous == null ? Double.NaN : previous.lon();
            track.speed()[i] = previous == null ? 0.0 : Haversine.metres(previous.lat(), previous.lon(), point.lat(), point.lon());
            previous = point;
        }
        return track;
    }

    static Track compiled(Selection selection, long[] time, double[] lat, double[] lon) {
        return compiled(selection, time, lat, lon, new long[1]);
    }

    /** The same, adding the nanoseconds spent ordering the points to {@code sortNanos[0]} (for the run's profile). */
    static Track compiled(Selection selection, long[] time, double[] lat, double[] lon, long[] sortNanos) {
        long sortStart = System.nanoTime();
        int[] positions = selection.positions();
        int n = positions.length;
        long minTime = Long.MAX_VALUE;
        for (int position : positions) {
            minTime = Math.min(minTime, time[position]);
        }
        // (time offset, input order) packed in one long: a primitive sort that keeps ties in input order
        long[] keys = new long[n];
        boolean packable = true;
        for (int i = 0; i < n; i++) {
            long offset = time[positions[i]] - minTime;
            if (offset >= (1L << 31)) {
                packable = false;
                break;
            }
            keys[i] = offset << 32 | i;
        }
        if (!packable) {
            return plain(selection, time, lat, lon, sortNanos); // a track spanning 68 years: never in practice
        }
        Arrays.sort(keys);
        long[] sortedTime = new long[n];
        double[] sortedLat = new double[n];
        double[] sortedLon = new double[n];
        for (int i = 0; i < n; i++) {
            int position = positions[(int) keys[i]];
            sortedTime[i] = time[position];
            sortedLat[i] = lat[position];
            sortedLon[i] = lon[position];
        }
        sortNanos[0] += System.nanoTime() - sortStart;
        double[] prevLat = new double[n];
        double[] prevLon = new double[n];
        double[] speed = new double[n];
        if (n > 0) {
            prevLat[0] = Double.NaN;
            prevLon[0] = Double.NaN;
        }
        double cosPrevious = n > 0 ? Haversine.cosLatitude(sortedLat[0]) : 0;
        for (int i = 1; i < n; i++) {
            prevLat[i] = sortedLat[i - 1];
            prevLon[i] = sortedLon[i - 1];
            double cosCurrent = Haversine.cosLatitude(sortedLat[i]);
            speed[i] = Haversine.metres(sortedLat[i - 1], sortedLon[i - 1], cosPrevious, sortedLat[i], sortedLon[i], cosCurrent);
            cosPrevious = cosCurrent;
        }
        return new Track(selection.aircraft(), sortedTime, sortedLat, sortedLon, prevLat, prevLon, speed);
    }
}
