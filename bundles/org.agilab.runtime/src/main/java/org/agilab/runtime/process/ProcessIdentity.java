package org.agilab.runtime.process;

import java.time.Instant;
import java.util.Optional;

/**
 * A process as PID plus start time: a PID alone can be reused by an unrelated process after the first one ends, so
 * AGILab never signals or trusts a PID whose start time does not match. Never identified by name. In files (node
 * registry, coordinator, lock holder) it is {@code "pid"} and {@code "started"}, as JsonCodec writes this record.
 */
public record ProcessIdentity(long pid, Instant started) {

    public static ProcessIdentity current() {
        return of(ProcessHandle.current()).orElseThrow();
    }

    public static Optional<ProcessIdentity> of(ProcessHandle handle) {
        return handle.info().startInstant().map(start -> new ProcessIdentity(handle.pid(), start));
    }

    /** True when a process with this PID is running and started at the recorded time. */
    public boolean isAlive() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(ProcessIdentity::of)
                .map(live -> live.started.equals(started))
                .orElse(false);
    }
}
