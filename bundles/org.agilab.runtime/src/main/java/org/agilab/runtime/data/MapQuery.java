package org.agilab.runtime.data;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a map draws of a dataset (upstream's {@code view_maps}): points at {@code lat}/{@code lon}, optionally one track
 * per value of {@code group} ordered by {@code order}, coloured by {@code colour}, of a random {@code sampling} share of
 * the filtered rows, decimated to one point per pixel and track over {@code bounds} drawn {@code width} × {@code height}
 * pixels.
 *
 * @param group    the column naming a track (an aircraft), or null for points
 * @param order    the column ordering a track's points (a time), or null
 * @param colour   the column colouring the points, or null for one colour
 * @param filter   the data editor's {@code WHERE}, or null
 * @param sampling the share of rows drawn, in (0, 1]
 */
public record MapQuery(String lat, String lon, String group, String order, String colour, String filter, double sampling, GeoBounds bounds,
        int width, int height) {

    private static final Set<String> LATITUDES = Set.of("lat", "latitude", "lat_deg", "latitude_deg", "y_lat");
    private static final Set<String> LONGITUDES = Set.of("lon", "long", "lng", "longitude", "lon_deg", "longitude_deg", "x_lon");
    private static final List<String> GROUPS = List.of("aircraft", "flight", "callsign", "icao24", "track", "track_id", "vehicle",
            "vehicle_id", "id");
    private static final List<String> ORDERS = List.of("time", "timestamp", "datetime", "date", "ts", "t", "step", "index");

    public MapQuery {
        if (!(sampling > 0 && sampling <= 1)) {
            throw new IllegalArgumentException("the sampling ratio is a share of the rows, above 0 and at most 1: " + sampling);
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a map is at least one pixel: " + width + "x" + height);
        }
    }

    public MapQuery withBounds(GeoBounds to, int pixelWidth, int pixelHeight) {
        return new MapQuery(lat, lon, group, order, colour, filter, sampling, to, pixelWidth, pixelHeight);
    }

    /**
     * The columns a map of these columns starts with: latitude and longitude by their usual names ({@code lat},
     * {@code latitude}, {@code long}, {@code lon}, {@code longitude}...), a track per aircraft (or flight, vehicle, id)
     * ordered by the first date or time column, coloured by the track. Empty when no numeric latitude and longitude are
     * found.
     */
    public static Optional<MapQuery> guess(List<DataColumn> columns, String filter, GeoBounds bounds, int width, int height) {
        DataColumn lat = coordinate(columns, LATITUDES, "lat");
        DataColumn lon = coordinate(columns, LONGITUDES, "lon", "lng");
        if (lat == null || lon == null) {
            return Optional.empty();
        }
        String group = named(columns, GROUPS);
        String order = columns.stream().filter(DataColumn::temporal).map(DataColumn::name).findFirst().orElseGet(() -> named(columns, ORDERS));
        return Optional.of(new MapQuery(lat.name(), lon.name(), group, group == null ? null : order, group, filter, 1, bounds, width, height));
    }

    /**
     * The column of upstream's coordinate overlay ({@code [view_maps] overlay_lat/overlay_long/overlay_label}, the names
     * its flight worker writes) for {@code which} of {@code "lat"}, {@code "lon"} and {@code "label"}, or null: a
     * numeric {@code overlay_lat} ({@code overlay_latitude}), {@code overlay_long} ({@code overlay_lon},
     * {@code overlay_lng}, {@code overlay_longitude}), any {@code overlay_label} ({@code overlay_name}).
     */
    public static String overlayColumn(List<DataColumn> columns, String which) {
        List<String> names = switch (which) {
            case "lat" -> List.of("overlay_lat", "overlay_latitude");
            case "lon" -> List.of("overlay_long", "overlay_lon", "overlay_lng", "overlay_longitude");
            case "label" -> List.of("overlay_label", "overlay_name");
            default -> throw new IllegalArgumentException(which);
        };
        List<DataColumn> candidates = which.equals("label") ? columns : columns.stream().filter(DataColumn::numeric).toList();
        return named(candidates, names);
    }

    /** A numeric column of one of these names, or else the first whose name contains one of the fragments. */
    private static DataColumn coordinate(List<DataColumn> columns, Set<String> names, String... fragments) {
        for (DataColumn column : columns) {
            if (column.numeric() && names.contains(column.name().toLowerCase(Locale.ROOT))) {
                return column;
            }
        }
        for (DataColumn column : columns) {
            String name = column.name().toLowerCase(Locale.ROOT);
            for (String fragment : fragments) {
                if (column.numeric() && name.contains(fragment) && !name.startsWith("prev") && !name.startsWith("overlay")) {
                    return column;
                }
            }
        }
        return null;
    }

    private static String named(List<DataColumn> columns, List<String> names) {
        for (String name : names) {
            for (DataColumn column : columns) {
                if (column.name().equalsIgnoreCase(name)) {
                    return column.name();
                }
            }
        }
        return null;
    }
}
