package org.agilab.runtime.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The export filter reads upstream's .gitignore lines with git's rules. */
class ExportFilterTest {

    /** The export filter of upstream's flight_telemetry_project, as it ships. */
    static final List<String> UPSTREAM_FLIGHT = List.of("setup", ".DS_Store", ".venv/", "dist/", "build/", "/**/__pycache__/", "pdm.lock",
            ".pdm-*", "*_pid", "src/*-info/", "src/*_worker_*/", ".mypy_cache/", "tests/", "__pypackages__/");

    @Test
    void upstreamsFlightFilter() {
        ExportFilter filter = ExportFilter.parse(UPSTREAM_FLIGHT);
        assertTrue(filter.excludes(".venv", true));
        assertTrue(filter.excludes("src/flight/.venv", true), "a name without a slash matches at any depth");
        assertFalse(filter.excludes(".venv", false), "a trailing slash: folders only");
        assertTrue(filter.excludes("src/flight_worker/__pycache__", true));
        assertTrue(filter.excludes("__pycache__", true), "**/ matches no folder too");
        assertTrue(filter.excludes("src/flight_telemetry.egg-info", false) == false);
        assertTrue(filter.excludes("src/flight_telemetry-info", true));
        assertFalse(filter.excludes("lib/src/flight_telemetry-info", true), "a slash in the middle anchors at the root");
        assertTrue(filter.excludes("src/flight_worker_cy", true));
        assertFalse(filter.excludes("src/flight_worker", true));
        assertTrue(filter.excludes(".pdm-python", false));
        assertTrue(filter.excludes("worker_pid", false));
        assertTrue(filter.excludes("setup", false));
        assertFalse(filter.excludes("setup.py", false));
        assertFalse(filter.excludes("app_settings.toml", false));
    }

    @Test
    void negationCommentsClassesAndDoubleStars() {
        ExportFilter filter = ExportFilter.parse(List.of("# a comment", "*.csv", "!keep.csv", "data/**", "a/**/z.txt", "file[0-9].txt",
                "\\#hash", "trailing   "));
        assertTrue(filter.excludes("out/x.csv", false));
        assertFalse(filter.excludes("out/keep.csv", false), "taken back by a later !");
        assertTrue(filter.excludes("data/sub/deep.bin", false));
        assertFalse(filter.excludes("data", true), "data/** is what is inside data");
        assertTrue(filter.excludes("a/z.txt", false));
        assertTrue(filter.excludes("a/b/c/z.txt", false));
        assertTrue(filter.excludes("file7.txt", false));
        assertFalse(filter.excludes("fileX.txt", false));
        assertTrue(filter.excludes("#hash", false));
        assertTrue(filter.excludes("trailing", false), "trailing spaces are not part of the pattern");
        assertFalse(filter.excludes("# a comment", false));
    }

    @Test
    void theDefaultsLeaveOutBuildOutputsAndIdeCachesAndMayBeTakenBack() {
        ExportFilter defaults = ExportFilter.parse(ExportFilter.DEFAULTS);
        for (String folder : List.of("target", "bin", ".settings", ".git")) {
            assertTrue(defaults.excludes(folder, true), folder);
        }
        assertFalse(defaults.excludes("src", true));
        List<String> lines = new java.util.ArrayList<>(ExportFilter.DEFAULTS);
        lines.add("!bin/");
        assertFalse(ExportFilter.parse(lines).excludes("bin", true));
        assertEquals(".gitignore", ExportFilter.FILE_NAME, "upstream's export filter file");
    }
}
