package org.agilab.core.internal.project;

import java.nio.file.Path;

import org.agilab.runtime.protocol.Event;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;

/**
 * Install problems in the Problems view: an operation that ended with an install error (the app does not compile,
 * its jar or stage failed) leaves a {@link SettingsMarkers#INSTALL} marker on the file and line the error names (the
 * project when the file is outside it); the next operation that installs cleanly removes it.
 */
public final class InstallMarkers {

    private InstallMarkers() {
    }

    /** Replaces the project's install markers by what {@code outcome} (the manager's last result or error) says. */
    public static void update(IProject project, Event outcome) throws CoreException {
        if (!project.isAccessible()) {
            return;
        }
        project.deleteMarkers(SettingsMarkers.INSTALL, true, IResource.DEPTH_INFINITE);
        if (!(outcome instanceof Event.Failure failure) || !"install".equals(failure.failureClass())) {
            return;
        }
        IResource resource = project;
        String file = failure.file();
        if (file != null) {
            for (IFile candidate : ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(Path.of(file).toUri())) {
                if (candidate.getProject().equals(project)) {
                    resource = candidate;
                }
            }
        }
        Integer line = failure.line();
        IMarker marker = resource.createMarker(SettingsMarkers.INSTALL);
        marker.setAttributes(new String[] {IMarker.SEVERITY, IMarker.MESSAGE, IMarker.LINE_NUMBER, SettingsMarkers.HINT},
                new Object[] {IMarker.SEVERITY_ERROR, "AGILab install: " + failure.message(),
                        resource instanceof IFile ? line : null, failure.hint()});
    }
}
