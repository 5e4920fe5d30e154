package org.agilab.core.internal.launch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.debug.core.IStreamListener;
import org.eclipse.debug.core.model.IStreamMonitor;

/** One stream of a manager launch (its output or its errors), as the Console reads it: text appended, listeners told. */
final class TextStreamMonitor implements IStreamMonitor {

    /** The Console keeps what it shows; this keeps at most so much for late listeners (a console opened afterwards). */
    static final int KEPT_CHARS = 1 << 20;

    private final List<IStreamListener> listeners = new CopyOnWriteArrayList<>();
    private final StringBuilder contents = new StringBuilder();

    @Override
    public void addListener(IStreamListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(IStreamListener listener) {
        listeners.remove(listener);
    }

    @Override
    public synchronized String getContents() {
        return contents.toString();
    }

    void append(String text) {
        synchronized (this) {
            contents.append(text);
            if (contents.length() > KEPT_CHARS) {
                contents.delete(0, contents.length() - KEPT_CHARS);
            }
        }
        for (IStreamListener listener : listeners) {
            listener.streamAppended(text, this);
        }
    }
}
