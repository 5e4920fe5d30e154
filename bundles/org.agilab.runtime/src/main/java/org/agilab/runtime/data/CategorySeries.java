package org.agilab.runtime.data;

import java.util.List;

/**
 * Bars: the filtered rows grouped by a column's values, each bar the rows' count or the mean of a numeric column,
 * largest first.
 *
 * @param value     the column averaged, or null for counts
 * @param truncated whether there were more groups than bars
 */
public record CategorySeries(DataColumn category, DataColumn value, List<String> labels, double[] values, boolean truncated) {

    public CategorySeries {
        labels = List.copyOf(labels);
    }
}
