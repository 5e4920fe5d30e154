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

import org.agilab.runtime.cluster.TaskSlots;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.exec.OutputClaims;
import org.agilab.runtime.node.ChunkJob;
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

    /** Held (an OS file lock) by the one service of a queue while it runs; released with its process, however it ends. */
    static final String LOCK_FILE = ".service.lock";

    /**
     * What {@code serve start} gives its service, as JSON on the command line (no secret: paths, numbers and the run
     * options given to start).
     *
     * @param runOptions the options given to start ({@code --mode}, {@code --workers}, {@code --set}), for every task's run
     * @param nodeRestarts {@code [service] node_restarts}: how many times the service starts a slot's node anew, at most,
     *            when its process is gone (0: never)
     */
    record Config(Path home, String app, long idleMillis, int maxAttempts, List<String> runOptions, long doneTtlSec,
            int doneMaxFiles, long failedTtlSec, int failedMaxFiles, int nodeRestarts) {

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
    private final int maxNodeRestarts;

    private final Object lock = new Object();
    private boolean stopping;
    private ManagerMain current;

    /** What the loop does next: file an ended task, or look at the queue again (a task landed in pending/). */
    private final java.util.concurrent.LinkedBlockingQueue<Runnable> wakeups = new java.util.concurrent.LinkedBlockingQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean woken = new java.util.concurrent.atomic.AtomicBoolean();
    /** The tasks on slots, by attempt key; only the loop's thread touches it. */
    private final Map<String, InFlight> inFlight = new LinkedHashMap<>();
    /** How many tasks on slots write into each data_out: a task's claims are swept once none does (a count, not a scan). */
    private final Map<Path, Integer> writing = new java.util.HashMap<>();
    private final List<String> restarts = new ArrayList<>();
    private ServiceTasks tasks;
    private TaskSlots slots;
    private ServiceState state;
    private long done;
    private long failed;
    /** Slots' nodes being started anew (one at a time, off the loop's thread), and each node's attempts so far. */
    private final java.util.Set<String> replacing = new java.util.HashSet<>();
    private final Map<String, Integer> replacements = new java.util.HashMap<>();
    private final List<ServiceState.NodeRestart> nodeRestarts = new ArrayList<>();
    private final org.agilab.runtime.protocol.Cancellation replacementCancellation = new org.agilab.runtime.protocol.Cancellation();
    /** Counted down when the service stops: ends a replacement's pause at once. */
    private final CountDownLatch stoppingSignal = new CountDownLatch(1);
    /** The slots' nodes are not the registry's any more (another run replaced them): joined anew once no task is on them. */
    private boolean staleSlots;
    /** The longest pause before a node's next start, and the longest wait for a replacement when the service stops. */
    private static final long MAX_RESTART_PAUSE_MILLIS = 30_000;
    private static final long REPLACEMENT_STOP_SECONDS = 20;
    private final java.util.concurrent.ExecutorService replacer = java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "agilab-service-node-restart");
        thread.setDaemon(true);
        return thread;
    });

    private record InFlight(ServiceTask task, Path dataOut) {
    }

    ServiceMain(Path queueRoot, Config config, Map<String, String> environment) {
        this.queueRoot = queueRoot;
        this.home = config.home();
        this.app = config.app();
        this.idleMillis = config.idleMillis();
        this.maxAttempts = config.maxAttempts();
        this.runOptions = List.copyOf(config.runOptions());
        this.retention = config.retention();
        this.environment = environment;
        this.maxNodeRestarts = config.nodeRestarts();
        replacementCancellation.onCancel(stoppingSignal::countDown);
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
        wakeups.add(() -> {
        });
        synchronized (lock) {
            stopping = true;
            replacementCancellation.cancel("the service is stopping (serve stop --now)");
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

    private void serve(ServiceQueue queue) throws InterruptedException, java.io.IOException {
        ProcessIdentity self = ProcessIdentity.current();
        prune(queue);
        int requeued = queue.requeueRunning("service-restart");
        for (int i = 0; i < requeued; i++) {
            restarts.add("service-restart");
        }
        state = new ServiceState(self.pid(), self.started(), app, "running", Instant.now(), null, 0, 0, restarts, null);
        state.write(queueRoot);
        System.out.println("service of " + app + " running, pid " + self.pid() + (requeued > 0 ? ", " + requeued + " tasks resumed" : ""));
        joinSlots(); // warm nodes of an earlier run serve the first task already
        String stopReason = "stopped";
        try (java.nio.file.WatchService watcher = queueRoot.getFileSystem().newWatchService()) {
            // submit-to-start: a task's file landing in pending/ wakes the loop at once (inotify), no poll
            queue.folder(ServiceQueue.State.PENDING).register(watcher, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
            Thread watching = new Thread(() -> watch(watcher), "agilab-service-watch");
            watching.setDaemon(true);
            watching.start();
            stopReason = loop(queue, "service-" + self.pid());
        } finally {
            endReplacements();
            releaseInFlight(queue);
            if (slots != null) {
                slots.close();
                slots = null;
            }
            if (tasks != null) {
                tasks.close();
            }
        }
        state.with("stopped", Instant.now(), null, done, failed, restarts, stopReason).withSlots(List.of()).write(queueRoot);
        System.out.println("service of " + app + " " + stopReason + ": " + done + " done, " + failed + " failed");
    }

    /** Wakes the loop on each file that lands in pending/ (coalesced: one wake-up waits at most). */
    private void watch(java.nio.file.WatchService watcher) {
        try {
            while (true) {
                java.nio.file.WatchKey key = watcher.take();
                key.pollEvents();
                key.reset();
                wake();
            }
        } catch (InterruptedException | java.nio.file.ClosedWatchServiceException ended) {
            // the service ends
        }
    }

    private void wake() {
        if (woken.compareAndSet(false, true)) {
            wakeups.add(() -> woken.set(false));
        }
    }

    /**
     * Fills the free worker slots with pending tasks (each a chunk job on a warm node), files the tasks whose jobs ended,
     * and waits for the next of either; without slots (a cold app, tasks that change more than args, nodes gone) a
     * task runs as a whole run of the app, which starts the nodes, and the slots are joined again after it.
     *
     * @return why it ended
     */
    private String loop(ServiceQueue queue, String claimer) throws InterruptedException {
        long lastWork = System.currentTimeMillis();
        long lastBeat = 0;
        long lastPrune = System.currentTimeMillis();
        while (true) {
            for (Runnable next; (next = wakeups.poll()) != null;) {
                next.run();
            }
            if (stopping()) {
                return "stopped";
            }
            boolean draining = Files.exists(queueRoot.resolve(ServiceState.DRAIN));
            boolean progressed = false;
            if (slots != null && (staleSlots || !slots.usable()) && inFlight.isEmpty() && replacing.isEmpty()) {
                // the tasks that were on the lost nodes are back in pending by now
                slots.close();
                slots = null;
                if (staleSlots) {
                    staleSlots = false;
                    System.out.println("another run replaced the warm nodes: the service joins them anew");
                    joinSlots();
                } else {
                    System.out.println("no warm node is left in the cluster: the next tasks run as whole runs, which start fresh nodes");
                }
            }
            if (slots != null && slots.usable() && !staleSlots) {
                // a dispatch may end the slots (a task that needs a whole run, a refusal filed meanwhile)
                while (slots != null && !stopping()) {
                    Optional<String> node = slots.free();
                    if (node.isEmpty()) {
                        break;
                    }
                    Optional<ServiceTask> next = queue.claim(claimer);
                    if (next.isEmpty()) {
                        break;
                    }
                    dispatch(queue, next.get(), node.get(), claimer);
                    progressed = true;
                }
            } else if (inFlight.isEmpty() && replacing.isEmpty()) {
                Optional<ServiceTask> next = queue.claim(claimer);
                if (next.isPresent()) {
                    state = state.with(draining ? "draining" : "running", Instant.now(), next.get().id(), done, failed, restarts, null);
                    state.write(queueRoot);
                    count(queue, runWhole(queue, next.get()));
                    progressed = true;
                    joinSlots();
                }
            }
            long now = System.currentTimeMillis();
            if (progressed || !inFlight.isEmpty()) {
                lastWork = now;
            }
            if (now - lastPrune >= ServiceState.HEARTBEAT_MILLIS) {
                prune(queue);
                lastPrune = now;
            }
            if (now - lastBeat >= ServiceState.HEARTBEAT_MILLIS) {
                beat(draining);
                lastBeat = now;
            }
            if (progressed) {
                continue;
            }
            if (draining && inFlight.isEmpty() && queue.counts().pending() == 0) {
                return "drained";
            }
            if (inFlight.isEmpty() && now - lastWork > idleMillis) {
                return "idle";
            }
            Runnable next = wakeups.poll(ServiceState.HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
            if (next != null) {
                next.run();
            }
        }
    }

    /** The heartbeat: the service's, and each slot's as the cluster shows it; a slot whose node is gone gets a new one. */
    private void beat(boolean draining) {
        List<TaskSlots.Slot> current = slots == null ? List.of() : slots.slots();
        replaceGone(current);
        List<ServiceState.Slot> seen = current.stream()
                .map(slot -> new ServiceState.Slot(slot.name(), slot.pid(), slot.up(), slot.running(), slot.lastSeen())).toList();
        String latest = inFlight.isEmpty() ? null : new ArrayList<>(inFlight.values()).get(inFlight.size() - 1).task().id();
        state = state.with(draining ? "draining" : "running", Instant.now(), latest, done, failed, restarts, null).withSlots(seen)
                .withNodeRestarts(nodeRestarts);
        state.write(queueRoot);
    }

    /**
     * Starts a new node in place of each slot's node that is out of the cluster and whose process is gone (killed,
     * crashed), through the code the runs start nodes with, off the loop's thread: the other slots keep taking tasks
     * meanwhile, and the tasks that were on the gone node are back in pending already. A node gets at most
     * {@code nodeRestarts} attempts in the service's life, the later ones after a pause that doubles (1 s, 2 s, 4 s...,
     * 30 s at most): a node that cannot start is not started in a loop.
     */
    private void replaceGone(List<TaskSlots.Slot> current) {
        for (TaskSlots.Slot slot : current) {
            if (slot.up() || replacing.contains(slot.name()) || stopping() || staleSlots) {
                continue;
            }
            // the registry knows the node's start time: a PID alone may be a stranger's by now
            org.agilab.runtime.cluster.NodeRegistry.Node registered = tasks.warmNode(slot.name()).orElse(null);
            if (registered == null || registered.process().pid() != slot.pid()) {
                staleSlots = true; // another run replaced (or stopped) the nodes: no attempt, the slots are joined anew
                continue;
            }
            if (registered.remote() || registered.process().isAlive()) {
                continue; // a node on an SSH host is started by a run; a live one out of the cluster is not ours to restart
            }
            int attempt = replacements.getOrDefault(slot.name(), 0) + 1;
            if (attempt > maxNodeRestarts) {
                if (attempt == maxNodeRestarts + 1) {
                    replacements.put(slot.name(), attempt);
                    System.out.println(slot.name() + " (pid " + slot.pid() + ") is gone and not started again: " + maxNodeRestarts
                            + " attempts made ([service] node_restarts)");
                }
                continue;
            }
            replacements.put(slot.name(), attempt);
            replacing.add(slot.name());
            String reason = "process-gone(pid " + slot.pid() + ")";
            long pause = attempt == 1 ? 0 : Math.min(MAX_RESTART_PAUSE_MILLIS, 1_000L << Math.min(attempt - 2, 5));
            System.out.println(slot.name() + " is gone, " + reason + ": starting it anew (attempt " + attempt + " of " + maxNodeRestarts
                    + (pause > 0 ? ", in " + pause / 1000 + " s" : "") + ")");
            replacer.execute(() -> {
                Runnable ended;
                try {
                    // a pause that stopping ends at once; no interrupt ever reaches a node being started (its PID would be lost)
                    if (stoppingSignal.await(pause, TimeUnit.MILLISECONDS)) {
                        replacementCancellation.throwIfCancelled();
                    }
                    Optional<org.agilab.runtime.cluster.NodeRegistry.Node> started = tasks.replaceNode(slot.name(), registered.process(),
                            replacementCancellation);
                    if (started.isEmpty()) {
                        ended = () -> notReplaced(slot.name(), "another run replaced the warm nodes", true);
                    } else {
                        ServiceState.NodeRestart restart = new ServiceState.NodeRestart(slot.name(), org.agilab.runtime.node.IgniteSetup.ADDRESS,
                                reason, Instant.now(), slot.pid(), started.get().process().pid(), attempt, null);
                        ended = () -> replaced(restart);
                    }
                } catch (InterruptedException e) {
                    ended = () -> notReplaced(slot.name(), "the service stopped first", false);
                } catch (RuntimeException e) {
                    AgilabException failure = AgilabException.classify(e);
                    if (failure.failureClass() == FailureClass.BUSY) {
                        ended = () -> notReplaced(slot.name(), failure.getMessage() + ": tried again at the next heartbeat", false);
                    } else if (failure.failureClass() == FailureClass.CANCELLED) {
                        ended = () -> notReplaced(slot.name(), "the service stopped first", false);
                    } else {
                        ServiceState.NodeRestart restart = new ServiceState.NodeRestart(slot.name(), org.agilab.runtime.node.IgniteSetup.ADDRESS,
                                reason, Instant.now(), slot.pid(), null, attempt, failure.getMessage());
                        ended = () -> replaced(restart);
                    }
                }
                wakeups.add(ended);
            });
        }
    }

    /** A replacement ended: recorded, and a new node's slot takes tasks again. */
    private void replaced(ServiceState.NodeRestart restart) {
        replacing.remove(restart.node());
        nodeRestarts.add(restart);
        if (restart.newPid() != null) {
            if (slots != null) {
                slots.replaced(restart.node(), restart.newPid());
            }
            System.out.println(restart.node() + " started anew: pid " + restart.newPid() + " in place of " + restart.oldPid() + " ("
                    + restart.reason() + ")");
        } else {
            System.out.println(restart.node() + " was not started anew (attempt " + restart.attempt() + "): " + restart.error());
        }
        if (state != null) {
            beat(Files.exists(queueRoot.resolve(ServiceState.DRAIN)));
        }
    }

    /**
     * A replacement that was not tried (another operation held the app, the service stopped) or found the node replaced
     * already: no attempt counted, nothing recorded.
     */
    private void notReplaced(String node, String why, boolean replacedElsewhere) {
        replacing.remove(node);
        replacements.merge(node, -1, Integer::sum);
        System.out.println(node + " was not started anew: " + why);
        if (replacedElsewhere) {
            staleSlots = true;
        }
    }

    /**
     * Waits until {@code done} (no task on a slot, no node being started anew), running the wakeups as they come: what
     * ends meanwhile (a task, a node's replacement) is filed there, which is what makes {@code done} come true.
     */
    private void runWakeupsUntil(java.util.function.BooleanSupplier done) {
        try {
            while (!done.getAsBoolean()) {
                Runnable next = wakeups.poll(ServiceState.HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
                if (next != null) {
                    next.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The service ends: a node being started is stopped (nothing left half-started) or, when it is ready, registered
     * with the others, which {@code serve stop} stops. Cancelled, never interrupted: an interrupt could land after the
     * node's shell launched it and lose its PID. Waits less than the 30 s {@code serve stop --now} and the shutdown
     * hook allow.
     */
    private void endReplacements() {
        replacementCancellation.cancel("the service is stopping");
        replacer.shutdown();
        try {
            if (!replacer.awaitTermination(REPLACEMENT_STOP_SECONDS, TimeUnit.SECONDS)) {
                System.out.println("a node being started anew did not stop within " + REPLACEMENT_STOP_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Counts a task the queue just filed, by what it returned (no look at the folders): a finished task went to
     * {@code done/} or, with an error, to {@code failed/}; an unfinished one back to pending.
     */
    private void count(ServiceQueue queue, ServiceTask ended) {
        if (ended.finished() != null && ended.error() == null) {
            done++;
        } else if (ended.finished() != null) {
            failed++;
        } else if (!ended.requeued().isEmpty()) {
            restarts.add(ended.requeued().get(ended.requeued().size() - 1));
        }
    }

    /** The warm nodes' slots, once there are warm nodes (after a whole run started them). */
    private void joinSlots() {
        if (slots != null) {
            return;
        }
        staleSlots = false;
        try {
            if (tasks == null) {
                tasks = ServiceTasks.open(home, app, runOptions, environment);
            }
            slots = tasks.joinSlots().orElse(null);
            if (slots != null) {
                System.out.println("dispatching tasks to the free slots of " + slots.slots().size() + " warm nodes");
                if (state != null) {
                    beat(Files.exists(queueRoot.resolve(ServiceState.DRAIN))); // status shows the slots at once
                }
            }
        } catch (RuntimeException e) {
            System.out.println("tasks run as whole runs: " + AgilabException.classify(e).getMessage());
        }
    }

    /**
     * One batch to one slot, {@code first} and, when more tasks wait, the next ones already listed: as many as share
     * the free slots evenly, up to {@link TaskSlots#MAX_BATCH}. Each task's args and plan are made here, its works
     * sent as one chunk job of the batch. A task that fails its args or plan is filed at once; one that needs a whole
     * run of its own has it once the batch so far is sent and every slot is empty.
     */
    private void dispatch(ServiceQueue queue, ServiceTask first, String node, String claimer) {
        int size = Math.max(1, Math.min(TaskSlots.MAX_BATCH, ceilDiv(1 + queue.listed(), Math.max(1, slots.freeSlots()))));
        List<TaskSlots.Task> batch = new ArrayList<>();
        for (Optional<ServiceTask> next = Optional.of(first); next.isPresent(); next = batch.size() < size ? queue.claimListed(claimer)
                : Optional.empty()) {
            ServiceTask task = next.get();
            ServiceTasks.Prepared prepared;
            try {
                prepared = tasks.prepare(task);
            } catch (RuntimeException failure) {
                AgilabException e = AgilabException.classify(failure);
                count(queue, queue.fail(task, new ServiceTask.TaskError(e.failureClass().id(), e.getMessage(), e.hint()), false, null, maxAttempts));
                continue;
            }
            if (prepared == null) {
                // more than args (cluster keys, say): a whole run of its own, once the slots are free
                send(node, batch);
                runWakeupsUntil(inFlight::isEmpty);
                runWakeupsUntil(replacing::isEmpty); // a run takes the app's lock, which a node's replacement holds
                count(queue, runWhole(queue, task));
                return;
            }
            if (prepared.works().isEmpty()) {
                count(queue, queue.complete(task, prepared.result(null, node)));
                continue;
            }
            String key = task.id() + "-" + task.attempts();
            inFlight.put(key, new InFlight(task, prepared.dataOut()));
            if (prepared.dataOut() != null) {
                writing.merge(prepared.dataOut(), 1, Integer::sum);
            }
            batch.add(new TaskSlots.Task(key, prepared.args(), prepared.works(), task.attempts() - 1,
                    outcome -> wakeups.add(() -> finish(queue, key, prepared, outcome))));
        }
        send(node, batch);
    }

    private void send(String node, List<TaskSlots.Task> batch) {
        if (!batch.isEmpty()) {
            slots.send(node, batch);
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Files a task whose job ended: done, back to pending (its node was lost, or a cluster error), or failed. */
    private void finish(ServiceQueue queue, String key, ServiceTasks.Prepared prepared, TaskSlots.Outcome outcome) {
        InFlight ended = inFlight.remove(key);
        if (ended == null) {
            return; // released when the service stopped at once: it is back in pending already
        }
        ServiceTask task = ended.task();
        if (ended.dataOut() != null && writing.merge(ended.dataOut(), -1, Integer::sum) == 0) {
            writing.remove(ended.dataOut());
            OutputClaims.sweep(ended.dataOut(), false); // this task's claims, once no other task writes there
        }
        if (outcome.lost() != null) {
            ServiceTask.TaskError error = new ServiceTask.TaskError(FailureClass.CLUSTER.id(), outcome.lost(),
                    "the task runs again on a node that is left (its outputs are rewritten whole)");
            count(queue, queue.fail(task, error, true, "cluster: " + outcome.lost(), maxAttempts));
            return;
        }
        ChunkJob.Failure failure = outcome.answer().error();
        if (failure == null) {
            count(queue, queue.complete(task, prepared.result(outcome.answer(), outcome.node())));
            return;
        }
        ServiceTask.TaskError error = new ServiceTask.TaskError(failure.failureClass(), failure.message(), failure.hint());
        boolean retryable = FailureClass.CLUSTER.id().equals(failure.failureClass()) || FailureClass.BUSY.id().equals(failure.failureClass());
        if (FailureClass.CLUSTER.id().equals(failure.failureClass()) && failure.message() != null && failure.message().startsWith("refused by")) {
            // the warm nodes serve another build of the app: the next attempt runs whole, which replaces them
            System.out.println(failure.message() + ": the next tasks run as whole runs");
            runWakeupsUntil(inFlight::isEmpty);
            if (slots != null) {
                slots.close();
                slots = null;
            }
        }
        count(queue, queue.fail(task, error, retryable, error.failureClass() + ": " + error.message(), maxAttempts));
    }

    /** Stopped at once: the tasks on slots are cancelled and go back to pending, where the next service finds them. */
    private void releaseInFlight(ServiceQueue queue) {
        for (Map.Entry<String, InFlight> running : List.copyOf(inFlight.entrySet())) {
            if (slots != null) {
                slots.cancel(running.getKey(), "the service is stopping (serve stop --now)");
            }
            inFlight.remove(running.getKey());
            if (running.getValue().dataOut() != null) {
                writing.merge(running.getValue().dataOut(), -1, Integer::sum);
            }
            restarts.add("service-stopped");
            queue.release(running.getValue().task(), "service-stopped");
        }
    }

    /** Retention: finished tasks past their TTL or beyond their count go (a listing of two folders: cheap per task). */
    private void prune(ServiceQueue queue) {
        ServiceQueue.Pruned pruned = queue.prune(retention);
        if (pruned.done() + pruned.failed() > 0) {
            System.out.println("retention: removed " + pruned.done() + " done and " + pruned.failed() + " failed tasks");
        }
    }

    /** Runs one task as the app's cluster run, and files it by the run's final event. */
    private ServiceTask runWhole(ServiceQueue queue, ServiceTask task) {
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
            Path dataOut = tasks == null ? null : tasks.dataOut(task);
            if (dataOut != null) {
                // what the run left in the task's data_out on this machine (an SSH host's outputs fetched back)
                result.put("outputs", outputs(dataOut));
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

    /** The files in {@code folder}, temporaries left out, sorted. */
    private static List<String> outputs(Path folder) {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().startsWith(".")).map(Path::toString)
                    .sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
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
