package org.agilab.runtime.protocol;

import java.io.PrintStream;

import org.agilab.runtime.log.AppLogger;

/**
 * Renders the stream for a person at a terminal: the summary of the result on stdout, the one-line classified error
 * on stderr, warnings always, and with --verbose the phases and info lines too.
 */
public final class HumanSink implements EventSink {

    private static final String APP_LOGGER = AppLogger.class.getSimpleName();

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
        Event event = envelope.event();
        String line = render(event, verbose);
        if (line == null) {
            return;
        }
        if (event instanceof Event.Failure failure && failure.summary() != null) {
            out.println(failure.summary());
            out.flush();
        }
        PrintStream stream = event instanceof Event.Failure || event instanceof Event.Log log && log.level() != null && log.level().isWarning()
                ? err : out;
        stream.println(line);
        stream.flush();
    }

    /** The text of one event for a person, or null when it is not shown at this verbosity. */
    public static String render(Event event, boolean verbose) {
        if (event instanceof Event.Result result) {
            return result.summary() != null ? result.summary() : result.command() + ": ok";
        }
        if (event instanceof Event.Failure failure) {
            return "agilab: " + failure.text();
        }
        if (event instanceof Event.Log log) {
            String level = log.level() == null ? "info" : Event.wireName(log.level());
            // what the app itself logs is its output, as upstream prints each worker's log
            boolean shown = verbose || log.level() != null && log.level().isWarning() || APP_LOGGER.equals(log.logger());
            return shown ? level + ": " + log.message() : null;
        }
        if (event instanceof Event.Phase phase) {
            if (!verbose) {
                return null;
            }
            return phase.state() == Event.PhaseState.STARTED ? "-> " + phase.name()
                    : "<- " + phase.name() + " " + phase.status() + " (" + (phase.durationMs() == null ? 0 : phase.durationMs()) + " ms)";
        }
        if (event instanceof Event.Host host) {
            return verbose || host.state() == Event.HostState.FAILED
                    ? "host " + host.host() + ": " + Event.wireName(host.state()) + (host.detail() == null ? "" : " (" + host.detail() + ")")
                    : null;
        }
        if (event instanceof Event.Nodes nodes) {
            return verbose ? "nodes: " + Event.wireName(nodes.state()) + " " + nodes.count() + " (" + nodes.compiler() + " compiler"
                    + (Boolean.TRUE.equals(nodes.tls()) ? ", TLS" : "") + ", ports " + nodes.ports() + ", since " + nodes.since() + ")" : null;
        }
        if (event instanceof Event.Debuggee debuggee) {
            return debuggee.what() + " (pid " + debuggee.pid() + ") waits for a debugger on " + debuggee.host() + ":" + debuggee.port()
                    + ": attach Eclipse's Remote Java Application (or jdb -attach " + debuggee.host() + ":" + debuggee.port() + ")";
        }
        if (event instanceof Event.Delegated delegated) {
            return verbose ? "running on the coordinator of " + delegated.app() + " (pid " + delegated.pid() + ")" : null;
        }
        if (event instanceof Event.Credentials received) {
            return verbose ? "received SSH credentials for " + (received.host() == null ? "every host" : received.host())
                    + (received.password() ? " (password)" : "") + (received.passphrase() ? " (key passphrase)" : "") : null;
        }
        if (event instanceof Event.Plan plan) {
            return verbose ? "plan: " + Event.wireName(plan.state()) + (plan.edited() ? " (edited)" : "") + " " + plan.file() + ", "
                    + plan.works() + " works over " + plan.workers() + " workers" : null;
        }
        if (event instanceof Event.Relay relay) {
            // a loss is also a warning line of the manager's log, which every terminal shows
            return verbose ? "chunk " + relay.worker() + " on " + relay.node() + ": " + relay.received() + " of " + relay.sent()
                    + " events arrived" : null;
        }
        if (event instanceof Event.Worker worker) {
            return verbose ? "worker " + worker.worker() + "@" + worker.host() + ": " + Event.wireName(worker.state())
                    + (worker.detail() == null ? "" : " (" + worker.detail() + ")") : null;
        }
        if (event instanceof Event.Item item) {
            if (!verbose) {
                return null;
            }
            return item.state() == Event.ItemState.FINISHED
                    ? "  " + item.item() + ": " + (item.rows() == null ? 0 : item.rows()) + " rows in "
                            + (item.durationMs() == null ? 0 : item.durationMs()) + " ms"
                    : "  " + item.item() + ": " + Event.wireName(item.state());
        }
        if (event instanceof Event.Stage stage) {
            if (stage.status() == null || stage.status().equals("planned")) {
                return null; // listed and planned stages are in the result's summary
            }
            if (stage.status().equals("running")) {
                return verbose ? "-> stage " + stage.stage() + " (" + stage.runtime() + ")" : null;
            }
            return String.format("%-12s %s", stage.status(), stage.stage()) + (stage.durationMs() != null && stage.durationMs() > 0
                    ? " (" + stage.durationMs() + " ms)" : "") + (stage.reason() == null ? "" : ": " + stage.reason());
        }
        return verbose ? event.toJson() : null;
    }
}
