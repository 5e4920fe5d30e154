package org.agilab.ui.internal.launch;

import java.util.Map;

import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.settings.AppSettings;
import org.agilab.runtime.settings.RunOverrides;
import org.eclipse.core.resources.IProject;

/** For each override, what it replaces: the app's value and the file and line it comes from. */
final class OverrideProvenance {

    private OverrideProvenance() {
    }

    static String describe(IProject project, Map<String, String> overrides) {
        if (project == null || !project.exists() || project.getLocation() == null || overrides.isEmpty()) {
            return "";
        }
        AppSettings settings;
        try {
            settings = AppSettings.load(AppProject.at(project.getLocation().toFile().toPath()), AgilabHome.resolve(null, System.getenv()),
                    RunOverrides.none());
        } catch (RuntimeException e) {
            return e.getMessage();
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
}
