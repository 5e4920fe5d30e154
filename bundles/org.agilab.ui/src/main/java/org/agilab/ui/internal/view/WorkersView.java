package org.agilab.ui.internal.view;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.api.Work;
import org.agilab.core.internal.operation.ManagerJob;
import org.agilab.core.internal.operation.RunEvents;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.plan.DistributionTree;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.protocol.WorkerBoard;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.filesystem.EFS;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
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
    private volatile Run current;
    private long drawnVersion = -1;
    private Run drawnRun;
    private int redraws;
    private final RunEvents.Listener listener = new RunEvents.Listener() {
        @Override
        public void started(ManagerJob job) {
            // a run's workers (a benchmark runs the same workers once per mode: the Runs view compares those)
            if (job.operation().command().equals("run")) {
                current = new Run(job);
            }
        }

        @Override
        public void event(ManagerJob job, EventEnvelope envelope) {
            Run run = current;
            if (run != null && run.job == job) {
                Event event = envelope.event();
                run.planOnFirstWorkerEvent(event);
                run.board.accept(envelope);
                if (event instanceof Event.Phase phase && "distribute".equals(phase.name()) && phase.state() == Event.PhaseState.FINISHED) {
                    run.readPlan();
                }
            }
        }

        @Override
        public void ended(ManagerJob job) {
            // the last redraw comes from the timer, which stops once the run's board no longer changes
        }
    };

    /** A followed run: its Job, its board, where its nodes' logs are. */
    static final class Run {
        final ManagerJob job;
        final WorkerBoard board = new WorkerBoard();
        final Path workerEnv;

        Run(ManagerJob job) {
            this.job = job;
            Path env;
            try {
                AgilabHome home = AgilabHome.resolve(null, merged(job.operation().environment()));
                env = home.workerEnv(AppProject.at(job.operation().app()).target());
            } catch (RuntimeException e) {
                env = null; // not an app folder: the run fails and says why; the board still shows its events
            }
            this.workerEnv = env;
        }

        /** The run's record once it ended: the newest of its app in the home's logs. */
        java.util.Optional<org.agilab.runtime.record.RunHistory.Entry> record() {
            try {
                AgilabHome home = AgilabHome.resolve(null, merged(job.operation().environment()));
                return org.agilab.runtime.record.RunHistory.latest(home.executeLogs(AppProject.at(job.operation().app()).target()).getParent(),
                        AppProject.at(job.operation().app()).target());
            } catch (RuntimeException e) {
                return java.util.Optional.empty();
            }
        }

        private List<List<Work>> plannedWorks;
        private boolean planned;

        /** Reads the run's plan once distribute finished; the counts go to the board with the first worker event. */
        void readPlan() {
            Path file = workerEnv == null ? null : workerEnv.resolve(DistributionTree.FILE);
            if (file != null && Files.isRegularFile(file)) {
                try {
                    plannedWorks = DistributionTree.read(file).distribution().workPlan();
                } catch (RuntimeException e) {
                    plannedWorks = null; // an unreadable plan leaves the counts unknown
                }
            }
        }

        /**
         * Each worker's planned items: on a cluster (its first event a chunk "sent") chunk i is the plan's i-th non-empty
         * worker; a local run is one worker "0" running the whole plan.
         */
        void planOnFirstWorkerEvent(Event event) {
            if (planned || plannedWorks == null || !(event instanceof Event.Worker worker)) {
                return;
            }
            planned = true;
            Map<String, Integer> items = new LinkedHashMap<>();
            if (worker.state() == Event.WorkerState.SENT) {
                int chunk = 0;
                for (List<Work> works : plannedWorks) {
                    if (!works.isEmpty()) {
                        items.put(Integer.toString(chunk++), count(works));
                    }
                }
            } else {
                items.put("0", plannedWorks.stream().mapToInt(Run::count).sum());
            }
            board.plan(items);
        }

        private static int count(List<Work> works) {
            return works.stream().mapToInt(w -> Math.max(1, w.items().size())).sum();
        }

        private static Map<String, String> merged(Map<String, String> environment) {
            Map<String, String> all = new java.util.HashMap<>(System.getenv());
            all.putAll(environment);
            return all;
        }
    }

    @Override
    public void createPartControl(Composite parent) {
        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        workers = Tables.create(sash, SWT.SINGLE);
        Tables.column(workers, Messages.WorkersView_worker, 60, (WorkerBoard.Worker w) -> w.id());
        Tables.column(workers, Messages.WorkersView_host, 100, (WorkerBoard.Worker w) -> text(w.host()));
        Tables.column(workers, Messages.WorkersView_node, 70, (WorkerBoard.Worker w) -> text(w.node()));
        Tables.column(workers, Messages.WorkersView_state, 80, (WorkerBoard.Worker w) -> w.state());
        Tables.column(workers, Messages.WorkersView_items, 80, (WorkerBoard.Worker w) -> w.itemsFinished() + (w.itemsPlanned() < 0 ? "" : " / " + w.itemsPlanned()));
        Tables.column(workers, Messages.WorkersView_rows, 80, (WorkerBoard.Worker w) -> Long.toString(w.rows()));
        Tables.column(workers, Messages.WorkersView_duration, 80, (WorkerBoard.Worker w) -> String.format("%.2f s", w.durationMs() / 1000.0));
        Tables.column(workers, Messages.WorkersView_now, 400, (WorkerBoard.Worker w) -> w.error() != null ? w.error() : text(w.currentItem()));
        hosts = Tables.create(sash, SWT.SINGLE);
        Tables.column(hosts, Messages.WorkersView_host, 120, (WorkerBoard.Host h) -> h.address());
        Tables.column(hosts, Messages.WorkersView_state, 90, (WorkerBoard.Host h) -> h.state());
        Tables.column(hosts, Messages.WorkersView_detail, 500, (WorkerBoard.Host h) -> text(h.detail()));
        sash.setWeights(3, 1);
        Action openLog = new Action(Messages.WorkersView_openLog) {
            @Override
            public void run() {
                openLog();
            }
        };
        Action debugChunk = new Action(Messages.WorkersView_debugChunk) {
            @Override
            public void run() {
                debugChunk();
            }
        };
        debugChunk.setToolTipText(Messages.WorkersView_debugChunkTooltip);
        debugChunk.setImageDescriptor(org.eclipse.debug.ui.DebugUITools.getImageDescriptor(org.eclipse.debug.ui.IDebugUIConstants.IMG_ACT_DEBUG));
        workers.addDoubleClickListener(event -> openLog());
        getViewSite().getActionBars().getToolBarManager().add(openLog);
        getViewSite().getActionBars().getToolBarManager().add(debugChunk);
        org.eclipse.jface.action.MenuManager context = new org.eclipse.jface.action.MenuManager();
        context.add(openLog);
        context.add(debugChunk);
        workers.getControl().setMenu(context.createContextMenu(workers.getControl()));
        RunEvents.add(listener);
        PlatformUI.getWorkbench().getHelpSystem().setHelp(sash, "org.agilab.ui.workers_view");
        redrawLater();
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
            Run run = current;
            if (run != null && (run != drawnRun || run.board.version() != drawnVersion)) {
                drawnRun = run;
                WorkerBoard.Snapshot snapshot = run.board.snapshot();
                drawnVersion = snapshot.version();
                workers.setInput(snapshot.workers());
                hosts.setInput(snapshot.hosts());
                redraws++;
                setContentDescription(run.job.operation().label() + (snapshot.outcome() == null ? "" : ": " + snapshot.outcome()));
            }
            redrawLater();
        });
    }

    private void openLog() {
        Run run = current;
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
        try {
            IDE.openEditorOnFileStore(getSite().getPage(), EFS.getLocalFileSystem().getStore(log.toUri()));
        } catch (PartInitException e) {
            org.eclipse.jface.dialogs.ErrorDialog.openError(getSite().getShell(), Messages.WorkersView_openLog, null, e.getStatus());
        }
    }

    /**
     * Runs the selected chunk of the finished cluster run again under the debugger: the chunk as the run's record (the
     * newest of its app) lists it.
     */
    private void debugChunk() {
        Run run = current;
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

    /** How many times the view redrew (tests: far fewer than events). */
    public int redraws() {
        return redraws;
    }

    @Override
    public void dispose() {
        RunEvents.remove(listener);
        super.dispose();
    }

    @Override
    public void setFocus() {
        workers.getControl().setFocus();
    }
}
