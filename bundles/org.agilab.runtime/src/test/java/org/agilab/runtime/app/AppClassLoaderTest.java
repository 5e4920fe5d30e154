package org.agilab.runtime.app;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.agilab.api.Work;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.install.InstallerTest;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.Events;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppClassLoaderTest {

    @TempDir
    Path dir;

    @Test
    void appCodeSeesTheApiAndDuckdbButNothingElseOfAgilab() throws Exception {
        var app = InstallerTest.copyApp(InstallerTest.REPO_APPS.resolve("mycode_project"), dir.resolve("apps"));
        AgilabHome home = AgilabHome.resolve(dir.resolve("home"), Map.of("USER", "u"));
        Installer.Result install = Installer.install(app, home, new Events(new Redactor()), new Cancellation(), false);
        try (AppClassLoader loader = new AppClassLoader("mycode_project", List.of(install.workerJar()),
                AppClassLoaderTest.class.getClassLoader())) {
            assertSame(Work.class, loader.loadClass(Work.class.getName()), "one API for app and runtime");
            assertSame(org.duckdb.DuckDBDriver.class, loader.loadClass("org.duckdb.DuckDBDriver"));
            assertNotNull(loader.loadClass("mycode_worker.MycodeWorker"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.tomlj.Toml"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.agilab.runtime.manager.ManagerMain"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.junit.jupiter.api.Test"));
        }
    }
}
