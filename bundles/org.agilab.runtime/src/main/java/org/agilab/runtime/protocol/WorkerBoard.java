package org.agilab.runtime.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A live run's workers and hosts as the manager's events describe them: each worker's (or cluster chunk's) host, node,
 * state, items started and finished, rows, duration, and the failure with its host and item; each host's state. Fed
 * by {@link #accept} from any thread, read as a {@link #snapshot} by a view that redraws at its own pace (never one
 * redraw per event). Planned item counts, when known (the distribution tree), give each worker's progress.
 */
public final class WorkerBoard {

    /** One worker (a chunk on a cluster) at one moment. */
    public record Worker(String id, String host, String node, String state, int itemsStarted, int itemsFinished, int itemsPlanned,
            long rows, long durationMs, String currentItem, String error) {

        public boolean isOver() {
            return "finished".equals(state) || "failed".equals(state) || "cancelled".equals(state);
        }
    }

    /** One host at one moment: connecting, checking, shipping, starting, ready, failed, stopped. */
    public record Host(String address, String state, String detail) {
    }

    /** What a view draws: workers in the order they appeared, hosts likewise, the run's outcome once known. */
    public record Snapshot(List<Worker> workers, List<Host> hosts, String outcome, long version) {
    }

    private static final class WorkerState {
        String host;
        String node;
        String state = "planned";
        int itemsStarted;
        int itemsFinished;
        int itemsPlanned = -1;
        long rows;
        Instant started;
        Instant ended;
        String currentItem;
        String error;
    }

    private final Map<String, WorkerState> workers = new LinkedHashMap<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private String outcome;
    private long version;

    /** Workers known before the run starts (from the plan), with their planned item counts. */
    public synchronized void plan(Map<String, Integer> plannedItems) {
        // in worker order ("2" before "10"), whatever the map's order
        plannedItems.keySet().stream().sorted(java.util.Comparator.comparingInt(String::length).thenComparing(java.util.Comparator.naturalOrder()))
                .forEach(id -> workers.computeIfAbsent(id, key -> new WorkerState()).itemsPlanned = plannedItems.get(id));
        version++;
    }

    public synchronized void accept(EventEnvelope envelope) {
        Event event = envelope.event();
        Instant time = envelope.time() == null ? Instant.now() : envelope.time();
        if (event instanceof Event.Host host) {
            hosts.put(host.host(), new Host(host.host(), Event.wireName(host.state()), host.detail()));
        } else if (event instanceof Event.Worker worker) {
            worker(worker, time);
        } else if (event instanceof Event.Item item) {
            item(item, time);
        } else if (event instanceof Event.Result) {
            outcome = "ok";
        } else if (event instanceof Event.Failure failure) {
            error(failure);
        } else {
            return; // phases and logs do not change the board
        }
        version++;
    }

    private void worker(Event.Worker event, Instant time) {
        WorkerState worker = workers.computeIfAbsent(event.worker(), key -> new WorkerState());
        Event.WorkerState state = event.state();
        if (state == null) {
            return; // a state of a later release
        }
        if (event.host() != null) {
            worker.host = event.host();
        }
        if (event.node() != null) {
            worker.node = event.node();
        }
        boolean resent = state == Event.WorkerState.RESENT;
        if (resent) {
            worker.itemsStarted = 0; // the chunk runs again, whole, elsewhere
            worker.itemsFinished = 0;
            worker.rows = 0;
            worker.ended = null;
            worker.currentItem = null;
            worker.error = null; // the last attempt's failure is not this one's
        }
        if (worker.started == null || resent) {
            worker.started = time;
        }
        // a cluster chunk's own "started" (from its node) must not undo a finish relayed before it
        if (!(worker.ended != null && (state == Event.WorkerState.STARTED || state == Event.WorkerState.SENT))) {
            worker.state = Event.wireName(state);
        }
        if (state.isOver()) {
            worker.ended = time;
            if (state != Event.WorkerState.FINISHED && event.detail() != null) {
                worker.error = event.detail();
            }
        }
    }

    private void item(Event.Item event, Instant time) {
        WorkerState worker = workers.computeIfAbsent(event.worker(), key -> new WorkerState());
        if (event.node() != null) {
            worker.node = event.node();
        }
        if (worker.started == null) {
            worker.started = time;
        }
        if (worker.state.equals("planned") || worker.state.equals("sent")) {
            worker.state = "started";
        }
        if (event.state() == Event.ItemState.STARTED) {
            worker.itemsStarted++;
            worker.currentItem = event.item();
        } else if (event.state() == Event.ItemState.FINISHED) {
            worker.itemsFinished++;
            worker.rows += event.rows() == null ? 0 : event.rows();
            if (event.item() != null && event.item().equals(worker.currentItem)) {
                worker.currentItem = null;
            }
        }
    }

    private void error(Event.Failure event) {
        outcome = event.failureClass() == null ? "failed" : event.failureClass() + " error";
        String host = event.host();
        String message = event.message();
        // the failure belongs to the workers that had not finished (on its host, when it names one)
        for (WorkerState worker : workers.values()) {
            if (!"finished".equals(worker.state) && (host == null || host.equals(worker.host))) {
                if (worker.error == null) {
                    worker.error = message + (worker.currentItem == null ? "" : " (item " + worker.currentItem + ")");
                }
                if (!"cancelled".equals(worker.state)) {
                    worker.state = "failed";
                }
            }
        }
    }

    public synchronized Snapshot snapshot() {
        List<Worker> rows = new ArrayList<>();
        Instant now = Instant.now();
        workers.forEach((id, w) -> rows.add(new Worker(id, w.host, w.node, w.state, w.itemsStarted, w.itemsFinished, w.itemsPlanned, w.rows,
                w.started == null ? 0 : Duration.between(w.started, w.ended != null ? w.ended : now).toMillis(), w.currentItem, w.error)));
        return new Snapshot(rows, new ArrayList<>(hosts.values()), outcome, version);
    }

    /** Changes since {@code version}: a view redraws only when this moved. */
    public synchronized long version() {
        return version;
    }
}
