package org.agilab.runtime.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.agilab.runtime.app.SharePaths;
import org.agilab.api.Work;
import org.agilab.runtime.settings.ClusterSettings.NodeCompilerChoice;

/**
 * Which just-in-time compilers a node JVM runs, {@code [cluster] node_compiler}. Starting Ignite is most of a cold run
 * and the optimising compiler (C2) spends a third of it compiling start-up code that never runs again; on two cores
 * that decides the cold run. C2 pays off only when chunks compute long enough: measured on the flight app
 * (docs/benchmarks.md), quick nodes start a cold run 0.6 s sooner, and full nodes compute 1.4 M rows 20% faster.
 * Both use the serial collector, which beats G1 on these short-lived, single-chunk heaps.
 */
public enum NodeCompiler {

    /** The client compiler only (C1): the fastest start, slower on long computations. */
    QUICK(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")),
    /** Both compilers, the optimising one held back (thresholds ×10) so that start-up code stays with C1. */
    FULL(List.of("-XX:+UseSerialGC", "-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
            "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000"));

    /** {@code auto} picks {@link #FULL} from this much planned input per node. */
    public static final long FULL_FROM_BYTES_PER_NODE = 16L << 20;

    private final List<String> jvmOptions;

    NodeCompiler(List<String> jvmOptions) {
        this.jvmOptions = jvmOptions;
    }

    public List<String> jvmOptions() {
        return jvmOptions;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether nodes running this compiler serve a run that asked for {@code wanted}: full nodes serve quick runs. */
    boolean serves(NodeCompiler wanted) {
        return this == FULL || wanted == QUICK;
    }

    /**
     * The compiler for a run: the setting's, or for {@code auto} (and no setting) the one the planned input calls for.
     * Plan items that are files count by their size; other items count nothing.
     */
    public static NodeCompiler choose(NodeCompilerChoice setting, List<List<Work>> chunks, SharePaths share, int nodes) {
        if (setting == NodeCompilerChoice.QUICK) {
            return QUICK;
        }
        if (setting == NodeCompilerChoice.FULL) {
            return FULL;
        }
        return plannedBytes(chunks, share) / Math.max(1, nodes) >= FULL_FROM_BYTES_PER_NODE ? FULL : QUICK;
    }

    static long plannedBytes(List<List<Work>> chunks, SharePaths share) {
        long total = 0;
        for (List<Work> chunk : chunks) {
            for (Work work : chunk) {
                for (String item : work.items()) {
                    try {
                        Path file = share.resolve(item);
                        if (Files.isRegularFile(file)) {
                            total += Files.size(file);
                        }
                    } catch (IOException | RuntimeException e) {
                        // an item that is no readable file (a name, a query) weighs nothing here
                    }
                }
            }
        }
        return total;
    }
}
