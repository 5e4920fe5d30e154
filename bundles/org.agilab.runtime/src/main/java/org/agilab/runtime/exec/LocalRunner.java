package org.agilab.runtime.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.agilab.api.DagWorker;
import org.agilab.api.DataWorker;
import org.agilab.api.Distribution;
import org.agilab.api.DuckDbWorker;
import org.agilab.api.ExecutionMode;
import org.agilab.api.Work;
import org.agilab.api.Worker;
import org.agilab.api.WorkerContext;
import org.agilab.runtime.app.AppFailures;
import org.agilab.runtime.app.LoadedApp;
import org.agilab.runtime.app.SharePaths;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.Events;

/**
 * Runs a plan in the manager JVM, as upstream's local (non-Dask) run: one worker takes every work of every slot, in
 * slot order. Without the pool bit items and steps run one at a time; with it ({@code p}) a thread pool runs the
 * items of a work, or independent DAG steps, in parallel.
 */
public final class LocalRunner {

    private static final AgiLog LOG = AgiLog.get(LocalRunner.class);
    static final String HOST = "127.0.0.1";

    /** What a local run did; {@code kernel} is "compiled" when the worker ran its optimised kernel. */
    public record Result(ExecutionMode mode, long durationMs, int works, int items, long rows, int poolWidth, String family,
            String kernel) {
    }

    private LocalRunner() {
    }

    public static Result run(LoadedApp app, Object args, Distribution plan, ExecutionMode mode, SharePaths share,
            Events events, Cancellation cancellation) {
        List<Work> works = new ArrayList<>();
        plan.workPlan().forEach(works::addAll);
        OutputClaims claims = OutputClaims.fresh();
        try {
            return run(app, args, works, mode, share, events, cancellation, 0, 1, HOST, claims);
        } finally {
            claims.release(); // the run is over: its claims have done their work
        }
    }

    /**
     * Runs the given works as worker {@code workerId} of {@code workerCount} on {@code host} (a cluster node runs its
     * chunk so), with the output claims of the whole run ({@link OutputClaims#of} the run's id on every node).
     */
    public static Result run(LoadedApp app, Object args, List<Work> works, ExecutionMode mode, SharePaths share,
            Events events, Cancellation cancellation, int workerId, int workerCount, String host, OutputClaims claims) {
        long start = System.nanoTime();
        String id = Integer.toString(workerId);
        Worker<Object> worker = app.newWorker();
        @SuppressWarnings("unchecked")
        DuckDbWorker<Object> duckDb = worker instanceof DuckDbWorker<?> candidate && ((DuckDbWorker<Object>) candidate).runsOnDuckDb(args)
                ? (DuckDbWorker<Object>) candidate : null;
        String family = duckDb != null ? "duckdb" : worker instanceof DagWorker ? "dag" : worker instanceof DataWorker ? "data" : "plain";
        int width = duckDb != null ? DuckDbRunner.width(mode, works) : poolWidth(mode, works, worker instanceof DagWorker);
        LocalWorkerContext context = new LocalWorkerContext(args, workerId, workerCount, host, mode, share, cancellation, claims);
        events.emit(Event.Worker.local(id, host, Event.WorkerState.STARTED, family + " worker, pool of " + width));
        ExecutorService pool = new RunPool(width);
        int items = 0;
        long rows = 0;
        boolean failed = true;
        try {
            call("start", () -> worker.start(context));
            call("workInit", () -> worker.workInit(context));
            if (duckDb != null) {
                rows = DuckDbRunner.run(duckDb, works, context, width, events);
                items = works.size();
            } else if (worker instanceof DataWorker<?, ?> dataWorker) {
                @SuppressWarnings("unchecked")
                DataWorker<Object, Object> data = (DataWorker<Object, Object>) dataWorker;
                PoolInit poolInit = new PoolInit(data, context);
                if (width == 1) {
                    for (Work work : works) {
                        cancellation.throwIfCancelled();
                        rows += runWork(data, work, context, pool, poolInit, events);
                    }
                } else {
                    rows = runWorksPipelined(data, works, context, pool, poolInit, events);
                }
                items = works.stream().mapToInt(w -> w.items().size()).sum();
            } else if (worker instanceof DagWorker<?>) {
                DagExecutor.run(worker, works, context, pool, new DagExecutor.Listener() {
                    @Override
                    public void started(Work step) {
                        events.emit(Event.Item.started(id, step.name()));
                    }

                    @Override
                    public void finished(Work step, Object result, long durationMs) {
                        events.emit(Event.Item.finished(id, step.name(), 0, durationMs));
                    }
                });
                items = works.size();
            } else if (!works.isEmpty()) {
                throw AgilabException.of(FailureClass.INSTALL, worker.getClass().getName()
                        + " is neither a DataWorker, a DagWorker nor a DuckDbWorker, so it cannot run works").build();
            }
            // a worker that saw the cancel may have cut its items short: its results are no run's
            cancellation.throwIfCancelled();
            failed = false;
        } catch (RuntimeException e) {
            // a worker that stops on the cancel fails the way it likes (an IOException, say): the run was cancelled
            if (cancellation.isCancelled() && !(e instanceof AgilabException classified && classified.failureClass() == FailureClass.CANCELLED)) {
                throw AgilabException.of(FailureClass.CANCELLED, "cancelled: " + cancellation.reason()).cause(e).build();
            }
            throw e;
        } finally {
            pool.shutdownNow();
            try {
                worker.stop(context);
            } catch (Exception e) {
                if (!failed) {
                    throw AppFailures.classify(e, "the worker's stop failed");
                }
                LOG.warn("worker stop failed after an earlier failure: " + e);
            }
            events.emit(Event.Worker.local(id, host, !failed ? Event.WorkerState.FINISHED
                    : cancellation.isCancelled() ? Event.WorkerState.CANCELLED : Event.WorkerState.FAILED, null));
        }
        String kernel = mode.has(ExecutionMode.COMPILED) && worker.hasCompiledKernel() ? "compiled" : "plain";
        return new Result(mode, (System.nanoTime() - start) / 1_000_000, works.size(), items, rows, width, family, kernel);
    }

    /**
     * Pool mode: every item of every work goes to the pool at once, and each work's workDone runs on the pool as soon
     * as its own items are done, so reading one work overlaps with writing another.
     */
    private static long runWorksPipelined(DataWorker<Object, Object> worker, List<Work> works, WorkerContext<Object> context,
            ExecutorService pool, PoolInit poolInit, Events events) {
        List<CompletableFuture<Long>> done = new ArrayList<>();
        for (Work work : works) {
            List<CompletableFuture<Object>> items = new ArrayList<>();
            for (String item : work.items()) {
                items.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        poolInit.onThisThread();
                        return processItem(worker, work, item, context, events);
                    } catch (Exception e) {
                        throw AppFailures.classify(e, "work " + work.name() + ", item " + item);
                    }
                }, pool));
            }
            done.add(CompletableFuture.allOf(items.toArray(CompletableFuture[]::new)).thenApplyAsync(ignored -> {
                List<Object> results = items.stream().map(CompletableFuture::join).toList();
                try {
                    poolInit.onThisThread();
                    return worker.workDone(context, work, results);
                } catch (Exception e) {
                    throw AppFailures.classify(e, "work " + work.name() + ": workDone failed");
                }
            }, pool));
        }
        long rows = 0;
        try {
            for (CompletableFuture<Long> work : done) {
                rows += work.join();
            }
        } catch (CompletionException e) {
            done.forEach(f -> f.cancel(true));
            throw e.getCause() instanceof AgilabException classified ? classified : AgilabException.classify(e.getCause());
        }
        return rows;
    }

    private static Object processItem(DataWorker<Object, Object> worker, Work work, String item, WorkerContext<Object> context,
            Events events) throws Exception {
        if (context.isCancelled()) {
            throw AgilabException.of(FailureClass.CANCELLED, "cancelled before " + item).build();
        }
        String id = Integer.toString(context.workerId());
        events.emit(Event.Item.started(id, item));
        long start = System.nanoTime();
        Object result = worker.workPool(context, item);
        events.emit(Event.Item.finished(id, item, worker.rowsOf(result), (System.nanoTime() - start) / 1_000_000));
        return result;
    }

    private static long runWork(DataWorker<Object, Object> worker, Work work, WorkerContext<Object> context, ExecutorService pool,
            PoolInit poolInit, Events events) {
        List<Future<Object>> futures = new ArrayList<>();
        for (String item : work.items()) {
            futures.add(pool.submit(() -> {
                poolInit.onThisThread();
                return processItem(worker, work, item, context, events);
            }));
        }
        List<Object> results = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                results.add(futures.get(i).get());
            } catch (ExecutionException e) {
                futures.forEach(f -> f.cancel(true));
                throw AppFailures.classify(e.getCause(), "work " + work.name() + ", item " + work.items().get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AgilabException.of(FailureClass.CANCELLED, "interrupted").build();
            }
        }
        try {
            return worker.workDone(context, work, results);
        } catch (Exception e) {
            throw AppFailures.classify(e, "work " + work.name() + ": workDone failed");
        }
    }

    /**
     * 1 without the pool bit; with it, the CPUs, but no more threads than there are items in all (data workers: the
     * pool takes every work's items at once, so works of one file each still run side by side) or steps (DAG).
     */
    static int poolWidth(ExecutionMode mode, List<Work> works, boolean dag) {
        if (!mode.has(ExecutionMode.POOL)) {
            return 1;
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        String cap = System.getenv("AGILAB_POOL_MAX_WORKERS");
        if (cap != null && cap.matches("\\d+") && Integer.parseInt(cap) > 0) {
            cpus = Math.min(cpus, Integer.parseInt(cap));
        }
        int widest = dag ? works.size() : works.stream().mapToInt(w -> w.items().size()).sum();
        return Math.max(1, Math.min(cpus, widest));
    }

    /**
     * The worker's poolInit, once on each pool thread before the first of the run's items or workDones it runs there
     * (the threads are kept across runs: {@link RunPool}); a poolInit that fails fails that item, as the item would.
     */
    private static final class PoolInit {
        private final DataWorker<Object, Object> worker;
        private final WorkerContext<Object> context;
        private final java.util.Set<Thread> done = java.util.concurrent.ConcurrentHashMap.newKeySet();

        PoolInit(DataWorker<Object, Object> worker, WorkerContext<Object> context) {
            this.worker = worker;
            this.context = context;
        }

        void onThisThread() {
            if (!done.contains(Thread.currentThread())) {
                try {
                    worker.poolInit(context);
                } catch (Exception e) {
                    throw AppFailures.classify(e, "the worker's poolInit failed on " + Thread.currentThread().getName());
                }
                done.add(Thread.currentThread());
            }
        }
    }

    @FunctionalInterface
    private interface Hook {
        void run() throws Exception;
    }

    private static void call(String hook, Hook body) {
        try {
            body.run();
        } catch (Exception e) {
            throw AppFailures.classify(e, "the worker's " + hook + " failed");
        }
    }



}
