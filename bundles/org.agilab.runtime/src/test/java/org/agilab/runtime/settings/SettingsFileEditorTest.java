package org.agilab.runtime.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.agilab.runtime.error.AgilabException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileEditorTest {

    @TempDir
    Path dir;

    private static final String ORIGINAL = """
            # my settings
            [args]
            nfile = 1 # one file

            [view_maps]
            lat = "lat"

            [cluster.workers]
            "127.0.0.1" = -1
            """;

    @Test
    void replacesOneValueAndKeepsEverythingElse() throws Exception {
        Path file = dir.resolve("app_settings.toml");
        Files.writeString(file, ORIGINAL);
        SettingsFileEditor.set(file, List.of("cluster", "workers"), "127.0.0.1", "1");
        assertEquals(ORIGINAL.replace("\"127.0.0.1\" = -1", "\"127.0.0.1\" = 1"), Files.readString(file));
    }

    @Test
    void renamesAKeyAndKeepsItsValueAndComment() {
        String text = "[cluster]\n  verbos  = 1 # chatty\n\n[cluster.workers]\n\"127.0.0.1\" = 2\n";
        assertEquals("[cluster]\n  verbose  = 1 # chatty\n\n[cluster.workers]\n\"127.0.0.1\" = 2\n",
                SettingsFileEditor.renameKey(text, List.of("cluster"), "verbos", "verbose"));
        assertEquals("[cluster.workers]\n\"10.0.0.2\" = 2\n",
                SettingsFileEditor.renameKey("[cluster.workers]\n\"10.0.0.1\" = 2\n", List.of("cluster", "workers"), "10.0.0.1", "10.0.0.2"));
        assertEquals(text, SettingsFileEditor.renameKey(text, List.of("args"), "verbos", "verbose"), "not in that table: unchanged");
        assertThrows(IllegalArgumentException.class,
                () -> SettingsFileEditor.renameKey("[cluster]\nverbos = 1\nverbose = 2\n", List.of("cluster"), "verbos", "verbose"),
                "a key written twice is not TOML");
    }

    @Test
    void addsKeysAndTables() throws Exception {
        Path file = dir.resolve("app_settings.toml");
        Files.writeString(file, ORIGINAL);
        SettingsFileEditor.set(file, List.of("args"), "nread", "10");
        SettingsFileEditor.set(file, List.of("cluster"), "verbose", "2");
        String text = Files.readString(file);
        assertEquals(ORIGINAL.replace("nfile = 1 # one file\n", "nfile = 1 # one file\nnread = 10\n") + "\n[cluster]\nverbose = 2\n", text);
    }

    @Test
    void valuesOverSeveralLinesAndTrailingCommentsAreReadAsTomlReadsThem() throws Exception {
        String original = """
                [args]
                note = '''
                [cluster]
                verbose = 9
                '''
                hosts = [
                  "a",  # first
                  "b",
                ]
                nfile = 1  # one file

                [cluster]
                verbose = 1
                """;
        Path file = dir.resolve("app_settings.toml");
        Files.writeString(file, original);
        SettingsFileEditor.set(file, List.of("cluster"), "verbose", "2");
        SettingsFileEditor.set(file, List.of("args"), "hosts", "[\"c\"]");
        SettingsFileEditor.set(file, List.of("args"), "nfile", "3");
        assertEquals(original.replace("verbose = 1", "verbose = 2").replace("[\n  \"a\",  # first\n  \"b\",\n]", "[\"c\"]")
                .replace("nfile = 1  # one file", "nfile = 3  # one file"), Files.readString(file));
    }

    @Test
    void invalidEditLeavesTheFileAlone() throws Exception {
        Path file = dir.resolve("app_settings.toml");
        Files.writeString(file, ORIGINAL);
        assertThrows(AgilabException.class, () -> SettingsFileEditor.set(file, List.of("args"), "nfile", "[unclosed"));
        assertEquals(ORIGINAL, Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }
}
