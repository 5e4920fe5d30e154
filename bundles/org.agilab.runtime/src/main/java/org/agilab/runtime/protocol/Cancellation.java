package org.agilab.runtime.protocol;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;

/** Cancellation of one operation, by the caller (control message), Ctrl-C, or a closed control channel. */
public final class Cancellation {

    private volatile String reason;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void cancel(String why) {
        if (reason == null) {
            reason = why;
            listeners.forEach(Runnable::run);
        }
    }

    public boolean isCancelled() {
        return reason != null;
    }

    public String reason() {
        return reason;
    }

    /** Runs when cancel arrives (cancel remote jobs, close sessions); at once if it already has. */
    public void onCancel(Runnable listener) {
        listeners.add(listener);
        if (reason != null) {
            listener.run();
        }
    }

    public void throwIfCancelled() {
        if (reason != null) {
            throw AgilabException.of(FailureClass.CANCELLED, "cancelled: " + reason).build();
        }
    }
}
