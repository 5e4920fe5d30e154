package org.agilab.runtime.manager;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.process.ProcessIdentity;
import org.agilab.runtime.service.ServiceQueue;
import org.agilab.runtime.service.ServiceState;
import org.agilab.runtime.service.ServiceTask;

/**
 * The service process of an app ({@code serve start} starts it, detached, so it outlives the CLI): it takes the queue's
 * pending tasks one after the other and runs each as the app's usual cluster run ({@code agilab run} with the task's
 * {@code --set} values), which goes to the app's coordinator and its warm nodes like any run (the first one, cold,
 * starts them). A task whose run succeeds goes to {@code done/} with the run's result; a cluster or busy failure (its
 * nodes lost beyond failover, another operation holding the app) goes back to pending until {@code max_attempts};
 * any other failure goes to {@code failed/} with its classified error. It heartbeats in {@code service.json}, puts back
 * the tasks a dead predecessor was running, ends once drained when {@code serve stop} asks, at once on SIGTERM
 * ({@code serve stop --now}: the running task is cancelled and goes back to pending), or after the idle timeout. After
 * each task it applies the queue's retention.
 */
public final class ServiceMain {

    private static final long POLL_MILLIS = 20;
    /** Held (an OS file lock) by the one service of a queue while it runs; released with its process, however it ends. */
    static final String LOCK_FILE = ".service.lock";

    /**
     * What {@code serve start} gives its service, as JSON on the command line (no secret: paths, numbers and the run
     * options given to start).
     *
     * @param runOptions the options given to start ({@code --mode}, {@code --workers}, {@code --set}), for every task's run
     */
    record Config(Path home, String app, long idleMillis, int maxAttempts, List<String> runOptions, long doneTtlSec,
            int doneMaxFiles, long failedTtlSec, int failedMaxFiles) {

        ServiceQueue.Retention retention() {
            return new ServiceQueue.Retention(java.time.Duration.ofSeconds(doneTtlSec), doneMaxFiles,
                    java.time.Duration.ofSeconds(failedTtlSec), failedMaxFiles);
        }
    }

    private final Path queueRoot;
    private final Path home;
    private final String app;
    private final long idleMillis;
    private final int maxAttempts;
    private final List<String> runOptions;
    private final ServiceQueue.Retention retention;
    private final Map<String, String> environment;

    private final Object lock = new Object();
    private boolean stopping;
    private ManagerMain current;

    ServiceMain(Path queueRoot, Config config, Map<String, String> environment) {
        this.queueRoot = queueRoot;
        this.home = config.home();
        this.app = config.app();
        this.idleMillis = config.idleMillis();
        this.maxAttempts = config.maxAttempts();
        this.runOptions = List.copyOf(config.runOptions());
        this.retention = config.retention();
        this.environment = environment;
    }

    /** Arguments: the queue folder and the {@link Config} as JSON. */
    public static void main(String[] args) {
        ServiceMain service = new ServiceMain(Path.of(args[0]), JsonCodec.read(args[1], Config.class), System.getenv());
        CountDownLatch ended = new CountDownLatch(1);
        // SIGTERM (serve stop --now): cancel the running task, let the loop put it back, then exit
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.stopNow();
            try {
                ended.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "agilab-service-stop"));
        int code = 0;
        try {
            service.serve();
        } catch (Throwable unexpected) {
            unexpected.printStackTrace();
            code = FailureClass.INTERNAL.exitCode();
        } finally {
            ended.countDown();
        }
        System.exit(code);
    }

    void stopNow() {
        synchronized (lock) {
            stopping = true;
            if (current != null) {
                current.cancellation().cancel("the service is stopping (serve stop --now)");
            }
        }
    }

    private boolean stopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    /**
     * Serves the queue until drained on request, stopped or idle; returns at once when another service holds the
     * queue's lock (two {@code serve start} at the same moment): the one that holds it may be running a task, which
     * this one must not put back in pending.
     *
     * @return whether it served (false: another service holds the queue)
     */
    boolean serve() throws InterruptedException, java.io.IOException {
        ServiceQueue queue = ServiceQueue.open(queueRoot);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(queueRoot.resolve(LOCK_FILE),
                java.util.Set.of(java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")))) {
            java.nio.channels.FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException heldHere) {
                lock = null;
            }
            if (lock == null) {
                System.out.println("another service holds " + queueRoot.resolve(LOCK_FILE) + ": this one ends");
                return false;
            }
            serve(queue);
            return true; // the lock goes with the channel
        }
    }

    private void serve(ServiceQueue queue) throws InterruptedException {
        ProcessIdentity self = ProcessIdentity.current();
        List<String> restarts = new ArrayList<>();
        long done = 0;
        long failed = 0;
        prune(queue);
        int requeued = queue.requeueRunning("service-restart");
        for (int i = 0; i < requeued; i++) {
            restarts.add("service-restart");
        }
        ServiceState state = new ServiceState(self.pid(), self.started(), app, "running", Instant.now(), null, 0, 0, restarts, null);
        state.write(queueRoot);
        System.out.println("service of " + app + " running, pid " + self.pid() + (requeued > 0 ? ", " + requeued + " tasks resumed" : ""));
        long lastWork = System.currentTimeMillis();
        long lastBeat = System.currentTimeMillis();
        String stopReason = "stopped";
        while (!stopping()) {
            boolean draining = Files.exists(queueRoot.resolve(ServiceState.DRAIN));
            Optional<ServiceTask> next = queue.claim("service-" + self.pid());
            if (next.isPresent()) {
                ServiceTask task = next.get();
                state = state.with(draining ? "draining" : "running", Instant.now(), task.id(), done, failed, restarts, null);
                state.write(queueRoot);
                ServiceTask ended = run(queue, task);
                Optional<ServiceQueue.State> where = queue.stateOf(ended.id());
                if (where.equals(Optional.of(ServiceQueue.State.DONE))) {
                    done++;
                } else if (where.equals(Optional.of(ServiceQueue.State.FAILED))) {
                    failed++;
                } else if (!ended.requeued().isEmpty()) {
                    restarts.add(ended.requeued().get(ended.requeued().size() - 1));
                }
                prune(queue);
                lastWork = System.currentTimeMillis();
                lastBeat = 0; // say what changed at once
            } else if (draining && queue.counts().running() == 0) {
                stopReason = "drained";
                break;
            } else if (System.currentTimeMillis() - lastWork > idleMillis) {
                stopReason = "idle";
                break;
            } else {
                Thread.sleep(POLL_MILLIS);
            }
            if (System.currentTimeMillis() - lastBeat >= ServiceState.HEARTBEAT_MILLIS) {
                state = state.with(draining ? "draining" : "running", Instant.now(), null, done, failed, restarts, null);
                state.write(queueRoot);
                lastBeat = System.currentTimeMillis();
            }
        }
        state.with("stopped", Instant.now(), null, done, failed, restarts, stopReason).write(queueRoot);
        System.out.println("service of " + app + " " + stopReason + ": " + done + " done, " + failed + " failed");
    }

    /** Retention: finished tasks past their TTL or beyond their count go (a listing of two folders: cheap per task). */
    private void prune(ServiceQueue queue) {
        ServiceQueue.Pruned pruned = queue.prune(retention);
        if (pruned.done() + pruned.failed() > 0) {
            System.out.println("retention: removed " + pruned.done() + " done and " + pruned.failed() + " failed tasks");
        }
    }

    /** Runs one task as the app's cluster run, and files it by the run's final event. */
    private ServiceTask run(ServiceQueue queue, ServiceTask task) {
        List<String> argv = new ArrayList<>(List.of("run", "--app", app, "--home", home.toString()));
        argv.addAll(runOptions);
        task.args().forEach((key, value) -> argv.addAll(List.of("--set", key + "=" + value)));
        argv.add("--json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ManagerMain manager = new ManagerMain(environment, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        synchronized (lock) {
            current = manager;
            if (stopping) {
                manager.cancellation().cancel("the service is stopping (serve stop --now)");
            }
        }
        int code;
        try {
            code = manager.run(argv.toArray(String[]::new));
        } finally {
            synchronized (lock) {
                current = null;
            }
        }
        Map<String, Object> last = finalEvent(out.toString(StandardCharsets.UTF_8));
        if (code == 0) {
            Map<String, Object> result = new LinkedHashMap<>();
            if (last.get("data") instanceof Map<?, ?> data) {
                data.forEach((key, value) -> result.put(String.valueOf(key), value));
            }
            if (last.get("summary") != null) {
                result.put("summary", last.get("summary"));
            }
            return queue.complete(task, result);
        }
        if (code == FailureClass.CANCELLED.exitCode() && stopping()) {
            return queue.release(task, "service-stopped");
        }
        ServiceTask.TaskError error = new ServiceTask.TaskError(String.valueOf(last.getOrDefault("class", "internal")),
                String.valueOf(last.getOrDefault("message", "the run ended with exit code " + code)),
                last.get("hint") == null ? null : String.valueOf(last.get("hint")));
        // a cluster failure (nodes lost beyond failover, unreachable) or another operation on the app: worth another attempt
        boolean retryable = code == FailureClass.CLUSTER.exitCode() || code == FailureClass.BUSY.exitCode();
        return queue.fail(task, error, retryable, error.failureClass() + ": " + error.message(), maxAttempts);
    }

    private static Map<String, Object> finalEvent(String output) {
        List<String> lines = output.lines().filter(line -> line.startsWith("{")).toList();
        if (lines.isEmpty()) {
            return Map.of();
        }
        try {
            return JsonCodec.readObject(lines.get(lines.size() - 1));
        } catch (JsonCodec.Malformed e) {
            return Map.of();
        }
    }
}
