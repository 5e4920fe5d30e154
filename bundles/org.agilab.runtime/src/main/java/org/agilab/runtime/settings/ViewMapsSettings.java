package org.agilab.runtime.settings;

import java.util.List;

/**
 * An app's {@code [view_maps]} table as upstream's map page writes it (its per-view state: {@code lat}, {@code long},
 * the colour column as {@code discrete} or {@code continuous} with {@code coltype}, {@code show_coordinate_overlay}
 * and {@code overlay_lat}/{@code overlay_long}/{@code overlay_label}, the files as {@code df_files_selected} or
 * {@code df_file_regex}), read so that a map of the app's outputs starts where upstream's would. Every field is null
 * when the table does not give it; a name the dataset lacks is ignored by the map (it guesses instead).
 */
public record ViewMapsSettings(String lat, String lon, String colour, Boolean overlay, String overlayLat, String overlayLon, String overlayLabel,
        List<String> files, String fileRegex) {

    public static final ViewMapsSettings NONE = new ViewMapsSettings(null, null, null, null, null, null, null, List.of(), null);

    public ViewMapsSettings {
        files = files == null ? List.of() : List.copyOf(files);
    }

    public static ViewMapsSettings of(AppSettings settings) {
        String coltype = text(settings, "coltype");
        String colour = "continuous".equals(coltype) ? text(settings, "continuous") : text(settings, "discrete");
        Object overlay = settings.value("view_maps.show_coordinate_overlay");
        List<String> files = settings.value("view_maps.df_files_selected") instanceof List<?> list
                ? list.stream().filter(String.class::isInstance).map(String.class::cast).filter(name -> !name.isBlank()).toList()
                : List.of();
        return new ViewMapsSettings(text(settings, "lat"), text(settings, "long"), colour, overlay instanceof Boolean shown ? shown : null,
                text(settings, "overlay_lat"), text(settings, "overlay_long"), text(settings, "overlay_label"), files, text(settings, "df_file_regex"));
    }

    /** A non-blank string of {@code [view_maps]}, else null. */
    private static String text(AppSettings settings, String key) {
        return settings.value("view_maps." + key) instanceof String text && !text.isBlank() ? text : null;
    }
}
