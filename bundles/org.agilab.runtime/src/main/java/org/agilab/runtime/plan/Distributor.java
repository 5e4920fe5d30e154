package org.agilab.runtime.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.agilab.api.AppLog;
import org.agilab.api.Distribution;
import org.agilab.api.PlanningContext;
import org.agilab.runtime.app.AppFailures;
import org.agilab.runtime.log.AppLogger;
import org.agilab.runtime.app.ArgsBinder;
import org.agilab.runtime.app.LoadedApp;
import org.agilab.runtime.app.SharePaths;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.ContentHash;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.log.AgiLog;

/**
 * Upstream's {@code get_distrib}: asks the app's manager for a distribution and keeps it in
 * {@code distribution_tree.json}. A tree is reused only when the workers, the args and the input fingerprint (the
 * installed worker's hash and the listing of the app's declared plan inputs) all match. A tree marked edited is never
 * replaced silently: when it no longer matches, distribute stops and asks for {@code --replan}.
 */
public final class Distributor {

    private static final AgiLog LOG = AgiLog.get(Distributor.class);

    /** The plan of a run and how it was obtained. */
    public record Result(DistributionTree tree, Path file, boolean reused) {
    }

    private Distributor() {
    }

    public static Result distribute(LoadedApp app, Object args, Map<String, Long> workers, SharePaths share, Path workerEnv,
            boolean replan) {
        return distribute(app, args, workers, share, workerEnv, replan, null);
    }

    /**
     * @param capacities the slots' relative speeds ({@link Capacities}) for a cluster run, or null for equal slots
     */
    public static Result distribute(LoadedApp app, Object args, Map<String, Long> workers, SharePaths share, Path workerEnv,
            boolean replan, double[] capacities) {
        List<Double> planned = capacities == null || java.util.Arrays.stream(capacities).allMatch(c -> c == 1.0) ? List.of()
                : java.util.Arrays.stream(capacities).boxed().toList();
        PlanningContext<Object> context = planningContext(args, workers, share, capacities);
        String argsFingerprint = new ContentHash("agilab-args-v1").text("args", JsonCodec.write(ArgsBinder.toMap(args))).hex();
        String inputsFingerprint = inputsFingerprint(app, context);
        Path file = workerEnv.resolve(DistributionTree.FILE);
        if (Files.exists(file) && !replan) {
            DistributionTree existing = DistributionTree.read(file);
            boolean matches = existing.workers().equals(workers) && argsFingerprint.equals(existing.argsFingerprint())
                    && inputsFingerprint.equals(existing.inputsFingerprint())
                    && (existing.edited() || existing.capacities().equals(planned)); // an edited plan beats learned speeds
            if (matches) {
                return new Result(existing, file, true); // the caller says so: a typed plan event
            }
            if (existing.edited()) {
                LOG.warn("the edited plan in " + file + " no longer matches the workers, args or inputs; it was kept");
                throw AgilabException.of(FailureClass.SETTINGS, "the plan was edited and no longer matches this run's "
                        + mismatch(existing, workers, argsFingerprint, inputsFingerprint)).file(file)
                        .hint("rerun with --replan to replace it (the edits are lost), or go back to the settings it was made for")
                        .build();
            }
        }
        Distribution distribution = build(app, context);
        DistributionTree tree = new DistributionTree(distribution, workers, argsFingerprint, inputsFingerprint,
                app.install().hash(), false, Instant.now().toString(), planned);
        tree.write(file);
        if (!planned.isEmpty()) {
            LOG.info("planned for capacities " + planned); // the plan event says the rest
        }
        return new Result(tree, file, false);
    }

    /**
     * The manager's plan for these workers, made in memory: no plan file is read or written (a service's task, planned
     * for the one slot it runs on, side by side with other tasks of the same app).
     */
    public static Distribution plan(LoadedApp app, Object args, Map<String, Long> workers, SharePaths share) {
        return build(app, planningContext(args, workers, share, null));
    }

    private static Distribution build(LoadedApp app, PlanningContext<Object> context) {
        Distribution distribution;
        try {
            distribution = app.manager().buildDistribution(context);
        } catch (Exception e) {
            throw AppFailures.classify(e, "the manager " + app.install().managerClass() + " failed to build the distribution");
        }
        if (distribution == null) {
            throw AgilabException.of(FailureClass.DATA, app.install().managerClass() + ".buildDistribution returned null")
                    .hint("return Distribution.empty(...) when there is nothing to do").build();
        }
        return distribution;
    }

    private static String mismatch(DistributionTree existing, Map<String, Long> workers, String args, String inputs) {
        if (!existing.workers().equals(workers)) {
            return "workers (" + existing.workers() + " then, " + workers + " now)";
        }
        return args.equals(existing.argsFingerprint()) ? "inputs (data or installed worker changed)" : "args";
    }

    /** The manager's once-per-run preparation (see AppManager.prepareRun). */
    public static void prepareRun(LoadedApp app, Object args, Map<String, Long> workers, SharePaths share) {
        try {
            app.manager().prepareRun(planningContext(args, workers, share, null));
        } catch (Exception e) {
            throw AppFailures.classify(e, "the manager " + app.install().managerClass() + " failed to prepare the run");
        }
    }

    static PlanningContext<Object> planningContext(Object args, Map<String, Long> workers, SharePaths share, double[] capacities) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        workers.forEach((host, count) -> counts.put(host, count.intValue()));
        int slots = Math.max(1, counts.values().stream().mapToInt(Integer::intValue).sum());
        AppLog log = new AppLogger("manager");
        return new PlanningContext<>() {
            @Override
            public Object args() {
                return args;
            }

            @Override
            public Map<String, Integer> workers() {
                return counts;
            }

            @Override
            public int slots() {
                return slots;
            }

            @Override
            public int[][] makeChunks(long[] weights) {
                return (capacities == null || capacities.length != slots ? Planner.makeChunks(weights, slots)
                        : Planner.makeChunks(weights, capacities)).slots();
            }

            @Override
            public Path resolveInput(String path) {
                return share.resolve(path);
            }

            @Override
            public Path resolveOutput(String path) {
                return share.resolve(path);
            }

            @Override
            public AppLog log() {
                return log;
            }
        };
    }

    /** The installed worker's hash plus names, sizes and times of every file under the declared plan inputs. */
    static String inputsFingerprint(LoadedApp app, PlanningContext<Object> context) {
        ContentHash hash = new ContentHash("agilab-plan-inputs-v1").text("install", app.install().hash());
        for (Path input : app.manager().planInputs(context)) {
            hash.text("input", input.toString());
            if (!Files.exists(input)) {
                hash.text("missing", input.toString());
                continue;
            }
            try (Stream<Path> walk = Files.walk(input)) {
                for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString))::iterator) {
                    hash.text("file", input.relativize(file) + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis());
                }
            } catch (IOException e) {
                throw AgilabException.of(FailureClass.DATA, "cannot list the plan input " + input + ": " + e.getMessage())
                        .file(input).cause(e).build();
            }
        }
        return hash.hex();
    }

}
