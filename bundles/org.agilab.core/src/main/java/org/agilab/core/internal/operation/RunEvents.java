package org.agilab.core.internal.operation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.agilab.runtime.protocol.EventEnvelope;

/**
 * Every AGILab operation's events as they come, for views that follow live runs (the Workers view): a listener is
 * called on the operation's reader thread and must hand work to its own pace (buffer, then redraw on a timer).
 */
public final class RunEvents {

    /** A listener of every operation of this IDE. */
    public interface Listener {
        void started(ManagerJob job);

        void event(ManagerJob job, EventEnvelope envelope);

        void ended(ManagerJob job);
    }

    private static final List<Listener> LISTENERS = new CopyOnWriteArrayList<>();

    private RunEvents() {
    }

    public static void add(Listener listener) {
        LISTENERS.add(listener);
    }

    public static void remove(Listener listener) {
        LISTENERS.remove(listener);
    }

    static void started(ManagerJob job) {
        LISTENERS.forEach(listener -> listener.started(job));
    }

    static void event(ManagerJob job, EventEnvelope envelope) {
        LISTENERS.forEach(listener -> listener.event(job, envelope));
    }

    static void ended(ManagerJob job) {
        LISTENERS.forEach(listener -> listener.ended(job));
    }
}
