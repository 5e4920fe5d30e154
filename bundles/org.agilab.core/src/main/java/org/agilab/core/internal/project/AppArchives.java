package org.agilab.core.internal.project;

import java.nio.file.Path;

import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.runtime.cluster.Coordinator;
import org.agilab.runtime.cluster.NodeRegistry;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppArchive;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.error.AgilabException;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;

/**
 * The IDE's side of an app's lifecycle, thin over the runtime ({@link AppArchive}, the node registry): what the export
 * and import wizards and the delete participant run, in their Jobs. No SWT here; failures are the runtime's
 * classified errors as a status.
 */
public final class AppArchives {

    private AppArchives() {
    }

    /** The app project's folder as the runtime sees it. */
    public static AppProject app(IProject project) throws CoreException {
        try {
            return AppProject.at(project.getLocation().toPath());
        } catch (AgilabException e) {
            throw new CoreException(Status.error(e.getMessage(), e));
        }
    }

    /** Upstream's {@code <export root>/apps-zip/<app>.zip} in the project's AGILab home. */
    public static Path defaultZip(IProject project) throws CoreException {
        return AppArchive.defaultZip(IdePreferences.home(project).exportRoot(), app(project));
    }

    public static AppArchive.Exported export(IProject project, Path zip, boolean replace) throws CoreException {
        try {
            return AppArchive.export(app(project), zip, replace);
        } catch (AgilabException e) {
            throw new CoreException(Status.error(e.getMessage(), e));
        }
    }

    /** Extracts the archive into {@code into} and makes the app a workspace project. */
    public static IProject importArchive(Path zip, String name, Path into, boolean replace, IProgressMonitor monitor) throws CoreException {
        SubMonitor progress = SubMonitor.convert(monitor, 2);
        AppProject imported;
        try {
            imported = AppArchive.importZip(zip, name == null || name.isBlank() ? null : name.strip(), into, replace);
        } catch (AgilabException e) {
            throw new CoreException(Status.error(e.getMessage(), e));
        }
        progress.worked(1);
        IProject existing = org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot().getProject(imported.name());
        if (existing.exists() && existing.getLocation() != null && existing.getLocation().toPath().equals(imported.folder())) {
            // replaced (--force) where the project already was: the workspace only needs to see the new files
            existing.refreshLocal(IResource.DEPTH_INFINITE, progress.split(1));
            return existing;
        }
        return AppProjectConfigurator.configure(imported.folder(), progress.split(1));
    }

    /** Whether the app has warm nodes or a coordinator recorded in its worker environment. */
    public static boolean hasNodes(IProject project) throws CoreException {
        Path nodes = nodesFolder(project);
        return NodeRegistry.read(nodes).map(registry -> !registry.nodes().isEmpty()).orElse(false) || Coordinator.find(nodes).isPresent();
    }

    /**
     * Stops the app's coordinator and its nodes on this machine; nodes on SSH hosts stop themselves when idle (the
     * Apps view's Stop Nodes reaches them through the manager).
     */
    public static void stopNodes(IProject project) throws CoreException {
        Path nodes = nodesFolder(project);
        Coordinator.stop(nodes);
        NodeRegistry.stop(nodes);
    }

    private static Path nodesFolder(IProject project) throws CoreException {
        AgilabHome home = IdePreferences.home(project);
        return home.workerEnv(app(project).target()).resolve("nodes");
    }
}
