package org.agilab.core.internal.preferences;

import java.util.EnumMap;
import java.util.Map;

import org.agilab.core.internal.CorePlugin;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ProjectScope;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.prefs.BackingStoreException;

/**
 * The AGILab preferences: workspace ({@code InstanceScope}) and per app project ({@code ProjectScope}, stored in the
 * project's {@code .settings/org.agilab.core.prefs}, so a team can share them); a project's non-empty value wins.
 * Secrets never go here: they are in {@link SecretStores}.
 */
public final class IdePreferences {

    /** Where a value comes from, as the launch tab shows it. */
    public enum Source {
        LAUNCH("this launch"), PROJECT("project properties"), WORKSPACE("workspace preferences"), APP("the app's settings"),
        DOTENV("~/.agilab/.env"), NONE("not set");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One setting's value and where it comes from. */
    public record Value(String value, Source source) {
        public boolean isSet() {
            return value != null && !value.isBlank();
        }
    }

    private IdePreferences() {
    }

    public static IEclipsePreferences workspace() {
        return InstanceScope.INSTANCE.getNode(CorePlugin.ID);
    }

    public static IEclipsePreferences project(IProject project) {
        return new ProjectScope(project).getNode(CorePlugin.ID);
    }

    /** Each setting's value for {@code project} (null: the workspace's only), project first, then workspace. */
    public static Map<IdeSetting, Value> resolve(IProject project) {
        Map<IdeSetting, Value> values = new EnumMap<>(IdeSetting.class);
        IEclipsePreferences workspace = workspace();
        IEclipsePreferences own = project == null || !project.isAccessible() ? null : project(project);
        for (IdeSetting setting : IdeSetting.values()) {
            String projectValue = own == null ? null : own.get(setting.key(), null);
            if (projectValue != null && !projectValue.isBlank()) {
                values.put(setting, new Value(projectValue.strip(), Source.PROJECT));
                continue;
            }
            String workspaceValue = workspace.get(setting.key(), null);
            values.put(setting, workspaceValue != null && !workspaceValue.isBlank() ? new Value(workspaceValue.strip(), Source.WORKSPACE)
                    : new Value(null, Source.NONE));
        }
        return values;
    }

    /** The AGILab home launches of {@code project} use: its (or the workspace's) preference, else AGILAB_HOME, else ~. */
    public static org.agilab.runtime.env.AgilabHome home(IProject project) {
        Value home = resolve(project).get(IdeSetting.HOME);
        Map<String, String> environment = new java.util.HashMap<>(System.getenv());
        if (home.isSet()) {
            environment.put(org.agilab.runtime.env.AgilabHome.HOME_VARIABLE, home.value());
        }
        return org.agilab.runtime.env.AgilabHome.resolve(null, environment);
    }

    /** Sets (or, with a blank value, removes) a setting in {@code node} and saves it. */
    public static void put(IEclipsePreferences node, IdeSetting setting, String value) throws BackingStoreException {
        putAll(node, Map.of(setting, value == null ? "" : value));
    }

    /** Sets (blank: removes) these settings in {@code node}, then saves them all at once. */
    public static void putAll(IEclipsePreferences node, Map<IdeSetting, String> values) throws BackingStoreException {
        values.forEach((setting, value) -> {
            if (value == null || value.isBlank()) {
                node.remove(setting.key());
            } else {
                node.put(setting.key(), value.strip());
            }
        });
        node.flush();
    }
}
