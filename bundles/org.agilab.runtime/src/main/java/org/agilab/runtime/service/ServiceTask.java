package org.agilab.runtime.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.annotations.SerializedName;

/**
 * One task of an app's service queue, as its {@code <id>.task.json} file holds it. The names upstream's service writes
 * ({@code schema}, {@code task_id}, {@code task_name}, {@code created_at} in epoch seconds, {@code args}) are kept, so a
 * queue upstream filled loads here (its other members, such as {@code plan}, are skipped); the rest is this service's:
 * when it was submitted, how many attempts it had, the settings overrides and input items it runs with, the node of
 * its last attempt, why each earlier attempt ended, and its result or classified error.
 *
 * @param args     {@code --set} overrides, bare keys being {@code [args]}, as for {@code agilab run}
 * @param items    input files or folders for this task (its {@code data_in}), none to use the app's own
 * @param requeued why each earlier attempt ended without a result ({@code node-lost: node-2}, {@code service-restart})
 */
public record ServiceTask(
        String schema,
        @SerializedName("task_id") String id,
        @SerializedName("task_name") String name,
        @SerializedName("created_at") double createdAt,
        Instant submitted,
        int attempts,
        Map<String, Object> args,
        List<String> items,
        String node,
        Instant started,
        Instant finished,
        List<String> requeued,
        Map<String, Object> result,
        TaskError error) {

    /** Upstream's task schema, which these files keep. */
    public static final String SCHEMA = "agi.service.task.v1";

    /** The error a task's last attempt ended with: the failure class's id, its one-line message, how to fix it. */
    public record TaskError(@SerializedName("class") String failureClass, String message, String hint) {
    }

    public ServiceTask {
        args = args == null ? Map.of() : new LinkedHashMap<>(args);
        items = items == null ? List.of() : List.copyOf(items);
        requeued = requeued == null ? List.of() : List.copyOf(requeued);
    }

    /** A new task, not yet tried. */
    static ServiceTask submitted(String id, String name, Instant now, Map<String, Object> args, List<String> items) {
        return new ServiceTask(SCHEMA, id, name, now.toEpochMilli() / 1000.0, now, 0, args, items, null, null, null, null,
                null, null);
    }

    ServiceTask withId(String newId) {
        return new ServiceTask(schema, newId, name, createdAt, submitted, attempts, args, items, node, started, finished,
                requeued, result, error);
    }

    /** Taken by {@code node} for one more attempt; an earlier attempt's result or error is dropped. */
    ServiceTask started(String byNode, Instant now) {
        return new ServiceTask(schema, id, name, createdAt, submitted, attempts + 1, args, items, byNode, now, null,
                requeued, null, null);
    }

    ServiceTask done(Map<String, Object> value, Instant now) {
        return new ServiceTask(schema, id, name, createdAt, submitted, attempts, args, items, node, started, now, requeued,
                value, null);
    }

    ServiceTask failed(TaskError why, Instant now) {
        return new ServiceTask(schema, id, name, createdAt, submitted, attempts, args, items, node, started, now, requeued,
                null, why);
    }

    /** Back to pending: this attempt ended without a result, for {@code reason}. */
    ServiceTask requeued(String reason, TaskError why) {
        List<String> reasons = new ArrayList<>(requeued);
        reasons.add(reason);
        return new ServiceTask(schema, id, name, createdAt, submitted, attempts, args, items, node, started, null, reasons,
                null, why);
    }

    /**
     * Back to pending from a {@code running/} file whose service ended during its attempt: that attempt counts (a
     * claim does not rewrite the file), as {@link #started} would have counted it.
     */
    ServiceTask interrupted(String reason) {
        return new ServiceTask(schema, id, name, createdAt, submitted, attempts + 1, args, items, node, started, finished,
                requeued, result, error).requeued(reason, null);
    }

    /** When the task was submitted: ours record it, upstream's only carry {@code created_at}. */
    public Instant submittedAt() {
        return submitted != null ? submitted : Instant.ofEpochMilli((long) (createdAt * 1000));
    }
}
