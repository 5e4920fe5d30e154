package org.agilab.runtime.manager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.agilab.api.ExecutionMode;
import org.agilab.api.WorkWeight;
import org.agilab.runtime.app.ArgsBinder;
import org.agilab.runtime.app.LoadedApp;
import org.agilab.runtime.app.SharePaths;
import org.agilab.runtime.cluster.ClusterRunner;
import org.agilab.runtime.cluster.Coordinator;
import org.agilab.runtime.cluster.NodeRegistry;
import org.agilab.runtime.cluster.PortLeases;
import org.agilab.runtime.cluster.RemoteHosts;
import org.agilab.runtime.cluster.RemoteNodes;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.exec.LocalRunner;
import org.agilab.runtime.exec.OutputClaims;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.node.ClusterTls;
import org.agilab.runtime.plan.Capacities;
import org.agilab.runtime.plan.Distributor;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.Events;
import org.agilab.runtime.request.Command;
import org.agilab.runtime.settings.AppSettings;
import org.agilab.runtime.settings.ClusterSettings;
import org.agilab.runtime.ssh.SshSettings;

/** install, distribute and run, each under the app's lifecycle lock; run and distribute install first when needed. */
final class Operations {

    private static final AgiLog LOG = AgiLog.get(Operations.class);

    private Operations() {
    }

    static int install(OperationContext context) {
        Installer.Result install = installStep(context, context.request().force());
        Map<String, Object> data = new LinkedHashMap<>(install.toJson());
        String summary = (install.rebuilt() ? "installed " : "up to date: ") + context.app().name() + " in " + install.workerEnv()
                + (install.rebuilt() ? " (" + install.sourceFiles() + " sources compiled in " + install.compileMs() + " ms)" : "");
        if (context.record() != null) {
            context.record().output(install.workerJar());
        }
        // the home's cluster TLS material (every cluster uses it, 127.0.0.1 included) is made here, so a first cluster
        // run does not pay for it
        ClusterTls.Material tls = ClusterRunner.tls(clusterOptions(context),
                context.settings().workers().keySet());
        if (tls != null) {
            data.put("tls", tls.folder().toString());
            summary += "; cluster TLS material in " + tls.folder();
        }
        summary += installOnHosts(context, install, tls, data);
        context.events().emit(Event.Result.ok(Command.INSTALL.id(), data, summary));
        return 0;
    }

    /**
     * Readies the SSH hosts of {@code [cluster.workers]} (all at once): connect, check, ship what changed, smoke-test
     * the node entry point. Their figures go into {@code data.hosts}.
     */
    private static String installOnHosts(OperationContext context, Installer.Result install,
            ClusterTls.Material tls, Map<String, Object> data) {
        List<String> hosts = RemoteHosts.remote(context.settings().workers());
        if (hosts.isEmpty()) {
            return "";
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        StringBuilder summary = new StringBuilder();
        try (Events.Phase phase = context.events().phase("install on hosts")) {
            Map<String, RemoteHosts.Host> ready = RemoteHosts.prepare(hosts,
                    sshSettings(context), userHome(), install, tls, context.events(), true);
            try {
                ready.forEach((address, host) -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("root", host.root());
                    entry.put("filesShipped", host.shipped().files());
                    entry.put("bytesShipped", host.shipped().bytes());
                    entry.put("filesUnchanged", host.shipped().unchanged());
                    figures.put(address, entry);
                    summary.append("; ").append(address).append(": shipped ").append(host.shipped().files()).append(" files (")
                            .append(host.shipped().bytes()).append(" bytes), ").append(host.shipped().unchanged()).append(" unchanged, checked");
                });
            } finally {
                RemoteHosts.closeAll(ready);
            }
            phase.ok();
        }
        data.put("hosts", figures);
        return summary.toString();
    }

    static java.nio.file.Path userHome() {
        return java.nio.file.Path.of(System.getProperty("user.home"));
    }

    /**
     * How to reach the SSH hosts: {@code [cluster.hosts."<host>"]} tables and {@code [cluster] ssh_*} keys, then the
     * home's environment and .env, and the secrets given through the protocol's stdin channel.
     */
    static SshSettings sshSettings(OperationContext context) {
        Map<String, Map<String, Object>> hostTables = new LinkedHashMap<>();
        Map<String, Object> cluster = new LinkedHashMap<>();
        for (AppSettings.Setting setting : context.settings().all()) {
            List<String> path = setting.path();
            if (path.size() == 4 && path.get(0).equals("cluster") && path.get(1).equals("hosts")) {
                hostTables.computeIfAbsent(path.get(2), host -> new LinkedHashMap<>()).put(path.get(3), setting.value());
            } else if (path.size() == 2 && path.get(0).equals("cluster") && path.get(1).startsWith("ssh_")) {
                cluster.put(path.get(1), setting.value());
            }
        }
        SshSettings settings = SshSettings.resolve(hostTables, cluster,
                key -> context.home().setting(key, null).value(), context.credentials(), userHome());
        if (settings.passwordFromEnv() != null && !settings.passwordFromEnv().isEmpty()) {
            context.redactor().addSecret(settings.passwordFromEnv()); // also when it came from the environment, not .env
        }
        return settings;
    }

    static int distribute(OperationContext context) {
        Installer.Result install = installStep(context, false);
        try (LoadedApp app = LoadedApp.load(context.app().name(), install)) {
            Object args = bindArgs(context, app);
            Distributor.Result plan = planStep(context, app, args);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("file", plan.file().toString());
            data.put("reused", plan.reused());
            data.put("tree", plan.tree().toJson());
            if (context.record() != null) {
                context.record().output(plan.file());
            }
            context.events().emit(Event.Result.ok(Command.DISTRIBUTE.id(), data, planSummary(plan)));
            return 0;
        }
    }

    static int run(OperationContext context) {
        ExecutionMode mode = context.settings().mode();
        if (mode.has(ExecutionMode.GPU)) {
            LOG.warn("GPU mode (r) requested: this host runs CPU only, as there is no GPU path");
        }
        Installer.Result install = installStep(context, false);
        // a coordinator keeps the app's classes per install hash, so its next run starts on compiled code
        try (LoadedApp app = context.role().keepsAppClasses() ? LoadedApp.kept(context.app().name(), install)
                : LoadedApp.load(context.app().name(), install)) {
            Object args = bindArgs(context, app);
            Distributor.Result plan = planStep(context, app, args);
            LocalRunner.Result result;
            try (Events.Phase phase = context.events().phase("run")) {
                result = runMode(context, app, args, plan, mode, true);
                phase.ok();
            }
            recordOutputs(context, args);
            if (mode.has(ExecutionMode.COMPILED) && !"compiled".equals(result.kernel())) {
                LOG.info("compiled mode (c): " + context.app().name() + " has no optimised kernel, so the plain one ran");
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("mode", mode.bits());
            data.put("label", mode.label());
            data.put("durationMs", result.durationMs());
            data.put("works", result.works());
            data.put("items", result.items());
            data.put("rows", result.rows());
            data.put("poolWidth", result.poolWidth());
            data.put("family", result.family());
            data.put("kernel", result.kernel());
            data.put("gpu", false);
            data.put("plan", plan.file().toString());
            context.events().emit(Event.Result.ok(Command.RUN.id(), data, runSummary(mode, result)));
            return 0;
        }
    }

    /** Apps name their output folder {@code data_out} (upstream's convention): its files go into the run record. */
    private static void recordOutputs(OperationContext context, Object args) {
        Object dataOut = ArgsBinder.toMap(args).get("data_out");
        if (context.record() == null || !(dataOut instanceof String folder)) {
            return;
        }
        java.nio.file.Path outputs = share(context).resolve(folder);
        if (!java.nio.file.Files.isDirectory(outputs)) {
            return;
        }
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(outputs)) {
            context.record().outputs(files.filter(java.nio.file.Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted().toList());
        } catch (java.io.IOException e) {
            LOG.warn("could not list the outputs in " + outputs + ": " + e.getMessage());
        }
    }

    /**
     * Upstream's benchmark mode: runs the app once in each mode (after one unrecorded warm-up run, so the first mode
     * does not pay the JIT for the others), ranks them and writes {@code ~/.agilab/benchmark.json}.
     */
    static int benchmark(OperationContext context) {
        List<ExecutionMode> modes = new java.util.ArrayList<>();
        for (String mode : (context.request().modes() == null ? "0,p,c,pc" : context.request().modes()).split(",")) {
            ExecutionMode parsed;
            try {
                parsed = ExecutionMode.parse(mode.strip());
            } catch (IllegalArgumentException e) {
                throw AgilabException.of(FailureClass.USAGE, "--modes: " + e.getMessage()).hint("write --modes 0,p,c,pc").build();
            }
            modes.add(parsed);
        }
        Installer.Result install = installStep(context, false);
        try (LoadedApp app = LoadedApp.load(context.app().name(), install)) {
            Object args = bindArgs(context, app);
            Distributor.Result plan = planStep(context, app, args);
            // one unrecorded run per family, so that no mode pays the JIT or the node start for the others; the cluster
            // modes then share the same warm nodes
            java.util.Optional<ExecutionMode> firstLocal = modes.stream().filter(m -> !m.has(ExecutionMode.CLUSTER)).findFirst();
            java.util.Optional<ExecutionMode> firstCluster = modes.stream().filter(m -> m.has(ExecutionMode.CLUSTER)).findFirst();
            try (Events.Phase phase = context.events().phase("warm-up")) {
                if (firstLocal.isPresent()) {
                    LocalRunner.run(app, args, plan.tree().distribution(), firstLocal.get(), share(context), context.events(),
                            context.cancellation());
                }
                if (firstCluster.isPresent()) {
                    runMode(context, app, args, plan, firstCluster.get(), false);
                }
                phase.ok();
            }
            List<Map<String, Object>> entries = new java.util.ArrayList<>();
            for (ExecutionMode mode : modes) {
                context.cancellation().throwIfCancelled();
                LocalRunner.Result result;
                try (Events.Phase phase = context.events().phase("run " + mode.label())) {
                    result = runMode(context, app, args, plan, mode, true);
                    phase.ok();
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                boolean cluster = mode.has(ExecutionMode.CLUSTER);
                entry.put("variant", cluster ? "cluster" : "local");
                entry.put("nodes", cluster ? workersText(context.settings().workers()) : "127.0.0.1");
                entry.put("node", cluster ? String.join(",", context.settings().workers().keySet()) : "127.0.0.1");
                entry.put("mode", mode.label());
                entry.put("timing", seconds(result.durationMs()));
                entry.put("seconds", result.durationMs() / 1000.0);
                entry.put("kernel", result.kernel());
                entry.put("rows", result.rows());
                entries.add(entry);
            }
            List<Map<String, Object>> ranked = new java.util.ArrayList<>(entries);
            ranked.sort(java.util.Comparator.comparingDouble(e -> (Double) e.get("seconds")));
            double fastest = (Double) ranked.get(0).get("seconds");
            for (int rank = 0; rank < ranked.size(); rank++) {
                ranked.get(rank).put("order", rank + 1);
                ranked.get(rank).put("delta", Math.round(((Double) ranked.get(rank).get("seconds") - fastest) * 1000) / 1000.0);
            }
            Map<String, Object> benchmark = new LinkedHashMap<>();
            benchmark.put("app", context.app().name());
            benchmark.put("date", java.time.Instant.now().toString());
            benchmark.put("runs", ranked);
            benchmark.put("best", ranked.get(0).get("mode"));
            AtomicFiles.writeString(context.home().benchmarkFile(),
                    JsonCodec.writePretty(benchmark));
            if (context.record() != null) {
                context.record().output(context.home().benchmarkFile());
            }
            StringBuilder table = new StringBuilder("rank  mode  seconds  delta   kernel\n");
            for (Map<String, Object> entry : ranked) {
                table.append(String.format(Locale.ROOT, "%4d  %s  %7.3f  %6.3f  %s%n", (Integer) entry.get("order"), entry.get("mode"),
                        (Double) entry.get("seconds"), (Double) entry.get("delta"), entry.get("kernel")));
            }
            table.append("written to ").append(context.home().benchmarkFile());
            context.events().emit(Event.Result.ok(Command.BENCHMARK.id(), benchmark, table.toString()));
            return 0;
        }
    }

    /**
     * One run of the app: in this process for the local modes, on the (warm) nodes for the cluster ones.
     *
     * @param prepare whether to prepare the run first (upstream's reset_target): a cluster run does it once its nodes
     *            are up, so hosts or nodes that fail to come up never cost the previous outputs
     */
    private static LocalRunner.Result runMode(OperationContext context, LoadedApp app, Object args, Distributor.Result plan,
            ExecutionMode mode, boolean prepare) {
        Runnable prepareRun = () -> {
            if (prepare) {
                Distributor.prepareRun(app, args, context.settings().workers(), share(context));
            }
        };
        java.nio.file.Path dataOut = dataOut(context, args);
        int leftovers = OutputClaims.sweep(dataOut, true);
        if (leftovers > 0) {
            LOG.info("removed " + leftovers + " temporary files that an earlier, interrupted run left in " + dataOut);
        }
        if (!mode.has(ExecutionMode.CLUSTER)) {
            prepareRun.run();
        }
        try {
            return mode.has(ExecutionMode.CLUSTER)
                    ? ClusterRunner.run(app, context.app().name(), args, plan.tree().distribution(), mode,
                            clusterOptions(context), context.role(), context.events(), context.cancellation(), prepareRun,
                            recorder(context.record()))
                    : LocalRunner.run(app, args, plan.tree().distribution(), mode, share(context), context.events(), context.cancellation());
        } finally {
            if (mode.has(ExecutionMode.CLUSTER)) {
                OutputClaims.sweep(dataOut, false); // the nodes' output claims, once every chunk is over
            }
        }
    }

    /**
     * Runs a local run's work again until the app's loaded classes have had {@code runs} warm-up runs (their compiled code
     * stays with them, so a coordinator warms each install up once), with {@code scratch} as the app's {@code data_out}
     * (a private folder, emptied before each run and removed after): planned in memory, no record, no plan file, the
     * events to whatever sinks the context has (the coordinator's warm-up gives none). Stops at the context's
     * cancellation; an app whose args have no {@code data_out} is not run (its outputs could not be kept from the user's).
     *
     * @return how many runs it made
     */
    static int warmUp(OperationContext context, java.nio.file.Path scratch, int runs) {
        ExecutionMode mode = context.settings().mode();
        Installer.Result install = installStep(context, false);
        LoadedApp app = LoadedApp.kept(context.app().name(), install); // the next run's classes: it is their code that warms
        Map<String, Object> values = ArgsBinder.toMap(bindArgs(context, app));
        if (!(values.get("data_out") instanceof String)) {
            LOG.warn("no warm-up of " + context.app().name() + ": its args have no data_out, so its outputs could not be kept "
                    + "from the user's; set [cluster] warm_up_runs = 0");
            return 0;
        }
        values.put("data_out", scratch.toString());
        Object args = ArgsBinder.fromMap(app.argsType(), values);
        SharePaths share = share(context);
        int made = 0;
        if (app.warmUpRuns() < runs) {
            System.out.println("warming up " + context.app().name() + ": " + (runs - app.warmUpRuns()) + " run(s) into " + scratch);
        }
        try {
            for (; app.warmUpRuns() + made < runs && !context.cancellation().isCancelled(); made++) {
                org.agilab.runtime.io.FileTrees.delete(scratch);
                org.agilab.runtime.io.FileTrees.privateFolder(scratch);
                Distributor.prepareRun(app, args, context.settings().workers(), share);
                LocalRunner.run(app, args, Distributor.plan(app, args, context.settings().workers(), share), mode, share,
                        context.events(), context.cancellation());
            }
        } catch (AgilabException e) {
            if (!context.cancellation().isCancelled()) {
                throw e;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            app.warmedUp(made);
            try {
                org.agilab.runtime.io.FileTrees.delete(scratch);
            } catch (java.io.IOException e) {
                LOG.warn("could not remove the warm-up's scratch folder " + scratch + ": " + e.getMessage());
            }
        }
        return made;
    }

    /** What a cluster run tells the record: its chunks, which chunk wrote each output, and where outputs came from. */
    private static ClusterRunner.Recorder recorder(org.agilab.runtime.record.RunRecord record) {
        if (record == null) {
            return ClusterRunner.Recorder.NONE;
        }
        return new ClusterRunner.Recorder() {
            @Override
            public void producedOn(java.nio.file.Path file, String host) {
                record.producedOn(file, host);
            }

            @Override
            public void chunk(org.agilab.runtime.record.RecordedChunk chunk) {
                record.chunk(chunk);
            }

            @Override
            public void writtenBy(java.nio.file.Path file, int index) {
                record.writtenBy(file, index);
            }
        };
    }

    /** The app's output folder ({@code data_out}, upstream's convention) on this machine, or null when it has none. */
    private static java.nio.file.Path dataOut(OperationContext context, Object args) {
        Object dataOut = ArgsBinder.toMap(args).get("data_out");
        return dataOut instanceof String folder ? share(context).resolve(folder) : null;
    }

    /** Workers as the command line writes them: {@code 127.0.0.1:2,10.0.0.5:4}. */
    private static String workersText(Map<String, Long> workers) {
        return workers.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(java.util.stream.Collectors.joining(","));
    }

    static ClusterRunner.Options clusterOptions(OperationContext context) {
        ClusterSettings cluster = ClusterSettings.of(context.settings()); // the validator has checked every value's form
        return new ClusterRunner.Options(context.settings().workers(), context.home().path(),
                context.home().resources().resolve(PortLeases.FILE), context.app().target(), share(context),
                cluster.idleTimeoutMinutes(), cluster.discoveryPorts(), cluster.communicationPorts(), cluster.scheduler(),
                cluster.failureDetectionMs(), cluster.nodeCompiler(), cluster.tls(), context.home().resources().resolve(ClusterTls.FOLDER),
                cluster.throttle(), sshSettings(context), userHome(), cluster.nodeJava());
    }

    /** {@code nodes status} shows the app's warm nodes; {@code nodes stop} stops them. */
    static int nodes(OperationContext context) {
        List<String> words = context.request().arguments();
        String action = words.isEmpty() ? "status" : words.get(0);
        java.nio.file.Path folder = context.home().workerEnv(context.app().target()).resolve("nodes");
        java.util.Optional<NodeRegistry> registry = NodeRegistry.read(folder);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("action", action);
        data.put("folder", folder.toString());
        List<Object> nodes = new java.util.ArrayList<>();
        StringBuilder text = new StringBuilder();
        registry.ifPresent(r -> {
            for (var node : r.nodes()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("pid", node.process().pid());
                entry.put("started", node.process().started().toString());
                entry.put("name", node.name());
                entry.put("host", node.remote() ? node.host() : "127.0.0.1");
                // a node on an SSH host is asked about by SSH only when stopping: its status says where its log is
                entry.put("alive", node.remote() ? null : node.process().isAlive());
                entry.put("log", node.remote() ? node.host() + ":" + node.name() + ".log under the host's remote root"
                        : folder.resolve(node.name() + ".log").toString());
                nodes.add(entry);
                text.append(node.name()).append("  ").append(node.remote() ? node.host() : "127.0.0.1").append("  pid ")
                        .append(node.process().pid()).append("  ").append(node.remote() ? "started" : node.process().isAlive() ? "up" : "gone")
                        .append("  log ").append(entry.get("log")).append('\n');
            }
        });
        data.put("nodes", nodes);
        Coordinator.find(folder).ifPresent(coordinator -> {
            data.put("coordinator", coordinator.process());
            text.append("coordinator  pid ").append(coordinator.process().pid()).append("  up  127.0.0.1:").append(coordinator.port())
                    .append("  log ").append(folder.resolve(Coordinator.LOG)).append('\n');
        });
        switch (action) {
            case "status" -> text.append(nodes.isEmpty() ? "no warm nodes for " + context.app().name() : "");
            case "stop" -> {
                try (LifecycleLock lock = LifecycleLock.acquire(context.home().workerEnv(context.app().target()), "nodes stop")) {
                    stopNodes(context, sshSettings(context));
                }
                text.append("stopped ").append(nodes.size()).append(" nodes of ").append(context.app().name());
            }
            default -> throw AgilabException.of(FailureClass.USAGE, "nodes " + action + ": unknown action")
                    .hint("use nodes status or nodes stop").build();
        }
        context.events().emit(Event.Result.ok(Command.NODES.id(), data, text.toString().stripTrailing()));
        return 0;
    }

    /**
     * Stops the app's coordinator and warm nodes (those on SSH hosts through {@code ssh}, or left to their idle stop when
     * it is null); the caller holds the app's lock.
     */
    static void stopNodes(OperationContext context, SshSettings ssh) {
        java.nio.file.Path folder = context.home().workerEnv(context.app().target()).resolve("nodes");
        Coordinator.stop(folder);
        NodeRegistry.stop(folder, ssh == null ? NodeRegistry.LEAVE_REMOTE : RemoteNodes.stopper(ssh, userHome(), context.events()));
    }

    private static Installer.Result installStep(OperationContext context, boolean force) {
        try (Events.Phase phase = context.events().phase("install")) {
            Installer.Result install = Installer.install(context.app(), context.home(), context.events(), context.cancellation(), force);
            phase.ok();
            return install;
        }
    }

    private static Object bindArgs(OperationContext context, LoadedApp app) {
        try (Events.Phase phase = context.events().phase("args")) {
            Object args = ArgsBinder.bind(app.argsType(), context.settings());
            phase.ok();
            return args;
        }
    }

    private static Distributor.Result planStep(OperationContext context, LoadedApp app, Object args) {
        try (Events.Phase phase = context.events().phase("distribute")) {
            // a cluster run plans for the slots' learned speeds; local pool threads share one JVM, so they count as equal
            java.nio.file.Path workerEnv = context.home().workerEnv(context.app().target());
            double[] capacities = context.settings().mode().has(ExecutionMode.CLUSTER)
                    ? Capacities.of(workerEnv, context.settings().workers()) : null;
            Distributor.Result plan = Distributor.distribute(app, args, context.settings().workers(), share(context), workerEnv,
                    context.request().replan(), capacities);
            var distribution = plan.tree().distribution();
            context.events().emit(new Event.Plan(plan.file().toString(), plan.reused() ? Event.PlanState.REUSED : Event.PlanState.PLANNED,
                    plan.tree().edited(), distribution.workCount(), distribution.workPlan().size()));
            phase.ok();
            return plan;
        }
    }

    static SharePaths share(OperationContext context) {
        return new SharePaths(context.home().localShare().value());
    }

    private static String planSummary(Distributor.Result plan) {
        StringBuilder text = new StringBuilder((plan.reused() ? "reused" : "wrote") + " " + plan.file() + "\n");
        var distribution = plan.tree().distribution();
        text.append(distribution.workCount()).append(" works (").append(distribution.partitionKey()).append(") over ")
                .append(distribution.workPlan().size()).append(" workers, weights in ").append(distribution.weightsUnit());
        for (int worker = 0; worker < distribution.workPlan().size(); worker++) {
            List<WorkWeight> weights = distribution.workPlanMetadata().get(worker);
            double load = weights.stream().mapToDouble(WorkWeight::weight).sum();
            text.append("\n  worker ").append(worker).append(": ").append(weights.size()).append(" works, load ")
                    .append(String.format(Locale.ROOT, "%.3f", load)).append(weights.isEmpty() ? "" : " -> ")
                    .append(String.join(", ", weights.stream().map(WorkWeight::name).toList()));
        }
        return text.toString();
    }

    /**
     * The run's line for people: what ran, how long, and the mode as upstream's label (its users know {@code __cp}) with
     * its meaning: "Run finished in 1.463 s: 10 works, 10 items, 45288 rows; mode __cp (pool, compiled), pool of 4,
     * compiled kernel". Programs read the result's data, never this line.
     */
    static String runSummary(ExecutionMode mode, LocalRunner.Result result) {
        return "Run finished in " + seconds(result.durationMs()) + ": " + result.works() + " works, " + result.items() + " items, "
                + result.rows() + " rows; mode " + mode.label() + " (" + modeWords(mode) + "), pool of " + result.poolWidth() + ", "
                + result.kernel() + " kernel";
    }

    /** A mode's bits in words: "pool, compiled, cluster"; mode 0 runs the worker in the manager. */
    static String modeWords(ExecutionMode mode) {
        List<String> words = new java.util.ArrayList<>();
        if (mode.has(ExecutionMode.POOL)) {
            words.add("pool");
        }
        if (mode.has(ExecutionMode.COMPILED)) {
            words.add("compiled");
        }
        if (mode.has(ExecutionMode.CLUSTER)) {
            words.add("cluster");
        }
        if (mode.has(ExecutionMode.GPU)) {
            words.add("gpu");
        }
        return words.isEmpty() ? "in the manager" : String.join(", ", words);
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f s", millis / 1000.0);
    }
}
