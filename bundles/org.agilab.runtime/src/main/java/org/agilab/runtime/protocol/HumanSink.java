package org.agilab.runtime.protocol;

import java.io.PrintStream;

/**
 * Renders the stream for a person at a terminal: the summary of the result on stdout, the one-line classified error
 * on stderr, warnings always, and with --verbose the phases and info lines too.
 */
public final class HumanSink implements EventSink {

    private static final String APP_LOGGER = org.agilab.runtime.app.AppLogger.class.getSimpleName();

    private final PrintStream out;
    private final PrintStream err;
    private final boolean verbose;

    public HumanSink(PrintStream out, PrintStream err, boolean verbose) {
        this.out = out;
        this.err = err;
        this.verbose = verbose;
    }

    @Override
    public void accept(EventEnvelope envelope) {
        String line = render(envelope.event(), verbose);
        if (line == null) {
            return;
        }
        if (Event.ERROR.equals(envelope.event().type()) && envelope.event().string("summary") != null) {
            out.println(envelope.event().string("summary"));
            out.flush();
        }
        PrintStream stream = Event.ERROR.equals(envelope.event().type()) || isWarning(envelope.event()) ? err : out;
        stream.println(line);
        stream.flush();
    }

    private static boolean isWarning(Event event) {
        return Event.LOG.equals(event.type()) && ("warn".equals(event.string("level")) || "error".equals(event.string("level")));
    }

    /** The text of one event for a person, or null when it is not shown at this verbosity. */
    public static String render(Event event, boolean verbose) {
        switch (event.type()) {
            case Event.RESULT:
                return event.string("summary") != null ? event.string("summary") : event.string("command") + ": ok";
            case Event.ERROR:
                return "agilab: " + event.string("text");
            case Event.LOG: {
                String level = event.string("level");
                // what the app itself logs is its output, as upstream prints each worker's log
                boolean shown = verbose || "warn".equals(level) || "error".equals(level) || APP_LOGGER.equals(event.string("logger"));
                return shown ? level + ": " + event.string("message") : null;
            }
            case Event.PHASE:
                if (!verbose) {
                    return null;
                }
                return "started".equals(event.string("state")) ? "-> " + event.string("name")
                        : "<- " + event.string("name") + " " + event.string("status") + " (" + event.number("durationMs") + " ms)";
            case Event.HOST:
                return verbose || "failed".equals(event.string("state"))
                        ? "host " + event.string("host") + ": " + event.string("state")
                                + (event.string("detail") == null ? "" : " (" + event.string("detail") + ")")
                        : null;
            case Event.WORKER:
                return verbose ? "worker " + event.string("worker") + "@" + event.string("host") + ": " + event.string("state")
                        + (event.string("detail") == null ? "" : " (" + event.string("detail") + ")") : null;
            case Event.ITEM:
                if (!verbose) {
                    return null;
                }
                return "finished".equals(event.string("state"))
                        ? "  " + event.string("item") + ": " + event.number("rows") + " rows in " + event.number("durationMs") + " ms"
                        : "  " + event.string("item") + ": " + event.string("state");
            default:
                return verbose ? event.toJson() : null;
        }
    }
}
