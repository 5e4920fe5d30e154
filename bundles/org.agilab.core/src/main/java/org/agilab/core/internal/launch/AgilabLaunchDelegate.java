package org.agilab.core.internal.launch;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.agilab.core.internal.CoreMessages;
import org.agilab.core.internal.operation.ManagerJob;
import org.agilab.core.internal.operation.ManagerOperation;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.model.LaunchConfigurationDelegate;
import org.eclipse.osgi.util.NLS;

/**
 * The delegate of the four AGILab launch configuration types: the type says the command (install, distribute, run,
 * benchmark), the attributes the rest; the manager runs in a {@link ManagerJob}, shown as a {@link ManagerRunProcess}.
 */
public final class AgilabLaunchDelegate extends LaunchConfigurationDelegate {

    static final String TYPE_PREFIX = "org.agilab.core.launch.";
    public static final String INSTALL = TYPE_PREFIX + "install";
    public static final String DISTRIBUTE = TYPE_PREFIX + "distribute";
    public static final String RUN = TYPE_PREFIX + "run";
    public static final String BENCHMARK = TYPE_PREFIX + "benchmark";

    @Override
    public void launch(ILaunchConfiguration configuration, String mode, ILaunch launch, IProgressMonitor monitor) throws CoreException {
        ManagerOperation operation = operation(configuration);
        ManagerRunProcess process = new ManagerRunProcess(launch, operation.label());
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(LaunchAttributes.read(configuration).project());
        ManagerJob job;
        if (org.eclipse.debug.core.ILaunchManager.DEBUG_MODE.equals(mode)) {
            if (isClusterMode(operation.mode())) {
                throw new CoreException(Status.error(NLS.bind(CoreMessages.Debug_clusterMode, operation.mode())));
            }
            // the local modes run the work in the manager's JVM: that JVM waits for the debugger, which then attaches
            int port = DebugAttach.freePort();
            DebugAttach.lookUpSourcesIn(launch, project);
            job = new ManagerJob(operation, new DebugAttach(launch, process, process, port, operation.label()),
                    java.util.List.of(DebugAttach.jvmOption(port)));
        } else {
            job = new ManagerJob(operation, process);
        }
        job.addJobChangeListener(new org.eclipse.core.runtime.jobs.JobChangeAdapter() {
            @Override
            public void done(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
                // every command installs first: its outcome says whether the app installs (markers) or not
                try {
                    org.agilab.core.internal.project.InstallMarkers.update(project, job.outcome());
                } catch (CoreException e) {
                    org.eclipse.core.runtime.ILog.of(AgilabLaunchDelegate.class).log(e.getStatus());
                }
            }
        });
        process.start(job);
    }

    /**
     * The app project, searched for problems before the launch as JDT searches a Java launch's projects: when its
     * settings have an error, the debug UI asks "Errors exist in required project(s)... Proceed with launch?" (with
     * its "always launch" toggle, Window > Preferences > Run/Debug > Launching); headless, the launch goes on and the
     * manager reports the error.
     */
    @Override
    protected IProject[] getProjectsForProblemSearch(ILaunchConfiguration configuration, String mode) throws CoreException {
        String name = LaunchAttributes.read(configuration).project();
        IProject project = name.isBlank() ? null : ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        return project != null && project.isAccessible() ? new IProject[] {project} : null;
    }

    /** Only an error in the app's settings stops a launch to ask: install reports a worker that does not compile itself. */
    @Override
    protected boolean isLaunchProblem(org.eclipse.core.resources.IMarker problemMarker) throws CoreException {
        return problemMarker.isSubtypeOf(org.agilab.core.internal.project.SettingsMarkers.SETTINGS)
                && problemMarker.getAttribute(org.eclipse.core.resources.IMarker.SEVERITY, -1) == org.eclipse.core.resources.IMarker.SEVERITY_ERROR;
    }

    /** Whether a launch's mode (letters or a number; blank: the app's settings) asks for the cluster bit. */
    static boolean isClusterMode(String mode) {
        if (mode == null || mode.isBlank()) {
            return false;
        }
        String given = mode.strip();
        return given.matches("\\d+") ? (Integer.parseInt(given) & 4) != 0 : given.contains("d");
    }

    /**
     * The command the configuration's type names, with its attributes and the Environment tab's variables, and what
     * the AGILab preferences add where the launch and the app leave a value unset ({@code LaunchDefaults}).
     */
    public static ManagerOperation operation(ILaunchConfiguration configuration) throws CoreException {
        LaunchAttributes attributes = LaunchAttributes.read(configuration);
        String type = configuration.getType().getIdentifier();
        String command = type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length()) : "run";
        IProject project = attributes.project().isBlank() ? null : ResourcesPlugin.getWorkspace().getRoot().getProject(attributes.project());
        if (project == null || !project.exists() || project.getLocation() == null) {
            throw new CoreException(Status.error(NLS.bind(CoreMessages.Launch_noProject, configuration.getName(),
                    attributes.project().isBlank() ? "" : NLS.bind(CoreMessages.Launch_notInWorkspace, attributes.project()))));
        }
        Path folder = project.getLocation().toFile().toPath();
        // what this launch sets itself (the Environment tab): it beats the preferences; the rest of the process
        // environment the platform appends does not (an inherited AGILAB_HOME must not hide the preference)
        Map<String, String> configured = configuration.getAttribute(org.eclipse.debug.core.ILaunchManager.ATTR_ENVIRONMENT_VARIABLES,
                Map.<String, String>of());
        ManagerOperation launch = new ManagerOperation(command, folder, attributes.mode(), attributes.workers(), attributes.overrides(),
                configured, folder);
        ManagerOperation applied = org.agilab.core.internal.preferences.LaunchDefaults.apply(project, launch).operation();
        Map<String, String> environment = new LinkedHashMap<>();
        String[] variables = DebugPlugin.getDefault().getLaunchManager().getEnvironment(configuration);
        if (variables != null) {
            for (String variable : variables) {
                int equals = variable.indexOf('=');
                if (equals > 0) {
                    environment.put(variable.substring(0, equals), variable.substring(equals + 1));
                }
            }
        }
        environment.putAll(applied.environment());
        return new ManagerOperation(applied.command(), applied.app(), applied.mode(), applied.workers(), applied.overrides(), environment,
                applied.workingDirectory(), applied.java(), applied.workerHosts());
    }
}
