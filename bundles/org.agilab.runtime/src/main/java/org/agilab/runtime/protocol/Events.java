package org.agilab.runtime.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

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
     * Masks the fields before anything serialises them, so a secret holding {@code "} or {@code \} (escaped in JSON)
     * is masked too, nested result data included.
     */
    private Event redact(Event event) {
        Map<String, Object> fields = redactor.redactMap(event.fields());
        return fields == event.fields() ? event : new Event(event.type(), fields);
    }

    @Override
    public void log(AgiLog.Level level, String logger, String message) {
        emit(Event.log(level.name().toLowerCase(java.util.Locale.ROOT), logger, message));
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
            emit(Event.phaseStarted(name));
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
            emit(Event.phaseFinished(name, status, (System.nanoTime() - start) / 1_000_000));
        }
    }
}
