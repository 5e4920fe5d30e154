package org.agilab.runtime.protocol;

import java.io.PrintStream;

/**
 * {@code --json}: prints the final result or error event as one JSON line, after one line per workflow stage (each
 * {@link Event.Stage} listed, planned or ended; not those that only started).
 */
public final class FinalEventSink implements EventSink {

    private final PrintStream out;

    public FinalEventSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void accept(EventEnvelope event) {
        if (event.event().isFinal() || event.event() instanceof Event.Stage stage && !"running".equals(stage.status())) {
            out.println(event.toJsonLine());
            out.flush();
        }
    }
}
