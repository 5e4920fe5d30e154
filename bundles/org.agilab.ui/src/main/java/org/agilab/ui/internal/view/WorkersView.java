package org.agilab.ui.internal.view;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.agilab.runtime.protocol.WorkerBoard;
import org.agilab.ui.internal.Messages;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.part.ViewPart;

/**
 * AGILab Workers: the latest run's workers (cluster chunks) and hosts, live: state, node, items finished of planned,
 * rows, duration, the item running now or the failure with its host. Events go to a {@link WorkerBoard} on the
 * manager's reader thread; the view redraws from its snapshot at most every {@link #REDRAW_MS}, never per event.
 */
public final class WorkersView extends ViewPart {

    public static final String ID = "org.agilab.ui.workersView";
    static final int REDRAW_MS = 250;

    private TableViewer workers;
    private TableViewer hosts;
    private long drawnVersion = -1;
    private LatestRun.Run drawnRun;
    private int redraws;
    private EmptyState empty;

    @Override
    public void createPartControl(Composite parent) {
        empty = new EmptyState(parent);
        SashForm sash = new SashForm(empty.holder(), SWT.VERTICAL);
        empty.content(sash);
        workers = Tables.create(sash, SWT.SINGLE);
        StateImages states = new StateImages(sash);
        Tables.column(workers, Messages.WorkersView_worker, 60, (WorkerBoard.Worker w) -> w.id());
        Tables.column(workers, Messages.WorkersView_host, 100, (WorkerBoard.Worker w) -> text(w.host()));
        Tables.column(workers, Messages.WorkersView_node, 70, (WorkerBoard.Worker w) -> text(w.node()));
        Tables.column(workers, Messages.WorkersView_state, 90, (WorkerBoard.Worker w) -> w.state(), (WorkerBoard.Worker w) -> states.of(w.state()));
        Tables.column(workers, Messages.WorkersView_items, 80, (WorkerBoard.Worker w) -> w.itemsFinished() + (w.itemsPlanned() < 0 ? "" : " / " + w.itemsPlanned()));
        Tables.column(workers, Messages.WorkersView_rows, 80, (WorkerBoard.Worker w) -> Long.toString(w.rows()));
        Tables.column(workers, Messages.WorkersView_duration, 80, (WorkerBoard.Worker w) -> String.format("%.2f s", w.durationMs() / 1000.0));
        Tables.column(workers, Messages.WorkersView_now, 400, (WorkerBoard.Worker w) -> w.error() != null ? w.error() : text(w.currentItem()));
        hosts = Tables.create(sash, SWT.SINGLE);
        Tables.column(hosts, Messages.WorkersView_host, 120, (WorkerBoard.Host h) -> h.address());
        Tables.column(hosts, Messages.WorkersView_state, 90, (WorkerBoard.Host h) -> h.state(), (WorkerBoard.Host h) -> states.of(h.state()));
        Tables.column(hosts, Messages.WorkersView_detail, 500, (WorkerBoard.Host h) -> text(h.detail()));
        sash.setWeights(3, 1);
        Action openLog = ViewParts.action(Messages.WorkersView_openLog, ViewMessages.Workers_openLogTip, ViewParts.image("icons/action/log.png"),
                this::openLog);
        Action debugChunk = ViewParts.action(Messages.WorkersView_debugChunk, Messages.WorkersView_debugChunkTooltip,
                org.eclipse.debug.ui.DebugUITools.getImageDescriptor(org.eclipse.debug.ui.IDebugUIConstants.IMG_ACT_DEBUG), this::debugChunk);
        workers.addDoubleClickListener(event -> openLog());
        getViewSite().getActionBars().getToolBarManager().add(openLog);
        getViewSite().getActionBars().getToolBarManager().add(debugChunk);
        ViewParts.contextMenu(getViewSite(), workers, workers.getControl(), openLog, debugChunk);
        getSite().setSelectionProvider(workers);
        ViewParts.help(getViewSite(), empty.holder(), "org.agilab.ui.workers_view");
        showEmptyState();
        redrawLater();
    }

    /** Until a run is followed: what to do, for the app the user is on when there is one. */
    private void showEmptyState() {
        if (LatestRun.current() == null) {
            empty.show(SelectedApp.of(getSite().getPage()).map(project -> NLS.bind(ViewMessages.Workers_emptyFor, project.getName()))
                    .orElse(ViewMessages.Workers_empty));
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /** Redraws from the board when it changed since the last redraw, then again after REDRAW_MS while the view lives. */
    private void redrawLater() {
        Display display = workers.getControl().getDisplay();
        display.timerExec(REDRAW_MS, () -> {
            if (workers.getControl().isDisposed()) {
                return;
            }
            LatestRun.Run run = LatestRun.current();
            if (run != null && (run != drawnRun || run.board.version() != drawnVersion)) {
                drawnRun = run;
                WorkerBoard.Snapshot snapshot = run.board.snapshot();
                drawnVersion = snapshot.version();
                workers.setInput(snapshot.workers());
                hosts.setInput(snapshot.hosts());
                empty.show(null);
                redraws++;
                setContentDescription(run.job.operation().label() + (snapshot.outcome() == null ? "" : ": " + snapshot.outcome()));
            }
            redrawLater();
        });
    }

    private void openLog() {
        LatestRun.Run run = LatestRun.current();
        Object selected = ((IStructuredSelection) workers.getSelection()).getFirstElement();
        if (run == null || !(selected instanceof WorkerBoard.Worker worker) || run.workerEnv == null) {
            return;
        }
        // a cluster node's own log; a local worker logs into the run's record (the Runs view's log)
        Path log = worker.node() != null ? run.workerEnv.resolve("nodes").resolve(worker.node() + ".log") : null;
        if (log == null || !Files.isRegularFile(log)) {
            setContentDescription(Messages.WorkersView_noNodeLog);
            return;
        }
        ViewParts.openLog(getSite().getPage(), log, Messages.WorkersView_openLog);
    }

    /**
     * Runs the selected chunk of the finished cluster run again under the debugger: the chunk as the run's record (the
     * newest of its app) lists it.
     */
    private void debugChunk() {
        LatestRun.Run run = LatestRun.current();
        Object selected = ((IStructuredSelection) workers.getSelection()).getFirstElement();
        if (run == null || !(selected instanceof WorkerBoard.Worker worker) || worker.node() == null || !worker.id().matches("\\d+")) {
            return;
        }
        java.util.Optional<org.agilab.runtime.record.RunHistory.Entry> record = run.job.getState() != org.eclipse.core.runtime.jobs.Job.NONE
                ? java.util.Optional.empty() : run.record();
        int chunk = Integer.parseInt(worker.id());
        if (record.isEmpty() || !org.agilab.runtime.record.RunHistory.chunks(record.get()).containsKey(chunk)) {
            setContentDescription(Messages.WorkersView_noChunkRecord);
            return;
        }
        try {
            org.agilab.core.internal.launch.ChunkDebugLaunch.start(record.get(), chunk);
        } catch (org.eclipse.core.runtime.CoreException e) {
            org.eclipse.jface.dialogs.ErrorDialog.openError(getSite().getShell(), Messages.WorkersView_debugChunk, null, e.getStatus());
        }
    }

    /** The board's rows as shown now (tests). */
    @SuppressWarnings("unchecked")
    public List<WorkerBoard.Worker> shownWorkers() {
        Object input = workers.getInput();
        return input instanceof List<?> list ? (List<WorkerBoard.Worker>) list : List.of();
    }

    /** The hosts' rows as shown now (tests). */
    @SuppressWarnings("unchecked")
    public List<WorkerBoard.Host> shownHosts() {
        Object input = hosts.getInput();
        return input instanceof List<?> list ? (List<WorkerBoard.Host>) list : List.of();
    }

    /** The sentence shown instead of the tables, or null (tests). */
    public String emptyMessage() {
        return empty.shown();
    }

    /** How many times the view redrew (tests: far fewer than events). */
    public int redraws() {
        return redraws;
    }

    @Override
    public void dispose() {
        super.dispose();
    }

    @Override
    public void setFocus() {
        empty.setFocus();
    }
}
