package org.agilab.runtime.exec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

import org.agilab.api.StepArgs;
import org.agilab.api.StepResults;
import org.agilab.api.Work;
import org.agilab.api.WorkerContext;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;

/**
 * Runs DAG steps in dependency order on a pool: each step starts when its dependencies have finished, independent
 * steps run in parallel. A step is the worker's public method named like the step, called with the parameters it
 * declares (by type: the app's args, {@link StepArgs}, {@link StepResults}, {@link WorkerContext}).
 */
public final class DagExecutor {

    /** Called when a step starts and when it finishes. */
    public interface Listener {
        void started(Work step);

        void finished(Work step, Object result, long durationMs);
    }

    private DagExecutor() {
    }

    /**
     * The steps in an order that respects every dependency (Kahn's algorithm; ties keep plan order).
     *
     * @throws AgilabException (data) naming the steps of a cycle, a missing dependency or a duplicate step
     */
    public static List<Work> order(List<Work> steps) {
        Map<String, Work> byName = new LinkedHashMap<>();
        for (Work step : steps) {
            if (byName.put(step.name(), step) != null) {
                throw AgilabException.of(FailureClass.DATA, "the plan has two steps named '" + step.name() + "'")
                        .hint("step names must be unique within a worker's plan").build();
            }
        }
        Map<String, Integer> waiting = new LinkedHashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (Work step : steps) {
            for (String dependency : step.dependsOn()) {
                if (!byName.containsKey(dependency)) {
                    throw AgilabException.of(FailureClass.DATA, "step '" + step.name() + "' depends on '" + dependency
                            + "', which is not in the plan").hint("steps in the plan: " + byName.keySet()).build();
                }
                dependents.computeIfAbsent(dependency, d -> new ArrayList<>()).add(step.name());
            }
            waiting.put(step.name(), new LinkedHashSet<>(step.dependsOn()).size());
        }
        Deque<String> ready = new ArrayDeque<>();
        waiting.forEach((name, count) -> {
            if (count == 0) {
                ready.add(name);
            }
        });
        List<Work> ordered = new ArrayList<>();
        while (!ready.isEmpty()) {
            String name = ready.poll();
            ordered.add(byName.get(name));
            for (String dependent : dependents.getOrDefault(name, List.of())) {
                if (waiting.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (ordered.size() < steps.size()) {
            List<String> cycle = waiting.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
            throw AgilabException.of(FailureClass.DATA, "the steps " + String.join(", ", cycle) + " depend on each other in a cycle")
                    .hint("remove one dependency of the cycle in the manager's plan").build();
        }
        return ordered;
    }

    /** Runs the steps on the pool and returns each step's result by name. */
    public static Map<String, Object> run(Object worker, List<Work> steps, WorkerContext<Object> context,
            ExecutorService pool, Listener listener) {
        List<Work> ordered = order(steps);
        Map<String, Method> methods = new HashMap<>();
        for (Work step : ordered) {
            methods.put(step.name(), stepMethod(worker.getClass(), step.name()));
        }
        Map<String, CompletableFuture<Object>> futures = new LinkedHashMap<>();
        for (Work step : ordered) {
            CompletableFuture<?>[] dependencies = step.dependsOn().stream().map(futures::get).toArray(CompletableFuture[]::new);
            futures.put(step.name(), CompletableFuture.allOf(dependencies).thenApplyAsync(ignored -> {
                if (context.isCancelled()) {
                    throw AgilabException.of(FailureClass.CANCELLED, "cancelled before step " + step.name()).build();
                }
                Map<String, Object> previous = new LinkedHashMap<>();
                for (String dependency : step.dependsOn()) {
                    previous.put(dependency, futures.get(dependency).join());
                }
                listener.started(step);
                long start = System.nanoTime();
                Object result = invoke(worker, methods.get(step.name()), step, context, previous);
                listener.finished(step, result, (System.nanoTime() - start) / 1_000_000);
                return result;
            }, pool));
        }
        Map<String, Object> results = new LinkedHashMap<>();
        AgilabException first = null;
        for (Map.Entry<String, CompletableFuture<Object>> future : futures.entrySet()) {
            try {
                results.put(future.getKey(), future.getValue().join());
            } catch (CompletionException e) {
                if (first == null) {
                    first = e.getCause() instanceof AgilabException classified ? classified
                            : AgilabException.classify(e.getCause());
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }

    static Method stepMethod(Class<?> workerClass, String name) {
        Method found = null;
        for (Method method : workerClass.getMethods()) {
            if (method.getName().equals(name) && !Modifier.isStatic(method.getModifiers())) {
                if (found != null) {
                    throw AgilabException.of(FailureClass.DATA, workerClass.getName() + " has several methods named '" + name + "'")
                            .hint("a step method must have a unique name").build();
                }
                found = method;
            }
        }
        if (found == null) {
            throw AgilabException.of(FailureClass.DATA, "the plan names step '" + name + "' but " + workerClass.getName()
                    + " has no public method of that name").hint("add public Object " + name + "(...) to the worker").build();
        }
        return found;
    }

    private static Object invoke(Object worker, Method method, Work step, WorkerContext<Object> context, Map<String, Object> previous) {
        Class<?>[] types = method.getParameterTypes();
        Object[] values = new Object[types.length];
        Object args = context.args();
        for (int i = 0; i < types.length; i++) {
            Class<?> type = types[i];
            if (type == StepArgs.class) {
                values[i] = new StepArgs(step.args());
            } else if (type == StepResults.class) {
                values[i] = new StepResults(previous);
            } else if (type == WorkerContext.class) {
                values[i] = context;
            } else if (args != null && type.isInstance(args)) {
                values[i] = args;
            } else {
                throw AgilabException.of(FailureClass.DATA, "step " + step.name() + " has a parameter of type " + type.getName()
                        + " that AGILab cannot supply").hint("a step may take the app's args, StepArgs, StepResults or WorkerContext")
                        .build();
            }
        }
        try {
            return method.invoke(worker, values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AgilabException classified) {
                throw classified;
            }
            throw AgilabException.of(FailureClass.DATA, "step " + step.name() + " failed: " + cause).cause(cause)
                    .hint("see the stack trace in the run log").build();
        } catch (IllegalAccessException e) {
            throw AgilabException.of(FailureClass.DATA, "step " + step.name() + " is not accessible: " + e.getMessage())
                    .hint("make the worker class and the step method public").build();
        }
    }

}
