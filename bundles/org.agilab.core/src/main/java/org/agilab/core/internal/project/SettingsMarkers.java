package org.agilab.core.internal.project;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.settings.AppSettings;
import org.agilab.runtime.settings.RunOverrides;
import org.agilab.runtime.settings.SettingsProblem;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;

/**
 * The Problems view's side of the settings: each problem the runtime's validator finds is a marker at its line of
 * {@code app_settings.toml} (problems of the user's overrides file sit on the project, naming that file), of type
 * {@link #CLUSTER} for {@code [cluster]} keys and {@link #SETTINGS} otherwise; a {@code [pages] view_module} name no
 * contributed analysis view ({@link AnalysisViewContributions}) stands for is one too. {@link #INSTALL} markers come from
 * failed installs.
 */
public final class SettingsMarkers {

    public static final String SETTINGS = "org.agilab.core.settingsProblem";
    public static final String CLUSTER = "org.agilab.core.clusterProblem";
    public static final String INSTALL = "org.agilab.core.installProblem";
    /** The dotted settings key a marker is about (e.g. {@code cluster.workers."127.0.0.1"}). */
    public static final String KEY = "key";
    /** How to fix it, as the runtime says. */
    public static final String HINT = "hint";

    private SettingsMarkers() {
    }

    /** Validates the project's settings again and replaces its settings and cluster markers. */
    public static void update(IProject project) throws CoreException {
        clear(project);
        IFile file = project.getFile(AppProject.SETTINGS_FILE);
        if (!file.exists()) {
            create(project, SETTINGS, IMarker.SEVERITY_ERROR, 0, "the app has no " + AppProject.SETTINGS_FILE, null,
                    "an AGILab app keeps its args and cluster settings there: create it, or remove the AGILab nature");
            return;
        }
        Path location = file.getLocation().toFile().toPath();
        AppSettings settings;
        try {
            AppProject app = AppProject.at(project.getLocation().toFile().toPath());
            settings = AppSettings.load(app, AgilabHome.resolve(null, System.getenv()), RunOverrides.none());
        } catch (AgilabException e) {
            create(project, SETTINGS, IMarker.SEVERITY_ERROR, 0, e.getMessage(), null, e.hint());
            return;
        }
        List<SettingsProblem> problems = new java.util.ArrayList<>(settings.problems());
        if (AnalysisViewContributions.declared()) {
            // [pages] view_module names no contributed analysis view stands for, listing those that are
            problems.addAll(org.agilab.runtime.settings.AnalysisViewNames.check(settings, AnalysisViewContributions.names()));
        }
        for (SettingsProblem problem : problems) {
            boolean here = problem.file() != null && sameFile(problem.file(), location);
            IResource resource = here ? file : project;
            String type = problem.key() != null && problem.key().startsWith("cluster") ? CLUSTER : SETTINGS;
            String message = (problem.key() == null ? "" : problem.key() + ": ") + problem.message()
                    + (here || problem.file() == null ? "" : " (in " + problem.file() + ", line " + problem.line() + ")");
            create(resource, type, problem.isError() ? IMarker.SEVERITY_ERROR : IMarker.SEVERITY_WARNING, here ? problem.line() : 0,
                    message, problem.key(), problem.hint());
        }
    }

    /** Removes the settings and cluster markers of the project (install markers stay until the next install). */
    public static void clear(IProject project) throws CoreException {
        if (project.isAccessible()) {
            project.deleteMarkers(SETTINGS, true, IResource.DEPTH_INFINITE); // with its subtype, cluster
        }
    }

    public static List<IMarker> markers(IProject project) throws CoreException {
        List<IMarker> markers = new java.util.ArrayList<>();
        for (String type : List.of(SETTINGS, INSTALL)) { // cluster markers are settings markers too (a subtype)
            markers.addAll(List.of(project.findMarkers(type, true, IResource.DEPTH_INFINITE)));
        }
        return markers;
    }

    private static void create(IResource resource, String type, int severity, int line, String message, String key, String hint)
            throws CoreException {
        IMarker marker = resource.createMarker(type);
        marker.setAttributes(new String[] {IMarker.SEVERITY, IMarker.MESSAGE, IMarker.LINE_NUMBER, KEY, HINT},
                new Object[] {severity, message, line > 0 ? line : null, key, hint});
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
