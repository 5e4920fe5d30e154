package org.agilab.runtime.manager;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.cluster.Coordinator;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.request.ManagerRequest;
import org.agilab.runtime.request.ProcessRole;

/**
 * The main of a coordinator process ({@code Coordinator.spawn} starts it): the manager in the
 * {@link ProcessRole#COORDINATOR} role, handling the requests callers hand the {@link Coordinator}.
 */
public final class CoordinatorMain implements Coordinator.RequestHandler {

    /** The most a warm-up request on standard input may hold: a command line. */
    static final int MAX_WARM_UP_BYTES = 1 << 20;

    /**
     * Arguments: the nodes folder, the idle timeout in seconds, and how to join the warm nodes ahead of a run (optional,
     * JSON). Standard input: the command line of the run to warm up (a JSON array), or nothing.
     */
    public static void main(String[] args) throws Exception {
        Coordinator.Join join = args.length > 2 ? JsonCodec.read(args[2], Coordinator.Join.class) : null;
        Coordinator.serve(Path.of(args[0]), Long.parseLong(args[1]), join, warmUpRequest(System.in), new CoordinatorMain());
    }

    /** The run the spawning process asked to warm up; null when it asked none or the request does not parse. */
    static ManagerRequest warmUpRequest(InputStream in) {
        try {
            String text = new String(in.readNBytes(MAX_WARM_UP_BYTES), java.nio.charset.StandardCharsets.UTF_8).strip();
            ManagerRequest request = text.isEmpty() ? null : ManagerRequest.parse(List.of(JsonCodec.read(text, String[].class)));
            if (request != null) {
                System.out.println("asked to warm up the run of " + request.app() + " that started it");
            }
            return request;
        } catch (java.io.IOException | RuntimeException e) {
            System.out.println("no warm-up: its request could not be read (" + e + ")");
            return null;
        }
    }

    @Override
    public boolean accepts(ManagerRequest request, Map<String, String> environment) {
        // a local run only from a caller that allows it (the CLI); its marker is not part of the run's environment
        return ManagerMain.takenByCoordinator(request, environment, "true".equals(environment.get(Coordinator.LOCAL_RUN_CALLER)));
    }

    @Override
    public int handle(ManagerRequest request, Map<String, String> environment, InputStream in, PrintStream out) {
        environment.remove(Coordinator.LOCAL_RUN_CALLER);
        // its stderr (a record that could not be completed, say) goes to the coordinator's log
        return new ManagerMain(environment, in, out, System.out, ProcessRole.COORDINATOR).run(request);
    }

    @Override
    public int warmUp(ManagerRequest request, Map<String, String> environment, Cancellation cancellation) {
        Map<String, String> callerEnvironment = new java.util.HashMap<>(environment);
        callerEnvironment.remove(Coordinator.LOCAL_RUN_CALLER);
        callerEnvironment.remove(Coordinator.TERSE_CALLER);
        return new ManagerMain(callerEnvironment, InputStream.nullInputStream(), System.out, System.out, ProcessRole.COORDINATOR)
                .warmUp(request, cancellation);
    }
}
