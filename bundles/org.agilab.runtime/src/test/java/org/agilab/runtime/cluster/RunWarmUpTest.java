package org.agilab.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.request.ManagerRequest;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's warm-up runs under its one-run-at-a-time lock, on its own thread, and gives way to a request: a
 * warm-up under way is cancelled and lets go of the lock, and one that was scheduled before the request never starts.
 */
class RunWarmUpTest {

    static final ManagerRequest RUN = ManagerRequest.parse(List.of("run", "--app", "demo_project"));

    /** A handler whose warm-up runs until it is cancelled, telling the test when it starts and how it ended. */
    static class Handler implements Coordinator.RequestHandler {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        public boolean accepts(ManagerRequest request, Map<String, String> environment) {
            return true;
        }

        @Override
        public int handle(ManagerRequest request, Map<String, String> environment, InputStream in, PrintStream out) {
            return 0;
        }

        @Override
        public int warmUp(ManagerRequest request, Map<String, String> environment, Cancellation cancellation) {
            seen.add("started " + request.app() + " " + environment.get("WHO"));
            started.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!cancellation.isCancelled() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            seen.add(cancellation.isCancelled() ? "cancelled: " + cancellation.reason() : "never cancelled");
            return 1;
        }
    }

    @Test
    void aRequestCancelsTheWarmUpUnderWayAndGetsTheLock() throws Exception {
        ReentrantLock oneRunAtATime = new ReentrantLock(true);
        RunWarmUp warmUps = new RunWarmUp(oneRunAtATime);
        Handler handler = new Handler();
        warmUps.schedule(RUN, Map.of("WHO", "caller"), handler);
        assertTrue(handler.started.await(30, TimeUnit.SECONDS), "the warm-up started");
        assertEquals("started demo_project caller", handler.seen.take(), "with the caller's request and environment");
        assertFalse(oneRunAtATime.tryLock(), "the warm-up holds the lock");

        long wait = warmUps.yieldTo();
        assertEquals(RunWarmUp.YIELD_WAIT_MILLIS, wait, "a warm-up under way: the request waits for it quietly");
        assertTrue(oneRunAtATime.tryLock(wait, TimeUnit.MILLISECONDS), "the cancelled warm-up let go of the lock");
        assertEquals("cancelled: a run arrived", handler.seen.poll(30, TimeUnit.SECONDS));
        oneRunAtATime.unlock();
    }

    @Test
    void aWarmUpScheduledBeforeARequestNeverStartsAfterIt() throws Exception {
        ReentrantLock oneRunAtATime = new ReentrantLock(true);
        RunWarmUp warmUps = new RunWarmUp(oneRunAtATime);
        Handler handler = new Handler();
        CountDownLatch blocker = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        warmUps.schedule(RUN, Map.of(), new Handler() {
            @Override
            public int warmUp(ManagerRequest request, Map<String, String> environment, Cancellation cancellation) {
                busy.countDown();
                try {
                    blocker.await(); // keeps the warm-up thread busy, so the next warm-up waits behind it
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                return 0;
            }
        });
        assertTrue(busy.await(30, TimeUnit.SECONDS));
        warmUps.schedule(RUN, Map.of(), handler);
        warmUps.yieldTo(); // a request arrives while the second warm-up still waits for its turn
        blocker.countDown();
        assertTrue(oneRunAtATime.tryLock(30, TimeUnit.SECONDS), "the first warm-up let go of the lock");
        oneRunAtATime.unlock();
        assertEquals(null, handler.seen.poll(1, TimeUnit.SECONDS), "the queued warm-up saw the request and did not run");
    }
}
