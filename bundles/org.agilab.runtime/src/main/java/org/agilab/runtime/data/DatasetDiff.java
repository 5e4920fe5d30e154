package org.agilab.runtime.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.agilab.runtime.protocol.Cancellation;

/**
 * Two runs' outputs compared (upstream has no such view; the Runs view's Compare Outputs shows it): row counts, each
 * column's statistics side by side, and the rows whose key is in one run only. Each side stays its own read-only
 * {@link Dataset}: the keys are compared as sorted 64-bit hashes in Java, so no database ever reads both runs' files.
 */
public final class DatasetDiff {

    private DatasetDiff() {
    }

    /** How far apart, relative to their size, two means may be and still be the same. */
    public static final double MEAN_TOLERANCE = 1e-9;

    /** A column's statistics in each run; a side is null when that run's outputs have no such column. */
    public record ColumnDiff(String column, ColumnStats left, ColumnStats right) {

        /**
         * Whether the column's statistics differ: a side missing, or rows, nulls, min or max unequal, or means further apart
         * than {@link DatasetDiff#MEAN_TOLERANCE} of their size (DuckDB sums in parallel, in no fixed order: the same values can give
         * means that differ in their last digits).
         */
        public boolean differs() {
            return left == null || right == null || left.rows() != right.rows() || left.nulls() != right.nulls()
                    || !java.util.Objects.equals(left.min(), right.min()) || !java.util.Objects.equals(left.max(), right.max())
                    || !sameMean(left.mean(), right.mean());
        }

        private static boolean sameMean(Double a, Double b) {
            if (a == null || b == null) {
                return a == b;
            }
            return Math.abs(a - b) <= MEAN_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)) || a.equals(b);
        }
    }

    /** Row counts and the columns of both runs (the left's order, then the right's own), {@value Dataset#SOURCE_COLUMN} left out. */
    public record Summary(long leftRows, long rightRows, List<ColumnDiff> columns) {
    }

    /**
     * The rows whose key is in one run only: how many (a key that several rows share counts once per row missing on the
     * other side) and a sample of each side, ordered by the key: the rows of up to {@code sample} such keys (every row
     * with that key, so a key present twice here and once there shows both of its rows).
     */
    public record KeyDiff(List<String> key, long onlyLeft, long onlyRight, DataPage leftSample, DataPage rightSample) {
    }

    /** Both runs' row counts and column statistics (no histograms): one scan of each run's outputs. */
    public static Summary summary(Dataset left, Dataset right, String filter, Cancellation cancellation) {
        Map<String, ColumnStats> leftStats = byName(left.summaries(filter, cancellation));
        Map<String, ColumnStats> rightStats = byName(right.summaries(filter, cancellation));
        Set<String> names = new LinkedHashSet<>(leftStats.keySet());
        names.addAll(rightStats.keySet());
        names.remove(Dataset.SOURCE_COLUMN); // the files' paths always differ between runs
        List<ColumnDiff> columns = new ArrayList<>();
        for (String name : names) {
            columns.add(new ColumnDiff(name, leftStats.get(name), rightStats.get(name)));
        }
        return new Summary(rows(leftStats, left), rows(rightStats, right), columns);
    }

    private static Map<String, ColumnStats> byName(List<ColumnStats> stats) {
        Map<String, ColumnStats> named = new LinkedHashMap<>();
        stats.forEach(column -> named.put(column.column().name(), column));
        return named;
    }

    /** The filtered row count, which every column's statistics carry (a dataset always has a column). */
    private static long rows(Map<String, ColumnStats> stats, Dataset dataset) {
        return stats.values().stream().findFirst().map(ColumnStats::rows)
                .orElseThrow(() -> new IllegalStateException("no column in " + dataset));
    }

    public static KeyDiff byKey(Dataset left, Dataset right, List<String> key, String filter, int sample, Cancellation cancellation) {
        long[] leftKeys = left.keyHashes(key, filter, cancellation);
        long[] rightKeys = right.keyHashes(key, filter, cancellation);
        List<Long> onlyLeft = new ArrayList<>();
        List<Long> onlyRight = new ArrayList<>();
        // both sorted: one merge walk, a shared key cancelling one row of each side
        int i = 0;
        int j = 0;
        while (i < leftKeys.length || j < rightKeys.length) {
            if (j == rightKeys.length || i < leftKeys.length && leftKeys[i] < rightKeys[j]) {
                onlyLeft.add(leftKeys[i++]);
            } else if (i == leftKeys.length || rightKeys[j] < leftKeys[i]) {
                onlyRight.add(rightKeys[j++]);
            } else {
                i++;
                j++;
            }
        }
        return new KeyDiff(List.copyOf(key), onlyLeft.size(), onlyRight.size(),
                left.rowsWithKeys(key, firstDistinct(onlyLeft, sample), filter, sample, cancellation),
                right.rowsWithKeys(key, firstDistinct(onlyRight, sample), filter, sample, cancellation));
    }

    private static long[] firstDistinct(List<Long> hashes, int limit) {
        return hashes.stream().distinct().limit(limit).mapToLong(Long::longValue).toArray();
    }
}
