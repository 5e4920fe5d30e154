package org.agilab.runtime.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.json.Json;

/**
 * One event of the manager's stream. On the wire it is one JSON object per line:
 * {@code {"v":1,"seq":7,"time":"2026-11-28T03:00:00.123Z","type":"phase",...}}. See docs/architecture.md for every
 * type and field; readers must ignore fields and types they do not know, so the stream can grow within a version.
 */
public final class Event {

    /** The protocol version: bumped only when a field changes meaning or disappears. */
    public static final int VERSION = 1;

    public static final String PHASE = "phase";
    public static final String HOST = "host";
    public static final String WORKER = "worker";
    public static final String ITEM = "item";
    public static final String LOG = "log";
    public static final String RESULT = "result";
    public static final String ERROR = "error";

    private final String type;
    private final Map<String, Object> fields;

    public Event(String type, Map<String, Object> fields) {
        this.type = type;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static Event phaseStarted(String name) {
        return new Event(PHASE, map("name", name, "state", "started"));
    }

    public static Event phaseFinished(String name, String status, long durationMs) {
        return new Event(PHASE, map("name", name, "state", "finished", "status", status, "durationMs", durationMs));
    }

    /** A host's state: connecting, checking, shipping, starting, ready, failed, stopped. */
    public static Event hostState(String host, String state, String detail) {
        return new Event(HOST, map("host", host, "state", state, "detail", detail));
    }

    public static Event workerState(String worker, String host, String state, String detail) {
        return new Event(WORKER, map("worker", worker, "host", host, "state", state, "detail", detail));
    }

    public static Event itemStarted(String worker, String item) {
        return new Event(ITEM, map("worker", worker, "item", item, "state", "started"));
    }

    public static Event itemFinished(String worker, String item, long rows, long durationMs) {
        return new Event(ITEM, map("worker", worker, "item", item, "state", "finished", "rows", rows, "durationMs", durationMs));
    }

    public static Event log(String level, String logger, String message) {
        return new Event(LOG, map("level", level, "logger", logger, "message", message));
    }

    /**
     * The final event of a successful operation.
     *
     * @param summary human-readable lines the CLI prints; data is what --json and the IDE read
     */
    public static Event result(String command, Map<String, Object> data, String summary) {
        return new Event(RESULT, map("command", command, "status", "ok", "data", data, "summary", summary));
    }

    /** The final event of a failed operation. */
    public static Event error(String command, AgilabException error) {
        Map<String, Object> fields = map("command", command, "class", error.failureClass().id(),
                "exitCode", error.failureClass().exitCode(), "message", error.getMessage());
        if (error.file() != null) {
            fields.put("file", error.file().toString());
        }
        if (error.line() > 0) {
            fields.put("line", error.line());
        }
        fields.put("key", error.key());
        fields.put("host", error.host());
        fields.put("hint", error.hint());
        fields.put("text", error.oneLine());
        fields.values().removeIf(java.util.Objects::isNull);
        return new Event(ERROR, fields);
    }

    /** A failure that also carries a report, as doctor gives when the home or the settings are not healthy. */
    public static Event error(String command, AgilabException error, Map<String, Object> data, String summary) {
        Map<String, Object> fields = new LinkedHashMap<>(error(command, error).fields());
        fields.put("data", data);
        fields.put("summary", summary);
        return new Event(ERROR, fields);
    }

    /** Pairs of name, value; null values are left out. */
    static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }

    public String type() {
        return type;
    }

    public Map<String, Object> fields() {
        return fields;
    }

    public Object get(String field) {
        return fields.get(field);
    }

    public String string(String field) {
        Object value = fields.get(field);
        return value == null ? null : value.toString();
    }

    public long number(String field) {
        Object value = fields.get(field);
        return value instanceof Number number ? number.longValue() : 0L;
    }

    public boolean isFinal() {
        return RESULT.equals(type) || ERROR.equals(type);
    }

    /** The wire form, without the envelope fields the emitter adds. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.putAll(fields);
        return Json.write(json);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
