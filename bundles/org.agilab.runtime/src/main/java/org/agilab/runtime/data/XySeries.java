package org.agilab.runtime.data;

/**
 * Points of two columns for a line or scatter chart, ordered by x: every filtered row with both values, or a
 * reproducible random sample of them when there are more than the caller can draw.
 *
 * @param x       the x column; a date or timestamp comes as milliseconds since the epoch
 * @param y       the y column, numeric
 * @param rows    filtered rows with both values (all of them, sampled or not)
 * @param sampled whether {@code xs}/{@code ys} are a sample of those rows
 */
public record XySeries(DataColumn x, DataColumn y, long rows, boolean sampled, double[] xs, double[] ys) {
}
