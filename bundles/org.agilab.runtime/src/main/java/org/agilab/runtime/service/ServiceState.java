package org.agilab.runtime.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.process.ProcessIdentity;

/**
 * {@value #FILE} beside the queue's folders: the service process (PID and start time, so a recycled PID is never taken
 * for it), its state, its heartbeat (rewritten at least every {@link #HEARTBEAT_MILLIS} while it lives), the task it
 * runs, what it has run since it started, and why it ended.
 *
 * @param state     {@code running}, {@code draining} (stop asked: it ends once the queue is empty) or {@code stopped}
 * @param restarts  why tasks went back to pending since the service started ({@code service-restart}, {@code node-lost})
 * @param stopReason why a stopped service ended: {@code drained}, {@code stopped} ({@code --now}) or {@code idle}
 * @param slots      the worker slots the service dispatches its tasks to, as it last saw them (empty while it has none:
 *                   its tasks then run as whole runs)
 * @param nodeRestarts the nodes the service started anew in place of gone ones since it started, each attempt with its
 *                   reason (upstream's auto-restart reasons)
 */
public record ServiceState(long pid, Instant started, String app, String state, Instant heartbeat, String task, long done,
        long failed, List<String> restarts, String stopReason, List<Slot> slots, List<NodeRestart> nodeRestarts) {

    /**
     * One attempt to replace a slot's node whose process was gone.
     *
     * @param reason  why: {@code process-gone(pid N)}, the node's health row when it went
     * @param attempt the node's replacement attempts so far, this one included
     * @param newPid  the new node's PID; null when this attempt failed ({@code error} says why)
     */
    public record NodeRestart(String node, String host, String reason, Instant at, long oldPid, Long newPid, int attempt, String error) {

        /** The node as a worker of upstream's status and health rows: {@code node-1@127.0.0.1}. */
        public String worker() {
            return node + "@" + host;
        }
    }

    /**
     * Upstream's {@code restart_reasons}: each worker started anew, with why (its latest restart); failed attempts are
     * only in {@link #nodeRestarts}. In the order the workers were first started anew.
     */
    public java.util.Map<String, String> restartReasons() {
        java.util.Map<String, String> reasons = new java.util.LinkedHashMap<>();
        for (NodeRestart restart : nodeRestarts) {
            if (restart.newPid() != null) {
                reasons.put(restart.worker(), restart.reason());
            }
        }
        return reasons;
    }

    /**
     * One worker slot (a warm node) as the service saw it.
     *
     * @param seen when it was last seen in the cluster or last answered a task: its heartbeat
     * @param running the tasks it held
     */
    public record Slot(String name, long pid, boolean up, int running, Instant seen) {
    }

    public ServiceState(long pid, Instant started, String app, String state, Instant heartbeat, String task, long done, long failed,
            List<String> restarts, String stopReason) {
        this(pid, started, app, state, heartbeat, task, done, failed, restarts, stopReason, List.of(), List.of());
    }

    public static final String FILE = "service.json";
    /** Present while a stop drains the queue: the service ends once nothing is pending or running. */
    public static final String DRAIN = "drain";
    public static final long HEARTBEAT_MILLIS = 1_000;

    public ServiceState {
        restarts = restarts == null ? List.of() : List.copyOf(restarts);
        slots = slots == null ? List.of() : List.copyOf(slots);
        nodeRestarts = nodeRestarts == null ? List.of() : List.copyOf(nodeRestarts);
    }

    public static Optional<ServiceState> read(Path queueRoot) {
        try {
            return Optional.ofNullable(JsonCodec.read(Files.readString(queueRoot.resolve(FILE)), ServiceState.class));
        } catch (IOException | JsonCodec.Malformed e) {
            return Optional.empty();
        }
    }

    public void write(Path queueRoot) {
        AtomicFiles.writeString(queueRoot.resolve(FILE), JsonCodec.writePretty(this));
    }

    /** The service process, as PID and start time. */
    public ProcessIdentity process() {
        return new ProcessIdentity(pid, started);
    }

    /** Whether the recorded process still runs (the same PID started at the same time). */
    public boolean alive() {
        return process().isAlive();
    }

    public ServiceState with(String newState, Instant beat, String running, long doneCount, long failedCount, List<String> reasons,
            String reason) {
        return new ServiceState(pid, started, app, newState, beat, running, doneCount, failedCount, reasons, reason, slots, nodeRestarts);
    }

    public ServiceState withSlots(List<Slot> seen) {
        return new ServiceState(pid, started, app, state, heartbeat, task, done, failed, restarts, stopReason, seen, nodeRestarts);
    }

    public ServiceState withNodeRestarts(List<NodeRestart> attempts) {
        return new ServiceState(pid, started, app, state, heartbeat, task, done, failed, restarts, stopReason, slots, attempts);
    }
}
