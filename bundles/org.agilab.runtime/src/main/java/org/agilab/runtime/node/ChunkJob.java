package org.agilab.runtime.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.agilab.api.ExecutionMode;
import org.agilab.api.Work;
import org.agilab.runtime.app.ArgsBinder;
import org.agilab.runtime.app.LoadedApp;
import org.agilab.runtime.app.SharePaths;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.exec.LocalRunner;
import org.agilab.runtime.exec.OutputClaims;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.Events;
import org.apache.ignite.lang.IgniteCallable;

import com.google.gson.annotations.SerializedName;

/**
 * One chunk of a plan, run on the node the planner chose: loads the staged worker from the node's own classpath,
 * binds the args, runs the works as that worker, streams its events to the manager while it runs (an
 * {@link EventRelay}), and returns the result as JSON. Only plain strings and numbers travel, so no app class crosses
 * the wire.
 */
public final class ChunkJob implements IgniteCallable<String> {

    private static final long serialVersionUID = 1L;

    /** Chunks running in this JVM: a node never stops for idleness while it works. */
    private static final java.util.concurrent.atomic.AtomicInteger RUNNING = new java.util.concurrent.atomic.AtomicInteger();

    static int running() {
        return RUNNING.get();
    }

    /** When this JVM's last chunk ended (epoch millis), 0 before any. */
    private static final java.util.concurrent.atomic.AtomicLong LAST_FINISHED = new java.util.concurrent.atomic.AtomicLong();

    static long lastFinished() {
        return LAST_FINISHED.get();
    }

    /**
     * The staged app, loaded once per node and kept: later chunks run on classes the JIT has already compiled. Safe
     * because a node serves one staged worker (its hash is in the nodes' key; another worker means other nodes).
     */
    private static final Map<String, LoadedApp> LOADED = new java.util.HashMap<>();

    private static synchronized LoadedApp loaded(String appName, Installer.Result install) {
        return LOADED.computeIfAbsent(install.hash(), hash -> LoadedApp.load(appName, install));
    }

    private final String appName;
    private final String workerJar;
    private final List<String> appClasspath;
    private final String managerClass;
    private final String workerClass;
    private final String installHash;
    private final String argsJson;
    private final String worksJson;
    private final int mode;
    private final int workerId;
    private final int workerCount;
    private final String host;
    private final String shareRoot;
    private final java.util.UUID manager;
    private final String eventTopic;
    private final int attempt;
    /** Whether the answer lists what the chunk wrote under data_out (an SSH host's, which the manager fetches). */
    private final boolean reportOutputs;
    /**
     * Whether the chunk's events travel to the manager while it runs (a run's do; a service task's are not kept, so
     * they are not sent: a message per task saved on both ends).
     */
    private final boolean relayEvents;

    /** The node's slow-down factor, see {@link #throttle}. */
    public static final String THROTTLE_PROPERTY = "agilab.throttle";

    @org.apache.ignite.resources.IgniteInstanceResource
    transient org.apache.ignite.Ignite ignite; // set by Ignite, or by the ChunkBatch that carries this job

    public ChunkJob(String appName, Installer.Result install, Map<String, Object> args, List<Work> works, ExecutionMode mode, int workerId,
            int workerCount, String host, Path shareRoot, java.util.UUID manager, String eventTopic, int attempt) {
        this(appName, install, args, works, mode, workerId, workerCount, host, shareRoot, manager, eventTopic, attempt, false);
    }

    /** @param reportOutputs whether the answer lists the files the chunk wrote under data_out ({@link Answer#outputs}) */
    public ChunkJob(String appName, Installer.Result install, Map<String, Object> args, List<Work> works, ExecutionMode mode, int workerId,
            int workerCount, String host, Path shareRoot, java.util.UUID manager, String eventTopic, int attempt, boolean reportOutputs) {
        this(appName, install, args, works, mode, workerId, workerCount, host, shareRoot, manager, eventTopic, attempt, reportOutputs, true);
    }

    /**
     * A service task's job: worker 0 of 1 on the local host, its events not sent (nobody keeps them).
     *
     * @param key the task's attempt, unique: its cancel topic and the id of its output claims
     */
    public static ChunkJob serviceTask(String appName, Installer.Result install, Map<String, Object> args, List<Work> works, ExecutionMode mode,
            Path shareRoot, java.util.UUID manager, String key, int attempt) {
        return new ChunkJob(appName, install, args, works, mode, 0, 1, IgniteSetup.ADDRESS, shareRoot, manager, key, attempt, false, false);
    }

    private ChunkJob(String appName, Installer.Result install, Map<String, Object> args, List<Work> works, ExecutionMode mode, int workerId,
            int workerCount, String host, Path shareRoot, java.util.UUID manager, String eventTopic, int attempt, boolean reportOutputs,
            boolean relayEvents) {
        this.reportOutputs = reportOutputs;
        this.relayEvents = relayEvents;
        this.appName = appName;
        this.workerJar = install.workerJar().toString();
        // an ArrayList: the one list class the nodes' marshaller allowlist admits
        this.appClasspath = new ArrayList<>(install.appClasspath().stream().map(Path::toString).toList());
        this.managerClass = install.managerClass();
        this.workerClass = install.workerClass();
        this.installHash = install.hash();
        this.argsJson = JsonCodec.write(args);
        this.worksJson = JsonCodec.write(works.toArray(Work[]::new));
        this.mode = mode.bits();
        this.workerId = workerId;
        this.workerCount = workerCount;
        this.host = host;
        this.shareRoot = shareRoot.toString();
        this.manager = manager;
        this.eventTopic = eventTopic;
        this.attempt = attempt;
    }

    /**
     * A node started with {@code -Dagilab.throttle=F} (from {@code [cluster] throttle}, for tests and benchmarks of
     * the capacities) takes F times as long for each chunk, as a slower machine would: it waits (F - 1) times the
     * chunk's duration before it answers, and a cancel ends the wait.
     */
    private static void throttle(long chunkMillis, Cancellation cancellation) {
        double factor = Double.parseDouble(System.getProperty(THROTTLE_PROPERTY, "1"));
        long deadline = System.currentTimeMillis() + Math.round(chunkMillis * (factor - 1));
        try {
            while (System.currentTimeMillis() < deadline && !cancellation.isCancelled()) {
                Thread.sleep(Math.min(20, Math.max(1, deadline - System.currentTimeMillis())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A failure as a chunk's answer carries it to the manager. */
    public record Failure(@SerializedName("class") String failureClass, String message, String hint, String file, Integer line, String key) {

        static Failure of(AgilabException error) {
            return new Failure(error.failureClass().id(), error.getMessage(), error.hint(), error.file() == null ? null : error.file().toString(),
                    error.line() > 0 ? error.line() : null, error.key());
        }

        /** The failure again as the manager's exception. */
        public AgilabException toException() {
            AgilabException.Builder failure = AgilabException.of(FailureClass.fromId(failureClass), message).hint(hint);
            if (file != null) {
                failure.at(Path.of(file), line == null ? 0 : line);
            }
            return failure.key(key).build();
        }
    }

    /**
     * What a chunk job returns (as JSON: the one answer type the nodes' marshaller needs is a string): its figures, or
     * its failure, and how many events it relayed, so the manager waits for them all.
     */
    public record Answer(long durationMs, int works, int items, long rows, int poolWidth, String family, String kernel, Failure error,
            int eventCount, List<String> outputs, List<String> claimed) {

        public Answer(long durationMs, int works, int items, long rows, int poolWidth, String family, String kernel, Failure error,
                int eventCount) {
            this(durationMs, works, items, rows, poolWidth, family, kernel, error, eventCount, null, null);
        }

        static Answer failed(Failure error, int eventCount) {
            return new Answer(0, 0, 0, 0, 0, null, null, error, eventCount);
        }

        Answer withOutputs(List<String> written) {
            return new Answer(durationMs, works, items, rows, poolWidth, family, kernel, error, eventCount, written, claimed);
        }

        Answer withClaimed(List<String> files) {
            return new Answer(durationMs, works, items, rows, poolWidth, family, kernel, error, eventCount, outputs, files);
        }

        /** The files the chunk wrote under data_out (relative to it, '/'-separated), when it was asked to say; else null. */
        @Override
        public List<String> outputs() {
            return outputs;
        }

        /**
         * The outputs the chunk claimed under data_out (relative to it, '/'-separated), also after a failure: which files
         * this chunk wrote, whatever other chunks wrote into the same folder meanwhile (the run record's {@code chunk}).
         */
        @Override
        public List<String> claimed() {
            return claimed == null ? List.of() : claimed;
        }
    }

    /** {@code files} under {@code folder}, relative to it and '/'-separated; files elsewhere are left out. */
    static List<String> relativeTo(Path folder, List<Path> files) {
        if (folder == null) {
            return List.of();
        }
        Path root = folder.toAbsolutePath().normalize();
        return files.stream().filter(file -> file.startsWith(root)).map(file -> root.relativize(file).toString()
                .replace(java.io.File.separatorChar, '/')).toList();
    }

    /**
     * The files under {@code folder} (hidden ones aside: temporaries and claims), by relative path, with their size and
     * modification time in nanoseconds: taken before and after a chunk, what differs is what it wrote. The node
     * lists them itself, so the manager needs no command on the host (on an SSH host each costs a login shell).
     */
    static Map<String, String> outputsIn(Path folder) {
        Map<String, String> files = new java.util.HashMap<>();
        if (folder == null || !java.nio.file.Files.isDirectory(folder)) {
            return files;
        }
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(folder)) {
            walk.filter(java.nio.file.Files::isRegularFile).filter(file -> !file.getFileName().toString().startsWith(".")).forEach(file -> {
                try {
                    files.put(folder.relativize(file).toString().replace(java.io.File.separatorChar, '/'), java.nio.file.Files.size(file) + " "
                            + java.nio.file.Files.getLastModifiedTime(file).to(java.util.concurrent.TimeUnit.NANOSECONDS));
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    // gone meanwhile: not an output
                }
            });
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // unreadable: nothing is reported, and the manager fetches nothing from here
        }
        return files;
    }

    /** What differs between two listings of {@link #outputsIn}: new or changed files, sorted. */
    static List<String> written(Map<String, String> before, Map<String, String> after) {
        List<String> written = new ArrayList<>();
        after.forEach((file, stamp) -> {
            if (!stamp.equals(before.get(file))) {
                written.add(file);
            }
        });
        java.util.Collections.sort(written);
        return written;
    }

    private Path outputFolder(Map<String, Object> argValues) {
        Object dataOut = argValues.get("data_out");
        if (!(dataOut instanceof String folder) || folder.isBlank()) {
            return null;
        }
        try {
            return new SharePaths(Path.of(shareRoot)).resolve(folder);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public String call() {
        String refused = NodeAdmission.refusal(workerJar, workerClass, managerClass, installHash, appClasspath);
        if (refused != null) {
            System.out.println("refused a chunk job: " + refused); // the node's log
            return JsonCodec.write(Answer.failed(new Failure(FailureClass.CLUSTER.id(), "refused by " + ignite.name() + ": " + refused,
                    "a node runs only the app it was started for; 'agilab nodes stop' and rerun to start nodes for this one", null, null,
                    null), 0));
        }
        RUNNING.incrementAndGet();
        try {
            return runChunk();
        } finally {
            LAST_FINISHED.set(System.currentTimeMillis());
            RUNNING.decrementAndGet();
        }
    }

    private String runChunk() {
        // the args' JSON is parsed once: for the args, the output folder before and after the chunk
        Map<String, Object> argValues = JsonCodec.readObject(argsJson);
        Events stream = new Events(new Redactor());
        EventRelay relay = relayEvents ? new EventRelay(ignite, manager, eventTopic, workerId, attempt) : null;
        if (relay != null) {
            stream.addSink(relay);
            AgiLog.addSink(stream);
        }
        // the manager's cancel (Ctrl-C, the IDE's Terminate) arrives as a message on the run's cancel topic
        Cancellation cancellation = new Cancellation();
        org.apache.ignite.lang.IgniteBiPredicate<java.util.UUID, Object> onCancel = (node, reason) -> {
            cancellation.cancel(String.valueOf(reason));
            return true;
        };
        ignite.message().localListen(eventTopic + ".cancel", onCancel);
        Path outputs = reportOutputs ? outputFolder(argValues) : null;
        Map<String, String> before = reportOutputs ? outputsIn(outputs) : Map.of();
        Installer.Result install = new Installer.Result(Path.of(workerJar).getParent().getParent(), Path.of(workerJar),
                appClasspath.stream().map(Path::of).toList(), installHash, false, 0, 0, managerClass, workerClass, null);
        LocalRunner.Result result = null;
        long durationMs = 0;
        Failure failure = null;
        OutputClaims claims = OutputClaims.of(eventTopic);
        try {
            LoadedApp app = loaded(appName, install);
            Object args = ArgsBinder.fromMap(app.argsType(), argValues);
            List<Work> works = List.of(JsonCodec.read(worksJson, Work[].class));
            long started = System.nanoTime();
            result = LocalRunner.run(app, args, works, ExecutionMode.of(mode), new SharePaths(Path.of(shareRoot)),
                    stream, cancellation, workerId, workerCount, host, claims);
            throttle((System.nanoTime() - started) / 1_000_000, cancellation);
            durationMs = (System.nanoTime() - started) / 1_000_000;
        } catch (RuntimeException e) {
            failure = Failure.of(AgilabException.classify(e));
        } finally {
            ignite.message().stopLocalListen(eventTopic + ".cancel", onCancel);
            if (relay != null) {
                AgiLog.removeSink(stream);
                relay.close();
            }
        }
        int relayed = relay == null ? 0 : relay.sent();
        Answer answer = failure != null ? Answer.failed(failure, relayed)
                : new Answer(durationMs, result.works(), result.items(), result.rows(), result.poolWidth(), result.family(), result.kernel(),
                        null, relayed);
        answer = answer.withClaimed(new ArrayList<>(relativeTo(outputFolder(argValues), claims.claimed())));
        // also after a failure: what a chunk finished before it failed is fetched all the same
        return JsonCodec.write(reportOutputs ? answer.withOutputs(written(before, outputsIn(outputs))) : answer);
    }
}
