package org.agilab.core.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A throwaway AGILab home with one app, on real disk, for tests that start real manager JVMs. */
final class TestApps {

    final Path home;
    final Path apps;
    final Path settings;

    TestApps(Path root) throws IOException {
        home = Files.createDirectories(root.resolve("home"));
        apps = Files.createDirectories(root.resolve("apps"));
        Path app = Files.createDirectories(apps.resolve("probe_project"));
        settings = app.resolve("app_settings.toml");
        Files.writeString(settings, "[args]\nnfile = 2\n\n[cluster]\ncython = true\n\n[cluster.workers]\n\"127.0.0.1\" = 2\n");
        Files.createDirectories(home.resolve(".agilab"));
        Files.writeString(home.resolve(".agilab/.env"), "APPS_PATH=" + apps + "\n");
    }
}
