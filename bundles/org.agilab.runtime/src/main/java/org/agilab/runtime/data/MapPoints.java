package org.agilab.runtime.data;

import java.util.List;

/**
 * A map's points: at most one per pixel (or cell of pixels) and track of the query's bounds (the track's first there in its order), each
 * with its track and its colour; tracks' points come together, in their order.
 *
 * @param cellPixels    the side of the cells decimated to one point per track, in pixels: 1, or 2, 4... when one per
 *                      pixel would make too many points
 * @param rows          filtered rows inside the bounds that the points stand for (after sampling)
 * @param sampled       whether the rows were a random share of the filtered rows
 * @param tracks        each point's track, an index into {@code trackNames}; all 0 without a group column
 * @param trackNames    the group column's values, in the order tracks come (a null value is "NULL")
 * @param colourClasses each point's class in {@code colours} (discrete colouring), else null
 * @param colourValues  each point's value on the scale (continuous colouring), else null
 */
public record MapPoints(MapQuery query, int cellPixels, long rows, boolean sampled, double[] lats, double[] lons, int[] tracks, List<String> trackNames,
        MapColours colours, int[] colourClasses, double[] colourValues) {

    public MapPoints {
        trackNames = List.copyOf(trackNames);
    }

    public int size() {
        return lats.length;
    }

    /** Whether consecutive points of a track are joined: a group and an order column are chosen. */
    public boolean lines() {
        return query.group() != null && query.order() != null;
    }

    /** The colour of point {@code i}, as 0xRRGGBB. */
    public int rgb(int i) {
        return switch (colours.kind()) {
            case SINGLE -> MapColours.SINGLE_RGB;
            case DISCRETE -> colours.classRgb(colourClasses[i]);
            case CONTINUOUS -> colours.valueRgb(colourValues[i]);
        };
    }

    /** The point nearest pixel {@code (x, y)} of the query's picture and within {@code radius} pixels of it, or -1. */
    public int nearest(double x, double y, double radius) {
        GeoBounds bounds = query.bounds();
        int best = -1;
        double bestDistance = radius * radius;
        for (int i = 0; i < lats.length; i++) {
            double dx = bounds.x(lons[i], query.width()) - x;
            double dy = bounds.y(lats[i], query.height()) - y;
            double distance = dx * dx + dy * dy;
            if (distance <= bestDistance) {
                bestDistance = distance;
                best = i;
            }
        }
        return best;
    }
}
