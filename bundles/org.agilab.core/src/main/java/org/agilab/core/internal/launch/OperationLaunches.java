package org.agilab.core.internal.launch;

import org.agilab.core.internal.operation.ManagerJob;
import org.agilab.core.internal.operation.ManagerOperation;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.Launch;

/**
 * An operation that is not a launch configuration's (a run replayed from its record, stopping an app's nodes) shown
 * as one anyway: in the Debug view with its console, terminated by Terminate, its Job in the AGILab family.
 */
public final class OperationLaunches {

    private OperationLaunches() {
    }

    public static ManagerJob start(ManagerOperation operation) {
        ILaunch launch = new Launch(null, ILaunchManager.RUN_MODE, null);
        DebugPlugin.getDefault().getLaunchManager().addLaunch(launch);
        ManagerRunProcess process = new ManagerRunProcess(launch, operation.label());
        ManagerJob job = new ManagerJob(operation, process);
        process.start(job);
        return job;
    }

    /** Stops the app's nodes (the manager's {@code nodes stop}, SSH hosts included), shown as a launch. */
    public static ManagerJob stopNodes(org.eclipse.core.resources.IProject app) {
        java.nio.file.Path folder = app.getLocation().toFile().toPath();
        ManagerOperation stop = new ManagerOperation("nodes stop", folder, null, null, null, null, folder);
        return start(org.agilab.core.internal.preferences.LaunchDefaults.apply(app, stop).operation());
    }
}
