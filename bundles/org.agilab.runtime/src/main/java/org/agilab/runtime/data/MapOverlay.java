package org.agilab.runtime.data;

import java.util.List;

/**
 * Marked places drawn over a map (upstream {@code view_maps}' coordinate overlay, such as the flight worker's
 * {@code overlay_lat}/{@code overlay_long} route centroids): the distinct positions of two coordinate columns among the
 * filtered rows, each with its label.
 *
 * @param lats      latitudes, degrees
 * @param lons      longitudes, degrees
 * @param labels    each place's label (empty without a label column)
 * @param truncated whether there were more places than were read
 */
public record MapOverlay(double[] lats, double[] lons, List<String> labels, boolean truncated) {

    /** Places read at most: an overlay marks a few places, not every row. */
    public static final int MAX_PLACES = 2_000;

    public MapOverlay {
        labels = List.copyOf(labels);
    }

    public int size() {
        return lats.length;
    }
}
