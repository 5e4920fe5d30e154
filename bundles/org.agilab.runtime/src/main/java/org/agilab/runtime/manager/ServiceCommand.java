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
import org.agilab.runtime.service.ServiceHealth;
import org.agilab.runtime.service.ServiceQueue;
import org.agilab.runtime.service.ServiceState;
import org.agilab.runtime.service.ServiceTask;
import org.agilab.runtime.settings.ClusterSettings;

/**
 * {@code agilab serve start|status|health|submit|stop|snapshot}: service mode (docs/service.md). The queue is
 * {@code <home>/wenv/<target>_worker/service/}; {@link ServiceMain} is the process that runs it.
 */
final class ServiceCommand {

    /** How long {@code serve start} waits for the service process to say it runs. */
    static final long START_TIMEOUT_MILLIS = 30_000;
    /** How many times the service starts a slot's gone node anew, unless {@code [service] node_restarts} says. */
    static final int DEFAULT_NODE_RESTARTS = 3;
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
        if (words.size() > 1 && !(action.equals("submit") && context.request().value(ManagerRequest.Value.ITEMS) != null)) {
            throw usage("serve " + action + " takes no word after it: " + words.subList(1, words.size()));
        }
        return switch (action) {
            case "start" -> start(context);
            case "status" -> status(context);
            case "submit" -> submit(context);
            case "stop" -> stop(context);
            case "health" -> health(context);
            case "snapshot" -> snapshot(context);
            default -> throw usage("serve " + action + ": unknown action");
        };
    }

    private static AgilabException usage(String message) {
        return AgilabException.of(FailureClass.USAGE, message).hint("use serve start|status|health|submit|stop|snapshot --app NAME").build();
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
        command.addAll(serviceCompiler(cluster).jvmOptions());
        String classpath = System.getProperty(ManagerClasspath.CLASSPATH_PROPERTY, System.getProperty("java.class.path"));
        command.add("-D" + ManagerClasspath.CLASSPATH_PROPERTY + "=" + classpath); // so a cold run can spawn the coordinator
        String launcher = System.getProperty(org.agilab.runtime.record.RunRecord.LAUNCHER_PROPERTY);
        if (launcher != null) {
            // the tasks' run records name ./agilab in their replay.sh, as the runs it starts itself do
            command.add("-D" + org.agilab.runtime.record.RunRecord.LAUNCHER_PROPERTY + "=" + launcher);
        }
        ServiceQueue.Retention retention = retention(context);
        ServiceMain.Config config = new ServiceMain.Config(context.home().path(), context.app().folder().toString(), idleMillis,
                maxAttempts(context), runOptions(context), retention.doneTtl().toSeconds(), retention.doneMaxFiles(),
                retention.failedTtl().toSeconds(), retention.failedMaxFiles(), nodeRestarts(context));
        command.addAll(List.of("-cp", classpath, ManagerClasspath.SERVICE_CLASS, root.toString(), JsonCodec.write(config)));
        long pid;
        try {
            privateLog(root.resolve("service.log"));
            pid = Detached.start(command, root.resolve("service.log"));
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.CLUSTER, "cannot start the service: " + e.getMessage()).file(root)
                    .hint("see " + root.resolve("service.log")).cause(e).build();
        }
        long deadline = System.nanoTime() + START_TIMEOUT_MILLIS * 1_000_000;
        while (ServiceState.read(root).filter(state -> state.pid() == pid && state.alive()).isEmpty()) {
            Optional<ServiceState> other = ServiceState.read(root).filter(state -> state.pid() != pid && state.alive());
            if (other.isPresent() && !Detached.isAlive(pid)) {
                // another start won the queue's lock meanwhile: that service is this app's
                context.events().emit(Event.Result.ok(Command.SERVE.id(), status(context, queue), "the service of "
                        + context.app().name() + " already runs (pid " + other.get().pid() + ")"));
                return 0;
            }
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

    /**
     * The service process's just-in-time compilers: the client compiler alone unless {@code [cluster] node_compiler =
     * "full"}. Its work per task is dispatch (a file read, a plan, a compute call, a file written), which the client
     * compiler's code does well enough; during a burst of a thousand small tasks the optimising compiler spent more CPU
     * compiling that code than the service's loop spent running it (docs/benchmarks.md). A service meant to run
     * millions of tasks may ask for {@code full}, as its nodes then do.
     */
    static org.agilab.runtime.cluster.NodeCompiler serviceCompiler(ClusterSettings cluster) {
        return cluster.nodeCompiler() == ClusterSettings.NodeCompilerChoice.FULL ? org.agilab.runtime.cluster.NodeCompiler.FULL
                : org.agilab.runtime.cluster.NodeCompiler.QUICK;
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

    /** {@code [service] node_restarts}: how many times a slot's gone node is started anew, at most. */
    static int nodeRestarts(OperationContext context) {
        Object value = context.settings().value("service.node_restarts");
        return value instanceof Number number ? number.intValue() : DEFAULT_NODE_RESTARTS;
    }

    static int maxAttempts(OperationContext context) {
        Object value = context.settings().value("service.max_attempts");
        return value instanceof Number number ? number.intValue() : DEFAULT_MAX_ATTEMPTS;
    }

    /** {@code [service]}'s retention keys (upstream's {@code cleanup_*} names), upstream's defaults for those not given. */
    static ServiceQueue.Retention retention(OperationContext context) {
        ServiceQueue.Retention defaults = ServiceQueue.Retention.DEFAULT;
        return new ServiceQueue.Retention(
                seconds(context, "service.cleanup_done_ttl_sec", defaults.doneTtl()),
                count(context, "service.cleanup_done_max_files", defaults.doneMaxFiles()),
                seconds(context, "service.cleanup_failed_ttl_sec", defaults.failedTtl()),
                count(context, "service.cleanup_failed_max_files", defaults.failedMaxFiles()));
    }

    private static Duration seconds(OperationContext context, String key, Duration otherwise) {
        Object value = context.settings().value(key);
        return value instanceof Number number ? Duration.ofMillis((long) (number.doubleValue() * 1000)) : otherwise;
    }

    private static int count(OperationContext context, String key, int otherwise) {
        Object value = context.settings().value(key);
        return value instanceof Number number ? number.intValue() : otherwise;
    }

    /** {@code [cluster.service_health]}: upstream's SLA gate. */
    static ServiceHealth.Gate gate(OperationContext context) {
        Map<String, Object> table = new LinkedHashMap<>();
        for (String key : List.of("allow_idle", "max_unhealthy", "max_restart_rate")) {
            Object value = context.settings().value("cluster.service_health." + key);
            if (value != null) {
                table.put(key, value);
            }
        }
        return ServiceHealth.Gate.of(table);
    }

    /** The service's row and one row per warm node, judged by the gate. */
    record Health(List<ServiceHealth.WorkerRow> rows, ServiceHealth.Gate gate, ServiceHealth.Verdict verdict) {
    }

    static Health health(OperationContext context, ServiceQueue queue) {
        Optional<ServiceState> state = ServiceState.read(queue.root());
        boolean alive = state.map(ServiceState::alive).orElse(false);
        List<ServiceHealth.WorkerRow> rows = new ArrayList<>();
        rows.add(ServiceHealth.serviceRow(state.orElse(null), alive,
                state.map(s -> Duration.between(s.heartbeat(), Instant.now())).orElse(Duration.ZERO)));
        if (alive) {
            Map<String, ServiceState.Slot> slots = slots(state);
            Instant now = Instant.now();
            NodeRegistry.read(context.home().workerEnv(context.app().target()).resolve("nodes")).ifPresent(registry -> {
                for (NodeRegistry.Node node : registry.nodes()) {
                    boolean up = node.remote() || node.process().isAlive(); // an SSH host's node is checked over SSH on stop only
                    String worker = node.name() + "@" + (node.remote() ? node.host() : "127.0.0.1");
                    ServiceState.Slot slot = slots.get(node.name());
                    if (slot == null || slot.pid() != node.process().pid()) {
                        rows.add(new ServiceHealth.WorkerRow(worker, up, up ? "ok" : "process-gone(pid " + node.process().pid() + ")", null, null));
                    } else {
                        rows.add(ServiceHealth.slotRow(worker, up, node.process().pid(), Duration.between(slot.seen(), now)));
                    }
                }
            });
        }
        ServiceHealth.Gate gate = gate(context);
        int restarts = state.map(s -> s.restarts().size()).orElse(0);
        long finished = state.map(s -> s.done() + s.failed()).orElse(0L);
        return new Health(rows, gate, ServiceHealth.judge(gate, rows, restarts, finished));
    }

    /**
     * {@code serve health}: the status plus the gate's verdict, also written to {@code service/health.json} (upstream's
     * {@code agi.service.health.v1}); a crossed threshold makes it fail (cluster, exit 6) naming each one.
     */
    private static int health(OperationContext context) {
        ServiceQueue queue = ServiceQueue.open(queueRoot(context));
        Map<String, Object> data = status(context, queue);
        Health health = health(context, queue);
        data.put("status", health.verdict().status());
        data.put("passed", health.verdict().passed());
        data.put("crossed", health.verdict().crossed());
        data.put("unhealthy", health.verdict().unhealthy());
        data.put("restartRate", health.verdict().restartRate());
        data.put("gate", gateMap(health.gate()));
        data.put("workerHealth", rows(health.rows()));
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("schema", ServiceHealth.SCHEMA);
        file.put("updated_at", Instant.now().toString());
        file.put("app", context.app().name());
        file.put("status", health.verdict().status());
        file.put("workers_unhealthy_count", health.verdict().unhealthy());
        file.put("restart_rate", health.verdict().restartRate());
        file.put("gate", gateMap(health.gate()));
        file.put("gate_passed", health.verdict().passed());
        file.put("gate_crossed", health.verdict().crossed());
        file.put("worker_health", rows(health.rows()));
        // the nodes started anew in place of gone ones, as upstream writes its auto-restarted workers (failed attempts:
        // status' nodeRestarts)
        Map<String, String> restartReasons = ServiceState.read(queue.root()).map(ServiceState::restartReasons).orElse(Map.of());
        file.put("workers_restarted", List.copyOf(restartReasons.keySet()));
        file.put("workers_restarted_count", restartReasons.size());
        if (!restartReasons.isEmpty()) {
            file.put("restart_reasons", restartReasons);
        }
        Path written = queue.root().resolve("health.json");
        org.agilab.runtime.io.AtomicFiles.writeString(written, JsonCodec.writePretty(file));
        data.put("file", written.toString());
        String summary = "service " + health.verdict().status() + ": " + data.get("pending") + " pending, " + data.get("running")
                + " running, " + data.get("done") + " done, " + data.get("failed") + " failed";
        if (health.verdict().passed()) {
            context.events().emit(Event.Result.ok(Command.SERVE.id(), data, summary + "; health gate passed"));
            return 0;
        }
        AgilabException crossed = AgilabException.of(FailureClass.CLUSTER, "health gate failed: "
                + String.join("; ", health.verdict().crossed())).file(written)
                .hint("see serve status; the thresholds are [cluster.service_health] allow_idle, max_unhealthy, max_restart_rate").build();
        context.events().emit(Event.Failure.of(Command.SERVE.id(), crossed, data, summary));
        return crossed.failureClass().exitCode();
    }

    private static Map<String, Object> gateMap(ServiceHealth.Gate gate) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("allow_idle", gate.allowIdle());
        map.put("max_unhealthy", gate.maxUnhealthy());
        map.put("max_restart_rate", gate.maxRestartRate());
        return map;
    }

    /** Upstream's worker health rows. */
    private static List<Object> rows(List<ServiceHealth.WorkerRow> rows) {
        List<Object> list = new ArrayList<>();
        for (ServiceHealth.WorkerRow row : rows) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("worker", row.worker());
            map.put("healthy", row.healthy());
            map.put("reason", row.reason());
            if (row.heartbeatState() != null) {
                map.put("heartbeat_state", row.heartbeatState());
            }
            if (row.heartbeatAgeSec() != null) {
                map.put("heartbeat_age_sec", row.heartbeatAgeSec());
            }
            list.add(map);
        }
        return list;
    }

    /**
     * {@code serve snapshot}: upstream's operator snapshot ({@code agilab.service.operator_snapshot.v1}) in
     * {@code ~/log/execute/<target>/service_operator_snapshot.json}, where upstream's ORCHESTRATE page writes it.
     */
    private static int snapshot(OperationContext context) {
        ServiceQueue queue = ServiceQueue.open(queueRoot(context));
        Health health = health(context, queue);
        List<ServiceHealth.WorkerRow> rows = health.rows();
        Map<String, Object> gate = gateMap(health.gate());
        gate.put("heartbeat_timeout_sec", ServiceHealth.LATE_BEATS * ServiceState.HEARTBEAT_MILLIS / 1000.0);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("tracked_workers", rows.size());
        summary.put("unhealthy_workers", health.verdict().unhealthy());
        summary.put("late_heartbeats", rows.stream().filter(row -> "late".equals(row.heartbeatState())).count());
        summary.put("missing_heartbeats", rows.stream().filter(row -> "missing".equals(row.heartbeatState())).count());
        summary.put("max_heartbeat_age_sec", rows.stream().map(ServiceHealth.WorkerRow::heartbeatAgeSec).filter(java.util.Objects::nonNull)
                .max(Double::compare).orElse(null));
        summary.put("reason_examples", rows.stream().map(ServiceHealth.WorkerRow::reason).filter(reason -> !"ok".equals(reason))
                .distinct().limit(5).toList());
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("schema", "agilab.service.operator_snapshot.v1");
        snapshot.put("exported_at", java.time.LocalDateTime.now().withNano(0).toString());
        snapshot.put("app", context.app().name());
        snapshot.put("target", context.app().target());
        snapshot.put("status", health.verdict().status());
        snapshot.put("health_gate", gate);
        snapshot.put("summary", summary);
        snapshot.put("worker_health", rows(rows));
        Path file = context.home().executeLogs(context.app().target()).resolve("service_operator_snapshot.json");
        org.agilab.runtime.io.AtomicFiles.writeString(file, JsonCodec.writePretty(snapshot) + "\n");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("file", file.toString());
        data.put("status", health.verdict().status());
        context.events().emit(Event.Result.ok(Command.SERVE.id(), data, "wrote " + file));
        return 0;
    }

    private static int submit(OperationContext context) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (ManagerRequest.Setting setting : context.request().settings()) {
            if (setting.option() != ManagerRequest.SettingOption.SET) {
                throw usage(setting.option().option() + " belongs to serve start: every task of a service runs on its workers and mode");
            }
            args.put(setting.setKey(), setting.setValue());
        }
        // --items PATH...: the first after the option, the others as the words that follow
        List<String> items = new ArrayList<>();
        List<String> words = context.request().arguments().subList(1, context.request().arguments().size());
        if (context.request().value(ManagerRequest.Value.ITEMS) != null) {
            items.add(context.request().value(ManagerRequest.Value.ITEMS));
            items.addAll(words);
        } else if (!words.isEmpty()) {
            throw usage("serve submit: unexpected " + String.join(" ", words) + " (items follow --items)");
        }
        ServiceQueue queue = ServiceQueue.open(queueRoot(context));
        ServiceTask task = queue.submit("task", args, items);
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
            if (!s.nodeRestarts().isEmpty()) {
                // each node the service started anew in place of a gone one, with why (upstream's auto-restart reasons)
                data.put("nodeRestarts", JsonCodec.readValue(JsonCodec.write(s.nodeRestarts())));
                // upstream's status fields: the workers started anew and why
                data.put("restarted_workers", List.copyOf(s.restartReasons().keySet()));
                data.put("restart_reasons", s.restartReasons());
            }
            if (!alive && s.stopReason() != null) {
                data.put("stopReason", s.stopReason());
            }
        });
        Path nodes = context.home().workerEnv(context.app().target()).resolve("nodes");
        List<Object> workers = new ArrayList<>();
        Map<String, ServiceState.Slot> slots = slots(state.filter(s -> alive));
        NodeRegistry.read(nodes).ifPresent(registry -> {
            for (NodeRegistry.Node node : registry.nodes()) {
                Map<String, Object> worker = new LinkedHashMap<>();
                worker.put("name", node.name());
                worker.put("host", node.remote() ? node.host() : "127.0.0.1");
                worker.put("pid", node.process().pid());
                worker.put("state", node.remote() ? "started" : node.process().isAlive() ? "up" : "gone");
                ServiceState.Slot slot = slots.get(node.name());
                if (slot != null && slot.pid() == node.process().pid()) {
                    // the service's view: its tasks on the slot, and when the cluster last showed the node
                    worker.put("running", slot.running());
                    worker.put("heartbeatAgeSec", Duration.between(slot.seen(), now).toMillis() / 1000.0);
                }
                workers.add(worker);
            }
        });
        data.put("workers", workers);
        Coordinator.find(nodes).ifPresent(coordinator -> data.put("coordinator", coordinator.process().pid()));
        data.put("queue", queue.root().toString());
        return data;
    }

    /** The slots a running service last saw, by node name (none when it runs tasks as whole runs). */
    private static Map<String, ServiceState.Slot> slots(Optional<ServiceState> state) {
        Map<String, ServiceState.Slot> slots = new LinkedHashMap<>();
        state.ifPresent(s -> s.slots().forEach(slot -> slots.put(slot.name(), slot)));
        return slots;
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
                org.agilab.runtime.io.AtomicFiles.writeString(root.resolve(ServiceState.DRAIN), Instant.now().toString());
                while (running.get().alive()) {
                    context.cancellation().throwIfCancelled(); // the drain goes on; this command only stops waiting
                    sleep(50);
                }
                try {
                    Files.deleteIfExists(root.resolve(ServiceState.DRAIN)); // done with: the next start need not clear it
                } catch (IOException e) {
                    // start clears it too
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

    /** The service's log, owner-only before the shell's redirection writes it (it keeps a file's mode). */
    private static void privateLog(Path log) throws IOException {
        java.util.Set<java.nio.file.attribute.PosixFilePermission> owner = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        if (!Files.exists(log)) {
            Files.createFile(log, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(owner));
        }
        Files.setPosixFilePermissions(log, owner);
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
