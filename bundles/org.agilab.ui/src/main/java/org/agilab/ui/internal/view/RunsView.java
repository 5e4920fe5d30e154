package org.agilab.ui.internal.view;

import java.nio.file.Path;
import java.util.List;

import org.agilab.runtime.record.RunHistory;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.ViewPart;

/**
 * AGILab Runs: the operations recorded under the home's {@code log/execute/}, newest first (started, app, command,
 * mode, workers, duration, status, outputs, message). Read in a Job, never on the UI thread; double-click opens the
 * run's log; Open Analysis shows a run's outputs in the data editor and its app's analysis views; two selected runs can be
 * compared side by side ({@link CompareRunsDialog}).
 */
public final class RunsView extends ViewPart {

    public static final String ID = "org.agilab.ui.runsView";

    private TableViewer viewer;
    /** Set by {@link #showLogs}; else each refresh reads the home the AGILab preferences give (they may have changed). */
    private volatile Path executeLogs;
    /** Refreshes asked for, on the UI thread: only the newest one's rows are shown. */
    private long refreshes;

    private EmptyState empty;
    private StateImages stateImages;
    /** Operations whose record is listed: the first event of one means its record folder exists. */
    private final java.util.Set<org.agilab.core.internal.operation.ManagerJob> listed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Each operation's start (its record appears, running) and end (its status): no Refresh to press. */
    private final org.agilab.core.internal.operation.RunEvents.Listener followRuns = new org.agilab.core.internal.operation.RunEvents.Listener() {
        @Override
        public void started(org.agilab.core.internal.operation.ManagerJob job) {
        }

        @Override
        public void event(org.agilab.core.internal.operation.ManagerJob job, org.agilab.runtime.protocol.EventEnvelope envelope) {
            if (listed.add(job)) {
                refreshSoon();
            }
        }

        @Override
        public void ended(org.agilab.core.internal.operation.ManagerJob job) {
            listed.remove(job);
            refreshSoon();
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        empty = new EmptyState(parent);
        viewer = Tables.create(empty.holder(), SWT.MULTI);
        empty.content(viewer.getControl());
        stateImages = new StateImages(viewer.getControl());
        Tables.column(viewer, Messages.RunsView_started, 170, (RunHistory.Entry entry) -> entry.started(),
                (RunHistory.Entry entry) -> stateImages.of(entry.status()));
        Tables.column(viewer, Messages.RunsView_app, 120, (RunHistory.Entry entry) -> entry.target());
        Tables.column(viewer, Messages.RunsView_command, 80, (RunHistory.Entry entry) -> entry.command());
        Tables.column(viewer, Messages.RunsView_mode, 60, (RunHistory.Entry entry) -> entry.mode());
        Tables.column(viewer, Messages.RunsView_workers, 120, (RunHistory.Entry entry) -> entry.workers());
        Tables.column(viewer, Messages.RunsView_duration, 110, RunsView::duration).setToolTipText(Messages.RunsView_durationTip);
        Tables.column(viewer, Messages.RunsView_status, 80, (RunHistory.Entry entry) -> entry.status());
        Tables.column(viewer, Messages.RunsView_outputs, 60, (RunHistory.Entry entry) -> Integer.toString(entry.outputs()));
        Tables.column(viewer, Messages.RunsView_message, 400, (RunHistory.Entry entry) -> entry.message());
        viewer.addDoubleClickListener(event -> openLog());
        Action refresh = ViewParts.action(Messages.RunsView_refresh, ViewMessages.Runs_refreshTip, ViewParts.image("icons/action/refresh.png"),
                this::refresh);
        Action openLog = ViewParts.action(Messages.RunsView_openLog, ViewMessages.Runs_openLogTip, ViewParts.image("icons/action/log.png"),
                this::openLog);
        Action compare = ViewParts.action(Messages.RunsView_compare, ViewMessages.Runs_compareTip, ViewParts.image("icons/action/compare.png"), () -> {
            List<RunHistory.Entry> chosen = selected();
            if (chosen.size() == 2) {
                new CompareRunsDialog(getSite().getShell(), chosen.get(1), chosen.get(0)).open(); // older on the left
            }
        });
        Action openOutputs = ViewParts.action(Messages.RunsView_openOutputs, ViewMessages.Runs_openOutputsTip,
                ViewParts.image("icons/action/outputs.png"), () -> selected().stream().findFirst().ifPresent(this::openOutputs));
        Action openData = ViewParts.action(Messages.RunsView_openData, ViewMessages.Runs_openDataTip, ViewParts.image("icons/action/data.png"),
                () -> selected().stream().findFirst().ifPresent(this::openData));
        Action openAnalysis = ViewParts.action(ViewMessages.Runs_openAnalysis, ViewMessages.Runs_openAnalysisTip,
                ViewParts.image("icons/action/analysis.png"), () -> selected().stream().findFirst().ifPresent(this::openAnalysis));
        Action replay = ViewParts.action(Messages.RunsView_replay, ViewMessages.Runs_replayTip, ViewParts.image("icons/action/replay.png"),
                () -> selected().stream().findFirst().ifPresent(this::replay));
        Action addAsStage = ViewParts.action(org.agilab.ui.internal.workflow.WorkflowMessages.AddAsStage_action, ViewMessages.Runs_addAsStageTip,
                ViewParts.image("icons/action/add_stage.png"), () -> selected().stream().findFirst().ifPresent(this::addAsStage));
        compare.setEnabled(false);
        Action debugChunk = ViewParts.action(Messages.RunsView_debugChunk, Messages.RunsView_debugChunkTooltip,
                org.eclipse.debug.ui.DebugUITools.getImageDescriptor(org.eclipse.debug.ui.IDebugUIConstants.IMG_ACT_DEBUG),
                () -> selected().stream().findFirst().ifPresent(this::debugChunk));
        viewer.addSelectionChangedListener(event -> compare.setEnabled(selected().size() == 2 && selected().stream()
                .allMatch(entry -> java.nio.file.Files.isRegularFile(entry.folder().resolve(org.agilab.runtime.record.RunRecord.MANIFEST_FILE)))));
        var toolbar = getViewSite().getActionBars().getToolBarManager();
        for (Action action : List.of(openLog, openAnalysis, openData, compare, replay, refresh)) {
            toolbar.add(action);
        }
        var menu = getViewSite().getActionBars().getMenuManager();
        for (Action action : List.of(openLog, compare, openAnalysis, openData, openOutputs, replay, debugChunk, addAsStage)) {
            menu.add(action);
        }
        ViewParts.contextMenu(getViewSite(), viewer, viewer.getControl(), openLog, openAnalysis, openData, openOutputs, null, replay, debugChunk, addAsStage,
                null, compare);
        getSite().setSelectionProvider(viewer);
        ViewParts.help(getViewSite(), empty.holder(), "org.agilab.ui.runs_view");
        org.agilab.core.internal.operation.RunEvents.add(followRuns);
        org.agilab.core.internal.preferences.IdePreferences.workspace().addPreferenceChangeListener(followHome);
        refresh();
    }

    /** Another AGILab home in the preferences: its runs, at once (unless a folder was given to {@link #showLogs}). */
    private final org.eclipse.core.runtime.preferences.IEclipsePreferences.IPreferenceChangeListener followHome = event -> {
        if (org.agilab.core.internal.preferences.IdeSetting.HOME.key().equals(event.getKey()) && executeLogs == null) {
            refreshSoon();
        }
    };

    /**
     * The run phase, as the console's "Run finished in" says it, then the whole operation (install check, plan and
     * record included): "1.53 / 7.99 s"; the whole operation alone for one without a run phase.
     */
    static String duration(RunHistory.Entry entry) {
        if (entry.durationMs() == 0) {
            return "";
        }
        return entry.runMs() > 0 ? String.format("%.2f / %.2f s", entry.runMs() / 1000.0, entry.durationMs() / 1000.0)
                : String.format("%.2f s", entry.durationMs() / 1000.0);
    }

    /** A refresh from a run's thread: on the UI thread, where refreshes are counted. */
    private void refreshSoon() {
        if (!viewer.getControl().isDisposed()) {
            viewer.getControl().getDisplay().asyncExec(() -> {
                if (!viewer.getControl().isDisposed()) {
                    refresh();
                }
            });
        }
    }

    @Override
    public void dispose() {
        org.agilab.core.internal.operation.RunEvents.remove(followRuns);
        org.agilab.core.internal.preferences.IdePreferences.workspace().removePreferenceChangeListener(followHome);
        super.dispose();
    }

    /** The sentence shown instead of the table, or null (tests). */
    public String emptyMessage() {
        return empty.shown();
    }

    /** Shows the history in another folder than the preferred home's (tests). */
    public void showLogs(Path executeLogsFolder) {
        this.executeLogs = executeLogsFolder;
        viewer.setInput(List.of()); // never another home's runs while this one's are read
        refresh();
    }

    /** The folder of run records the view lists: {@link #showLogs}'s, else the preferred home's {@code log/execute}. */
    public Path logsFolder() {
        return executeLogs != null ? executeLogs
                : org.agilab.core.internal.preferences.IdePreferences.home(null).logRoot().value().resolve("execute");
    }

    /**
     * Open Analysis of the selected run, or of the newest run with outputs when none is selected (the command the
     * cheat sheet and the welcome page run); the user is told when there is no such run.
     */
    public List<org.eclipse.ui.IViewPart> openAnalysisOfSelectedOrLatest() {
        RunHistory.Entry entry = selected().stream().findFirst()
                .orElseGet(() -> RunHistory.list(logsFolder()).stream().filter(run -> run.outputs() > 0).findFirst().orElse(null));
        if (entry == null) {
            org.eclipse.jface.dialogs.MessageDialog.openInformation(getSite().getShell(), ViewMessages.Runs_openAnalysis,
                    org.eclipse.osgi.util.NLS.bind(ViewMessages.Runs_noRun, logsFolder()));
            return List.of();
        }
        return openAnalysis(entry);
    }

    /** Reads the records in a Job and shows them when read. */
    public void refresh() {
        Path folder = logsFolder();
        long generation = ++refreshes;
        Job read = Job.create(Messages.RunsView_reading, monitor -> {
            List<RunHistory.Entry> entries = RunHistory.list(folder);
            viewer.getControl().getDisplay().asyncExec(() -> {
                if (!viewer.getControl().isDisposed() && generation == refreshes) { // an older read never hides a newer one
                    viewer.setInput(entries);
                    empty.show(entries.isEmpty() ? org.eclipse.osgi.util.NLS.bind(ViewMessages.Runs_empty, folder) : null);
                }
            });
        });
        read.setSystem(true);
        read.schedule();
    }

    /** The entries shown now. */
    @SuppressWarnings("unchecked")
    public List<RunHistory.Entry> entries() {
        Object input = viewer.getInput();
        return input instanceof List<?> list ? (List<RunHistory.Entry>) list : List.of();
    }

    /** The selected entries, in the view's order (newest first). */
    @SuppressWarnings("unchecked")
    List<RunHistory.Entry> selected() {
        return ((IStructuredSelection) viewer.getSelection()).toList();
    }

    /** Selects {@code entries} as a user would. */
    public void select(List<RunHistory.Entry> entries) {
        viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(entries), true);
    }

    private void openLog() {
        Object selected = ((IStructuredSelection) viewer.getSelection()).getFirstElement();
        if (selected instanceof RunHistory.Entry entry) {
            ViewParts.openLog(getSite().getPage(), entry.log(), Messages.RunsView_openLog);
        }
    }

    /** Opens the run's data outputs (its tracks, say) in the data editor, as one table. */
    public org.agilab.ui.internal.data.DataEditor openData(RunHistory.Entry entry) {
        java.util.Optional<String> data = RunHistory.outputData(entry);
        if (data.isEmpty()) {
            org.eclipse.jface.dialogs.MessageDialog.openInformation(getSite().getShell(), Messages.RunsView_openData, Messages.RunsView_noData);
            return null;
        }
        org.agilab.ui.internal.data.DataEditor editor = org.agilab.ui.internal.data.OpenDatasetHandler.open(getSite().getPage(), data.get(),
                entry.folder());
        Path home = RunHistory.home(entry);
        if (editor != null && home != null) {
            // upstream's ~/export/<target>/export.csv, in the home the run used
            editor.defaultExport(org.agilab.runtime.env.AgilabHome.resolve(home, System.getenv()).exportRoot().resolve(entry.target())
                    .resolve("export.csv"));
        }
        return editor;
    }

    /**
     * Upstream's ANALYSIS on a run: its output data in the data editor ({@link #openData}), then the views its app's
     * {@code [pages] view_module} names ({@code view_maps}: the Map view), or the Chart view when it names none.
     *
     * @return the views shown, empty when the run has no data output or a view failed to open (the user was told)
     */
    public List<org.eclipse.ui.IViewPart> openAnalysis(RunHistory.Entry entry) {
        org.agilab.ui.internal.data.DataEditor editor = openData(entry);
        if (editor == null) {
            return List.of();
        }
        try {
            return org.agilab.ui.internal.data.AnalysisViews.show(getSite().getPage(), entry, editor);
        } catch (PartInitException e) {
            org.eclipse.jface.dialogs.ErrorDialog.openError(getSite().getShell(), ViewMessages.Runs_openAnalysis, null, e.getStatus());
            return List.of();
        }
    }

    /** Opens the folder of the run's outputs in the desktop's file manager. */
    private void openOutputs(RunHistory.Entry entry) {
        java.util.Optional<Path> folder = RunHistory.outputsFolder(entry);
        if (folder.isEmpty() || !org.eclipse.swt.program.Program.launch(folder.get().toString())) {
            org.eclipse.jface.dialogs.MessageDialog.openInformation(getSite().getShell(), Messages.RunsView_openOutputs,
                    folder.isEmpty() ? Messages.RunsView_noOutputs : org.eclipse.osgi.util.NLS.bind(Messages.RunsView_outputsAt, folder.get()));
        }
    }

    /**
     * Runs the recorded command again, as it was run (its app, mode, workers, overrides and home), shown as a launch with
     * its console; the new run gets its own record.
     */
    public org.agilab.core.internal.operation.ManagerJob replay(RunHistory.Entry entry) {
        try {
            org.agilab.core.internal.operation.ManagerOperation replay = org.agilab.core.internal.operation.ManagerOperation.replay(entry);
            // the app's project, if it is in the workspace, gives its preferences (SSH secrets for its hosts)
            org.eclipse.core.resources.IProject project = java.util.Arrays.stream(
                    org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot().getProjects())
                    .filter(p -> p.getLocation() != null && p.getLocation().toFile().toPath().equals(replay.app())).findFirst().orElse(null);
            return org.agilab.core.internal.launch.OperationLaunches.start(
                    org.agilab.core.internal.preferences.LaunchDefaults.apply(project, replay).operation());
        } catch (IllegalArgumentException e) {
            org.eclipse.jface.dialogs.MessageDialog.openError(getSite().getShell(), Messages.RunsView_replay, e.getMessage());
            return null;
        }
    }

    /** Asks which chunk of a cluster run, then runs it again under the debugger ({@code ChunkDebugLaunch}). */
    void debugChunk(RunHistory.Entry entry) {
        java.util.SortedMap<Integer, String> chunks = RunHistory.chunks(entry);
        if (chunks.isEmpty()) {
            org.eclipse.jface.dialogs.MessageDialog.openInformation(getSite().getShell(), Messages.RunsView_debugChunk, Messages.RunsView_noChunks);
            return;
        }
        org.eclipse.ui.dialogs.ElementListSelectionDialog choose = new org.eclipse.ui.dialogs.ElementListSelectionDialog(getSite().getShell(),
                new org.eclipse.jface.viewers.LabelProvider() {
                    @Override
                    public String getText(Object element) {
                        return "chunk " + element + ": " + chunks.get(element);
                    }
                });
        choose.setTitle(Messages.RunsView_debugChunk);
        choose.setMessage(Messages.RunsView_chooseChunk);
        choose.setElements(chunks.keySet().toArray());
        choose.setMultipleSelection(false);
        if (choose.open() == org.eclipse.jface.window.Window.OK && choose.getFirstResult() instanceof Integer chunk) {
            debugChunk(entry, chunk);
        }
    }

    /** Runs chunk {@code chunk} of {@code entry} again under the debugger, as a launch. */
    public org.eclipse.debug.core.ILaunch debugChunk(RunHistory.Entry entry, int chunk) {
        try {
            return org.agilab.core.internal.launch.ChunkDebugLaunch.start(entry, chunk);
        } catch (org.eclipse.core.runtime.CoreException e) {
            org.eclipse.jface.dialogs.ErrorDialog.openError(getSite().getShell(), Messages.RunsView_debugChunk, null, e.getStatus());
            return null;
        }
    }

    /**
     * Upstream's import of a run snippet: the run's command line becomes an {@code agilab} stage of its app's lab, opened
     * in the Workflow editor.
     */
    public org.agilab.ui.internal.workflow.WorkflowEditor addAsStage(RunHistory.Entry entry) {
        try {
            return org.agilab.ui.internal.workflow.LabEditors.addAsStage(getSite().getPage(), entry,
                    org.agilab.core.internal.preferences.IdePreferences.home(null));
        } catch (IllegalArgumentException e) {
            org.eclipse.jface.dialogs.MessageDialog.openError(getSite().getShell(), org.agilab.ui.internal.workflow.WorkflowMessages.AddAsStage_action,
                    org.eclipse.osgi.util.NLS.bind(org.agilab.ui.internal.workflow.WorkflowMessages.AddAsStage_failed, e.getMessage()));
            return null;
        } catch (PartInitException e) {
            org.eclipse.jface.dialogs.ErrorDialog.openError(getSite().getShell(), org.agilab.ui.internal.workflow.WorkflowMessages.AddAsStage_action,
                    null, e.getStatus());
            return null;
        }
    }

    @Override
    public void setFocus() {
        empty.setFocus();
    }
}
