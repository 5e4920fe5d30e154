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
import org.agilab.runtime.service.ServiceOverview;
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
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.part.ViewPart;

/**
 * AGILab Apps: the workspace's app projects and their state (installed, warm nodes and where, the last run and its
 * outcome, the service's state and queue depths), read in a Job and again when an AGILab operation ends; the services
 * are read again every {@link #SERVICE_READ_MS} while the view is visible. Install, Run, Open Settings, Open Log, Stop
 * Nodes, Show Plan and the service's Start, Stop, Submit Task... and Health on the selected app.
 */
public final class AppsView extends ViewPart {

    public static final String ID = "org.agilab.ui.appsView";
    /** How often the services' state and queue depths are read while the view is visible. */
    static final long SERVICE_READ_MS = 1_000;

    /**
     * One app's state.
     *
     * @param service its service's state and queue depths, null when it never had a queue
     */
    public record AppState(IProject project, String target, boolean installed, String nodes, RunHistory.Entry lastRun, String problem,
            ServiceOverview service) {

        AppState withService(ServiceOverview newService) {
            return new AppState(project, target, installed, nodes, lastRun, problem, newService);
        }
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
    /** Reads every app's state: one Job, scheduled again by a refresh asked while it runs or waits. */
    private Job reader;
    /** Reads the services' state and queue depths, again every SERVICE_READ_MS while the view is visible. */
    private Job serviceReader;
    private volatile boolean visible = true;
    /** The states shown, for the service reader's thread. */
    private volatile List<AppState> shown = List.of();
    private final IPartListener2 followVisibility = new IPartListener2() {
        @Override
        public void partVisible(IWorkbenchPartReference ref) {
            if (ref.getPart(false) == AppsView.this) {
                visible = true;
                serviceReader.schedule();
            }
        }

        @Override
        public void partHidden(IWorkbenchPartReference ref) {
            if (ref.getPart(false) == AppsView.this) {
                visible = false;
                serviceReader.cancel();
            }
        }
    };
    private Action startService;
    private Action stopService;
    private Action submitTask;
    private Action serviceHealth;

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
        Tables.column(viewer, ViewMessages.Service_column, 90, (AppState app) -> app.service() == null ? "" : app.service().state(),
                (AppState app) -> app.service() == null ? null : stateImages.of(app.service().state()));
        Tables.column(viewer, ViewMessages.Service_queue, 260, (AppState app) -> app.service() == null ? "" : app.service().depths());
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
        startService = onSelected(ViewMessages.Service_start, ViewMessages.Apps_startServiceTip, ViewParts.image("icons/action/service_start.png"),
                app -> ServiceActions.start(getSite().getShell(), app.project()));
        stopService = onSelected(ViewMessages.Service_stop, ViewMessages.Apps_stopServiceTip, ViewParts.image("icons/action/service_stop.png"),
                app -> ServiceActions.stop(getSite().getShell(), app.project()));
        submitTask = onSelected(ViewMessages.Service_submit, ViewMessages.Apps_submitTaskTip, ViewParts.image("icons/action/service_submit.png"),
                app -> ServiceActions.submit(getSite().getShell(), app.project()));
        serviceHealth = onSelected(ViewMessages.Service_health, ViewMessages.Apps_serviceHealthTip,
                ViewParts.image("icons/action/service_health.png"), app -> ServiceActions.health(app.project()));
        startService.setActionDefinitionId("org.agilab.ui.app.serviceStart");
        stopService.setActionDefinitionId("org.agilab.ui.app.serviceStop");
        submitTask.setActionDefinitionId("org.agilab.ui.app.serviceSubmit");
        serviceHealth.setActionDefinitionId("org.agilab.ui.app.serviceHealth");
        Action refresh = ViewParts.action(Messages.RunsView_refresh, ViewMessages.Apps_refreshTip, ViewParts.image("icons/action/refresh.png"),
                this::refresh);
        var toolbar = getViewSite().getActionBars().getToolBarManager();
        for (Action action : List.of(install, run, openSettings, openLog, showPlan, stopNodes)) {
            toolbar.add(action);
        }
        toolbar.add(new Separator());
        for (Action action : List.of(startService, stopService, submitTask, serviceHealth)) {
            toolbar.add(action);
        }
        toolbar.add(new Separator());
        toolbar.add(refresh);
        ViewParts.contextMenu(getViewSite(), viewer, viewer.getControl(), install, run, null, openSettings, openLog, showPlan, null, stopNodes,
                null, startService, stopService, submitTask, serviceHealth);
        viewer.addSelectionChangedListener(event -> enableServiceActions());
        enableServiceActions();
        getSite().setSelectionProvider(viewer);
        viewer.addDoubleClickListener(event -> selected().ifPresent(this::openSettings));
        RunEvents.add(refreshAfterRuns);
        reader = Job.createSystem(Messages.AppsView_reading, (org.eclipse.core.runtime.ICoreRunnable) monitor -> read());
        serviceReader = Job.createSystem(Messages.AppsView_reading, (org.eclipse.core.runtime.ICoreRunnable) monitor -> readServices());
        ResourcesPlugin.getWorkspace().addResourceChangeListener(refreshOnAppChanges, IResourceChangeEvent.POST_CHANGE);
        ViewParts.help(getViewSite(), empty.holder(), "org.agilab.ui.apps_view");
        getSite().getPage().addPostSelectionListener(followSelection);
        getSite().getPage().addPartListener(followVisibility);
        refresh();
        serviceReader.schedule(SERVICE_READ_MS);
    }

    /** Start Service while none runs, Stop Service while one does; Submit and Health on any app. */
    private void enableServiceActions() {
        Optional<AppState> app = selected();
        boolean alive = app.map(AppState::service).map(ServiceOverview::alive).orElse(false);
        startService.setEnabled(app.isPresent() && !alive);
        stopService.setEnabled(alive);
        submitTask.setEnabled(app.isPresent());
        serviceHealth.setEnabled(app.isPresent());
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
        reader.cancel();
        reader.schedule(200);
    }

    /** Reads every app's state in a Job and shows it when read. */
    public void refresh() {
        reader.schedule();
    }

    private void read() {
        List<AppState> states = new ArrayList<>();
        for (IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
            if (AgilabNature.has(project) && project.getLocation() != null) {
                states.add(state(project));
            }
        }
        show(states, true);
    }

    /** Reads the shown apps' services and shows those that changed; again in SERVICE_READ_MS while the view is visible. */
    private void readServices() {
        if (!visible || viewer.getControl().isDisposed()) {
            return;
        }
        java.util.Map<IProject, ServiceOverview> services = new java.util.HashMap<>();
        boolean changed = false;
        for (AppState app : shown) {
            if (app.project().isAccessible() && app.problem() == null) {
                ServiceOverview service = service(app.project(), app.target());
                services.put(app.project(), service);
                changed |= !java.util.Objects.equals(service, app.service());
            }
        }
        if (changed) {
            viewer.getControl().getDisplay().asyncExec(() -> {
                // onto the states shown then: a full read that ended meanwhile is kept
                List<AppState> states = new ArrayList<>();
                for (AppState app : shown) {
                    states.add(services.containsKey(app.project()) ? app.withService(services.get(app.project())) : app);
                }
                show(states, false);
            });
        }
        serviceReader.schedule(SERVICE_READ_MS);
    }

    /** Shows {@code states} (on the UI thread), the selected app kept selected; a full read also follows the workbench's selection. */
    private void show(List<AppState> states, boolean followWorkbench) {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        if (Display.getCurrent() == null) {
            viewer.getControl().getDisplay().asyncExec(() -> show(states, followWorkbench));
            return;
        }
        IProject selected = selectedProject();
        shown = List.copyOf(states);
        viewer.setInput(states);
        empty.show(states.isEmpty() ? ViewMessages.Apps_empty : null);
        if (selected != null) {
            select(selected);
        }
        if (followWorkbench) {
            SelectedApp.of(getSite().getPage().getSelection()).ifPresent(this::select);
        }
        enableServiceActions();
    }

    /** The app's service, from its queue folder; null when it never had one (or it cannot be read now). */
    static ServiceOverview service(IProject project, String target) {
        try {
            return ServiceOverview.read(IdePreferences.home(project).workerEnv(target).resolve("service")).orElse(null);
        } catch (RuntimeException unreadable) {
            return null; // the queue's own error comes with serve status
        }
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
            return new AppState(project, app.target(), installed, nodes, lastRun, null, service(project, app.target()));
        } catch (RuntimeException e) {
            return new AppState(project, "", false, "", null, e.getMessage(), null);
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
        getSite().getPage().removePartListener(followVisibility);
        if (serviceReader != null) {
            serviceReader.cancel();
        }
        super.dispose();
    }

    @Override
    public void setFocus() {
        empty.setFocus();
    }
}
