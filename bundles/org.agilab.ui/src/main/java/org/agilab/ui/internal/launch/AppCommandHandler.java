package org.agilab.ui.internal.launch;

import java.nio.file.Path;
import java.util.Optional;

import org.agilab.core.internal.launch.AgilabLaunchDelegate;
import org.agilab.core.internal.launch.OperationLaunches;
import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.core.internal.project.AgilabNature;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.record.RunHistory;
import org.agilab.ui.internal.Messages;
import org.agilab.ui.internal.view.ServiceActions;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExecutableExtension;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * The AGILab submenu of an app project (Install, Run, Distribute, Benchmark, Stop Nodes, Open Outputs, the service's
 * Start, Stop, Submit Task... and Health): one handler,
 * told its action after the colon in plugin.xml, as m2e's parameterised launch actions are. The four commands launch
 * the project's configuration of their type (reused or made, as Run As does); Stop Nodes and the service's are the Apps
 * view's ({@link ServiceActions}); Open
 * Outputs opens the folder of the app's newest run that wrote outputs.
 */
public final class AppCommandHandler extends AbstractHandler implements IExecutableExtension {

    public static final String STOP_NODES = "stopNodes";
    public static final String OPEN_OUTPUTS = "openOutputs";
    public static final String SERVICE_START = "serviceStart";
    public static final String SERVICE_STOP = "serviceStop";
    public static final String SERVICE_SUBMIT = "serviceSubmit";
    public static final String SERVICE_HEALTH = "serviceHealth";

    private String action;

    @Override
    public void setInitializationData(IConfigurationElement config, String propertyName, Object data) {
        action = String.valueOf(data);
    }

    @Override
    public Object execute(ExecutionEvent event) {
        Shell shell = HandlerUtil.getActiveShell(event);
        IProject project = appProject(HandlerUtil.getCurrentSelection(event), HandlerUtil.getActiveEditor(event));
        if (project == null) {
            MessageDialog.openInformation(shell, "AGILab", Messages.AppMenu_noProject);
            return null;
        }
        switch (action) {
            case STOP_NODES -> OperationLaunches.stopNodes(project);
            case OPEN_OUTPUTS -> openOutputs(shell, project);
            case SERVICE_START -> ServiceActions.start(shell, project);
            case SERVICE_STOP -> ServiceActions.stop(shell, project);
            case SERVICE_SUBMIT -> ServiceActions.submit(shell, project);
            case SERVICE_HEALTH -> ServiceActions.health(project);
            default -> {
                try {
                    DebugUITools.launch(AgilabLaunchShortcut.configurationFor(project, launchType(action)), ILaunchManager.RUN_MODE);
                } catch (CoreException e) {
                    ErrorDialog.openError(shell, "AGILab", null, e.getStatus());
                }
            }
        }
        return null;
    }

    /** The launch configuration type of a launching action ({@code install}, {@code run}, ...). */
    static String launchType(String action) {
        return switch (action) {
            case "install" -> AgilabLaunchDelegate.INSTALL;
            case "distribute" -> AgilabLaunchDelegate.DISTRIBUTE;
            case "benchmark" -> AgilabLaunchDelegate.BENCHMARK;
            case "run" -> AgilabLaunchDelegate.RUN;
            default -> throw new IllegalArgumentException("no AGILab app action " + action);
        };
    }

    /** The app project of the selection's first element, else of the active editor's file; null when neither is one. */
    static IProject appProject(ISelection selection, IEditorPart editor) {
        IResource resource = null;
        if (selection instanceof IStructuredSelection structured && !structured.isEmpty()) {
            resource = Adapters.adapt(structured.getFirstElement(), IResource.class);
        }
        if (resource == null && editor != null) {
            resource = Adapters.adapt(editor.getEditorInput(), IResource.class);
        }
        return resource != null && AgilabNature.has(resource.getProject()) ? resource.getProject() : null;
    }

    /** The outputs folder of the app's newest recorded operation that has one. */
    public static Optional<Path> newestOutputs(IProject project) {
        AppProject app = AppProject.at(project.getLocation().toFile().toPath());
        AgilabHome home = IdePreferences.home(project);
        return RunHistory.list(home.executeLogs(app.target()).getParent()).stream() // newest first
                .filter(entry -> entry.target().equals(app.target()))
                .map(RunHistory::outputsFolder).flatMap(Optional::stream).findFirst();
    }

    private static void openOutputs(Shell shell, IProject project) {
        Optional<Path> folder;
        try {
            folder = newestOutputs(project);
        } catch (RuntimeException e) {
            MessageDialog.openError(shell, "AGILab", e.getMessage());
            return;
        }
        if (folder.isEmpty()) {
            MessageDialog.openInformation(shell, "AGILab", NLS.bind(Messages.AppMenu_noOutputs, project.getName()));
        } else if (!org.eclipse.swt.program.Program.launch(folder.get().toString())) {
            MessageDialog.openInformation(shell, "AGILab", NLS.bind(Messages.RunsView_outputsAt, folder.get()));
        }
    }
}
