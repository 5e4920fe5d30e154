package org.agilab.core.internal.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.agilab.core.internal.CoreMessages;
import org.agilab.core.internal.operation.ManagerJob;
import org.agilab.core.internal.operation.ManagerOperation;
import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.core.internal.preferences.LaunchDefaults;
import org.agilab.core.launch.ManagerProcess;
import org.agilab.runtime.cluster.Coordinator;
import org.agilab.runtime.cluster.NodeRegistry;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppArchive;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.request.ManagerRequest;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.osgi.util.NLS;

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

    /** What deleting the app's files also removes from its AGILab home: its user overrides and worker environment. */
    public static java.util.List<Path> purgeable(IProject project) throws CoreException {
        return IdePreferences.home(project).purgeable(app(project));
    }

    /** Removes {@code folders} (what {@link #purgeable} gave, read while the project existed). */
    public static void purge(java.util.List<Path> folders) throws CoreException {
        for (Path folder : folders) {
            try {
                org.agilab.runtime.io.FileTrees.delete(folder);
            } catch (IOException e) {
                throw new CoreException(Status.error(NLS.bind(CoreMessages.AppDelete_cannotPurge, folder, e.getMessage()), e));
            }
        }
    }

    /**
     * What follows Eclipse's rename of an app project from {@code oldName}: the AGILab rename of its app (the manager's
     * {@code app rename}, which stops the app's nodes and renames the folder, the packages and classes derived from the
     * name, the settings, the user's overrides and the worker environment), then the project again at the new folder.
     * Eclipse leaves a project outside the workspace at its folder (still named {@code oldName}) and moves one inside the
     * workspace to a folder of the new name; the latter goes back to {@code oldName} first, so both take one path. When the
     * manager refuses or fails, the project comes back under its old name, the app untouched, and the manager's
     * classified error is thrown.
     *
     * @return the renamed project
     */
    public static IProject completeRename(IProject renamed, String oldName, IProgressMonitor monitor) throws CoreException {
        SubMonitor progress = SubMonitor.convert(monitor, NLS.bind(CoreMessages.AppRename_task, oldName, renamed.getName()), 10);
        String newName = renamed.getName();
        Path location = renamed.getLocation().toPath();
        Path appFolder = location.resolveSibling(oldName);
        // the project's preferences and the app's settings (its SSH hosts' secrets) are read where they are now
        ManagerOperation applied = LaunchDefaults.apply(renamed, new ManagerOperation("app rename", location, null, null, null, null,
                appFolder.getParent(), null, null, Map.of(ManagerRequest.Value.TO, newName))).operation();
        ManagerOperation rename = new ManagerOperation(applied.command(), appFolder, applied.mode(), applied.workers(), applied.overrides(),
                applied.environment(), applied.workingDirectory(), applied.java(), applied.workerHosts(), applied.values());
        renamed.delete(IResource.NEVER_DELETE_PROJECT_CONTENT | IResource.FORCE, progress.split(1));
        try {
            if (!location.equals(appFolder)) {
                Files.move(location, appFolder);
            }
        } catch (IOException e) {
            AppProjectConfigurator.configure(location, progress.split(1));
            throw new CoreException(Status.error(NLS.bind(CoreMessages.AppRename_cannotMove, location, e.getMessage()), e));
        }
        StringBuilder output = new StringBuilder();
        ManagerJob job = new ManagerJob(rename, new ManagerProcess.Listener() {
            @Override
            public void event(EventEnvelope envelope) {
            }

            @Override
            public void output(String line) {
                output.append(line).append('\n');
            }
        });
        job.schedule();
        try {
            job.join(0, progress.split(7));
        } catch (org.eclipse.core.runtime.OperationCanceledException | InterruptedException e) {
            // cancelled: the manager gets a cancel; its end decides which folder the project goes back to
            job.cancel();
            joinToTheEnd(job);
        }
        IStatus result = job.getResult();
        if (result != null && result.isOK()) {
            return AppProjectConfigurator.configure(appFolder.resolveSibling(newName), progress.split(2));
        }
        // the manager renames into a new folder and removes the old one last: on a failure the old app is whole
        IProject restored = AppProjectConfigurator.configure(appFolder, progress.split(2));
        String why = result == null ? output.toString().strip() : result.getMessage();
        throw new CoreException(new Status(IStatus.ERROR, "org.agilab.core", NLS.bind(CoreMessages.AppRename_failed,
                new Object[] {oldName, newName, why, restored.getName()})));
    }

    private static void joinToTheEnd(ManagerJob job) {
        boolean interrupted = false;
        while (job.getResult() == null) {
            try {
                job.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path nodesFolder(IProject project) throws CoreException {
        AgilabHome home = IdePreferences.home(project);
        return home.workerEnv(app(project).target()).resolve("nodes");
    }
}
