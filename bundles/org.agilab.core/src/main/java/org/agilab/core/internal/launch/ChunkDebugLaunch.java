package org.agilab.core.internal.launch;

import java.nio.file.Path;

import org.agilab.core.internal.operation.ManagerJob;
import org.agilab.core.internal.operation.ManagerOperation;
import org.agilab.runtime.record.RunHistory;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.Launch;

/**
 * Debug Chunk (the Workers and Runs views): {@code agilab replay-chunk --record R --chunk N --debug PORT} as a debug
 * launch. The manager replays the chunk in a JVM of its own that waits on 127.0.0.1:PORT; when the manager announces
 * it ({@code debuggee}), the JDT debugger attaches with the app's project for sources ({@link DebugAttach}). The launch
 * shows the manager's process (its console says where the outputs went and whether they equal the run's) and the
 * chunk's debug target: Terminate ends both, Disconnect lets the chunk finish.
 */
public final class ChunkDebugLaunch {

    private ChunkDebugLaunch() {
    }

    public static ILaunch start(RunHistory.Entry record, int chunk) throws CoreException {
        int port = DebugAttach.freePort();
        ManagerOperation operation;
        try {
            operation = ManagerOperation.replayChunk(record, chunk, port);
        } catch (IllegalArgumentException e) {
            throw new CoreException(Status.error(e.getMessage(), e));
        }
        ILaunch launch = new Launch(null, ILaunchManager.DEBUG_MODE, null);
        DebugPlugin.getDefault().getLaunchManager().addLaunch(launch);
        IProject project = projectAt(operation.app());
        if (project != null) {
            DebugAttach.lookUpSourcesIn(launch, project);
        }
        ManagerRunProcess process = new ManagerRunProcess(launch, operation.label());
        process.start(new ManagerJob(operation, new DebugAttach(launch, process, process, port, operation.label())));
        return launch;
    }

    /** The workspace project whose folder is {@code folder}, or null. */
    static IProject projectAt(Path folder) {
        for (IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
            if (project.isOpen() && project.getLocation() != null && project.getLocation().toFile().toPath().toAbsolutePath().normalize()
                    .equals(folder.toAbsolutePath().normalize())) {
                return project;
            }
        }
        return null;
    }
}
