package org.agilab.core.internal.preferences;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.agilab.core.internal.operation.ManagerOperation;
import org.agilab.core.internal.preferences.IdePreferences.Source;
import org.agilab.core.internal.preferences.IdePreferences.Value;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.env.Provenance;
import org.agilab.runtime.settings.AppSettings;
import org.agilab.runtime.settings.RunOverrides;
import org.eclipse.core.resources.IProject;

/**
 * What the preferences add to a launch, and what each IDE setting's value is for it with where it comes from (the launch
 * tab shows this). Precedence, highest first: the launch itself (its AGILab and Environment tabs), then the app's own
 * settings for the values an app can set (workers, node JVM, idle timeout: app_settings.toml stays the source of
 * truth), then the project's properties, then the workspace preferences.
 */
public final class LaunchDefaults {

    /** One IDE setting as it applies to a launch. */
    public record Applied(IdeSetting setting, String value, Source source) {
    }

    /** The launch's operation with the preferences applied, and each setting's effective value. */
    public record Result(ManagerOperation operation, List<Applied> applied) {
    }

    private LaunchDefaults() {
    }

    public static Result apply(IProject project, ManagerOperation launch) {
        Map<IdeSetting, Value> preferences = IdePreferences.resolve(project);
        Map<String, String> environment = new LinkedHashMap<>(launch.environment());
        Map<String, String> overrides = new LinkedHashMap<>(launch.overrides());
        String workers = launch.workers();
        Path java = launch.java();
        List<Applied> applied = new ArrayList<>();
        AgilabHome home = null; // resolved once the home's variable is settled (HOME comes first), then reused

        for (IdeSetting setting : IdeSetting.values()) {
            if (setting.environmentVariable() == null) {
                continue;
            }
            String fromLaunch = launch.environment().get(setting.environmentVariable());
            Value preference = preferences.get(setting);
            if (fromLaunch != null) {
                applied.add(new Applied(setting, setting == IdeSetting.SSH_USER ? userOf(fromLaunch) : fromLaunch, Source.LAUNCH));
            } else if (setting == IdeSetting.SSH_USER && (home = resolveHome(environment)) != null
                    && home.dotEnv().entries().containsKey(setting.environmentVariable())) {
                // ~/.agilab/.env's CLUSTER_CREDENTIALS may carry the password too: the user alone must not replace it
                applied.add(new Applied(setting, userOf(home.dotEnv().entries().get(setting.environmentVariable()).value()), Source.DOTENV));
            } else if (preference.isSet()) {
                environment.put(setting.environmentVariable(), preference.value());
                applied.add(new Applied(setting, preference.value(), preference.source()));
            } else {
                applied.add(new Applied(setting, null, Source.NONE));
            }
        }

        AppSettings settings = appSettings(launch.app(), home != null ? home : resolveHome(environment));
        // workers: the launch's, else the app's [cluster.workers], else the preference
        Value preferredWorkers = preferences.get(IdeSetting.WORKERS);
        if (workers != null && !workers.isBlank()) {
            applied.add(new Applied(IdeSetting.WORKERS, workers, Source.LAUNCH));
        } else if (setByApp(settings, IdeSetting.WORKERS.appSetting())) {
            applied.add(new Applied(IdeSetting.WORKERS, workersText(settings.workers()), Source.APP));
        } else if (preferredWorkers.isSet()) {
            workers = preferredWorkers.value();
            applied.add(new Applied(IdeSetting.WORKERS, workers, preferredWorkers.source()));
        } else {
            applied.add(new Applied(IdeSetting.WORKERS, settings == null ? null : workersText(settings.workers()), Source.NONE));
        }
        for (IdeSetting setting : List.of(IdeSetting.NODE_JAVA, IdeSetting.IDLE_TIMEOUT)) {
            String key = setting.appSetting();
            Value preference = preferences.get(setting);
            if (launch.overrides().containsKey(key)) {
                applied.add(new Applied(setting, launch.overrides().get(key), Source.LAUNCH));
            } else if (setByApp(settings, key)) {
                applied.add(new Applied(setting, String.valueOf(settings.value(key)), Source.APP));
            } else if (preference.isSet()) {
                overrides.put(key, preference.value());
                applied.add(new Applied(setting, preference.value(), preference.source()));
            } else {
                applied.add(new Applied(setting, null, Source.NONE));
            }
        }
        Value managerJava = preferences.get(IdeSetting.MANAGER_JAVA);
        if (java == null && managerJava.isSet()) {
            java = Path.of(managerJava.value());
        }
        applied.add(new Applied(IdeSetting.MANAGER_JAVA, java == null ? null : java.toString(), java == null ? Source.NONE : managerJava.source()));

        Set<String> hosts = new LinkedHashSet<>();
        if (workers != null && !workers.isBlank()) {
            for (String part : workers.split(",")) {
                int colon = part.lastIndexOf(':');
                hosts.add((colon < 0 ? part : part.substring(0, colon)).strip());
            }
        } else if (settings != null) {
            hosts.addAll(settings.workers().keySet());
        }
        ManagerOperation operation = new ManagerOperation(launch.command(), launch.app(), launch.mode(), workers, overrides, environment,
                launch.workingDirectory(), java, hosts, launch.values());
        applied.sort(Comparator.comparing(a -> a.setting().ordinal()));
        return new Result(operation, applied);
    }

    /** The home the launch's environment (else the preferences, else ~) gives, or null when it cannot be read. */
    private static AgilabHome resolveHome(Map<String, String> environment) {
        try {
            Map<String, String> merged = new LinkedHashMap<>(System.getenv());
            merged.putAll(environment);
            return AgilabHome.resolve(null, merged);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String userOf(String credentials) {
        int colon = credentials.indexOf(':');
        return colon < 0 ? credentials : credentials.substring(0, colon); // never the password part
    }

    /** The app's own settings, or null when they cannot be read (the run then fails with the file's own error). */
    private static AppSettings appSettings(Path app, AgilabHome home) {
        try {
            return home == null ? null : AppSettings.load(AppProject.at(app), home, RunOverrides.none());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean setByApp(AppSettings settings, String key) {
        if (settings == null) {
            return false;
        }
        AppSettings.Setting setting = settings.setting(key);
        return setting != null && setting.provenance().kind() != Provenance.Kind.DEFAULT;
    }

    private static String workersText(Map<String, Long> workers) {
        return workers.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(java.util.stream.Collectors.joining(","));
    }
}
