package org.agilab.runtime.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisViewNamesTest {

    @TempDir
    Path dir;

    private Path projectFile;

    /** The settings of an app's file with this text, saved (the names' lines are read from the file). */
    private AppSettings load(String text) throws Exception {
        projectFile = dir.resolve("app_settings.toml");
        Files.writeString(projectFile, text);
        return AppSettings.ofTexts(text, projectFile, null, null);
    }

    @Test
    void upstreamsFlightSettingsAskForItsTwoViewsInOrder() throws Exception {
        AppSettings settings = load("""
                [args]

                [pages]
                default_view = "view_maps"
                view_module = [
                    "view_maps",
                    "view_maps_network",
                ]
                """);
        assertEquals(List.of("view_maps", "view_maps_network"), AnalysisViewNames.requested(settings));
        List<AnalysisViewNames.Named> named = AnalysisViewNames.named(settings);
        assertEquals(List.of(6, 7, 4), named.stream().map(n -> n.where().line()).toList(), "each name at its own line");
        assertTrue(AnalysisViewNames.check(settings, Set.of("view_maps", "view_maps_network")).isEmpty());
    }

    @Test
    void defaultViewAloneIsTheRequestAndNoPagesAsksForNothing() throws Exception {
        assertEquals(List.of("view_maps"), AnalysisViewNames.requested(load("[pages]\ndefault_view = \"view_maps\"\n")));
        assertEquals(List.of(), AnalysisViewNames.requested(load("[args]\nnfile = 1\n")));
        assertEquals(List.of(), AnalysisViewNames.requested(load("[pages]\nview_module = []\n")));
    }

    @Test
    void aTypoIsAWarningAtItsLineWithTheClosestAndTheKnownNames() throws Exception {
        AppSettings settings = load("""
                [pages]
                view_module = ["view_maps",
                  "view_mapz"]
                default_view = "view_barycentric"
                """);
        List<SettingsProblem> problems = AnalysisViewNames.check(settings, Set.of("view_maps", "view_training_analysis", "view_test"));
        assertEquals(2, problems.size(), problems.toString());
        SettingsProblem typo = problems.get(0);
        assertEquals(SettingsProblem.Severity.WARNING, typo.severity());
        assertEquals(projectFile, typo.file());
        assertEquals(3, typo.line());
        assertEquals("pages.view_module", typo.key());
        assertTrue(typo.message().contains("'view_mapz' is not a known analysis view"), typo.message());
        assertTrue(typo.hint().startsWith("did you mean 'view_maps'? views known here: view_maps, view_test, view_training_analysis"),
                typo.hint());

        SettingsProblem upstreamOnly = problems.get(1);
        assertEquals(4, upstreamOnly.line());
        assertEquals("pages.default_view", upstreamOnly.key());
        assertTrue(upstreamOnly.message().contains("upstream AGILab view with no equivalent"), upstreamOnly.message());
        assertTrue(upstreamOnly.hint().contains("view_test"), upstreamOnly.hint());
    }

    @Test
    void aNameRepeatedOnOneLineIsFoundOnce() throws Exception {
        AppSettings settings = load("[pages]\nview_module = [\"a\", \"b\", \"a\"]\n");
        assertEquals(List.of("a", "b"), AnalysisViewNames.requested(settings));
        assertEquals(3, AnalysisViewNames.check(settings, Set.of()).size(), "each occurrence is reported");
        assertEquals(2, AnalysisViewNames.check(settings, Set.of()).get(2).line());
    }
}
