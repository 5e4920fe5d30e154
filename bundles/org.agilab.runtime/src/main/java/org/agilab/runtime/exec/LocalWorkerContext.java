package org.agilab.runtime.exec;

import java.io.IOException;
import java.nio.file.Path;

import org.agilab.api.AppLog;
import org.agilab.api.ExecutionMode;
import org.agilab.api.OutputFile;
import org.agilab.api.WorkerContext;
import org.agilab.runtime.log.AppLogger;
import org.agilab.runtime.app.SharePaths;
import org.agilab.runtime.protocol.Cancellation;

/** A worker's context when it runs in the manager JVM (modes without the cluster bit), or in a node for its chunk. */
record LocalWorkerContext(Object args, int workerId, int workerCount, String host, ExecutionMode mode, SharePaths share,
        Cancellation cancellation, OutputClaims claims, AppLog log) implements WorkerContext<Object> {

    LocalWorkerContext(Object args, int workerId, int workerCount, String host, ExecutionMode mode, SharePaths share,
            Cancellation cancellation, OutputClaims claims) {
        this(args, workerId, workerCount, host, mode, share, cancellation, claims, new AppLogger("worker " + workerId + "@" + host));
    }

    LocalWorkerContext(Object args, int workerId, int workerCount, String host, ExecutionMode mode, SharePaths share,
            Cancellation cancellation) {
        this(args, workerId, workerCount, host, mode, share, cancellation, OutputClaims.fresh());
    }

    @Override
    public Path resolveInput(String path) {
        return share.resolve(path);
    }

    @Override
    public Path resolveOutput(String path) {
        return share.resolve(path);
    }

    @Override
    public OutputFile output(Path target, String holds) throws IOException {
        claims.claim(target, holds, "worker " + workerId + "@" + host);
        return OutputFile.create(target);
    }

    @Override
    public boolean isCancelled() {
        return cancellation.isCancelled();
    }
}
