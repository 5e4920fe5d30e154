package org.agilab.runtime.protocol;

/** Receives the events of one manager process, in order, already redacted. */
@FunctionalInterface
public interface EventSink {
    void accept(EventEnvelope event);
}
