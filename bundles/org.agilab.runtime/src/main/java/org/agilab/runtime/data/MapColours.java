package org.agilab.runtime.data;

import java.util.List;

/**
 * How a map colours its points, and its legend: one colour; a colour per value of a text or low-cardinality column
 * (the {@value #MAX_CLASSES} most frequent values, the others grey); or a continuous scale from {@code min} (dark blue)
 * to {@code max} (yellow) of a numeric, date or time column.
 *
 * @param column  the colouring column, null for one colour
 * @param classes the values that have a colour of their own, most frequent first (discrete only)
 * @param more    whether more values share the {@link #OTHER} colour (discrete only)
 * @param min     the smallest value, continuous only (dates as milliseconds since the epoch)
 * @param max     the largest value, continuous only
 */
public record MapColours(DataColumn column, Kind kind, List<String> classes, boolean more, double min, double max) {

    /** One colour, a palette of classes, or a scale. */
    public enum Kind {
        SINGLE, DISCRETE, CONTINUOUS
    }

    /** Values with a colour of their own at most; a numeric column with no more distinct values is coloured by class too. */
    public static final int MAX_CLASSES = 12;
    /** The colour of points when nothing colours them. */
    public static final int SINGLE_RGB = 0xd62728;
    /** The colour of the values beyond the palette's, and of a continuous column's missing values. */
    public static final int OTHER = 0x9a9a9a;

    /** Twelve colours told apart on white and on the map's pale land, in the order classes get them. */
    private static final int[] PALETTE = {0x1f63c6, 0xe8590c, 0x2b9a3e, 0xc92a2a, 0x7048e8, 0x8d5524, 0xd6336c, 0x495057, 0x94a800, 0x0c9fb8,
            0xf59f00, 0x0b7285};
    /** The continuous scale's stops, low to high: dark blue, blue, teal, green, yellow. */
    private static final int[] SCALE = {0x2c1a6e, 0x2f5fbf, 0x1f9e9a, 0x5cc15b, 0xf2e01f};

    public MapColours {
        classes = List.copyOf(classes);
    }

    public static MapColours single() {
        return new MapColours(null, Kind.SINGLE, List.of(), false, Double.NaN, Double.NaN);
    }

    /** The class of a value (its index in {@link #classes()}), or -1 for the others. */
    public int classOf(String value) {
        return classes.indexOf(value);
    }

    /** The colour of a class, as 0xRRGGBB; -1 is the others' grey. */
    public int classRgb(int index) {
        return index < 0 ? OTHER : PALETTE[index % PALETTE.length];
    }

    /** The colour of a value on the continuous scale, as 0xRRGGBB; NaN is grey. */
    public int valueRgb(double value) {
        if (Double.isNaN(value)) {
            return OTHER;
        }
        double share = max > min ? Math.min(1, Math.max(0, (value - min) / (max - min))) : 0.5;
        double at = share * (SCALE.length - 1);
        int low = Math.min((int) Math.floor(at), SCALE.length - 2);
        return mix(SCALE[low], SCALE[low + 1], at - low);
    }

    private static int mix(int from, int to, double t) {
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int a = (from >> shift) & 0xff;
            int b = (to >> shift) & 0xff;
            rgb |= ((int) Math.round(a + (b - a) * t) & 0xff) << shift;
        }
        return rgb;
    }
}
