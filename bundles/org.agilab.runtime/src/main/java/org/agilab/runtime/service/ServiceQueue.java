package org.agilab.runtime.service;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.io.FileTrees;
import org.agilab.runtime.json.JsonCodec;

/**
 * An app's durable service queue: {@code <home>/wenv/<target>_worker/service/} with {@code pending/}, {@code running/},
 * {@code done/} and {@code failed/}, one {@code <id>.task.json} per task. A task is in exactly one folder at any time:
 * it changes folder by a rename on the same file system (atomic: two services claiming the same task cannot both get
 * it, and a crash leaves it in one folder or the other, never in none or both), and its content changes by
 * {@link AtomicFiles} (a reader sees the old file or the new one). Folders are {@code rwx------} and task files
 * {@code rw-------}: a task's args may name private data. Nothing here runs a task; the service does, and this queue is
 * what survives it: a service that restarts finds its pending tasks, and puts back those its predecessor was running.
 */
public final class ServiceQueue {

    /** The suffix upstream's task files have too. */
    public static final String SUFFIX = ".task.json";
    /** Upstream's older pickled tasks: never loaded (a pickle runs code), moved to {@code failed/} as they are. */
    static final String LEGACY_SUFFIX = ".task.pkl";

    /** The four folders, in a task's order. */
    public enum State {
        PENDING, RUNNING, DONE, FAILED;

        public String folderName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How many tasks each folder holds. */
    public record Counts(int pending, int running, int done, int failed) {
    }

    /** What {@link #prune} removed. */
    public record Pruned(int done, int failed) {
    }

    /**
     * How long finished tasks are kept and how many: past {@code ttl} (by when they finished) or beyond {@code maxFiles}
     * (the oldest first) they are removed. A null TTL or a negative count keeps them.
     */
    public record Retention(Duration doneTtl, int doneMaxFiles, Duration failedTtl, int failedMaxFiles) {
        /** Upstream's defaults: done 7 days or 2000 files, failed 14 days or 2000 files. */
        public static final Retention DEFAULT = new Retention(Duration.ofDays(7), 2000, Duration.ofDays(14), 2000);
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The listings {@link #counts()} makes: a task's way, then the folders a retried task goes back through. */
    private static final List<State> COUNTING_ORDER = List.of(State.PENDING, State.RUNNING, State.DONE, State.FAILED,
            State.PENDING, State.RUNNING);

    private final Path root;
    private final Clock clock;
    /** Pending files listed by the last listing and not yet claimed, oldest first. */
    private final java.util.ArrayDeque<Path> listed = new java.util.ArrayDeque<>();

    private ServiceQueue(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /** The queue under {@code root} (an app's {@code wenv/<target>_worker/service}), its folders made private. */
    public static ServiceQueue open(Path root) {
        return open(root, Clock.systemUTC());
    }

    static ServiceQueue open(Path root, Clock clock) {
        try {
            FileTrees.privateFolder(root);
            for (State state : State.values()) {
                FileTrees.privateFolder(root.resolve(state.folderName()));
            }
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.INTERNAL, "cannot make the service queue: " + e.getMessage()).file(root)
                    .hint("check the permissions of the worker environment folder").cause(e).build();
        }
        return new ServiceQueue(root, clock);
    }

    public Path root() {
        return root;
    }

    public Path folder(State state) {
        return root.resolve(state.folderName());
    }

    /**
     * Queues a task and returns it (its id at once). Ids are the submission's epoch milliseconds and 8 random hex
     * digits, as upstream's, so file names sort in submission order.
     */
    public ServiceTask submit(String name, Map<String, Object> args, List<String> items) {
        Instant now = clock.instant();
        String id = String.format(Locale.ROOT, "%013d-%s", now.toEpochMilli(), HexFormat.of().toHexDigits(RANDOM.nextInt()));
        ServiceTask task = ServiceTask.submitted(id, name, now, args, items);
        write(State.PENDING, task);
        return task;
    }

    /**
     * Takes the oldest pending task for {@code node}: moves it to {@code running/} (the rename decides which of two
     * claimers gets it) and counts the attempt in the task returned (the file is rewritten when the attempt ends). A legacy pickled task met on the way goes to {@code failed/} unread; a
     * file that does not read as a task goes to {@code failed/} as it is, and the next one is tried.
     */
    public Optional<ServiceTask> claim(String node) {
        return claim(node, true);
    }

    /**
     * As {@link #claim(String)}, among the pending files the last listing found only (no new listing): the next tasks of
     * a batch, taken only when they already wait.
     */
    public Optional<ServiceTask> claimListed(String node) {
        return claim(node, false);
    }

    /** Pending files the last listing found that are not claimed yet (some may have been taken by another service). */
    public int listed() {
        synchronized (listed) {
            return listed.size();
        }
    }

    private Optional<ServiceTask> claim(String node, boolean relist) {
        synchronized (listed) {
            boolean relisted = !relist;
            while (true) {
                if (listed.isEmpty()) {
                    if (relisted) {
                        return Optional.empty();
                    }
                    // one listing serves the claims that follow it: a claim per task costs a rename, not a listing of
                    // every pending task (with a thousand of them, that listing was most of a claim)
                    listed.addAll(files(State.PENDING, true));
                    relisted = true;
                    if (listed.isEmpty()) {
                        return Optional.empty();
                    }
                }
                Optional<ServiceTask> claimed = claim(node, listed.poll());
                if (claimed.isPresent()) {
                    return claimed;
                }
            }
        }
    }

    /** Takes this pending file, if it is still there and reads as a task (see {@link #claim(String)}). */
    private Optional<ServiceTask> claim(String node, Path file) {
        String fileName = file.getFileName().toString();
        if (fileName.endsWith(LEGACY_SUFFIX)) {
            moveQuietly(file, folder(State.FAILED).resolve(fileName));
            return Optional.empty();
        }
        Path claimed = folder(State.RUNNING).resolve(fileName);
        try {
            Files.move(file, claimed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException taken) {
            return Optional.empty(); // another claimer renamed it first
        } catch (IOException e) {
            throw failure("cannot take a pending task", file, e);
        }
        ServiceTask task;
        try {
            task = read(claimed);
        } catch (AgilabException unreadable) {
            moveQuietly(claimed, folder(State.FAILED).resolve(fileName));
            return Optional.empty();
        }
        // the file's name is the task's key here: upstream names one file per worker of a batch under one task_id
        String key = fileName.substring(0, fileName.length() - SUFFIX.length());
        // the claim is the rename: the file is not rewritten (a write per task the throughput does without); a file in
        // running/ is one attempt under way, which requeueRunning counts if the service dies during it
        return Optional.of((key.equals(task.id()) ? task : task.withId(key)).started(node, clock.instant()));
    }

    /** The running task ended with {@code result}: recorded, then moved to {@code done/}. */
    public ServiceTask complete(ServiceTask task, Map<String, Object> result) {
        return finish(task.done(result, clock.instant()), State.DONE);
    }

    /**
     * The running task's attempt failed with {@code error}. A retryable failure (its node was lost, say) goes back to
     * pending while it has had fewer than {@code maxAttempts} attempts; anything else, or the last attempt, ends in
     * {@code failed/} with the error.
     *
     * @return the task as it now is; {@link #stateOf} says where
     */
    public ServiceTask fail(ServiceTask task, ServiceTask.TaskError error, boolean retryable, String reason, int maxAttempts) {
        if (retryable && task.attempts() < maxAttempts) {
            ServiceTask again = task.requeued(reason, error);
            AtomicFiles.writeString(running(task), JsonCodec.write(again));
            move(running(task), folder(State.PENDING).resolve(fileName(task)));
            return again;
        }
        return finish(task.failed(error, clock.instant()), State.FAILED);
    }

    /**
     * Puts the running task back in pending whatever its attempts: it was stopped, not failed ({@code serve stop --now}).
     */
    public ServiceTask release(ServiceTask task, String reason) {
        ServiceTask again = task.requeued(reason, null);
        AtomicFiles.writeString(running(task), JsonCodec.write(again));
        move(running(task), folder(State.PENDING).resolve(fileName(task)));
        return again;
    }

    /**
     * Puts every running task back in pending, with {@code reason}: a service starting after its predecessor died (or
     * was stopped at once) runs them again. The attempt each was under is counted.
     *
     * @return how many were put back
     */
    public int requeueRunning(String reason) {
        int count = 0;
        for (Path file : files(State.RUNNING, false)) {
            ServiceTask task;
            try {
                task = read(file);
            } catch (AgilabException unreadable) {
                moveQuietly(file, folder(State.FAILED).resolve(file.getFileName()));
                continue;
            }
            // the attempt that was under way counts (its claim did not write it)
            AtomicFiles.writeString(file, JsonCodec.write(task.interrupted(reason)));
            move(file, folder(State.PENDING).resolve(file.getFileName()));
            count++;
        }
        return count;
    }

    /**
     * How many tasks each folder holds, each task counted once: the folders are listed one after the other while tasks
     * move, so a task is counted in the folder it was seen in last. The listings follow a task's way (pending, running,
     * done, failed), and pending and running are listed once more after the others: a task moving on between two
     * listings is seen twice and counted once, and one put back in pending (a retry) while running was listed is seen
     * in the second listing of pending. One that is put back, claimed again and finished, all between two listings, may
     * be missed by that read: the counts are for display and the health gate, never for deciding a task's fate.
     */
    public Counts counts() {
        Map<String, State> lastSeen = new HashMap<>();
        for (State state : COUNTING_ORDER) {
            for (Path file : files(state, state == State.PENDING || state == State.FAILED)) {
                lastSeen.put(file.getFileName().toString(), state);
            }
        }
        int[] counts = new int[State.values().length];
        lastSeen.values().forEach(state -> counts[state.ordinal()]++);
        return new Counts(counts[State.PENDING.ordinal()], counts[State.RUNNING.ordinal()], counts[State.DONE.ordinal()],
                counts[State.FAILED.ordinal()]);
    }

    /** The tasks of one folder, oldest first; files that do not read as tasks are left out. */
    public List<ServiceTask> list(State state) {
        List<ServiceTask> tasks = new ArrayList<>();
        for (Path file : files(state, false)) {
            try {
                tasks.add(read(file));
            } catch (AgilabException unreadable) {
                // moved meanwhile, or not a task: not listed
            }
        }
        return tasks;
    }

    /** Where the task with this id is now, if anywhere. */
    public Optional<State> stateOf(String id) {
        for (State state : State.values()) {
            if (Files.exists(folder(state).resolve(id + SUFFIX))) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /** The task with this id, read from whichever folder holds it. */
    public Optional<ServiceTask> find(String id) {
        for (State state : State.values()) {
            Path file = folder(state).resolve(id + SUFFIX);
            if (Files.exists(file)) {
                try {
                    return Optional.of(read(file));
                } catch (AgilabException movedMeanwhile) {
                    // moved to the next folder between the check and the read: look there
                }
            }
        }
        return Optional.empty();
    }

    /** How long the oldest pending task has waited, if any waits. */
    public Optional<Duration> oldestPendingAge() {
        Instant now = clock.instant();
        return list(State.PENDING).stream().map(ServiceTask::submittedAt).min(Instant::compareTo)
                .map(oldest -> Duration.between(oldest, now));
    }

    /** Removes finished tasks past their TTL or beyond their count, the oldest first. */
    public Pruned prune(Retention retention) {
        return new Pruned(prune(State.DONE, retention.doneTtl(), retention.doneMaxFiles()),
                prune(State.FAILED, retention.failedTtl(), retention.failedMaxFiles()));
    }

    private int prune(State state, Duration ttl, int maxFiles) {
        Instant now = clock.instant();
        List<Path> files = files(state, true);
        int left = files.size();
        if (ttl == null && (maxFiles < 0 || left <= maxFiles)) {
            return 0; // nothing can go: no file is read
        }
        // each file's time read once (the sort compared them again and again: with a thousand finished tasks, that
        // was a fifth of a busy service's time, once a second)
        Map<Path, Instant> finished = new java.util.HashMap<>();
        for (Path file : files) {
            finished.put(file, finishedAt(file));
        }
        files.sort(java.util.Comparator.comparing(finished::get));
        int removed = 0;
        for (Path file : files) {
            boolean expired = ttl != null && finished.get(file).plus(ttl).isBefore(now);
            boolean beyond = maxFiles >= 0 && left > maxFiles;
            if (!expired && !beyond) {
                continue;
            }
            try {
                if (Files.deleteIfExists(file)) {
                    removed++;
                    left--;
                }
            } catch (IOException e) {
                throw failure("cannot remove an old task", file, e);
            }
        }
        return removed;
    }

    /** When the file's task finished: the file's modification time, which the move to done/failed keeps from its write. */
    private static Instant finishedAt(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException gone) {
            return Instant.EPOCH;
        }
    }

    private ServiceTask finish(ServiceTask task, State state) {
        AtomicFiles.writeString(running(task), JsonCodec.write(task));
        move(running(task), folder(state).resolve(fileName(task)));
        return task;
    }

    private Path running(ServiceTask task) {
        return folder(State.RUNNING).resolve(fileName(task));
    }

    private static String fileName(ServiceTask task) {
        return task.id() + SUFFIX;
    }

    private void write(State state, ServiceTask task) {
        AtomicFiles.writeString(folder(state).resolve(fileName(task)), JsonCodec.write(task));
    }

    private static ServiceTask read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw failure("cannot read a task", file, e);
        }
        try {
            ServiceTask task = JsonCodec.read(text, ServiceTask.class);
            if (task == null || task.id() == null) {
                throw AgilabException.of(FailureClass.DATA, "not a service task: no task_id").file(file).build();
            }
            return task;
        } catch (JsonCodec.Malformed e) {
            throw AgilabException.of(FailureClass.DATA, "not a service task: " + e.getMessage()).file(file).cause(e).build();
        }
    }

    /** A folder's task files sorted by name (submission order); hidden temporary files are never tasks. */
    private List<Path> files(State state, boolean withLegacy) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder(state))) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                if (!name.startsWith(".") && (name.endsWith(SUFFIX) || withLegacy && name.endsWith(LEGACY_SUFFIX))) {
                    files.add(file);
                }
            }
        } catch (NoSuchFileException gone) {
            return files;
        } catch (IOException e) {
            throw failure("cannot list the queue", folder(state), e);
        }
        files.sort(null);
        return files;
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw failure("cannot move a task", from, e);
        }
    }

    private static void moveQuietly(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException movedMeanwhile) {
            // another service moved it first
        }
    }

    private static AgilabException failure(String what, Path file, IOException e) {
        return AgilabException.of(FailureClass.INTERNAL, what + ": " + e.getMessage()).file(file)
                .hint("check the permissions and free space of the service queue folder").cause(e).build();
    }
}
