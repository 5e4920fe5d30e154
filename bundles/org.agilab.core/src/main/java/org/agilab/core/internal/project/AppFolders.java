package org.agilab.core.internal.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.agilab.runtime.env.AppProject;

/** The AGILab apps in a folder, for the import wizard: the folder itself, its children and grandchildren (apps/templates/). */
public final class AppFolders {

    private AppFolders() {
    }

    public static List<Path> find(Path folder) {
        List<Path> apps = new ArrayList<>();
        if (folder == null || !Files.isDirectory(folder)) {
            return apps;
        }
        try (Stream<Path> walk = Files.walk(folder, 2)) {
            walk.filter(Files::isDirectory).filter(AppFolders::isApp).sorted().forEach(apps::add);
        } catch (IOException e) {
            // an unreadable part of the tree holds no app we can import
        }
        return apps;
    }

    static boolean isApp(Path folder) {
        return folder.getFileName() != null && AppProject.nameProblem(folder.getFileName().toString()) == null
                && Files.isRegularFile(folder.resolve(AppProject.SETTINGS_FILE));
    }
}
