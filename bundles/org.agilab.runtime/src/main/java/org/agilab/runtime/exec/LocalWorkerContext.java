package org.agilab.runtime.exec;

import java.nio.file.Path;

import org.agilab.api.AppLog;
import org.agilab.api.ExecutionMode;
import org.agilab.api.WorkerContext;
import org.agilab.runtime.app.AppLogger;
import org.agilab.runtime.app.SharePaths;
import org.agilab.runtime.protocol.Cancellation;

/** A worker's context when it runs in the manager JVM (modes without the cluster bit). */
record LocalWorkerContext(Object args, int workerId, int workerCount, String host, ExecutionMode mode, SharePaths share,
        Cancellation cancellation, AppLog log) implements WorkerContext<Object> {

    LocalWorkerContext(Object args, int workerId, int workerCount, String host, ExecutionMode mode, SharePaths share,
            Cancellation cancellation) {
        this(args, workerId, workerCount, host, mode, share, cancellation, new AppLogger("worker " + workerId + "@" + host));
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
    public boolean isCancelled() {
        return cancellation.isCancelled();
    }
}
