package org.agilab.runtime.data;

import java.util.List;

/**
 * Statistics of one column over the filtered rows.
 *
 * @param rows     rows the filter keeps
 * @param nulls    of which null in this column
 * @param min      the smallest value as DuckDB writes it, null when every value is null
 * @param max      the largest value, likewise
 * @param mean     the mean of a numeric column, else null
 * @param distinct DuckDB's estimate of distinct non-null values ({@code approx_count_distinct})
 * @param bins     equal-width bins from min to max for a numeric column, else the most frequent values
 */
public record ColumnStats(DataColumn column, long rows, long nulls, String min, String max, Double mean, long distinct,
        List<Bin> bins) {

    public ColumnStats {
        bins = List.copyOf(bins);
    }

    /**
     * A histogram bin: {@code [lower, upper)} (the last bin includes its upper bound) for a numeric column, or one
     * value ({@code lower} and {@code upper} NaN) for the others.
     */
    public record Bin(String label, double lower, double upper, long count) {
    }
}
