package org.agilab.ui.internal.launch;

import java.util.Map;

import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.settings.AppSettings;
import org.agilab.runtime.settings.RunOverrides;
import org.eclipse.core.resources.IProject;

/**
 * For each override, what it replaces: the app's value and the file and line it comes from. The app's settings are
 * read once per project (and again by {@link #forget()} when the tab is refilled), not at every keystroke.
 */
final class OverrideProvenance {

    private String project;
    private AppSettings settings;
    private String problem;

    void forget() {
        project = null;
    }

    String describe(IProject chosen, Map<String, String> overrides) {
        if (chosen == null || !chosen.exists() || chosen.getLocation() == null || overrides.isEmpty()) {
            return "";
        }
        load(chosen);
        if (settings == null) {
            return problem;
        }
        StringBuilder text = new StringBuilder();
        overrides.forEach((key, value) -> {
            String dotted = key.contains(".") ? key : "args." + key;
            AppSettings.Setting setting = settings.setting(dotted);
            text.append(dotted).append(" = ").append(value).append(" (this launch) replaces ")
                    .append(setting == null ? "nothing: the app does not set it" : setting.value() + " from " + setting.provenance().describe())
                    .append('\n');
        });
        return text.toString().stripTrailing();
    }

    /** The mode the app's settings give (what a launch without its own mode runs), or null when they cannot be read. */
    org.agilab.api.ExecutionMode appMode(IProject chosen) {
        if (chosen == null || !chosen.exists() || chosen.getLocation() == null) {
            return null;
        }
        load(chosen);
        try {
            return settings == null ? null : settings.mode();
        } catch (RuntimeException e) {
            return null; // a mode the settings spell wrongly is the settings' marker to report
        }
    }

    /** Where the app's mode comes from ({@code app_settings.toml line 12}), or empty. */
    String appModeSource(IProject chosen) {
        return appMode(chosen) == null ? "" : settings.modeProvenance().describe();
    }

    private void load(IProject chosen) {
        if (!chosen.getName().equals(project)) {
            project = chosen.getName();
            try {
                settings = AppSettings.load(AppProject.at(chosen.getLocation().toFile().toPath()), AgilabHome.resolve(null, System.getenv()),
                        RunOverrides.none());
                problem = null;
            } catch (RuntimeException e) {
                settings = null;
                problem = e.getMessage();
            }
        }
    }
}
