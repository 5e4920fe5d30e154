package org.agilab.runtime.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.annotations.JsonAdapter;
import com.google.gson.annotations.SerializedName;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.json.JsonCodec;

/**
 * One event of the manager's stream, a record per type. On the wire it is one JSON object per line:
 * {@code {"v":2,"seq":7,"time":"2026-11-28T03:00:00.123Z","type":"phase",...}}, the record's components after the
 * envelope; {@link EventTypes} names each type. See docs/architecture.md for every type and field. Readers ignore
 * fields and types they do not know ({@link Unknown}), so the stream can grow within a version.
 */
@JsonAdapter(EventTypes.class)
public sealed interface Event {

    /** The protocol version: bumped only when a field changes meaning or disappears (2: typed events). */
    int VERSION = 2;

    /** True for the last event of an operation: its result or its failure. */
    default boolean isFinal() {
        return this instanceof Result || this instanceof Failure;
    }

    /** An enum constant of an event as the wire writes it (its name in lower case), for text shown to people. */
    static String wireName(Enum<?> constant) {
        return constant == null ? "unknown" : JsonCodec.LowercaseEnum.wireName(constant);
    }

    /** The wire form, without the envelope fields the emitter adds. */
    default String toJson() {
        return JsonCodec.write(this, Event.class);
    }

    enum PhaseState implements JsonCodec.LowercaseEnum {
        STARTED, FINISHED
    }

    /** A phase of the operation (resolve, install, plan, run, ...) started, or finished with a status and duration. */
    record Phase(String name, PhaseState state, String status, Long durationMs) implements Event {
        public static Phase started(String name) {
            return new Phase(name, PhaseState.STARTED, null, null);
        }

        public static Phase finished(String name, String status, long durationMs) {
            return new Phase(name, PhaseState.FINISHED, status, durationMs);
        }
    }

    enum HostState implements JsonCodec.LowercaseEnum {
        CONNECTING, CHECKING, SHIPPING,
        STARTING, READY, FAILED,
        STOPPED
    }

    /**
     * A host's state as the manager readies, uses and stops it.
     *
     * @param inputs when the host is ready for a run, what of the run's inputs was shipped to it (SSH hosts), else null
     */
    record Host(String host, HostState state, String detail, Inputs inputs) implements Event {
        public Host(String host, HostState state, String detail) {
            this(host, state, detail, null);
        }
    }

    /** A run's inputs on a host: files shipped (and their bytes), and files already there with the same content. */
    record Inputs(int shipped, long bytes, int unchanged) {
    }

    /**
     * SSH credentials that reached this process over its control channel (from the IDE's secure storage or a caller):
     * for which host (null: every host) and of which kinds; never their values.
     */
    record Credentials(String host, boolean password, boolean passphrase) implements Event {
    }

    enum NodesState implements JsonCodec.LowercaseEnum {
        /** Warm nodes of an earlier run serve this one. */
        REUSED,
        /** Fresh nodes were started (replacing any that could not serve). */
        STARTED
    }

    /**
     * The cluster nodes a run uses, once it has them.
     *
     * @param count how many nodes
     * @param compiler the nodes' JIT setting (quick or full)
     * @param since when the nodes started (for reused ones, in an earlier run)
     * @param tls whether cluster traffic is encrypted and mutually authenticated (TLS); null from a manager that did not
     *        say
     */
    record Nodes(NodesState state, int count, String compiler, String ports, String since, Boolean tls) implements Event {
    }

    /**
     * A run handed to the app's warm coordinator, which took it: the events that follow are the coordinator's, and it
     * writes the run's record. The caller emits this; without it the run ran in the caller's process.
     *
     * @param app the app whose coordinator runs it
     * @param pid the coordinator's process
     */
    record Delegated(String app, long pid) implements Event {
    }

    /**
     * A JVM of this operation waits, suspended, for a debugger (JDWP, listening on {@code host} only): a replayed chunk
     * under {@code --debug}. The IDE attaches its debugger when it reads this.
     *
     * @param what which work the JVM runs, e.g. "chunk 1"
     */
    record Debuggee(String what, String host, int port, long pid) implements Event {
    }

    enum PlanState implements JsonCodec.LowercaseEnum {
        /** Made for this run (none matched, or --replan). */
        PLANNED,
        /** The plan of an earlier run matched this one's workers, args and inputs, and serves it as it is. */
        REUSED
    }

    /**
     * The plan (distribution tree) a run or distribute follows.
     *
     * @param file the plan's file
     * @param edited whether the user edited the plan (a reused edited plan beats learned speeds)
     * @param works how many works it holds
     * @param workers how many workers (on a cluster, chunks) it spreads them over
     */
    record Plan(String file, PlanState state, boolean edited, int works, int workers) implements Event {
    }

    /**
     * What became of a cluster chunk's relayed events, once the chunk answered: how many its node sent and how many
     * reached the manager. Fewer received than sent means events were lost (the chunk's outputs are not affected).
     *
     * @param worker the chunk
     * @param attempt the chunk's attempt, counted from 1
     */
    record Relay(String worker, String node, int attempt, int sent, int received) implements Event {
        /** Whether some of the chunk's events never arrived. */
        public boolean lost() {
            return received < sent;
        }
    }

    enum WorkerState implements JsonCodec.LowercaseEnum {
        /** A cluster chunk handed to a node. */
        SENT,
        /** A chunk handed again, whole, to another node after its node failed (attempt 2, 3, ...). */
        RESENT,
        STARTED, FINISHED, FAILED,
        CANCELLED;

        public boolean isOver() {
            return this == FINISHED || this == FAILED || this == CANCELLED;
        }
    }

    /**
     * A worker (on a cluster, a chunk) changed state.
     *
     * @param node the cluster node that holds or ran the chunk, null for local workers
     * @param attempt the chunk's attempt, counted from 1, null for local workers
     */
    record Worker(String worker, String host, String node, Integer attempt, WorkerState state, String detail) implements Event {
        public static Worker local(String worker, String host, WorkerState state, String detail) {
            return new Worker(worker, host, null, null, state, detail);
        }

        /** The same event as relayed from the node that ran it. */
        public Worker on(String nodeName, int attemptNumber) {
            return new Worker(worker, host, nodeName, attemptNumber, state, detail);
        }
    }

    enum ItemState implements JsonCodec.LowercaseEnum {
        STARTED, FINISHED
    }

    /** A worker started or finished one work item. */
    record Item(String worker, String node, String item, ItemState state, Long rows, Long durationMs) implements Event {
        public static Item started(String worker, String item) {
            return new Item(worker, null, item, ItemState.STARTED, null, null);
        }

        public static Item finished(String worker, String item, long rows, long durationMs) {
            return new Item(worker, null, item, ItemState.FINISHED, rows, durationMs);
        }

        /** The same event as relayed from the node that ran it. */
        public Item on(String nodeName) {
            return new Item(worker, nodeName, item, state, rows, durationMs);
        }
    }

    enum Level implements JsonCodec.LowercaseEnum {
        DEBUG, INFO, WARN, ERROR;

        public boolean isWarning() {
            return this == WARN || this == ERROR;
        }
    }

    /** A log line of the manager, a node or the app ({@code logger} names which). */
    record Log(Level level, String logger, String message) implements Event {
    }

    /**
     * A stage of a workflow ({@code lab_stages.toml}): listed ({@code workflow list}: no status), planned ({@code graph}:
     * a wave), started ({@code running}) or ended ({@code ok}, {@code skipped}, {@code failed}, {@code cancelled},
     * {@code not-runnable}, with the reason and its log).
     *
     * @param app the stage array it belongs to (an app's target name)
     * @param runtime the stage's {@code R}
     * @param description the stage's {@code D}
     */
    record Stage(String stage, String app, String status, @SerializedName("R") String runtime, @SerializedName("D") String description,
            Integer wave, java.util.List<String> dependsOn, String reason, String log, Long durationMs) implements Event {

        /** An ended stage (not listed, planned or running). */
        public boolean isOver() {
            return status != null && !status.equals("running") && !status.equals("planned");
        }
    }

    /**
     * The final event of a successful operation.
     *
     * @param data what --json and the IDE read: the command's own JSON object
     * @param summary human-readable lines the CLI prints
     */
    record Result(String command, String status, Map<String, Object> data, String summary) implements Event {
        public Result {
            data = data == null ? null : new LinkedHashMap<>(data);
        }

        public static Result ok(String command, Map<String, Object> data, String summary) {
            return new Result(command, "ok", data, summary);
        }
    }

    /**
     * The final event of a failed operation: the classified error, and for doctor a report beside it.
     *
     * @param text the one-line form a terminal prints
     */
    record Failure(String command, @SerializedName("class") String failureClass, int exitCode, String message, String file, Integer line,
            String key, String host, String hint, String text, Map<String, Object> data, String summary) implements Event {

        public static Failure of(String command, AgilabException error) {
            return of(command, error, null, null);
        }

        /** A failure that also carries a report, as doctor gives when the home or the settings are not healthy. */
        public static Failure of(String command, AgilabException error, Map<String, Object> data, String summary) {
            return new Failure(command, error.failureClass().id(), error.failureClass().exitCode(), error.getMessage(),
                    error.file() == null ? null : error.file().toString(), error.line() > 0 ? error.line() : null, error.key(), error.host(),
                    error.hint(), error.oneLine(), data == null ? null : new LinkedHashMap<>(data), summary);
        }
    }

    /** An event of a type this reader does not know: kept as its JSON, shown only in verbose output. */
    record Unknown(String type, String json) implements Event {
        @Override
        public String toJson() {
            return json;
        }
    }
}
