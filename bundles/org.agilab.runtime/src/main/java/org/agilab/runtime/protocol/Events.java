package org.agilab.runtime.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.log.Redactor;

/**
 * The event stream of one manager process: numbers each event, redacts it, and hands it to every sink (the caller's
 * channel, the run log). Also an {@link AgiLog.Sink}, so log lines become {@code log} events.
 */
public final class Events implements AgiLog.Sink {

    private final Redactor redactor;
    private final List<EventSink> sinks = new CopyOnWriteArrayList<>();
    private long seq;

    public Events(Redactor redactor) {
        this.redactor = redactor;
    }

    public void addSink(EventSink sink) {
        sinks.add(sink);
    }

    public void removeSink(EventSink sink) {
        sinks.remove(sink);
    }

    public synchronized void emit(Event event) {
        Event redacted = redactor.isEmpty() ? event : redact(event);
        EventEnvelope envelope = new EventEnvelope(Event.VERSION, ++seq, Instant.now(), redacted);
        for (EventSink sink : sinks) {
            sink.accept(envelope);
        }
    }

    /**
     * Masks the event's strings before anything serialises them, so a secret holding {@code "} or {@code \\} (escaped in
     * JSON) is masked too, nested result data included. The event goes through its JSON tree, which every component
     * type has, and comes back as the same type.
     */
    private Event redact(Event event) {
        JsonObject tree = EventTypes.tree(JsonCodec.gson(), event);
        JsonElement masked = redact(tree);
        return masked == tree ? event : EventTypes.fromTree(JsonCodec.gson(), masked.getAsJsonObject());
    }

    /** The element with secrets masked in its strings and member names; the same instance when it holds none. */
    private JsonElement redact(JsonElement element) {
        if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
            String text = element.getAsString();
            String masked = redactor.redact(text);
            return masked.equals(text) ? element : new JsonPrimitive(masked);
        }
        if (element.isJsonArray()) {
            JsonArray copy = new JsonArray();
            boolean changed = false;
            for (JsonElement item : element.getAsJsonArray()) {
                JsonElement masked = redact(item);
                changed |= masked != item;
                copy.add(masked);
            }
            return changed ? copy : element;
        }
        if (element.isJsonObject()) {
            JsonObject copy = new JsonObject();
            boolean changed = false;
            for (Map.Entry<String, JsonElement> member : element.getAsJsonObject().entrySet()) {
                String name = redactor.redact(member.getKey());
                JsonElement masked = redact(member.getValue());
                changed |= masked != member.getValue() || !name.equals(member.getKey());
                copy.add(name, masked);
            }
            return changed ? copy : element;
        }
        return element;
    }

    @Override
    public void log(AgiLog.Level level, String logger, String message) {
        emit(new Event.Log(Event.Level.valueOf(level.name()), logger, message));
    }

    /** Times a phase: emits started now and finished (ok, or error when closed after a failure) on close. */
    public Phase phase(String name) {
        return new Phase(name);
    }

    public final class Phase implements AutoCloseable {
        private final String name;
        private final long start = System.nanoTime();
        private String status = "error";

        private Phase(String name) {
            this.name = name;
            emit(Event.Phase.started(name));
        }

        /** Marks the phase successful; a phase closed without this reports an error. */
        public void ok() {
            status = "ok";
        }

        public void status(String value) {
            status = value;
        }

        @Override
        public void close() {
            emit(Event.Phase.finished(name, status, (System.nanoTime() - start) / 1_000_000));
        }
    }
}
