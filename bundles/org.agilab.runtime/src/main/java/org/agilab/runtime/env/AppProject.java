package org.agilab.runtime.env;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;

/**
 * An app project folder and the names derived from it by upstream's rules: {@code flight_telemetry_project} has
 * target {@code flight_telemetry}, worker package {@code flight_telemetry_worker}, manager class
 * {@code FlightTelemetry} and worker class {@code FlightTelemetryWorker}.
 */
public final class AppProject {

    public static final String SUFFIX = "_project";
    public static final String SETTINGS_FILE = "app_settings.toml";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*_project");

    private final Path folder;
    private final String name;

    AppProject(Path folder, String name) {
        this.folder = folder;
        this.name = name;
    }

    /** Why a name is not a valid app project name, or null when it is. */
    public static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "the app name is empty";
        }
        if (!name.endsWith(SUFFIX)) {
            return "'" + name + "' does not end with '" + SUFFIX + "' (app projects are named like flight_telemetry_project)";
        }
        if (!NAME.matcher(name).matches()) {
            return "'" + name + "' must be lower-case letters and digits in '_'-separated words, starting with a letter";
        }
        return null;
    }

    public static AppProject at(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        String name = absolute.getFileName().toString();
        String problem = nameProblem(name);
        if (problem != null) {
            throw AgilabException.of(FailureClass.SETTINGS, problem).file(absolute)
                    .hint("rename the folder to <name>_project").build();
        }
        if (!Files.isDirectory(absolute)) {
            throw AgilabException.of(FailureClass.SETTINGS, "the app folder does not exist").file(absolute)
                    .hint("give --app an existing folder or the name of an app under the apps folder").build();
        }
        return new AppProject(absolute, name);
    }

    /**
     * Resolves {@code --app}: an existing folder, or a name ({@code flight_telemetry_project} or
     * {@code flight_telemetry}) under the apps folder.
     */
    public static AppProject locate(String app, Path appsFolder) {
        Path asPath = Path.of(app);
        if (Files.isDirectory(asPath)) {
            return at(asPath);
        }
        if (app.contains("/") || app.contains("\\")) {
            throw AgilabException.of(FailureClass.SETTINGS, "the app folder does not exist").file(asPath.toAbsolutePath())
                    .hint("give --app an existing folder or the name of an app under " + appsFolder).build();
        }
        String name = app.endsWith(SUFFIX) ? app : app + SUFFIX;
        Path candidate = appsFolder == null ? null : appsFolder.resolve(name);
        if (candidate == null || !Files.isDirectory(candidate)) {
            List<String> known = appsFolder == null ? List.of() : list(appsFolder);
            throw AgilabException.of(FailureClass.SETTINGS, "no app named '" + name + "'")
                    .file(appsFolder)
                    .hint(known.isEmpty() ? "set APPS_PATH in .env or give --app a folder"
                            : "known apps: " + String.join(", ", known))
                    .build();
        }
        return at(candidate);
    }

    /** The *_project folders directly under an apps folder, sorted. */
    public static List<String> list(Path appsFolder) {
        List<String> names = new ArrayList<>();
        if (appsFolder != null && Files.isDirectory(appsFolder)) {
            try (Stream<Path> children = Files.list(appsFolder)) {
                children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                        .filter(n -> nameProblem(n) == null).sorted().forEach(names::add);
            } catch (java.io.IOException e) {
                // an unreadable apps folder simply lists nothing; locate() then names the folder
            }
        }
        return names;
    }

    public Path folder() {
        return folder;
    }

    public String name() {
        return name;
    }

    /** {@code flight_telemetry}. */
    public String target() {
        return name.substring(0, name.length() - SUFFIX.length());
    }

    public String workerPackage() {
        return target() + "_worker";
    }

    /** {@code FlightTelemetry}: title-cased segments joined. */
    public String managerClass() {
        StringBuilder className = new StringBuilder();
        for (String part : target().split("_")) {
            className.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return className.toString();
    }

    public String workerClass() {
        return managerClass() + "Worker";
    }

    /** The project's app_settings.toml: at the app root, or upstream's {@code src/app_settings.toml}. */
    public Path settingsFile() {
        Path atRoot = folder.resolve(SETTINGS_FILE);
        Path upstream = folder.resolve("src").resolve(SETTINGS_FILE);
        return !Files.exists(atRoot) && Files.exists(upstream) ? upstream : atRoot;
    }
}
