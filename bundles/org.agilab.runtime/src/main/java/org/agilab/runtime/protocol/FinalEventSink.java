package org.agilab.runtime.protocol;

import java.io.PrintStream;

/** {@code --json}: prints only the final result or error event, as one JSON line. */
public final class FinalEventSink implements EventSink {

    private final PrintStream out;

    public FinalEventSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void accept(EventEnvelope event) {
        if (event.event().isFinal()) {
            out.println(event.toJsonLine());
            out.flush();
        }
    }
}
