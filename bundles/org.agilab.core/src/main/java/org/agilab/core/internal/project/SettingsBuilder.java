package org.agilab.core.internal.project;

import java.util.Map;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Path;

/**
 * Validates an app project's {@code app_settings.toml} with the runtime's validator on every full build and on every
 * incremental build that touched the file; a clean removes the markers.
 */
public final class SettingsBuilder extends IncrementalProjectBuilder {

    public static final String ID = "org.agilab.core.settingsBuilder";

    @Override
    protected IProject[] build(int kind, Map<String, String> args, IProgressMonitor monitor) throws CoreException {
        IProject project = getProject();
        if (kind != FULL_BUILD) {
            IResourceDelta delta = getDelta(project);
            if (delta != null && delta.findMember(new Path(org.agilab.runtime.env.AppProject.SETTINGS_FILE)) == null) {
                return null; // the settings did not change: their markers stand
            }
        }
        SettingsMarkers.update(project);
        return null;
    }

    @Override
    protected void clean(IProgressMonitor monitor) throws CoreException {
        SettingsMarkers.clear(getProject());
    }
}
