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

/**
 * The IDE's latest run, followed from the UI bundle's start whether or not the Workers view is open, so that a view
 * opened after a run shows that run's workers and hosts (their final states) instead of nothing.
 */
public final class LatestRun {

    private static volatile Run current;

    private static final RunEvents.Listener FOLLOW = new RunEvents.Listener() {
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
            // a view's last redraw comes from its timer, which stops once the run's board no longer changes
        }
    };

    private LatestRun() {
    }

    /** Follows every run from now on (the UI bundle's start). */
    public static void follow() {
        RunEvents.remove(FOLLOW);
        RunEvents.add(FOLLOW);
    }

    /** The latest run, or null before the first. */
    static Run current() {
        return current;
    }

    /** A followed run: its Job, its board, where its nodes' logs are. */
    public static final class Run {
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

}
