package org.agilab.api;

/**
 * A worker runs its share of a plan. Upstream's lifecycle: {@link #start} once when the worker is created,
 * {@link #workInit} before the works, then family-specific processing ({@link DataWorker} or {@link DagWorker}), and
 * {@link #stop} at the end, also after a failure. One class per app, named after it
 * ({@code flight_telemetry_worker.FlightTelemetryWorker}), with a public no-argument constructor.
 *
 * @param <A> the app's typed args
 */
public interface Worker<A> {

    default void start(WorkerContext<A> context) throws Exception {
    }

    default void workInit(WorkerContext<A> context) throws Exception {
    }

    default void stop(WorkerContext<A> context) throws Exception {
    }

    /**
     * Whether this worker has an optimised kernel for compiled mode ({@code c}, upstream's Cython worker). When it
     * does, it checks {@code context.mode().has(ExecutionMode.COMPILED)} and runs it; the run reports which ran.
     */
    default boolean hasCompiledKernel() {
        return false;
    }
}
