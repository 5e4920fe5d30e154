package org.agilab.api;

import java.io.IOException;
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

    /**
     * Starts an output file of this run at {@code target} (its folder must exist): write it through the returned
     * {@link OutputFile}, then {@link OutputFile#commit commit} it, in a try-with-resources block so that a failure
     * leaves no temporary file. {@code holds} says what the file holds ("aircraft F-01A", "partition 07", "summary of
     * worker 0"): writing the same target again with the same {@code holds} replaces it (a summary rewritten after
     * each work, a chunk run again after a failover), but a second output of this run that holds something else and
     * lands on the same file (two names that an app's file naming, or a case-insensitive disk, makes one) is a data
     * error naming both, and the first file stays as it was.
     */
    OutputFile output(Path target, String holds) throws IOException;

    /** True once the run is cancelled: long loops should check it and return early. */
    boolean isCancelled();
}
