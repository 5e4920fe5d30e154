package org.agilab.runtime.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.agilab.api.ExecutionMode;
import org.agilab.runtime.cluster.ClusterJvm;
import org.agilab.runtime.cluster.Coordinator;
import org.agilab.runtime.cluster.NodeRegistry;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.launch.ManagerClasspath;
import org.agilab.runtime.process.Detached;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.request.Command;
import org.agilab.runtime.request.ManagerRequest;
import org.agilab.runtime.service.ServiceQueue;
import org.agilab.runtime.service.ServiceState;
import org.agilab.runtime.service.ServiceTask;
import org.agilab.runtime.settings.ClusterSettings;

/**
 * {@code agilab serve start|status|submit|stop}: service mode (docs/service.md). The queue is
 * {@code <home>/wenv/<target>_worker/service/}; {@link ServiceMain} is the process that runs it.
 */
final class ServiceCommand {

    /** How long {@code serve start} waits for the service process to say it runs. */
    static final long START_TIMEOUT_MILLIS = 30_000;
    /** How many attempts a task gets when its node is lost or the app is busy, unless {@code [service] max_attempts} says. */
    static final int DEFAULT_MAX_ATTEMPTS = 3;

    private ServiceCommand() {
    }

    static Path queueRoot(OperationContext context) {
        return context.home().workerEnv(context.app().target()).resolve("service");
    }

    static int execute(OperationContext context) {
        List<String> words = context.request().arguments();
        String action = words.isEmpty() ? "status" : words.get(0);
        if (words.size() > 1) {
            throw usage("serve " + action + " takes no word after it: " + words.subList(1, words.size()));
        }
        return switch (action) {
            case "start" -> start(context);
            case "status" -> status(context);
            case "submit" -> submit(context);
            case "stop" -> stop(context);
            default -> throw usage("serve " + action + ": unknown action");
        };
    }

    private static AgilabException usage(String message) {
        return AgilabException.of(FailureClass.USAGE, message).hint("use serve start|status|submit|stop --app NAME").build();
    }

    private static int start(OperationContext context) {
        Path root = queueRoot(context);
        ServiceQueue queue = ServiceQueue.open(root);
        Optional<ServiceState> running = ServiceState.read(root).filter(ServiceState::alive);
        if (running.isPresent()) {
            Map<String, Object> data = status(context, queue);
            context.events().emit(Event.Result.ok(Command.SERVE.id(), data, "the service of " + context.app().name()
                    + " already runs (pid " + running.get().pid() + ")"));
            return 0;
        }
        try {
            Files.deleteIfExists(root.resolve(ServiceState.DRAIN));
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.INTERNAL, "cannot clear an earlier stop: " + e.getMessage())
                    .file(root.resolve(ServiceState.DRAIN)).cause(e).build();
        }
        ClusterSettings cluster = ClusterSettings.of(context.settings());
        long idleMillis = (long) (cluster.idleTimeoutMinutes() * 60_000);
        List<String> command = new ArrayList<>();
        command.add(ManagerClasspath.currentJava().toString());
        command.addAll(ClusterJvm.options()); // its runs may host an Ignite client, as any manager's
        String classpath = System.getProperty(ManagerClasspath.CLASSPATH_PROPERTY, System.getProperty("java.class.path"));
        command.add("-D" + ManagerClasspath.CLASSPATH_PROPERTY + "=" + classpath); // so a cold run can spawn the coordinator
        command.addAll(List.of("-cp", classpath, ManagerClasspath.SERVICE_CLASS, root.toString(), context.home().path().toString(),
                context.app().folder().toString(), Long.toString(idleMillis), Integer.toString(maxAttempts(context)),
                JsonCodec.write(runOptions(context))));
        long pid;
        try {
            pid = Detached.start(command, root.resolve("service.log"));
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.CLUSTER, "cannot start the service: " + e.getMessage()).file(root)
                    .hint("see " + root.resolve("service.log")).cause(e).build();
        }
        long deadline = System.nanoTime() + START_TIMEOUT_MILLIS * 1_000_000;
        while (ServiceState.read(root).filter(state -> state.pid() == pid && state.alive()).isEmpty()) {
            if (System.nanoTime() > deadline || !Detached.isAlive(pid)) {
                throw AgilabException.of(FailureClass.CLUSTER, "the service did not start").file(root.resolve("service.log"))
                        .hint("see its log, " + root.resolve("service.log")).build();
            }
            context.cancellation().throwIfCancelled();
            sleep(20);
        }
        Map<String, Object> data = status(context, queue);
        context.events().emit(Event.Result.ok(Command.SERVE.id(), data, "service of " + context.app().name() + " started (pid " + pid
                + "), queue " + root));
        return 0;
    }

    /** The run options every task of this service gets: those given to start, and the cluster bit when they lack it. */
    private static List<String> runOptions(OperationContext context) {
        List<String> options = new ArrayList<>();
        for (ManagerRequest.Setting setting : context.request().settings()) {
            options.addAll(List.of(setting.option().option(), setting.value()));
        }
        ExecutionMode mode = context.settings().mode();
        if (!mode.has(ExecutionMode.CLUSTER)) {
            options.addAll(List.of("--mode", Integer.toString(mode.bits() | ExecutionMode.CLUSTER)));
        }
        return options;
    }

    static int maxAttempts(OperationContext context) {
        Object value = context.settings().value("service.max_attempts");
        return value instanceof Number number ? number.intValue() : DEFAULT_MAX_ATTEMPTS;
    }

    private static int submit(OperationContext context) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (ManagerRequest.Setting setting : context.request().settings()) {
            if (setting.option() != ManagerRequest.SettingOption.SET) {
                throw usage(setting.option().option() + " belongs to serve start: every task of a service runs on its workers and mode");
            }
            args.put(setting.setKey(), setting.setValue());
        }
        ServiceQueue queue = ServiceQueue.open(queueRoot(context));
        ServiceTask task = queue.submit("task", args, List.of());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", task.id());
        data.put("file", queue.folder(ServiceQueue.State.PENDING).resolve(task.id() + ServiceQueue.SUFFIX).toString());
        data.put("service", ServiceState.read(queue.root()).filter(ServiceState::alive).isPresent() ? "running" : "stopped");
        context.events().emit(Event.Result.ok(Command.SERVE.id(), data, task.id()));
        return 0;
    }

    private static int status(OperationContext context) {
        ServiceQueue queue = ServiceQueue.open(queueRoot(context));
        Map<String, Object> data = status(context, queue);
        String summary = "service " + data.get("state") + ": " + data.get("pending") + " pending, " + data.get("running") + " running, "
                + data.get("done") + " done, " + data.get("failed") + " failed; " + ((List<?>) data.get("workers")).size() + " workers";
        context.events().emit(Event.Result.ok(Command.SERVE.id(), data, summary));
        return 0;
    }

    /** One object: the service's state and heartbeat, the queue's depths, and the workers (the app's warm nodes). */
    static Map<String, Object> status(OperationContext context, ServiceQueue queue) {
        Instant now = Instant.now();
        Map<String, Object> data = new LinkedHashMap<>();
        Optional<ServiceState> state = ServiceState.read(queue.root());
        boolean alive = state.map(ServiceState::alive).orElse(false);
        data.put("app", context.app().name());
        data.put("state", alive ? state.get().state() : "stopped");
        ServiceQueue.Counts counts = queue.counts();
        data.put("pending", counts.pending());
        data.put("running", counts.running());
        data.put("done", counts.done());
        data.put("failed", counts.failed());
        queue.oldestPendingAge().ifPresent(age -> data.put("oldestPendingSec", age.toMillis() / 1000.0));
        state.ifPresent(s -> {
            data.put("pid", s.pid());
            if (s.heartbeat() != null) {
                data.put("heartbeatAgeSec", Duration.between(s.heartbeat(), now).toMillis() / 1000.0);
            }
            if (alive && s.task() != null) {
                data.put("task", s.task());
            }
            data.put("restarts", s.restarts());
            if (!alive && s.stopReason() != null) {
                data.put("stopReason", s.stopReason());
            }
        });
        Path nodes = context.home().workerEnv(context.app().target()).resolve("nodes");
        List<Object> workers = new ArrayList<>();
        NodeRegistry.read(nodes).ifPresent(registry -> {
            for (NodeRegistry.Node node : registry.nodes()) {
                Map<String, Object> worker = new LinkedHashMap<>();
                worker.put("name", node.name());
                worker.put("host", node.remote() ? node.host() : "127.0.0.1");
                worker.put("pid", node.process().pid());
                worker.put("state", node.remote() ? "started" : node.process().isAlive() ? "up" : "gone");
                workers.add(worker);
            }
        });
        data.put("workers", workers);
        Coordinator.find(nodes).ifPresent(coordinator -> data.put("coordinator", coordinator.process().pid()));
        data.put("queue", queue.root().toString());
        return data;
    }

    /**
     * Drains (the service ends once nothing is pending or running) or, with {@code --now}, stops the service at once
     * (its running task goes back to pending); then stops the app's coordinator and warm nodes: no process is left.
     */
    private static int stop(OperationContext context) {
        Path root = queueRoot(context);
        ServiceQueue queue = ServiceQueue.open(root);
        Optional<ServiceState> running = ServiceState.read(root).filter(ServiceState::alive);
        boolean now = context.request().flags().contains(ManagerRequest.Flag.NOW);
        if (running.isPresent()) {
            Optional<ProcessHandle> process = ProcessHandle.of(running.get().pid());
            if (now) {
                process.ifPresent(handle -> Detached.stop(List.of(handle), 30_000));
            } else {
                try {
                    Files.writeString(root.resolve(ServiceState.DRAIN), Instant.now().toString());
                } catch (IOException e) {
                    throw AgilabException.of(FailureClass.INTERNAL, "cannot ask the service to drain: " + e.getMessage())
                            .file(root).cause(e).build();
                }
                while (running.get().alive()) {
                    context.cancellation().throwIfCancelled(); // the drain goes on; this command only stops waiting
                    sleep(50);
                }
            }
        }
        try (LifecycleLock lock = LifecycleLock.acquire(context.home().workerEnv(context.app().target()), "serve stop")) {
            Operations.stopNodes(context, Operations.sshSettings(context));
        }
        Map<String, Object> data = status(context, queue);
        String summary = running.isEmpty() ? "the service of " + context.app().name() + " was not running; its nodes are stopped"
                : "service of " + context.app().name() + (now ? " stopped" : " drained") + ": " + data.get("pending") + " pending, "
                        + data.get("done") + " done, " + data.get("failed") + " failed";
        context.events().emit(Event.Result.ok(Command.SERVE.id(), data, summary));
        return 0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AgilabException.of(FailureClass.CANCELLED, "interrupted").build();
        }
    }
}
