package org.agilab.ui.internal.view;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.agilab.core.internal.launch.AgilabLaunchDelegate;
import org.agilab.core.internal.launch.OperationLaunches;
import org.agilab.core.internal.operation.ManagerJob;
import org.agilab.core.internal.operation.RunEvents;
import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.core.internal.project.AgilabNature;
import org.agilab.runtime.cluster.NodeRegistry;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.record.RunHistory;
import org.agilab.ui.internal.Messages;
import org.agilab.ui.internal.launch.AgilabLaunchShortcut;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.part.ViewPart;

/**
 * AGILab Apps: the workspace's app projects and their state (installed, warm nodes and where, the last run and its
 * outcome), read in a Job and again when an AGILab operation ends; Install, Run, Open Settings, Open Log, Stop Nodes
 * and Show Plan on the selected app.
 */
public final class AppsView extends ViewPart {

    public static final String ID = "org.agilab.ui.appsView";

    /** One app's state. */
    public record AppState(IProject project, String target, boolean installed, String nodes, RunHistory.Entry lastRun, String problem) {
    }

    private TableViewer viewer;
    private final RunEvents.Listener refreshAfterRuns = new RunEvents.Listener() {
        @Override
        public void started(ManagerJob job) {
        }

        @Override
        public void event(ManagerJob job, EventEnvelope envelope) {
        }

        @Override
        public void ended(ManagerJob job) {
            refresh();
        }
    };

    /**
     * A project imported, created, deleted, opened, closed or given the nature, or an app's settings edited: the list
     * and its settings problems change without the user pressing Refresh (an import makes several changes at once).
     */
    private final IResourceChangeListener refreshOnAppChanges = event -> {
        if (event.getDelta() != null && touchesApps(event.getDelta())) {
            refreshSoon();
        }
    };
    private Job delayedRefresh;

    private EmptyState empty;
    private StateImages stateImages;
    /** The app project selected elsewhere in the workbench (the Project Explorer): its row gets selected. */
    private final ISelectionListener followSelection = (part, selection) -> {
        if (part != this) {
            SelectedApp.of(selection).ifPresent(this::select);
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        empty = new EmptyState(parent);
        viewer = Tables.create(empty.holder(), SWT.SINGLE);
        empty.content(viewer.getControl());
        stateImages = new StateImages(viewer.getControl());
        Tables.column(viewer, Messages.AppsView_app, 180, (AppState app) -> app.project().getName());
        Tables.column(viewer, Messages.AppsView_installed, 80, (AppState app) -> app.problem() != null ? app.problem() : app.installed() ? Messages.AppsView_yes : Messages.AppsView_no);
        Tables.column(viewer, Messages.AppsView_nodes, 200, AppState::nodes);
        Tables.column(viewer, Messages.AppsView_lastRun, 170, (AppState app) -> app.lastRun() == null ? "" : app.lastRun().started() + " (" + app.lastRun().command() + ")");
        Tables.column(viewer, Messages.AppsView_outcome, 300, (AppState app) -> app.lastRun() == null ? "" : app.lastRun().status()
                + (app.lastRun().message() == null ? "" : ": " + app.lastRun().message()),
                (AppState app) -> app.lastRun() == null ? null : stateImages.of(app.lastRun().status()));
        Action install = onSelected(Messages.AppsView_install, ViewMessages.Apps_installTip, ViewParts.image("icons/action/install.png"),
                app -> launch(app, AgilabLaunchDelegate.INSTALL));
        Action run = onSelected(Messages.AppsView_run, ViewMessages.Apps_runTip,
                DebugUITools.getImageDescriptor(org.eclipse.debug.ui.IDebugUIConstants.IMG_ACT_RUN), app -> launch(app, AgilabLaunchDelegate.RUN));
        Action openSettings = onSelected(Messages.AppsView_openSettings, ViewMessages.Apps_openSettingsTip,
                ViewParts.image("icons/action/settings.png"), this::openSettings);
        Action openLog = onSelected(Messages.AppsView_openLog, ViewMessages.Apps_openLogTip, ViewParts.image("icons/action/log.png"), this::openLog);
        Action stopNodes = onSelected(Messages.AppsView_stopNodes, ViewMessages.Apps_stopNodesTip, ViewParts.image("icons/action/stop_nodes.png"),
                this::stopNodes);
        Action showPlan = onSelected(Messages.AppsView_showPlan, ViewMessages.Apps_showPlanTip, ViewParts.image("icons/action/plan.png"), this::showPlan);
        Action refresh = ViewParts.action(Messages.RunsView_refresh, ViewMessages.Apps_refreshTip, ViewParts.image("icons/action/refresh.png"),
                this::refresh);
        var toolbar = getViewSite().getActionBars().getToolBarManager();
        for (Action action : List.of(install, run, openSettings, openLog, showPlan, stopNodes, refresh)) {
            toolbar.add(action);
        }
        ViewParts.contextMenu(getViewSite(), viewer, viewer.getControl(), install, run, null, openSettings, openLog, showPlan, null, stopNodes);
        getSite().setSelectionProvider(viewer);
        viewer.addDoubleClickListener(event -> selected().ifPresent(this::openSettings));
        RunEvents.add(refreshAfterRuns);
        delayedRefresh = Job.createSystem(Messages.AppsView_reading, (org.eclipse.core.runtime.ICoreRunnable) monitor -> refresh());
        ResourcesPlugin.getWorkspace().addResourceChangeListener(refreshOnAppChanges, IResourceChangeEvent.POST_CHANGE);
        ViewParts.help(getViewSite(), empty.holder(), "org.agilab.ui.apps_view");
        getSite().getPage().addPostSelectionListener(followSelection);
        refresh();
    }

    private Action onSelected(String label, String tooltip, org.eclipse.jface.resource.ImageDescriptor image, java.util.function.Consumer<AppState> run) {
        return ViewParts.action(label, tooltip, image, () -> selected().ifPresent(run));
    }

    /** Selects the row of {@code project}, when it is listed. */
    public void select(IProject project) {
        states().stream().filter(state -> state.project().equals(project)).findFirst()
                .ifPresent(state -> viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(state), true));
    }

    private Optional<AppState> selected() {
        return ((IStructuredSelection) viewer.getSelection()).getFirstElement() instanceof AppState app ? Optional.of(app) : Optional.empty();
    }

    /** Reads every app's state in a Job and shows it when read. */
    /** Whether a workspace change adds, removes, opens or closes a project, changes its natures or an app's settings. */
    static boolean touchesApps(IResourceDelta workspace) {
        for (IResourceDelta project : workspace.getAffectedChildren()) {
            if (project.getKind() == IResourceDelta.ADDED || project.getKind() == IResourceDelta.REMOVED
                    || (project.getFlags() & (IResourceDelta.OPEN | IResourceDelta.DESCRIPTION)) != 0
                    || project.findMember(IPath.fromOSString(AppProject.SETTINGS_FILE)) != null) {
                return true;
            }
        }
        return false;
    }

    /** A refresh shortly after a burst of workspace changes, once. */
    private void refreshSoon() {
        delayedRefresh.cancel();
        delayedRefresh.schedule(200);
    }

    public void refresh() {
        Job read = Job.create(Messages.AppsView_reading, monitor -> {
            List<AppState> states = new ArrayList<>();
            for (IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
                if (AgilabNature.has(project) && project.getLocation() != null) {
                    states.add(state(project));
                }
            }
            if (viewer != null && !viewer.getControl().isDisposed()) {
                viewer.getControl().getDisplay().asyncExec(() -> {
                    if (!viewer.getControl().isDisposed()) {
                        viewer.setInput(states);
                        empty.show(states.isEmpty() ? ViewMessages.Apps_empty : null);
                        SelectedApp.of(getSite().getPage().getSelection()).ifPresent(this::select);
                    }
                });
            }
        });
        read.setSystem(true);
        read.schedule();
    }

    /** One app's state from its home: the install stamp, the node registry, the newest run record. */
    public static AppState state(IProject project) {
        try {
            AppProject app = AppProject.at(project.getLocation().toFile().toPath());
            AgilabHome home = IdePreferences.home(project);
            Path workerEnv = home.workerEnv(app.target());
            boolean installed = Installer.installedHash(workerEnv).isPresent();
            String nodes = NodeRegistry.read(workerEnv.resolve("nodes")).map(registry -> {
                long up = registry.nodes().stream().filter(NodeRegistry.Node::mayBeAlive).count();
                if (up == 0) {
                    return "";
                }
                java.util.Map<String, Long> byHost = new java.util.TreeMap<>();
                registry.nodes().stream().filter(NodeRegistry.Node::mayBeAlive)
                        .forEach(node -> byHost.merge(node.remote() ? node.host() : "127.0.0.1", 1L, Long::sum));
                return NLS.bind(Messages.AppsView_nodesUp, up, byHost.toString().replace("{", "").replace("}", "").replace("=", " × "));
            }).orElse("");
            RunHistory.Entry lastRun = RunHistory.latest(home.executeLogs(app.target()).getParent(), app.target()).orElse(null);
            return new AppState(project, app.target(), installed, nodes, lastRun, null);
        } catch (RuntimeException e) {
            return new AppState(project, "", false, "", null, e.getMessage());
        }
    }

    private void launch(AppState app, String type) {
        try {
            DebugUITools.launch(AgilabLaunchShortcut.configurationFor(app.project(), type), ILaunchManager.RUN_MODE);
        } catch (CoreException e) {
            ErrorDialog.openError(getSite().getShell(), Messages.AppsView_app, null, e.getStatus());
        }
    }

    private void openSettings(AppState app) {
        try {
            IDE.openEditor(getSite().getPage(), app.project().getFile("app_settings.toml"));
        } catch (PartInitException e) {
            ErrorDialog.openError(getSite().getShell(), Messages.AppsView_openSettings, null, e.getStatus());
        }
    }

    private void openLog(AppState app) {
        if (app.lastRun() == null) {
            setContentDescription(NLS.bind(Messages.AppsView_noRun, app.project().getName()));
            return;
        }
        ViewParts.openLog(getSite().getPage(), app.lastRun().log(), Messages.AppsView_openLog);
    }

    /** Stops the app's warm nodes (SSH hosts' too) through the manager's {@code nodes stop}, shown as a launch. */
    public ManagerJob stopNodes(AppState app) {
        return OperationLaunches.stopNodes(app.project());
    }

    private void showPlan(AppState app) {
        try {
            DistributionView plan = (DistributionView) getSite().getPage().showView(DistributionView.ID);
            plan.show(app.project().getName());
        } catch (PartInitException e) {
            ErrorDialog.openError(getSite().getShell(), Messages.AppsView_showPlan, null, e.getStatus());
        }
    }

    /** The project of the selected row, or null (tests). */
    public IProject selectedProject() {
        return selected().map(AppState::project).orElse(null);
    }

    /** The sentence shown instead of the table, or null (tests). */
    public String emptyMessage() {
        return empty.shown();
    }

    /** The states shown now (tests). */
    @SuppressWarnings("unchecked")
    public List<AppState> states() {
        Object input = viewer.getInput();
        return input instanceof List<?> list ? (List<AppState>) list : List.of();
    }

    @Override
    public void dispose() {
        RunEvents.remove(refreshAfterRuns);
        ResourcesPlugin.getWorkspace().removeResourceChangeListener(refreshOnAppChanges);
        getSite().getPage().removePostSelectionListener(followSelection);
        super.dispose();
    }

    @Override
    public void setFocus() {
        empty.setFocus();
    }
}
