package org.agilab.runtime.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What an IDE view shows of an app's service, read cheaply from its queue folder without making it: the service's
 * state ({@code running}, {@code draining} or {@code stopped}; {@code stopped} too when its recorded process is gone)
 * and the queue's depths. {@code serve status} says more (workers, heartbeats, restarts) and starts no less.
 *
 * @param pid the service process's PID, or 0 when no service was started on this queue
 */
public record ServiceOverview(String state, long pid, ServiceQueue.Counts counts) {

    /**
     * The overview of the queue at {@code queueRoot} ({@code <home>/wenv/<target>_worker/service}); empty when that
     * folder does not exist (no task was ever submitted nor a service started).
     */
    public static Optional<ServiceOverview> read(Path queueRoot) {
        if (!Files.isDirectory(queueRoot)) {
            return Optional.empty();
        }
        Optional<ServiceState> state = ServiceState.read(queueRoot);
        boolean alive = state.map(ServiceState::alive).orElse(false);
        ServiceQueue.Counts counts = ServiceQueue.open(queueRoot).counts();
        return Optional.of(new ServiceOverview(alive ? state.get().state() : "stopped", state.map(ServiceState::pid).orElse(0L), counts));
    }

    /** Whether the service process runs (serving or draining). */
    public boolean alive() {
        return !state.equals("stopped");
    }

    /** The depths as a line: {@code 2 pending, 1 running, 3 done, 0 failed}. */
    public String depths() {
        return counts.pending() + " pending, " + counts.running() + " running, " + counts.done() + " done, " + counts.failed() + " failed";
    }
}
