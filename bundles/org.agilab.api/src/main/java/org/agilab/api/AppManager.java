package org.agilab.api;

import java.nio.file.Path;
import java.util.List;

/**
 * The manager of an app: it splits the work into per-worker plans. Upstream's {@code build_distribution}. One class
 * per app, named after the app ({@code flight_telemetry_project} has {@code flight_telemetry.FlightTelemetry}), with
 * a public no-argument constructor.
 *
 * @param <A> the app's typed args ({@code FlightTelemetryArgs})
 */
public interface AppManager<A> {

    /** The class of the app's args: a class with a public no-argument constructor and fields holding the defaults. */
    Class<A> argsType();

    /**
     * Builds the distribution for the workers of this run.
     *
     * @throws Exception anything the app cannot handle; an {@link InvalidArgException} names the arg at fault
     */
    Distribution buildDistribution(PlanningContext<A> context) throws Exception;

    /**
     * Called once per run, before any worker starts (and whether the plan was made now or reused): the place for
     * what must happen once, such as emptying the output folder when {@code reset_target} is set. Workers run
     * concurrently on their nodes, so they must not do it themselves.
     */
    default void prepareRun(PlanningContext<A> context) throws Exception {
    }

    /**
     * Files or folders whose content the plan depends on (for example {@code data_in}): when their listing (names,
     * sizes, modification times) changes, a cached plan is no longer reused.
     */
    default List<Path> planInputs(PlanningContext<A> context) {
        return List.of();
    }
}
