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
        switch (event.type()) {
            case Event.HOST -> hosts.put(event.string("host"), new Host(event.string("host"), event.string("state"), event.string("detail")));
            case Event.WORKER -> worker(event, time);
            case Event.ITEM -> item(event, time);
            case Event.RESULT -> outcome = "ok";
            case Event.ERROR -> error(event);
            default -> {
                return; // phases and logs do not change the board
            }
        }
        version++;
    }

    private void worker(Event event, Instant time) {
        WorkerState worker = workers.computeIfAbsent(event.string("worker"), key -> new WorkerState());
        String state = event.string("state");
        if (event.string("host") != null) {
            worker.host = event.string("host");
        }
        if (event.string("node") != null) {
            worker.node = event.string("node");
        }
        if (("sent".equals(state) || "resent".equals(state)) && event.string("detail") != null) {
            String detail = event.string("detail"); // "chunk 3 to node-1 (attempt 2)"
            int to = detail.indexOf(" to ");
            if (to >= 0) {
                worker.node = detail.substring(to + 4).split(" ")[0];
            }
        }
        if ("resent".equals(state)) {
            worker.itemsStarted = 0; // the chunk runs again, whole, elsewhere
            worker.itemsFinished = 0;
            worker.rows = 0;
            worker.ended = null;
            worker.currentItem = null;
            worker.error = null; // the last attempt's failure is not this one's
        }
        if (worker.started == null || "resent".equals(state)) {
            worker.started = time;
        }
        // a cluster chunk's own "started" (from its node) must not undo a finish relayed before it
        if (!(worker.ended != null && ("started".equals(state) || "sent".equals(state)))) {
            worker.state = state;
        }
        if ("finished".equals(state) || "failed".equals(state) || "cancelled".equals(state)) {
            worker.ended = time;
            if (!"finished".equals(state) && event.string("detail") != null) {
                worker.error = event.string("detail");
            }
        }
    }

    private void item(Event event, Instant time) {
        WorkerState worker = workers.computeIfAbsent(event.string("worker"), key -> new WorkerState());
        if (event.string("node") != null) {
            worker.node = event.string("node");
        }
        if (worker.started == null) {
            worker.started = time;
        }
        if (worker.state.equals("planned") || worker.state.equals("sent")) {
            worker.state = "started";
        }
        if ("started".equals(event.string("state"))) {
            worker.itemsStarted++;
            worker.currentItem = event.string("item");
        } else if ("finished".equals(event.string("state"))) {
            worker.itemsFinished++;
            worker.rows += event.number("rows");
            if (event.string("item") != null && event.string("item").equals(worker.currentItem)) {
                worker.currentItem = null;
            }
        }
    }

    private void error(Event event) {
        outcome = event.string("class") == null ? "failed" : event.string("class") + " error";
        String host = event.string("host");
        String message = event.string("message");
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
