package org.agilab.runtime.env;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.FileTrees;

/**
 * A new app from an existing one (a template or any app): its folder copied under the new name with its identifiers
 * renamed everywhere (the target {@code data_template} in paths, packages, settings; the class prefix
 * {@code DataTemplate} in class and file names), as upstream's "clone app". The copy is made in a hidden folder beside
 * the destination and renamed into place when complete: a failure never leaves half an app.
 */
public final class AppCopier {

    /** Files read as text and renamed inside; anything else is copied byte for byte. */
    static final Set<String> TEXT = Set.of("java", "toml", "md", "txt", "json", "properties", "py", "yaml", "yml");
    /** What an app's folder holds that is not the app: build output and IDE metadata of the source. */
    static final Set<String> SKIPPED = Set.of(".project", ".classpath", ".settings", "bin", "target", ".git");

    private AppCopier() {
    }

    /**
     * @param source the app to copy
     * @param name the new app's folder name, {@code <name>_project}
     * @param parent the folder the new app goes into
     * @return the new app
     * @throws AgilabException (settings) for a bad name or a destination that exists, naming it
     */
    public static AppProject copy(AppProject source, String name, Path parent) {
        String problem = AppProject.nameProblem(name);
        if (problem != null) {
            throw AgilabException.of(FailureClass.SETTINGS, problem).hint("for example my_app_project").build();
        }
        Path destination = parent.resolve(name).toAbsolutePath().normalize();
        if (Files.exists(destination)) {
            throw AgilabException.of(FailureClass.SETTINGS, destination + " exists already: an app is never copied over another")
                    .file(destination).hint("choose another name or location").build();
        }
        Path staging = null;
        try {
            staging = FileTrees.stagingFolder(destination, "copy");
            copyRenamed(source.folder(), source.name(), name, staging);
            FileTrees.moveIntoPlace(staging, destination, false);
            return AppProject.at(destination);
        } catch (IOException e) {
            try {
                if (staging != null) {
                    FileTrees.delete(staging);
                }
            } catch (IOException ignored) {
                // a hidden staging folder is harmless, and the next copy clears it
            }
            throw AgilabException.of(FailureClass.INSTALL, "cannot copy " + source.folder() + " to " + destination + ": " + e.getMessage())
                    .file(destination).cause(e).hint("check the location's permissions and free space").build();
        }
    }

    /**
     * Copies the app in {@code sourceFolder}, named {@code sourceName}, into {@code folder} (created) with its
     * identifiers renamed for {@code name}; build output and IDE metadata stay behind.
     */
    public static void copyRenamed(Path sourceFolder, String sourceName, String name, Path folder) throws IOException {
        List<String[]> renames = renames(sourceName, name);
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.walk(sourceFolder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = sourceFolder.relativize(file);
                if (relative.toString().isEmpty() || skipped(relative)) {
                    continue;
                }
                Path target = folder.resolve(rename(relative.toString(), renames));
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    copyFile(file, target, renames);
                }
            }
        }
    }

    /** The identifier renames from one app name to another: its target (in paths, packages, settings) and class prefix. */
    public static List<String[]> renames(String sourceName, String name) {
        AppProject from = new AppProject(Path.of(sourceName), sourceName);
        AppProject to = new AppProject(Path.of(name), name);
        return List.of(new String[] {from.target(), to.target()}, new String[] {from.managerClass(), to.managerClass()});
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            if (SKIPPED.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    private static void copyFile(Path file, Path target, List<String[]> renames) throws IOException {
        String name = file.getFileName().toString();
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        if (TEXT.contains(extension)) {
            try {
                Files.writeString(target, rename(Files.readString(file, StandardCharsets.UTF_8), renames), StandardCharsets.UTF_8);
                return;
            } catch (CharacterCodingException notText) {
                // not UTF-8 after all: copied as it is
            }
        }
        Files.copy(file, target);
    }

    public static String rename(String text, List<String[]> renames) {
        String result = text;
        for (String[] rename : renames) {
            result = result.replace(rename[0], rename[1]);
        }
        return result;
    }
}
