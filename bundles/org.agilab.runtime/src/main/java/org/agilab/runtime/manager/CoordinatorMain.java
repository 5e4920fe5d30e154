package org.agilab.runtime.manager;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import org.agilab.runtime.cluster.Coordinator;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.request.ManagerRequest;
import org.agilab.runtime.request.ProcessRole;

/**
 * The main of a coordinator process ({@code Coordinator.spawn} starts it): the manager in the
 * {@link ProcessRole#COORDINATOR} role, handling the requests callers hand the {@link Coordinator}.
 */
public final class CoordinatorMain implements Coordinator.RequestHandler {

    /** Arguments: the nodes folder, the idle timeout in seconds, and how to join the warm nodes ahead of a run (optional, JSON). */
    public static void main(String[] args) throws Exception {
        Coordinator.Join join = args.length > 2 ? JsonCodec.read(args[2], Coordinator.Join.class) : null;
        Coordinator.serve(Path.of(args[0]), Long.parseLong(args[1]), join, new CoordinatorMain());
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
}
