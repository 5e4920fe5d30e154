package org.agilab.runtime.data;

import java.util.Locale;

/**
 * A longitude/latitude rectangle in degrees, drawn as an equirectangular map (a degree of longitude as wide as a degree
 * of latitude is high): what a map shows and what its points are decimated over.
 */
public record GeoBounds(double west, double south, double east, double north) {

    /** The whole world. */
    public static final GeoBounds WORLD = new GeoBounds(-180, -90, 180, 90);

    public GeoBounds {
        if (!(east > west) || !(north > south) || Double.isInfinite(east - west) || Double.isInfinite(north - south)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "not a rectangle: west %s, south %s, east %s, north %s", west, south,
                    east, north));
        }
    }

    public double width() {
        return east - west;
    }

    public double height() {
        return north - south;
    }

    /**
     * These bounds grown around their centre by {@code margin} (0.05: 5% each side) and then to the proportions of a
     * {@code pixelWidth} × {@code pixelHeight} picture, so that a degree is as many pixels across as up; a point or a
     * line gets at least {@code minimum} degrees.
     */
    public GeoBounds fit(int pixelWidth, int pixelHeight, double margin, double minimum) {
        double w = Math.max(width() * (1 + 2 * margin), minimum);
        double h = Math.max(height() * (1 + 2 * margin), minimum);
        double degreesPerPixel = Math.max(w / pixelWidth, h / pixelHeight);
        return around((west + east) / 2, (south + north) / 2, degreesPerPixel * pixelWidth, degreesPerPixel * pixelHeight);
    }

    /** Zoomed by {@code factor} (2: twice as close) about the point {@code (lon, lat)}, which stays where it is drawn. */
    public GeoBounds zoom(double factor, double lon, double lat) {
        return new GeoBounds(lon - (lon - west) / factor, lat - (lat - south) / factor, lon + (east - lon) / factor, lat + (north - lat) / factor);
    }

    /** Moved by {@code dLon} and {@code dLat} degrees. */
    public GeoBounds pan(double dLon, double dLat) {
        return new GeoBounds(west + dLon, south + dLat, east + dLon, north + dLat);
    }

    /** Bounds of that size centred on a point. */
    public static GeoBounds around(double lon, double lat, double width, double height) {
        return new GeoBounds(lon - width / 2, lat - height / 2, lon + width / 2, lat + height / 2);
    }

    /** The pixel column of a longitude in a picture {@code pixels} wide (not clamped). */
    public double x(double lon, int pixels) {
        return (lon - west) / width() * pixels;
    }

    /** The pixel row of a latitude in a picture {@code pixels} high, north up (not clamped). */
    public double y(double lat, int pixels) {
        return (north - lat) / height() * pixels;
    }

    public double lon(double x, int pixels) {
        return west + x / pixels * width();
    }

    public double lat(double y, int pixels) {
        return north - y / pixels * height();
    }

    public boolean contains(double lon, double lat) {
        return lon >= west && lon <= east && lat >= south && lat <= north;
    }
}
