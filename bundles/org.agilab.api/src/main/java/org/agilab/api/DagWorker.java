package org.agilab.api;

/**
 * The DAG family: the plan's works are named steps with dependencies; each step is a public method of the worker
 * named like the step, run after its dependencies, independent steps in parallel on a thread pool. A step method
 * declares only the parameters it needs, in any order, by type: the app's args type, {@link StepArgs} (the step's
 * args from the plan), {@link StepResults} (its dependencies' results by step name), {@link WorkerContext}. What it
 * returns is its result. A cycle is an error naming the steps in it.
 *
 * @param <A> the app's typed args
 */
public interface DagWorker<A> extends Worker<A> {
}
