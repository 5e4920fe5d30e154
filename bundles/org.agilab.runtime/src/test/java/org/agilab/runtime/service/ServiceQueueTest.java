package org.agilab.runtime.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.service.ServiceQueue.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceQueueTest {

    @TempDir
    Path temp;

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-05T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void aSubmittedTaskIsOnePrivateJsonFileInPendingWithUpstreamsNames() throws Exception {
        ServiceQueue queue = ServiceQueue.open(temp.resolve("wenv/flight_worker/service"));
        ServiceTask task = queue.submit("t", Map.of("nfile", 2L), List.of("data/a.csv"));

        assertTrue(task.id().matches("\\d{13}-[0-9a-f]{8}"), task.id());
        Path file = queue.folder(State.PENDING).resolve(task.id() + ".task.json");
        assertEquals("rw-------", permissions(file));
        for (State state : State.values()) {
            assertEquals("rwx------", permissions(queue.folder(state)), state.toString());
        }
        assertEquals("rwx------", permissions(queue.root()));
        Map<String, Object> json = JsonCodec.readObject(Files.readString(file));
        assertEquals("agi.service.task.v1", json.get("schema"));
        assertEquals(task.id(), json.get("task_id"));
        assertEquals(Map.of("nfile", 2L), json.get("args"));
        assertEquals(List.of("data/a.csv"), json.get("items"));
        assertEquals(0L, json.get("attempts"));
        assertTrue(json.get("created_at") instanceof Number, json.toString());
        assertEquals(new ServiceQueue.Counts(1, 0, 0, 0), queue.counts());
        assertEquals(Optional.of(State.PENDING), queue.stateOf(task.id()));
        try (Stream<Path> left = Files.list(queue.folder(State.PENDING))) {
            assertEquals(1, left.count(), "no temporary file left beside it");
        }
    }

    @Test
    void anExistingQueueFolderOpenToOthersIsTightened() throws Exception {
        Path root = temp.resolve("service");
        Files.createDirectories(root.resolve("pending"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(root.resolve("pending"), PosixFilePermissions.fromString("rwxr-xr-x"));
        ServiceQueue.open(root);
        assertEquals("rwx------", permissions(root));
        assertEquals("rwx------", permissions(root.resolve("pending")));
    }

    @Test
    void tasksAreClaimedOldestFirstAndEachAttemptIsCounted() {
        TestClock clock = new TestClock();
        ServiceQueue queue = ServiceQueue.open(temp.resolve("service"), clock);
        ServiceTask first = queue.submit("a", Map.of(), List.of());
        clock.now = clock.now.plusMillis(5);
        ServiceTask second = queue.submit("b", Map.of(), List.of());

        ServiceTask claimed = queue.claim("node-1").orElseThrow();
        assertEquals(first.id(), claimed.id());
        assertEquals(1, claimed.attempts());
        assertEquals("node-1", claimed.node());
        assertEquals(Optional.of(State.RUNNING), queue.stateOf(first.id()));
        assertEquals(second.id(), queue.claim("node-2").orElseThrow().id());
        assertEquals(Optional.empty(), queue.claim("node-1"));
        assertEquals(new ServiceQueue.Counts(0, 2, 0, 0), queue.counts());
    }

    @Test
    void aCountWhileTasksMoveCountsEachTaskOnce() throws Exception {
        int total = 1000;
        ServiceQueue queue = ServiceQueue.open(temp.resolve("service"));
        for (int i = 0; i < total; i++) {
            queue.submit("t" + i, Map.of(), List.of());
        }
        // every tenth task is put back in pending once (a retry: the second listings of pending and running are for it);
        // the movers wait, after their first tasks, until the reader has counted while tasks were on their way
        Set<String> retried = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.CountDownLatch countedInMotion = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> movers = new ArrayList<>();
            for (int m = 0; m < 2; m++) {
                String node = "node-" + m;
                ServiceQueue own = ServiceQueue.open(queue.root());
                movers.add(pool.submit(() -> {
                    int moved = 0;
                    for (Optional<ServiceTask> task = own.claim(node); task.isPresent(); task = own.claim(node)) {
                        if (Integer.parseInt(task.get().name().substring(1)) % 10 == 0 && retried.add(task.get().id())) {
                            own.release(task.get(), "retried by the test");
                        } else {
                            own.complete(task.get(), Map.of());
                        }
                        if (++moved == 20) {
                            countedInMotion.await(30, java.util.concurrent.TimeUnit.SECONDS);
                        }
                    }
                    return null;
                }));
            }
            int readsInMotion = 0;
            ServiceQueue reader = ServiceQueue.open(queue.root());
            while (!movers.stream().allMatch(Future::isDone)) {
                ServiceQueue.Counts counts = reader.counts();
                int counted = counts.pending() + counts.running() + counts.done() + counts.failed();
                // never a task twice; one missed only if it went back to pending, on and to done within the read
                assertTrue(counted <= total, "a task counted twice in one read: " + counts);
                assertTrue(counted >= total - retried.size(), "more tasks missed than were retried: " + counts);
                if (counts.done() > 0 && counts.done() < total) {
                    readsInMotion++;
                    countedInMotion.countDown();
                }
            }
            for (Future<?> mover : movers) {
                mover.get();
            }
            assertTrue(readsInMotion > 0, "no count was read while tasks moved");
            assertEquals(total / 10, retried.size(), "every tenth task went back to pending once");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(new ServiceQueue.Counts(0, 0, total, 0), queue.counts());
    }

    @Test
    void aBatchTakesOnlyTheTasksTheLastListingFound() {
        TestClock clock = new TestClock();
        ServiceQueue queue = ServiceQueue.open(temp.resolve("service"), clock);
        ServiceTask first = queue.submit("a", Map.of(), List.of());
        clock.now = clock.now.plusMillis(5);
        ServiceTask second = queue.submit("b", Map.of(), List.of());

        assertEquals(first.id(), queue.claim("node-1").orElseThrow().id()); // lists both
        assertEquals(1, queue.listed());
        clock.now = clock.now.plusMillis(5);
        ServiceTask third = queue.submit("c", Map.of(), List.of());
        assertEquals(second.id(), queue.claimListed("node-1").orElseThrow().id());
        assertEquals(Optional.empty(), queue.claimListed("node-1"), "the third came after the listing: not in this batch");
        assertEquals(Optional.of(State.PENDING), queue.stateOf(third.id()));
        assertEquals(third.id(), queue.claim("node-1").orElseThrow().id()); // a new listing finds it
    }

    @Test
    void concurrentClaimersTakeEachTaskExactlyOnce() throws Exception {
        ServiceQueue queue = ServiceQueue.open(temp.resolve("service"));
        Set<String> submitted = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            submitted.add(queue.submit("t" + i, Map.of(), List.of()).id());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> claimers = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                String node = "node-" + c;
                // each claimer opens the queue itself, as separate services would
                ServiceQueue own = ServiceQueue.open(queue.root());
                claimers.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (Optional<ServiceTask> task = own.claim(node); task.isPresent(); task = own.claim(node)) {
                        own.complete(task.get(), Map.of("by", node));
                        ids.add(task.get().id());
                    }
                    return ids;
                }));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> claimer : claimers) {
                all.addAll(claimer.get());
            }
            assertEquals(300, all.size(), "each task once");
            assertEquals(submitted, new HashSet<>(all));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(new ServiceQueue.Counts(0, 0, 300, 0), queue.counts());
        for (ServiceTask done : queue.list(State.DONE)) {
            assertEquals(1, done.attempts(), done.id());
        }
    }

    @Test
    void aCompletedTaskKeepsItsResultInDone() {
        ServiceQueue queue = ServiceQueue.open(temp.resolve("service"));
        ServiceTask task = queue.submit("a", Map.of("k", "v"), List.of());
        queue.complete(queue.claim("node-1").orElseThrow(), Map.of("outputs", List.of("out/a.parquet")));

        ServiceTask done = queue.find(task.id()).orElseThrow();
        assertEquals(Optional.of(State.DONE), queue.stateOf(task.id()));
        assertEquals(Map.of("outputs", List.of("out/a.parquet")), done.result());
        assertEquals(Map.of("k", "v"), done.args());
        assertTrue(done.finished() != null && done.started() != null);
        assertNull(done.error());
    }

    @Test
    void aRetryableFailureGoesBackToPendingUntilMaxAttemptsThenToFailedWithItsError() {
        ServiceQueue queue = ServiceQueue.open(temp.resolve("service"));
        ServiceTask task = queue.submit("a", Map.of(), List.of());
        ServiceTask.TaskError lost = new ServiceTask.TaskError("cluster", "node-2 left the cluster", null);

        ServiceTask again = queue.fail(queue.claim("node-2").orElseThrow(), lost, true, "node-lost: node-2", 2);
        assertEquals(Optional.of(State.PENDING), queue.stateOf(task.id()));
        assertEquals(List.of("node-lost: node-2"), again.requeued());

        ServiceTask second = queue.claim("node-1").orElseThrow();
        assertEquals(2, second.attempts());
        assertNull(second.error(), "a new attempt starts without the last one's error");
        ServiceTask last = queue.fail(second, lost, true, "node-lost: node-1", 2);
        assertEquals(Optional.of(State.FAILED), queue.stateOf(task.id()));
        assertEquals(lost, last.error());
        assertEquals(lost, queue.find(task.id()).orElseThrow().error());
    }

    @Test
    void aFailureThatIsNotRetryableEndsInFailedAtOnce() {
        ServiceQueue queue = ServiceQueue.open(temp.resolve("service"));
        ServiceTask task = queue.submit("a", Map.of(), List.of());
        ServiceTask.TaskError bad = new ServiceTask.TaskError("data", "no input files", "check data_in");
        queue.fail(queue.claim("node-1").orElseThrow(), bad, false, "failed", 5);
        assertEquals(Optional.of(State.FAILED), queue.stateOf(task.id()));
        assertEquals(new ServiceQueue.Counts(0, 0, 0, 1), queue.counts());
    }

    @Test
    void aRestartedServicePutsItsPredecessorsRunningTasksBackInPending() {
        Path root = temp.resolve("service");
        ServiceQueue before = ServiceQueue.open(root);
        ServiceTask task = before.submit("a", Map.of(), List.of());
        before.claim("node-1").orElseThrow();

        ServiceQueue after = ServiceQueue.open(root);
        assertEquals(1, after.requeueRunning("service-restart"));
        assertEquals(Optional.of(State.PENDING), after.stateOf(task.id()));
        ServiceTask resumed = after.claim("node-1").orElseThrow();
        assertEquals(2, resumed.attempts());
        assertEquals(List.of("service-restart"), resumed.requeued());
    }

    @Test
    void aQueueUpstreamWroteLoadsAndItsPickledTasksAreNeverRead() throws Exception {
        ServiceQueue queue = ServiceQueue.open(temp.resolve("service"));
        Path pending = queue.folder(State.PENDING);
        // upstream names one file per worker of a batch, all under the batch's task_id, and writes members we do not keep
        Files.writeString(pending.resolve("000001-1733400000000-abcd1234-000-127.0.0.1_8787.task.json"),
                "{\"schema\":\"agi.service.task.v1\",\"task_id\":\"1733400000000-abcd1234\",\"task_name\":\"service-workplan\","
                        + "\"created_at\":1733400000.25,\"worker_idx\":null,\"worker\":\"127.0.0.1:8787\",\"plan\":[[[\"x\"]]],"
                        + "\"metadata\":[],\"args\":{\"nfile\":1}}");
        Files.writeString(pending.resolve("000000-old.task.pkl"), "not a pickle we would ever load");
        Files.writeString(pending.resolve("000000-broken.task.json"), "{\"task_id\": ");

        ServiceTask claimed = queue.claim("node-1").orElseThrow();
        assertEquals("000001-1733400000000-abcd1234-000-127.0.0.1_8787", claimed.id(), "keyed by its file");
        assertEquals("service-workplan", claimed.name());
        assertEquals(Map.of("nfile", 1L), claimed.args());
        assertEquals(Instant.parse("2024-12-05T12:00:00.250Z"), claimed.submittedAt());
        assertTrue(Files.exists(queue.folder(State.FAILED).resolve("000000-old.task.pkl")));
        assertTrue(Files.exists(queue.folder(State.FAILED).resolve("000000-broken.task.json")));
        assertEquals(new ServiceQueue.Counts(0, 1, 0, 2), queue.counts());
        queue.complete(claimed, Map.of());
        assertEquals(Optional.of(State.DONE), queue.stateOf(claimed.id()));
    }

    @Test
    void oldestPendingAgeIsTheWaitOfTheFirstSubmitted() {
        TestClock clock = new TestClock();
        ServiceQueue queue = ServiceQueue.open(temp.resolve("service"), clock);
        assertEquals(Optional.empty(), queue.oldestPendingAge());
        queue.submit("a", Map.of(), List.of());
        clock.now = clock.now.plusSeconds(30);
        queue.submit("b", Map.of(), List.of());
        clock.now = clock.now.plusSeconds(12);
        assertEquals(Optional.of(Duration.ofSeconds(42)), queue.oldestPendingAge());
    }

    @Test
    void retentionRemovesFinishedTasksPastTheirTtlOrBeyondTheirCountOldestFirst() throws Exception {
        TestClock clock = new TestClock();
        ServiceQueue queue = ServiceQueue.open(temp.resolve("service"), clock);
        List<String> done = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ServiceTask task = queue.submit("d" + i, Map.of(), List.of());
            queue.complete(queue.claim("n").orElseThrow(), Map.of());
            // finished i hours ago: task 0 the newest
            Files.setLastModifiedTime(queue.folder(State.DONE).resolve(task.id() + ".task.json"),
                    FileTime.from(clock.now.minus(Duration.ofHours(i))));
            done.add(task.id());
        }
        ServiceTask failed = queue.submit("f", Map.of(), List.of());
        queue.fail(queue.claim("n").orElseThrow(), new ServiceTask.TaskError("data", "x", null), false, "failed", 1);
        Files.setLastModifiedTime(queue.folder(State.FAILED).resolve(failed.id() + ".task.json"),
                FileTime.from(clock.now.minus(Duration.ofDays(2))));
        ServiceTask pending = queue.submit("p", Map.of(), List.of());

        // done: 150 minutes removes the two oldest (3 h, 4 h); at most 2 files then removes the 2 h one
        ServiceQueue.Pruned pruned = queue.prune(new ServiceQueue.Retention(Duration.ofMinutes(150), 2, Duration.ofDays(1), 10));
        assertEquals(new ServiceQueue.Pruned(3, 1), pruned);
        List<String> kept = new ArrayList<>(queue.list(State.DONE).stream().map(ServiceTask::id).toList());
        Collections.sort(kept);
        List<String> expected = new ArrayList<>(done.subList(0, 2));
        Collections.sort(expected);
        assertEquals(expected, kept);
        assertEquals(Optional.of(State.PENDING), queue.stateOf(pending.id()), "retention never touches pending tasks");
        assertFalse(queue.stateOf(failed.id()).isPresent());
        assertEquals(new ServiceQueue.Pruned(0, 0), queue.prune(ServiceQueue.Retention.DEFAULT));
        // no TTL: the count alone, the oldest finished first (task 1, 1 h ago, goes; task 0, the newest, stays)
        assertEquals(new ServiceQueue.Pruned(1, 0), queue.prune(new ServiceQueue.Retention(null, 1, null, -1)));
        assertEquals(List.of(done.get(0)), queue.list(State.DONE).stream().map(ServiceTask::id).toList());
    }
}
