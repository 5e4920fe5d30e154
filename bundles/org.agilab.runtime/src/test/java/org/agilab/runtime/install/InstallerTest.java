package org.agilab.runtime.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.Events;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles real apps of the repository (copied, so tests can change them) with the real Eclipse compiler. */
public class InstallerTest {

    public static final Path REPO_APPS = Path.of("../../apps").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    AgilabHome home;
    final Events events = new Events(new Redactor());

    @BeforeEach
    void setUp() {
        home = AgilabHome.resolve(dir.resolve("home"), Map.of("USER", "tester"));
    }

    public static AppProject copyApp(Path from, Path into) throws Exception {
        Path target = into.resolve(from.getFileName().toString());
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Path destination = target.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination);
                }
            }
        }
        return AppProject.at(target);
    }

    /**
     * A copy of the repository's minimal app named {@code name} (a lower-case word) in {@code into}: folders, files,
     * packages and classes renamed to match. Returns the copy's folder; the caller patches its worker, then opens it.
     */
    public static Path renamedMinimalApp(Path into, String name) throws IOException {
        Path source = REPO_APPS.resolve("minimal_app_project");
        Path folder = into.resolve(name + "_project");
        String camel = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = source.relativize(file).toString().replace("minimal_app", name).replace("MinimalApp", camel);
                Path target = folder.resolve(relative);
                Files.createDirectories(target.getParent());
                Files.writeString(target, Files.readString(file).replace("minimal_app", name).replace("MinimalApp", camel));
            }
        }
        return folder;
    }

    private Installer.Result install(AppProject app) {
        return Installer.install(app, home, events, new Cancellation(), false);
    }

    @Test
    void compilesJarsAndStagesThenReusesUntilSomethingChanges() throws Exception {
        AppProject app = copyApp(REPO_APPS.resolve("mycode_project"), dir.resolve("apps"));
        Installer.Result first = install(app);
        assertTrue(first.rebuilt());
        assertEquals(home.workerEnv("mycode").resolve("dist/mycode_worker.jar"), first.workerJar());
        try (JarFile jar = new JarFile(first.workerJar().toFile())) {
            assertEquals("mycode.Mycode", jar.getManifest().getMainAttributes().getValue(Installer.MANIFEST_MANAGER));
            assertEquals("mycode_worker.MycodeWorker", jar.getManifest().getMainAttributes().getValue(Installer.MANIFEST_WORKER));
            assertEquals(first.hash(), jar.getManifest().getMainAttributes().getValue(Installer.MANIFEST_HASH));
            assertTrue(jar.getEntry("mycode_worker/MycodeWorker.class") != null);
        }
        assertTrue(Files.exists(home.workerEnv("mycode").resolve("runtime/duckdb_jdbc.jar")));
        assertTrue(Files.exists(home.workerEnv("mycode").resolve(Installer.STAMP)));

        Installer.Result cached = install(app);
        assertFalse(cached.rebuilt(), "nothing changed");
        assertEquals(first.hash(), cached.hash());

        Path source = app.folder().resolve("src/mycode/Mycode.java");
        Files.writeString(source, Files.readString(source) + "\n// a comment changes the content\n");
        Installer.Result afterSourceChange = install(app);
        assertTrue(afterSourceChange.rebuilt(), "a source changed");
        assertFalse(install(app).rebuilt());

        Files.createDirectories(app.folder().resolve("lib"));
        Files.copy(first.workerJar(), app.folder().resolve("lib/extra.jar"));
        Installer.Result afterLib = install(app);
        assertTrue(afterLib.rebuilt(), "a lib appeared");
        assertTrue(Files.exists(home.workerEnv("mycode").resolve("lib/extra.jar")));
        assertEquals(2, afterLib.appClasspath().size());
        Files.writeString(app.folder().resolve("lib/extra.jar"), "changed");
        assertTrue(install(app).rebuilt(), "a lib changed");
    }

    @Test
    void keptHashFollowsEveryChangeOfSettledSources() throws Exception {
        AppProject app = copyApp(REPO_APPS.resolve("mycode_project"), dir.resolve("apps"));
        Path src = app.folder().resolve("src");
        Path source = src.resolve("mycode/Mycode.java");
        java.nio.file.attribute.FileTime longAgo = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        for (Path file : Installer.files(src, null)) {
            Files.setLastModifiedTime(file, longAgo);
        }
        String first = Installer.hashUnlessListingUnchanged(app, src, Installer.files(src, null), List.of());
        assertEquals(Installer.hash(app, src, Installer.files(src, null), List.of()), first);
        assertEquals(first, Installer.hashUnlessListingUnchanged(app, src, Installer.files(src, null), List.of()));
        // the same size, a time still long ago but another one: hashed again
        String text = Files.readString(source);
        Files.writeString(source, text.replaceFirst("package", "PACKAGE"));
        Files.setLastModifiedTime(source, java.nio.file.attribute.FileTime.fromMillis(longAgo.toMillis() + 1_000));
        String changed = Installer.hashUnlessListingUnchanged(app, src, Installer.files(src, null), List.of());
        assertNotEquals(first, changed);
        assertEquals(Installer.hash(app, src, Installer.files(src, null), List.of()), changed);
        // a file just written (its listing not kept), then changed again within the same second
        Files.writeString(source, text);
        assertEquals(first, Installer.hashUnlessListingUnchanged(app, src, Installer.files(src, null), List.of()));
        Files.writeString(source, text.replaceFirst("package", "PACKAGE"));
        assertEquals(changed, Installer.hashUnlessListingUnchanged(app, src, Installer.files(src, null), List.of()));
    }

    @Test
    void runtimeVersionIsPartOfTheKey() throws Exception {
        AppProject app = copyApp(REPO_APPS.resolve("mycode_project"), dir.resolve("apps"));
        Path src = app.folder().resolve("src");
        List<Path> sources = Installer.files(src, null);
        assertNotEquals(Installer.hash(app, src, sources, List.of(), "0.1.0"), Installer.hash(app, src, sources, List.of(), "0.2.0"));
        Installer.Result first = install(app);
        // an install made by another runtime version left another hash in the stamp
        Path stamp = home.workerEnv("mycode").resolve(Installer.STAMP);
        Files.writeString(stamp, Files.readString(stamp).replace(first.hash(), "made-by-another-runtime"));
        assertTrue(install(app).rebuilt());
    }

    @Test
    void compileErrorNamesFileAndLine() throws Exception {
        AppProject app = copyApp(REPO_APPS.resolve("mycode_project"), dir.resolve("apps"));
        Path broken = app.folder().resolve("src/mycode/Broken.java");
        Files.writeString(broken, "package mycode;\n\nclass Broken {\n    int x = \"text\";\n}\n");
        AgilabException error = assertThrows(AgilabException.class, () -> install(app));
        assertEquals(FailureClass.INSTALL, error.failureClass());
        assertEquals(broken, error.file());
        assertEquals(4, error.line());
        assertTrue(error.getMessage().contains("does not compile"), error.getMessage());
        assertFalse(Files.exists(home.workerEnv("mycode").resolve(Installer.STAMP)), "a failed install stages nothing");
        try (Stream<Path> siblings = Files.list(home.wenv())) {
            assertTrue(siblings.noneMatch(p -> p.getFileName().toString().contains(".build-")), "no build folder left");
        }
    }

    @Test
    void missingWorkerClassNamesTheExpectedFile() throws Exception {
        AppProject app = copyApp(REPO_APPS.resolve("mycode_project"), dir.resolve("apps"));
        Files.delete(app.folder().resolve("src/mycode_worker/MycodeWorker.java"));
        AgilabException error = assertThrows(AgilabException.class, () -> install(app));
        assertEquals(app.folder().resolve("src/mycode_worker/MycodeWorker.java"), error.file());
        assertTrue(error.getMessage().contains("mycode_worker.MycodeWorker"), error.getMessage());
    }

    @Test
    void stagesTheSampleDatasetOnceAndKeepsUserData() throws Exception {
        AppProject app = copyApp(REPO_APPS.resolve("templates/data_template_project"), dir.resolve("apps"));
        Installer.Result result = install(app);
        Path dataset = home.localShare().value().resolve("data_template/dataset");
        assertEquals(DatasetStager.Status.STAGED, result.dataset().status());
        assertTrue(Files.exists(dataset.resolve("cities_a.csv")));
        Files.writeString(dataset.resolve("cities_a.csv"), "mine");
        assertEquals(DatasetStager.Status.ALREADY_PRESENT, install(app).dataset().status());
        assertEquals("mine", Files.readString(dataset.resolve("cities_a.csv")));
    }
}
