package org.agilab.runtime.protocol;

import java.io.PrintStream;

/** Writes every event as one JSON line: the channel a caller (the IDE, the headless application) reads. */
public final class JsonLinesSink implements EventSink {

    private final PrintStream out;

    public JsonLinesSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void accept(EventEnvelope event) {
        synchronized (out) {
            out.println(event.toJsonLine());
            out.flush();
        }
    }
}
