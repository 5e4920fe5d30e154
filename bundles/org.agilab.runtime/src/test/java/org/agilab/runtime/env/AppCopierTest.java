package org.agilab.runtime.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.agilab.runtime.error.AgilabException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new app from the repository's data template: every identifier renamed, nothing of the old name left, data intact. */
class AppCopierTest {

    static final Path TEMPLATE = Path.of("../../apps/templates/data_template_project").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theTemplateBecomesTheNewAppUnderItsOwnNames() throws Exception {
        AppProject copy = AppCopier.copy(AppProject.at(TEMPLATE), "city_stats_project", dir);
        assertEquals(dir.resolve("city_stats_project"), copy.folder());
        assertTrue(Files.isRegularFile(copy.folder().resolve("src/city_stats/CityStats.java")));
        assertTrue(Files.isRegularFile(copy.folder().resolve("src/city_stats/CityStatsArgs.java")));
        assertTrue(Files.isRegularFile(copy.folder().resolve("src/city_stats_worker/CityStatsWorker.java")));
        String worker = Files.readString(copy.folder().resolve("src/city_stats_worker/CityStatsWorker.java"));
        assertTrue(worker.startsWith("package city_stats_worker;"), worker);
        assertTrue(worker.contains("public class CityStatsWorker"), worker);
        String settings = Files.readString(copy.folder().resolve("app_settings.toml"));
        assertTrue(settings.contains("data_in = \"city_stats/dataset\""), settings);
        try (Stream<Path> files = Files.walk(copy.folder())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(file.toString().contains("data_template") || file.toString().contains("DataTemplate"), file.toString());
                if (file.toString().endsWith(".java") || file.toString().endsWith(".toml")) {
                    String text = Files.readString(file);
                    assertFalse(text.contains("data_template") || text.contains("DataTemplate"), file + " still names the template");
                }
            }
        }
        assertArrayEquals(Files.readAllBytes(TEMPLATE.resolve("dataset/cities_a.csv")),
                Files.readAllBytes(copy.folder().resolve("dataset/cities_a.csv")));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(copy.folder()), left.toList(), "no staging folder left");
        }
    }

    @Test
    void aBadNameOrAnExistingFolderIsRefusedAndNothingIsWritten() throws Exception {
        AgilabException name = assertThrows(AgilabException.class, () -> AppCopier.copy(AppProject.at(TEMPLATE), "City-Stats", dir));
        assertTrue(name.getMessage().contains("_project") || name.getMessage().contains("lower-case"), name.getMessage());
        Files.createDirectories(dir.resolve("taken_project"));
        Files.writeString(dir.resolve("taken_project/mine.txt"), "keep me");
        AgilabException taken = assertThrows(AgilabException.class, () -> AppCopier.copy(AppProject.at(TEMPLATE), "taken_project", dir));
        assertTrue(taken.getMessage().contains("exists already"), taken.getMessage());
        assertEquals("keep me", Files.readString(dir.resolve("taken_project/mine.txt")));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("taken_project")), left.toList());
        }
    }
}
