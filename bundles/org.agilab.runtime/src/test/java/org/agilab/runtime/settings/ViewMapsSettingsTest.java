package org.agilab.runtime.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [view_maps]} as upstream's map page writes it, read for the Map view's first map. */
class ViewMapsSettingsTest {

    @TempDir
    Path dir;

    private AppSettings load(Path file) throws Exception {
        return AppSettings.ofTexts(Files.readString(file), file, null, null);
    }

    @Test
    void upstreamsFlightAppGivesItsColumnsAndOverlay() throws Exception {
        ViewMapsSettings read = ViewMapsSettings.of(load(Path.of("src/test/resources/settings/upstream/flight_telemetry_project/src/app_settings.toml")));
        assertEquals(Arrays.asList("lat", "long", "aircraft", true, "overlay_lat", "overlay_long", "overlay_label", List.of(), null),
                Arrays.asList(read.lat(), read.lon(), read.colour(), read.overlay(), read.overlayLat(), read.overlayLon(), read.overlayLabel(),
                        read.files(), read.fileRegex()));
    }

    @Test
    void aContinuousColourFilesAndARegexAreRead() throws Exception {
        Path file = dir.resolve("app_settings.toml");
        Files.writeString(file, """
                [view_maps]
                coltype = "continuous"
                discrete = "aircraft"
                continuous = "speed"
                show_coordinate_overlay = false
                df_files_selected = ["01_a.parquet", "", 3]
                df_file_regex = "^0[12]_"
                """);
        ViewMapsSettings read = ViewMapsSettings.of(load(file));
        assertEquals("speed", read.colour());
        assertEquals(false, read.overlay());
        assertEquals(List.of("01_a.parquet"), read.files());
        assertEquals("^0[12]_", read.fileRegex());
        assertNull(read.lat());
    }

    @Test
    void withoutTheTableNothingIsChosen() throws Exception {
        Path file = dir.resolve("app_settings.toml");
        Files.writeString(file, "[args]\n");
        assertEquals(ViewMapsSettings.NONE, ViewMapsSettings.of(load(file)));
    }
}
