package org.agilab.runtime.exec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A run's pool of {@code width} threads, as a fixed thread pool started for the run would be, on threads the JVM keeps:
 * a node serving many small tasks (a service's) started and ended a pool's threads for each task, which cost it more
 * CPU than the tasks' own work (docs/benchmarks.md). At most {@code width} of the run's tasks run at once, in the order
 * given; {@link #shutdownNow} drops what waits and interrupts what runs, as a run's own pool would, and an interrupt
 * meant for the run never follows a thread into another run. Idle threads end after a minute.
 */
final class RunPool extends AbstractExecutorService {

    private static final AtomicInteger COUNT = new AtomicInteger();
    /** Threads kept across runs: as many as the runs of this JVM use at once, none once idle for a minute. */
    private static final ExecutorService THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), task -> {
                Thread thread = new Thread(task, "agilab-pool-" + COUNT.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    private final int width;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    /** Kept threads taking this run's tasks (or asked to), at most {@link #width}. */
    private int takers;
    private final Set<Thread> running = new HashSet<>();
    private boolean shutdown;

    RunPool(int width) {
        this.width = Math.max(1, width);
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (shutdown) {
                throw new RejectedExecutionException("the run's pool is shut down");
            }
            waiting.add(task);
            if (takers >= width) {
                return; // a taker gets to it once done with the task it runs
            }
            takers++;
        }
        THREADS.execute(this::take);
    }

    /** Runs this run's waiting tasks on a kept thread, until none waits. */
    private void take() {
        Thread self = Thread.currentThread();
        boolean done = false;
        try {
            while (true) {
                Runnable next;
                synchronized (this) {
                    next = waiting.poll(); // empty once shutdownNow dropped what waited
                    if (next == null) {
                        takers--; // in the same lock as the look: a task given now starts a taker of its own
                        done = true;
                        notifyAll();
                        return;
                    }
                    running.add(self);
                }
                try {
                    next.run();
                } finally {
                    synchronized (this) {
                        running.remove(self);
                        Thread.interrupted(); // shutdownNow interrupts only under this lock: nothing is left for the next run
                    }
                }
            }
        } finally {
            if (!done) { // a task threw past its future (none of LocalRunner's do): the taker is gone, another may start
                synchronized (this) {
                    takers--;
                    notifyAll();
                }
            }
        }
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    /** Drops the tasks that wait and interrupts those that run. */
    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> dropped = new ArrayList<>(waiting);
        waiting.clear();
        running.forEach(Thread::interrupt);
        return dropped;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && takers == 0;
    }

    @Override
    public synchronized boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!isTerminated()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
