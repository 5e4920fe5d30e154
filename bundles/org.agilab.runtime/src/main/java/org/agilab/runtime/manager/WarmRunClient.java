package org.agilab.runtime.manager;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.agilab.runtime.cluster.Coordinator;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.Events;
import org.agilab.runtime.protocol.FinalEventSink;
import org.agilab.runtime.protocol.HumanSink;
import org.agilab.runtime.request.Command;
import org.agilab.runtime.request.ManagerRequest;

/**
 * The {@code ./agilab} script's thin client of a run that the app's warm coordinator takes: it hands the run over and
 * prints the coordinator's events as the manager would, in a small JVM (the runtime, API and Gson jars only, C1, the
 * serial collector, its own class-data archive) that loads no settings, Ignite, compiler or app. The script starts it
 * for a {@code run} when the home has a coordinator; when none takes this run (no coordinator of this app and runtime
 * build, or it declines or refuses) it prints nothing and exits {@link #NOT_TAKEN}, and the script starts the full
 * manager, which runs it (and replaces a coordinator of another build). What is handed over and how the events are
 * relayed is the manager's own code ({@link ManagerMain#handTo}), so console, exit code and record are the same.
 */
public final class WarmRunClient {

    /** Exit code: no coordinator took the run, nothing ran and nothing was printed; the script runs the full manager. */
    public static final int NOT_TAKEN = 75;

    private WarmRunClient() {
    }

    public static void main(String[] args) {
        Cancellation cancellation = new Cancellation();
        ManagerMain.exit(cancellation, () -> run(List.of(args), System.getenv(), System.out, System.err, cancellation));
    }

    /** Hands the run to the coordinator and prints its events; {@link #NOT_TAKEN} when it did not take it. */
    static int run(List<String> argv, Map<String, String> environment, PrintStream out, PrintStream err, Cancellation cancellation) {
        String noDaemon = environment.get(ManagerMain.NO_DAEMON_VARIABLE);
        if (noDaemon != null && !noDaemon.isBlank()) {
            return NOT_TAKEN;
        }
        ManagerRequest request;
        AgilabHome home;
        AppProject app;
        try {
            request = ManagerRequest.parse(argv);
            // the IDE's protocol (a control channel on stdin) and anything but a run stay with the manager
            if (request.command() != Command.RUN || request.protocol() || request.has(ManagerRequest.Flag.NO_DAEMON) || request.help()
                    || request.version()) {
                return NOT_TAKEN;
            }
            home = AgilabHome.resolve(request.home(), environment);
            app = ManagerMain.resolveApp(request, home);
        } catch (RuntimeException e) {
            return NOT_TAKEN; // the manager reports the problem, as it always did
        }
        if (app == null) {
            return NOT_TAKEN;
        }
        Path nodes = home.workerEnv(app.target()).resolve("nodes");
        // a coordinator of another build is the manager's to replace
        Optional<Coordinator.Endpoint> endpoint = Coordinator.find(nodes, Coordinator.START_WAIT_MILLIS)
                .filter(Coordinator.Endpoint::sameRuntime);
        if (endpoint.isEmpty()) {
            return NOT_TAKEN;
        }
        // the coordinator redacts with the same inputs (this environment, the command line, the home's .env); masking
        // here as well keeps what this process prints exactly what the manager would print
        Redactor redactor = new Redactor();
        environment.forEach(redactor::addIfSecret);
        redactor.addArguments(ManagerRequest.lex(argv));
        home.dotEnv().entries().forEach((key, entry) -> redactor.addIfSecret(key, entry.value()));
        Events events = new Events(redactor);
        events.addSink(request.json() ? new FinalEventSink(out) : new HumanSink(out, err, request.verbose()));
        try {
            return ManagerMain.handTo(endpoint.get(), request, argv, home, app, environment, events, cancellation, null, true)
                    .orElse(NOT_TAKEN);
        } catch (AgilabException e) {
            events.emit(Event.Failure.of(request.command().id(), e));
            return e.failureClass().exitCode();
        } catch (RuntimeException e) {
            AgilabException classified = AgilabException.classify(e);
            events.emit(Event.Failure.of(request.command().id(), classified));
            return classified.failureClass().exitCode();
        }
    }
}
