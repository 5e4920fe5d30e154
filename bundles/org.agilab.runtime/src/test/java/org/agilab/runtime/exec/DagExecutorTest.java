package org.agilab.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.agilab.api.DagWorker;
import org.agilab.api.ExecutionMode;
import org.agilab.api.StepArgs;
import org.agilab.api.StepResults;
import org.agilab.api.Work;
import org.agilab.api.WorkerContext;
import org.agilab.runtime.app.SharePaths;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.protocol.Cancellation;
import org.junit.jupiter.api.Test;

class DagExecutorTest {

    public static class Args {
        public int base = 10;
    }

    /** Steps with different signatures; b and c wait for each other to prove they run at the same time. */
    public static class Steps implements DagWorker<Args> {
        final CountDownLatch bothRunning = new CountDownLatch(2);
        final List<String> order = new CopyOnWriteArrayList<>();

        public int a(Args args) {
            order.add("a");
            return args.base;
        }

        public int b(StepResults previous, StepArgs step) throws InterruptedException {
            order.add("b");
            bothRunning.countDown();
            assertTrue(bothRunning.await(10, TimeUnit.SECONDS), "c ran alongside b");
            return (Integer) previous.get("a") + (int) step.asLong();
        }

        public int c(WorkerContext<Args> context, StepResults previous) throws InterruptedException {
            order.add("c");
            bothRunning.countDown();
            assertTrue(bothRunning.await(10, TimeUnit.SECONDS), "b ran alongside c");
            return (Integer) previous.get("a") * 2;
        }

        public String d(StepResults previous) {
            order.add("d");
            return previous.get("b") + "+" + previous.get("c");
        }

        public void bad(String unsupported) {
        }

        public void boom() {
            throw new IllegalStateException("exploded");
        }
    }

    private static WorkerContext<Object> context() {
        return new LocalWorkerContext(new Args(), 0, 1, "127.0.0.1", ExecutionMode.of(ExecutionMode.POOL),
                new SharePaths(Path.of("/tmp")), new Cancellation());
    }

    private static final DagExecutor.Listener QUIET = new DagExecutor.Listener() {
        @Override
        public void started(Work step) {
        }

        @Override
        public void finished(Work step, Object result, long durationMs) {
        }
    };

    @Test
    void runsInDependencyOrderWithIndependentStepsInParallel() {
        Steps steps = new Steps();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Map<String, Object> results = DagExecutor.run(steps, List.of(Work.step("d", null, "b", "c"), Work.step("b", 5, "a"),
                    Work.step("c", null, "a"), Work.step("a", null)), context(), pool, QUIET);
            assertEquals(10, results.get("a"));
            assertEquals(15, results.get("b"));
            assertEquals(20, results.get("c"));
            assertEquals("15+20", results.get("d"));
            assertEquals("a", steps.order.get(0));
            assertEquals("d", steps.order.get(3));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void orderKeepsPlanOrderAmongReadySteps() {
        List<Work> ordered = DagExecutor.order(List.of(Work.step("x", null), Work.step("a", null, "x"), Work.step("b", null),
                Work.step("c", null, "a", "b")));
        assertEquals(List.of("x", "b", "a", "c"), ordered.stream().map(Work::name).toList());
    }

    @Test
    void cycleIsAnErrorNamingItsSteps() {
        AgilabException error = assertThrows(AgilabException.class, () -> DagExecutor.order(List.of(Work.step("a", null),
                Work.step("b", null, "a", "d"), Work.step("c", null, "b"), Work.step("d", null, "c"))));
        assertEquals(FailureClass.DATA, error.failureClass());
        assertTrue(error.getMessage().contains("b, c, d") && error.getMessage().contains("cycle"), error.getMessage());
        assertTrue(!error.getMessage().contains("a,"), error.getMessage());
    }

    @Test
    void missingDependencyAndDuplicateAreNamed() {
        assertTrue(assertThrows(AgilabException.class, () -> DagExecutor.order(List.of(Work.step("a", null, "ghost"))))
                .getMessage().contains("'ghost'"));
        assertTrue(assertThrows(AgilabException.class, () -> DagExecutor.order(List.of(Work.step("a", null), Work.step("a", null))))
                .getMessage().contains("two steps named 'a'"));
    }

    @Test
    void unsupportedParameterAndMissingMethodAndFailureAreClassified() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AgilabException parameter = assertThrows(AgilabException.class,
                    () -> DagExecutor.run(new Steps(), List.of(Work.step("bad", null)), context(), pool, QUIET));
            assertTrue(parameter.getMessage().contains("java.lang.String"), parameter.getMessage());
            AgilabException missing = assertThrows(AgilabException.class,
                    () -> DagExecutor.run(new Steps(), List.of(Work.step("nowhere", null)), context(), pool, QUIET));
            assertTrue(missing.getMessage().contains("no public method"), missing.getMessage());
            AgilabException boom = assertThrows(AgilabException.class,
                    () -> DagExecutor.run(new Steps(), List.of(Work.step("boom", null)), context(), pool, QUIET));
            assertEquals(FailureClass.DATA, boom.failureClass());
            assertTrue(boom.getMessage().contains("step boom failed") && boom.getMessage().contains("exploded"), boom.getMessage());
        } finally {
            pool.shutdownNow();
        }
    }
}
