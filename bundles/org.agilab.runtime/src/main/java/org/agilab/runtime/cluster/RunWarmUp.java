package org.agilab.runtime.cluster;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.request.ManagerRequest;

/**
 * The coordinator's warm-up: while it is idle, the work of a local run is run again off the record, so the JIT has
 * compiled the run's path (the app's reader, kernel and writer) before the caller's next run, which otherwise runs the
 * first few times in the interpreter and C1 (issue 19: a 151k-row flight run takes ~0.9 s on a fresh coordinator and
 * ~0.5 s once warm). What a warm-up runs and how often is the handler's ({@link Coordinator.RequestHandler#warmUp}); this
 * class runs it on its own thread, under the coordinator's one-run-at-a-time lock, and gives way to any request: a
 * request that arrives cancels it and takes the lock as soon as the warm-up has stopped.
 */
final class RunWarmUp {

    /** How long a request waits, without telling its caller, for a cancelled warm-up to let go of the lock. */
    static final long YIELD_WAIT_MILLIS = 5_000;
    /** ... and for a warm-up that was about to start and will not: the lock is only ever held for a moment then. */
    static final long GRACE_MILLIS = 50;
    /**
     * The most one warm-up may take: runs past it are stopped (between works). A run that long has had its path compiled
     * while it ran; repeating it would only keep the machine's cores busy.
     */
    static final long MAX_MILLIS = 10_000;

    private final ReentrantLock oneRunAtATime;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread warmUp = new Thread(runnable, "coordinator-warm-up");
        warmUp.setDaemon(true);
        return warmUp;
    });
    /** Counts the requests that arrived: a warm-up scheduled before one of them must not start after it. */
    private final AtomicLong requests = new AtomicLong();
    private volatile Cancellation current;

    RunWarmUp(ReentrantLock oneRunAtATime) {
        this.oneRunAtATime = oneRunAtATime;
    }

    /** Schedules a warm-up of {@code request} (with its caller's {@code environment}) for when no run holds the lock. */
    void schedule(ManagerRequest request, Map<String, String> environment, Coordinator.RequestHandler handler) {
        long seen = requests.get();
        thread.execute(() -> {
            if (!oneRunAtATime.tryLock()) {
                return; // a run came first: it will schedule its own
            }
            Cancellation cancellation = new Cancellation();
            current = cancellation;
            try {
                // read after current is set: a request that arrived since either is counted here or cancels it
                if (requests.get() == seen) {
                    long start = System.nanoTime();
                    java.util.concurrent.CompletableFuture.delayedExecutor(MAX_MILLIS, TimeUnit.MILLISECONDS)
                            .execute(() -> cancellation.cancel("its " + MAX_MILLIS / 1000 + " s were up"));
                    int runs = handler.warmUp(request, environment, cancellation);
                    if (runs > 0) {
                        System.out.println("warmed up: " + runs + " run(s) of " + request.app() + " in "
                                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms"
                                + (cancellation.isCancelled() ? " (stopped: " + cancellation.reason() + ")" : ""));
                    }
                }
            } catch (RuntimeException | Error e) {
                System.out.println("warm-up failed (the next run is not affected): " + e);
            } finally {
                current = null;
                oneRunAtATime.unlock();
            }
        });
    }

    /**
     * A request arrived: any warm-up stops, and none scheduled before it starts.
     *
     * @return how long the request may wait for the lock before it tells its caller it waits for another run
     */
    long yieldTo() {
        requests.incrementAndGet();
        Cancellation running = current;
        if (running == null) {
            return GRACE_MILLIS;
        }
        running.cancel("a run arrived");
        return YIELD_WAIT_MILLIS;
    }
}
