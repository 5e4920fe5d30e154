package org.agilab.runtime.manager;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.RuntimeInfo;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.env.DotEnv;
import org.agilab.runtime.env.Provenance;
import org.agilab.runtime.env.Provenanced;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.settings.AppSettings;
import org.agilab.runtime.settings.SettingsProblem;

/**
 * {@code agilab doctor}: checks the home (folders, .env, Java, free disk) and, when an app is known, its settings,
 * and reports every effective value with where it came from. Read-only: it creates nothing but its run record.
 */
public final class Doctor {

    /** Below this, installs and runs are likely to fail for lack of space. */
    static final long MIN_FREE_BYTES = 1L << 30;

    private final List<Map<String, Object>> checks = new ArrayList<>();
    private final List<Map<String, Object>> warnings = new ArrayList<>();
    private final StringBuilder summary = new StringBuilder();

    public record Report(Map<String, Object> data, String summary, boolean healthy) {
    }

    public Report examine(AgilabHome home, AppProject app, AppSettings settings, Redactor redactor) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("runtime", RuntimeInfo.environment());
        check("java", RuntimeInfo.javaFeatureVersion() >= RuntimeInfo.MINIMUM_JAVA,
                "Java " + System.getProperty("java.version") + " at " + System.getProperty("java.home"),
                "AGILab needs Java " + RuntimeInfo.MINIMUM_JAVA + " or newer: set JAVA_HOME");

        Map<String, Object> homeJson = new LinkedHashMap<>();
        homeJson.put("path", home.path().toString());
        homeJson.putAll(home.home().provenance().toJson());
        data.put("home", homeJson);
        boolean homeUsable = Files.isDirectory(home.path()) && Files.isWritable(home.path());
        check("home", homeUsable, home.path() + " (from " + home.home().provenance().describe() + ")",
                Files.exists(home.path()) ? "make the folder writable" : "create the folder, or pass --home / set AGILAB_HOME");

        Map<String, Object> roots = new LinkedHashMap<>();
        for (Map.Entry<String, Provenanced<Path>> root : home.roots().entrySet()) {
            if (root.getKey().equals("home")) {
                continue;
            }
            Path path = root.getValue().value();
            Map<String, Object> rootJson = new LinkedHashMap<>();
            rootJson.put("path", path.toString());
            rootJson.putAll(root.getValue().provenance().toJson());
            boolean exists = Files.isDirectory(path);
            rootJson.put("exists", exists);
            boolean writable = exists ? Files.isWritable(path) : creatable(path);
            rootJson.put("writable", writable);
            roots.put(root.getKey(), rootJson);
            check("root " + root.getKey(), writable, path + (exists ? "" : " (created on first use)"),
                    "make " + path + " writable or move it in ~/.agilab/.env");
        }
        data.put("roots", roots);

        data.put("env", dotEnvJson(home, redactor));
        checkDotEnvMode(home.dotEnv());
        Provenanced<Path> apps = home.appsFolder();
        Map<String, Object> appsJson = new LinkedHashMap<>();
        appsJson.put("path", apps.value().toString());
        appsJson.putAll(apps.provenance().toJson());
        appsJson.put("apps", AppProject.list(apps.value()));
        data.put("apps", appsJson);

        long free = freeBytes(home.path());
        data.put("freeDiskBytes", free);
        check("disk", free < 0 || free >= MIN_FREE_BYTES, (free < 0 ? "unknown" : free / (1024 * 1024) + " MB") + " free under the home",
                "free at least 1 GB under " + home.path());

        if (app != null) {
            data.put("app", appJson(home, app));
            boolean settingsOk = !settings.hasErrors();
            List<Object> problems = new ArrayList<>();
            settings.problems().forEach(p -> problems.add(p.toJson()));
            data.put("settings", settings.toJson());
            data.put("problems", problems);
            data.put("mode", Map.of("bits", settings.mode().bits(), "label", settings.mode().label(),
                    "source", settings.modeProvenance().describe()));
            check("settings of " + app.name(), settingsOk, app.settingsFile().toString(),
                    settings.problems().stream().filter(SettingsProblem::isError).findFirst()
                            .map(p -> p.toException().oneLine()).orElse(""));
            Path workerEnv = home.workerEnv(app.target());
            boolean held = LifecycleLock.isHeld(workerEnv);
            Map<String, Object> lock = new LinkedHashMap<>();
            lock.put("held", held);
            if (held) {
                LifecycleLock.holder(workerEnv).ifPresent(h -> lock.put("holder", h));
            }
            data.put("lock", lock);
        }
        boolean healthy = checks.stream().allMatch(c -> Boolean.TRUE.equals(c.get("ok")));
        data.put("checks", checks);
        data.put("warnings", warnings);
        data.put("healthy", healthy);

        StringBuilder text = new StringBuilder();
        text.append("AGILab ").append(RuntimeInfo.VERSION).append(" doctor: ").append(healthy ? "healthy" : "NOT healthy").append('\n');
        text.append(summary);
        if (app != null) {
            text.append("\napp ").append(app.name()).append(" (target ").append(app.target()).append(") at ").append(app.folder()).append('\n');
            text.append("effective settings (value <- source):\n");
            for (AppSettings.Setting setting : settings.all().stream().sorted(java.util.Comparator.comparing(AppSettings.Setting::key)).toList()) {
                // masked before it is written as JSON, where a secret holding " or \ would be escaped
                Object value = redactor.redactValue(setting.value());
                text.append("  ").append(setting.key()).append(" = ").append(JsonCodec.write(value))
                        .append("  <- ").append(setting.provenance().describe()).append('\n');
            }
            text.append("  mode = ").append(settings.mode().label()).append("  <- ").append(settings.modeProvenance().describe()).append('\n');
            for (SettingsProblem problem : settings.problems()) {
                text.append(problem.isError() ? "ERROR " : "warning ").append(problem.toException().oneLine().replaceFirst("^settings error: ", ""))
                        .append('\n');
            }
        } else {
            text.append("\nno app: give --app NAME|PATH to check an app's settings\n");
        }
        return new Report(data, text.toString().stripTrailing(), healthy);
    }

    private void check(String name, boolean ok, String detail, String fix) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("name", name);
        check.put("ok", ok);
        check.put("detail", detail);
        if (!ok) {
            check.put("fix", fix);
        }
        checks.add(check);
        summary.append(ok ? "  ok    " : "  FAIL  ").append(name).append(": ").append(detail);
        if (!ok) {
            summary.append("\n        fix: ").append(fix);
        }
        summary.append('\n');
    }

    /** A problem that leaves the home usable: shown, and listed under {@code warnings}, but the home stays healthy. */
    private void warn(String name, String detail, String fix) {
        Map<String, Object> warning = new LinkedHashMap<>();
        warning.put("name", name);
        warning.put("detail", detail);
        warning.put("fix", fix);
        warnings.add(warning);
        summary.append("  WARN  ").append(name).append(": ").append(detail).append("\n        fix: ").append(fix).append('\n');
    }

    /**
     * A .env holding credentials (keys that name a password, token, key...) must be the user's alone: any group or
     * other permission bit (a mode wider than 0600) lets other users of the machine read or change it.
     */
    private void checkDotEnvMode(DotEnv dotEnv) {
        Path file = dotEnv.file();
        List<String> secretKeys = dotEnv.entries().keySet().stream().filter(Redactor::isSecretName).toList();
        if (secretKeys.isEmpty() || !Files.isRegularFile(file)) {
            return;
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to say
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> open = java.util.EnumSet.noneOf(
                java.nio.file.attribute.PosixFilePermission.class);
        open.addAll(permissions);
        open.removeAll(java.util.EnumSet.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE));
        if (!open.isEmpty()) {
            warn(".env permissions", file + " holds credentials (" + String.join(", ", secretKeys) + ") and is open to other users ("
                    + java.nio.file.attribute.PosixFilePermissions.toString(permissions) + ")",
                    "chmod 600 " + file);
        }
    }

    private static Map<String, Object> dotEnvJson(AgilabHome home, Redactor redactor) {
        DotEnv dotEnv = home.dotEnv();
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("file", dotEnv.file().toString());
        env.put("exists", Files.exists(dotEnv.file()));
        Map<String, Object> keys = new LinkedHashMap<>();
        for (Map.Entry<String, DotEnv.Entry> entry : dotEnv.entries().entrySet()) {
            Provenanced<String> effective = home.setting(entry.getKey(), null);
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("value", Redactor.isSecretName(entry.getKey()) ? Redactor.MASK : redactor.redact(effective.value()));
            key.putAll(effective.provenance().toJson());
            keys.put(entry.getKey(), key);
        }
        env.put("keys", keys);
        return env;
    }

    private static Map<String, Object> appJson(AgilabHome home, AppProject app) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", app.name());
        json.put("folder", app.folder().toString());
        json.put("target", app.target());
        json.put("workerPackage", app.workerPackage());
        json.put("managerClass", app.managerClass());
        json.put("workerClass", app.workerClass());
        json.put("settingsFile", app.settingsFile().toString());
        json.put("userSettingsFile", home.userSettings(app.name()).toString());
        json.put("userSettingsExists", Files.exists(home.userSettings(app.name())));
        json.put("workerEnv", home.workerEnv(app.target()).toString());
        json.put("runRecords", home.executeLogs(app.target()).toString());
        json.put("dataset", home.localShare().value().resolve(app.target()).resolve("dataset").toString());
        json.put("dataframe", home.localShare().value().resolve(app.target()).resolve("dataframe").toString());
        return json;
    }

    /** A missing folder is fine if its nearest existing parent is writable. */
    private static boolean creatable(Path path) {
        Path parent = path.toAbsolutePath();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        return parent != null && Files.isWritable(parent);
    }

    private static long freeBytes(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            FileStore store = Files.getFileStore(existing);
            return store.getUsableSpace();
        } catch (IOException | NullPointerException e) {
            return -1;
        }
    }

}
