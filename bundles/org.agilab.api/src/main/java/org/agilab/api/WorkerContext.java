package org.agilab.api;

import java.nio.file.Path;

/** What a worker gets while it runs. */
public interface WorkerContext<A> {

    A args();

    /** This worker's index among {@link #workerCount()} workers (0-based). */
    int workerId();

    int workerCount();

    /** The host this worker runs on, as named in the workers map. */
    String host();

    ExecutionMode mode();

    /** Resolves an input path (absolute stays; relative is under the share root), as the manager does. */
    Path resolveInput(String path);

    /** Resolves an output path (absolute stays; relative is under the share root). */
    Path resolveOutput(String path);

    AppLog log();

    /** True once the run is cancelled: long loops should check it and return early. */
    boolean isCancelled();
}
