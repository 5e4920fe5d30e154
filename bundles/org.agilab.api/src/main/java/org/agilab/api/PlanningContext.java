package org.agilab.api;

import java.nio.file.Path;
import java.util.Map;

/** What a manager gets to build its distribution. */
public interface PlanningContext<A> {

    /** The run's args, bound from {@code [args]}, the user's overrides and {@code --set}, already validated. */
    A args();

    /** Host to worker count, in settings order. */
    Map<String, Integer> workers();

    /** The number of worker slots: the sum of the worker counts. */
    int slots();

    /**
     * Spreads weighted works over the worker slots, minimising the largest capacity-normalised load (upstream's
     * {@code make_chunks}: exact optimum up to 12 works, greedy LPT above).
     *
     * @param weights one per work, exact sizes (bytes)
     * @return for each slot, the indexes of the works it gets
     */
    int[][] makeChunks(long[] weights);

    /**
     * Resolves an input path: absolute paths stay as they are; relative ones are under the share root
     * ({@code ~/localshare/<user>/}), as upstream's {@code resolve_share_input_path}.
     */
    Path resolveInput(String path);

    /** Resolves an output path: relative paths are under the share root. */
    Path resolveOutput(String path);

    AppLog log();
}
