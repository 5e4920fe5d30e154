package org.agilab.api;

import java.util.Collection;
import java.util.List;

/**
 * The data family (upstream's pandas/polars workers): each work's items go through {@link #workPool}, in parallel
 * threads in pool mode ({@code p}), and the work's results, in item order, go to {@link #workDone} once.
 *
 * @param <A> the app's typed args
 * @param <R> what one item produces (rows, a frame, a summary)
 */
public interface DataWorker<A, R> extends Worker<A> {

    /** Once per pool thread, before it takes items (upstream's {@code pool_init}). */
    default void poolInit(WorkerContext<A> context) throws Exception {
    }

    /** Processes one item. Must be thread-safe in pool mode: it runs concurrently for items of the same work. */
    R workPool(WorkerContext<A> context, String item) throws Exception;

    /**
     * Receives one work's results, in item order, once per work (upstream's {@code work_done} per chunk). In pool mode
     * the workDone of different works may run at the same time (one work's writing overlaps another's reading), so
     * state shared across works must be thread-safe.
     *
     * @return the number of rows the work produced, reported in the run's events
     */
    long workDone(WorkerContext<A> context, Work work, List<R> results) throws Exception;

    /** The rows one item produced, for progress events; collections count their elements. */
    default long rowsOf(R result) {
        return result instanceof Collection<?> collection ? collection.size() : result == null ? 0 : 1;
    }
}
