package org.agilab.runtime.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.api.ExecutionMode;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.env.Provenance;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.settings.SettingsProblem.Severity;

/**
 * The effective settings of one app for one run, every value with its provenance. Precedence, lowest first: built-in
 * defaults, the project's app_settings.toml (the source of truth), the per-user override file
 * {@code ~/.agilab/apps/<app>/app_settings.toml}, then this run's {@code --set}, {@code --workers} and
 * {@code --mode}, which are never saved. Scalars override key by key; {@code [cluster.workers]} is one value, replaced
 * whole, since a user who lists workers means exactly those workers.
 */
public final class AppSettings {

    /** One effective value. */
    public record Setting(List<String> path, Object value, Provenance provenance) {
        public String key() {
            return SettingKey.display(path);
        }
    }

    static final List<String> WORKERS = List.of("cluster", "workers");
    static final List<String> MODE = List.of("cluster", "mode");

    private final Map<String, Setting> settings = new LinkedHashMap<>();
    private final List<SettingsProblem> problems = new ArrayList<>();

    private AppSettings() {
    }

    /** The run's settings of an app: defaults, project file, user file, then the overrides of this run. */
    public static AppSettings load(AppProject app, AgilabHome home, RunOverrides overrides) {
        AppSettings result = new AppSettings();
        result.putDefaults();
        Path projectFile = app.settingsFile();
        if (!Files.exists(projectFile)) {
            result.problems.add(new SettingsProblem(Severity.ERROR, Provenance.file(Provenance.Kind.PROJECT, projectFile, 0), 0,
                    null, "the app has no app_settings.toml", "create it with at least an [args] table"));
        } else {
            result.readFile(projectFile, Provenance.Kind.PROJECT, home.settingsCache());
        }
        Path userFile = home.userSettings(app.name());
        if (Files.exists(userFile)) {
            result.readFile(userFile, Provenance.Kind.USER, home.settingsCache());
        }
        overrides.applyTo(result);
        return result;
    }

    /**
     * The settings of texts being edited (the IDE's settings editor): defaults, the app's text, then the user's (either
     * may be null), each value with the file it comes from, as a run would read them once saved.
     */
    public static AppSettings ofTexts(String projectText, Path projectFile, String userText, Path userFile) {
        AppSettings result = new AppSettings();
        result.putDefaults();
        if (projectText != null) {
            ParsedSettings.of(projectText, null).applyTo(result, Provenance.Kind.PROJECT, projectFile);
        }
        if (userText != null) {
            ParsedSettings.of(userText, null).applyTo(result, Provenance.Kind.USER, userFile);
        }
        return result;
    }

    /** Reads and validates one file alone (the IDE builder marks each file's own problems). */
    public static List<SettingsProblem> validateFile(Path file, Provenance.Kind kind) {
        AppSettings alone = new AppSettings();
        alone.readFile(file, kind, null);
        return alone.problems;
    }

    private void putDefaults() {
        Provenance builtIn = Provenance.builtIn();
        put(List.of("cluster", "verbose"), 1L, builtIn);
        put(List.of("cluster", "pool"), false, builtIn);
        put(List.of("cluster", "cython"), false, builtIn);
        put(List.of("cluster", "cluster_enabled"), false, builtIn);
        put(List.of("cluster", "rapids"), false, builtIn);
        put(List.of("cluster", "scheduler"), "127.0.0.1", builtIn);
        Map<String, Long> localWorker = new LinkedHashMap<>();
        localWorker.put("127.0.0.1", 1L);
        put(WORKERS, localWorker, builtIn);
    }

    private void readFile(Path file, Provenance.Kind kind, Path cacheFolder) {
        String content;
        try {
            content = Files.readString(file);
        } catch (IOException e) {
            problems.add(new SettingsProblem(Severity.ERROR, Provenance.file(kind, file, 0), 0, null,
                    "cannot read the file: " + e.getMessage(), "check that it exists, is readable and is UTF-8"));
            return;
        }
        ParsedSettings.of(content, cacheFolder).applyTo(this, kind, file);
    }

    void put(List<String> path, Object value, Provenance provenance) {
        settings.put(SettingKey.display(path), new Setting(List.copyOf(path), value, provenance));
    }

    void addProblem(SettingsProblem problem) {
        problems.add(problem);
    }

    public List<SettingsProblem> problems() {
        return List.copyOf(problems);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(SettingsProblem::isError);
    }

    /** @throws AgilabException (settings) for the first error, naming its file, line and key */
    public AppSettings requireValid() {
        for (SettingsProblem problem : problems) {
            if (problem.isError()) {
                throw problem.toException();
            }
        }
        return this;
    }

    public Setting setting(String dottedKey) {
        return settings.get(SettingKey.display(SettingKey.parse(dottedKey)));
    }

    public Object value(String dottedKey) {
        Setting setting = setting(dottedKey);
        return setting == null ? null : setting.value();
    }

    public List<Setting> all() {
        return List.copyOf(settings.values());
    }

    /** The {@code [args]} values, by key. */
    public Map<String, Object> args() {
        Map<String, Object> args = new LinkedHashMap<>();
        for (Setting setting : settings.values()) {
            if (setting.path().size() >= 2 && setting.path().get(0).equals("args")) {
                args.put(SettingKey.display(setting.path().subList(1, setting.path().size())), setting.value());
            }
        }
        return args;
    }

    /** Host to worker count, in file order. */
    @SuppressWarnings("unchecked")
    public Map<String, Long> workers() {
        return (Map<String, Long>) settings.get(SettingKey.display(WORKERS)).value();
    }

    public Setting workersSetting() {
        return settings.get(SettingKey.display(WORKERS));
    }

    /**
     * The run mode: {@code [cluster] mode} or {@code --mode} when given, else upstream's
     * pool + 2*cython + 4*cluster_enabled + 8*rapids.
     */
    public ExecutionMode mode() {
        Setting explicit = settings.get(SettingKey.display(MODE));
        if (explicit != null) {
            return explicit.value() instanceof Long number ? ExecutionMode.of(number.intValue())
                    : ExecutionMode.parse(String.valueOf(explicit.value()));
        }
        int bits = (flag("cluster.pool") ? ExecutionMode.POOL : 0) | (flag("cluster.cython") ? ExecutionMode.COMPILED : 0)
                | (flag("cluster.cluster_enabled") ? ExecutionMode.CLUSTER : 0) | (flag("cluster.rapids") ? ExecutionMode.GPU : 0);
        return ExecutionMode.of(bits);
    }

    /** Where the mode came from: the explicit key, or the most specific of the four flags. */
    public Provenance modeProvenance() {
        Setting explicit = settings.get(SettingKey.display(MODE));
        if (explicit != null) {
            return explicit.provenance();
        }
        return setting("cluster.pool").provenance();
    }

    private boolean flag(String key) {
        return Boolean.TRUE.equals(value(key));
    }

    /** Every effective value with its provenance: what doctor and --json show. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        for (Setting setting : settings.values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("value", setting.value());
            entry.putAll(setting.provenance().toJson());
            json.put(setting.key(), entry);
        }
        return json;
    }

    static AgilabException usage(String message, String hint) {
        return AgilabException.of(FailureClass.USAGE, message).hint(hint).build();
    }
}
