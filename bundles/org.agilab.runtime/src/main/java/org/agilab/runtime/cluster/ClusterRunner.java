package org.agilab.runtime.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agilab.api.Distribution;
import org.agilab.api.ExecutionMode;
import org.agilab.api.Work;
import org.agilab.runtime.app.LoadedApp;
import org.agilab.runtime.app.SharePaths;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.exec.OutputClaims;
import org.agilab.runtime.exec.LocalRunner;
import org.agilab.runtime.RuntimeInfo;
import org.agilab.runtime.io.ContentHash;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.launch.ManagerClasspath;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.node.ChunkJob;
import org.agilab.runtime.node.ClusterTls;
import org.agilab.runtime.node.IgniteSetup;
import org.agilab.runtime.node.NodeAdmission;
import org.agilab.runtime.node.NodeMain;
import org.agilab.runtime.plan.Capacities;
import org.agilab.runtime.process.Detached;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.Events;
import org.agilab.runtime.request.ProcessRole;
import org.agilab.runtime.settings.ClusterSettings;
import org.agilab.runtime.settings.ClusterSettings.NodeCompilerChoice;
import org.agilab.runtime.settings.ClusterSettings.PortRange;
import org.agilab.runtime.ssh.RemoteFolder;
import org.agilab.runtime.ssh.SshSettings;
import org.apache.ignite.Ignite;

/**
 * Mode {@code d}: one Ignite server JVM per worker slot with the staged worker on its classpath, on 127.0.0.1 (in its
 * own session, logs in {@code ~/wenv/<target>_worker/nodes/}) or on SSH hosts (started over SSH, everything under the
 * host's remote root: see {@link RemoteHosts} and {@link RemoteNodes}), started once and kept warm for the next runs
 * while the staged worker, the runtime, the JVM options, the hosts and the node count stay the same (anything else
 * replaces them), until idle past the timeout or {@code agilab nodes stop}. Each run joins them with a client in the
 * manager, ships each SSH host the inputs of its chunks, sends each plan slot's chunk to its node as one asynchronous
 * job, forwards the events each chunk produced, and fetches back what the SSH hosts wrote.
 */
public final class ClusterRunner {

    private static final AgiLog LOG = AgiLog.get(ClusterRunner.class);
    /** How long a node may take to start. */
    public static final long START_TIMEOUT_S = 90;

    private ClusterRunner() {
    }

    /**
     * Where and how a cluster run happens.
     *
     * @param leases the home's port lease file
     * @param scheduler {@code [cluster] scheduler}: the address the manager's client binds, where nodes reach it; a
     *            port there pins the cluster's discovery block
     * @param failureDetectionMs {@code [cluster] failure_detection_timeout}: how long a silent node keeps its place
     * @param nodeCompiler {@code [cluster] node_compiler}: auto, quick or full (see {@link NodeCompiler})
     * @param tls {@code [cluster] tls}, null when unset: TLS is always on, false is an error (see {@link #tls})
     * @param tlsFolder the home's TLS material ({@link ClusterTls}), made on first use
     * @param throttle {@code [cluster] throttle}: node name to slow-down factor, for tests and benchmarks of capacities
     * @param ssh how to reach the SSH hosts of {@code workers} ({@link org.agilab.runtime.ssh.SshSettings})
     * @param userHome where {@code ~} is for SSH keys
     * @param nodeJava {@code [cluster] node_java}: the java executable of local nodes, null for the manager's own
     */
    public record Options(Map<String, Long> workers, Path home, Path leases, String target, SharePaths share,
            double idleTimeoutMinutes, PortRange discoveryPorts, PortRange communicationPorts, String scheduler,
            long failureDetectionMs, NodeCompilerChoice nodeCompiler, Boolean tls, Path tlsFolder, Map<String, Double> throttle,
            SshSettings ssh, Path userHome, String nodeJava) {

        String nodeJavaOrOwn() {
            return nodeJava == null || nodeJava.isBlank() ? ManagerClasspath.currentJava().toString() : nodeJava;
        }

        String schedulerHost() {
            int colon = scheduler.lastIndexOf(':');
            return colon < 0 ? scheduler : scheduler.substring(0, colon);
        }

        PortRange effectiveDiscoveryPorts() {
            int colon = scheduler.lastIndexOf(':');
            if (colon < 0) {
                return discoveryPorts;
            }
            int port = Integer.parseInt(scheduler.substring(colon + 1));
            return new PortRange(port, port + IgniteSetup.DISCOVERY_RANGE - 1);
        }
    }

    public static LocalRunner.Result run(LoadedApp app, String appName, Object args, Distribution plan, ExecutionMode mode,
            Options options, Events events, Cancellation cancellation) {
        return run(app, appName, args, plan, mode, options, ProcessRole.MANAGER, events, cancellation, () -> {
        }, Recorder.NONE);
    }

    /** What a cluster run tells its run record, as it happens. */
    public interface Recorder {
        Recorder NONE = new Recorder() {
        };

        /** {@code file} (an output on this machine) was fetched from the SSH host {@code host}. */
        default void producedOn(Path file, String host) {
        }

        /** A chunk was sent (again, after a failover) with what it was given. */
        default void chunk(org.agilab.runtime.record.RecordedChunk chunk) {
        }

        /** {@code file} (an output on this machine) was written by chunk {@code index}, as its claims say. */
        default void writtenBy(Path file, int index) {
        }
    }

    /**
     * @param beforeChunks runs once the nodes are up, before any chunk: the run's preparation (reset_target), which a
     *            cluster that fails to start must not have done
     * @param recorder told of each chunk sent, which chunk wrote each output, and each output fetched from an SSH host
     * @param role a one-shot manager's client lives for the run and it leaves a coordinator behind; a coordinator's
     *            client outlives the run
     */
    public static LocalRunner.Result run(LoadedApp app, String appName, Object args, Distribution plan, ExecutionMode mode,
            Options options, ProcessRole role, Events events, Cancellation cancellation, Runnable beforeChunks,
            Recorder recorder) {
        return new ClusterRun(app, appName, args, plan, mode, options, role, events, cancellation, beforeChunks, recorder).run();
    }

    /** The SSH hosts of {@code [cluster.workers]} (those with workers); a mix with 127.0.0.1 is refused. */
    static List<String> sshHosts(Options options) {
        List<String> remote = RemoteHosts.remote(options.workers());
        if (remote.isEmpty()) {
            return remote;
        }
        String local = options.workers().entrySet().stream().filter(entry -> entry.getValue() > 0 && RemoteHosts.isLocal(entry.getKey()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        if (local != null) {
            throw AgilabException.of(FailureClass.SETTINGS, "[cluster.workers] mixes " + local + " with SSH hosts " + remote
                    + ": nodes bound to " + local + " cannot be reached from other hosts").key("cluster.workers").host(local)
                    .hint("name this machine by an address the other hosts reach (it is then reached over SSH like them), or use SSH hosts only")
                    .build();
        }
        if (RemoteHosts.isLocal(options.schedulerHost()) && remote.stream().anyMatch(host -> !host.startsWith("127."))) {
            throw AgilabException.of(FailureClass.SETTINGS, "[cluster] scheduler is " + options.schedulerHost() + ", which the hosts " + remote
                    + " cannot reach: their nodes send results and events to the manager there").key("cluster.scheduler")
                    .host(options.schedulerHost()).hint("set scheduler to this machine's address on the hosts' network").build();
        }
        if (options.ssh() == null) {
            throw AgilabException.of(FailureClass.SETTINGS, "SSH hosts " + remote + " without SSH settings").key("cluster.workers").build();
        }
        return remote;
    }

    /** The host of each node, in plan slot order ({@code [cluster.workers]} order); 127.0.0.1 for local ones. */
    static List<String> nodeHosts(Map<String, Long> workers, int nodes) {
        List<String> hosts = new ArrayList<>();
        for (String slot : Capacities.slots(workers)) {
            String host = slot.substring(0, slot.lastIndexOf('#'));
            hosts.add(RemoteHosts.isLocal(host) ? IgniteSetup.ADDRESS : host);
        }
        if (hosts.isEmpty()) {
            hosts.add(IgniteSetup.ADDRESS); // no worker counted: one node here, as slots counts one
        }
        return List.copyOf(hosts.subList(0, nodes));
    }

    /** Ships each host the inputs of the chunks planned on its nodes, all hosts at once. */
    static void shipPlannedInputs(Map<String, RemoteHosts.Host> hosts, List<List<Work>> chunks, List<String> planned,
            Map<String, String> nodeHostByName, SharePaths share, Set<String> shippedChunks, Events events) {
        List<java.util.concurrent.CompletableFuture<Void>> shipping = new ArrayList<>();
        for (RemoteHosts.Host host : hosts.values()) {
            List<List<Work>> mine = new ArrayList<>();
            for (int i = 0; i < chunks.size(); i++) {
                if (host.address().equals(nodeHostByName.get(planned.get(i)))) {
                    mine.add(chunks.get(i));
                    shippedChunks.add(host.address() + "#" + i);
                }
            }
            shipping.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                RemoteFolder.Shipped inputs = RemoteNodes.shipInputs(host, mine, share);
                events.emit(new Event.Host(host.address(), Event.HostState.READY, "inputs: shipped " + inputs.files() + " files (" + inputs.bytes()
                        + " bytes), " + inputs.unchanged() + " already there", new Event.Inputs(inputs.files(), inputs.bytes(), inputs.unchanged())));
            }));
        }
        try {
            java.util.concurrent.CompletableFuture.allOf(shipping.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw AgilabException.classify(e.getCause());
        } finally {
            hosts.values().stream().findFirst().ifPresent(host -> host.hashes.save());
        }
    }

    /** Fetches every host's new outputs, all hosts at once; a host that cannot be reached is logged, never allowed to hide the others'. */
    static void fetchOutputs(Map<String, RemoteHosts.Host> hosts, Map<String, ? extends Collection<String>> written, String dataOut,
            SharePaths share, Recorder recorder, Events events) {
        List<java.util.concurrent.CompletableFuture<Void>> fetching = new ArrayList<>();
        for (RemoteHosts.Host host : hosts.values()) {
            if (!written.containsKey(host.address())) {
                continue; // no chunk answered from there
            }
            fetching.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    List<Path> fetched = RemoteNodes.fetchOutputs(host, new java.util.TreeSet<>(written.get(host.address())), dataOut, share);
                    fetched.forEach(file -> recorder.producedOn(file, host.address()));
                    if (!fetched.isEmpty()) {
                        LOG.info(host.ssh.host().label() + ": fetched " + fetched.size() + " outputs into " + share.resolve(dataOut));
                    }
                } catch (RuntimeException e) {
                    events.emit(new Event.Host(host.address(), Event.HostState.FAILED, "its outputs could not be fetched: " + e.getMessage()));
                    LOG.warn("the outputs of " + host.address() + " could not be fetched: " + e.getMessage());
                }
            }));
        }
        fetching.forEach(java.util.concurrent.CompletableFuture::join); // each logs its own failure: none throws
    }

    /** After a failed start: the client, the local nodes and those started on SSH hosts by this run. */
    static void stopStarted(List<Long> processes, List<NodeRegistry.Node> remoteStarted, Map<String, RemoteHosts.Host> hosts,
            Ignite client, Events events) {
        stop(processes, client);
        Map<String, List<Long>> pids = new java.util.LinkedHashMap<>();
        remoteStarted.forEach(node -> pids.computeIfAbsent(node.host(), host -> new ArrayList<>()).add(node.process().pid()));
        try {
            RemoteNodes.stopper(hosts, null, null, events).stop(pids);
        } catch (RuntimeException e) {
            LOG.warn("could not stop the nodes started on " + pids.keySet() + ": " + e.getMessage());
        }
    }

    /** Below this makespan, chunk durations on two shared cores differ by 30-50% between equal nodes: noise, not speed. */
    static final long MIN_LEARNING_MAKESPAN_MS = 1_000;

    /**
     * Logs each chunk's duration and the makespan, and lets the slots' capacities learn from them: only from a run on
     * warm nodes (a fresh node's first chunk measures its JIT), whose chunks map one to one onto the planned slots and
     * nodes, none run again, and whose makespan is long enough to tell speed from noise.
     */
    static void learnCapacities(Distribution plan, List<List<Work>> chunks, int nodes, Map<String, Long> workers,
            Installer.Result install, ChunkDispatcher.Outcome outcome, boolean freshNodes) {
        StringBuilder durations = new StringBuilder();
        long makespan = 0;
        for (Map.Entry<Integer, Long> chunk : new java.util.TreeMap<>(outcome.chunkMillis()).entrySet()) {
            durations.append(durations.isEmpty() ? "" : ", ").append(nodeName(chunk.getKey() % nodes)).append(' ').append(chunk.getValue())
                    .append(" ms");
            makespan = Math.max(makespan, chunk.getValue());
        }
        LOG.info("chunk durations: " + durations + " (makespan " + makespan + " ms)");
        int slots = Capacities.slots(workers).size();
        if (freshNodes || makespan < MIN_LEARNING_MAKESPAN_MS || chunks.size() != plan.workPlan().size() || chunks.size() != slots
                || nodes != slots || !outcome.reruns().isEmpty() || outcome.chunkMillis().size() != slots) {
            return;
        }
        double[] weights = new double[slots];
        long[] millis = new long[slots];
        for (int i = 0; i < slots; i++) {
            weights[i] = plan.workPlanMetadata().size() > i ? plan.workPlanMetadata().get(i).stream().mapToDouble(w -> w.weight()).sum() : 0;
            millis[i] = outcome.chunkMillis().get(i);
        }
        LOG.info("slot capacities for the next plan: "
                + java.util.Arrays.toString(Capacities.learn(install.workerEnv(), workers, weights, millis)));
    }

    /** A client that lost its nodes: closing it can take seconds, which the error must not wait for. */
    static void closeInBackground(Ignite client) {
        if (client != null) {
            Thread closer = new Thread(() -> Clients.discard(client), "agilab-client-close");
            closer.setDaemon(true);
            closer.start();
        }
    }

    /**
     * After a failover, the temporary files a lost chunk left in {@code data_out}: only {@code OutputFile}'s own names
     * (and claims), never a user's hidden file.
     */
    static void sweepTemporaries(SharePaths share, Object dataOut) {
        if (dataOut instanceof String folder) {
            OutputClaims.sweep(share.resolve(folder), true);
        }
    }

    static Ignite joinedClient(java.util.concurrent.CompletableFuture<Ignite> joining, Path nodesFolder) {
        try {
            return joining.get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AgilabException.of(FailureClass.CANCELLED, "interrupted while the client joined").build();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw AgilabException.of(FailureClass.CLUSTER, "the manager could not join its nodes: " + cause).host(IgniteSetup.ADDRESS)
                    .file(nodesFolder.resolve(Clients.CLIENT_LOG)).hint("see the client log and the node logs in " + nodesFolder).cause(cause)
                    .build();
        }
    }

    /** A client joining nodes that failed to start: closed as soon as its start returns, so no client thread lingers. */
    static void abandon(java.util.concurrent.CompletableFuture<Ignite> joining) {
        if (joining != null) {
            joining.thenAccept(Clients::discard);
        }
    }

    /**
     * Waits until the client sees every node before chunks are pinned to them (discovery news may trail the nodes'
     * ready files).
     *
     * @return false after the timeout when {@code required} is false
     */
    static boolean awaitServers(Ignite client, int nodes, Path nodesFolder, long timeoutMillis, boolean required) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (client.cluster().forServers().nodes().size() < nodes) {
            if (System.nanoTime() > deadline) {
                if (!required) {
                    return false;
                }
                throw AgilabException.of(FailureClass.CLUSTER, "the manager sees " + client.cluster().forServers().nodes().size() + " of "
                        + nodes + " nodes after " + timeoutMillis / 1000 + " s").host(IgniteSetup.ADDRESS).file(nodesFolder)
                        .hint("see the node logs in " + nodesFolder).build();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AgilabException.of(FailureClass.CANCELLED, "interrupted while the client joined").build();
            }
        }
        return true;
    }

    /**
     * What warm nodes must match to serve a run: the staged worker, the runtime, the JVM options (the compiler's
     * included), the node count, the cluster and its ports, the failure detection. Anything else replaces them.
     */
    /** The compiler registered nodes were started with: the one whose key they are registered under, if any. */
    static java.util.Optional<NodeCompiler> compilerOf(NodeRegistry registry, Installer.Result install, int nodes, String clusterId,
            Options options, ClusterTls.Material tls, List<String> nodeHosts) {
        return java.util.Arrays.stream(NodeCompiler.values())
                .filter(candidate -> nodesKey(install, nodes, clusterId, options, candidate, tls, nodeHosts).equals(registry.key())).findFirst();
    }

    static String nodesKey(Installer.Result install, int nodes, String clusterId, Options options, NodeCompiler compiler,
            ClusterTls.Material tls, List<String> nodeHosts) {
        return new ContentHash("agilab-nodes-v4").text("hosts", String.join(",", nodeHosts)).text("install", install.hash()).text("runtime", RuntimeInfo.VERSION)
                .text("jvm", options.nodeJavaOrOwn() + " " + String.join(" ", ClusterJvm.options()) + " " + String.join(" ", compiler.jvmOptions()))
                .text("nodes", Integer.toString(nodes)).text("cluster", clusterId)
                .text("ports", options.effectiveDiscoveryPorts() + "/" + options.communicationPorts())
                .text("failure-detection", Long.toString(options.failureDetectionMs()))
                .text("tls", tls.fingerprint()).text("throttle", new java.util.TreeMap<>(options.throttle()).toString())
                .hex();
    }

    /**
     * The cluster's TLS material: always, 127.0.0.1 included. Another OS user of this machine reaches 127.0.0.1 too, so
     * only a member holding the home's key (in {@code <home>/.agilab/tls/}, readable by the user alone) may join.
     * {@code [cluster] tls = false} is refused (the settings validator says so first, with the file and line).
     */
    public static ClusterTls.Material tls(Options options, Collection<String> hosts) {
        if (Boolean.FALSE.equals(options.tls())) {
            String host = java.util.stream.Stream.concat(java.util.stream.Stream.of(options.schedulerHost()), hosts.stream())
                    .filter(candidate -> !RemoteHosts.isLocal(candidate)).findFirst().orElse(IgniteSetup.ADDRESS);
            throw AgilabException.of(FailureClass.SETTINGS, "[cluster] tls = false: cluster traffic is always encrypted and mutually "
                    + "authenticated, 127.0.0.1 included (another user of this machine reaches 127.0.0.1 too)").host(host).key("cluster.tls")
                    .hint(ClusterSettings.TLS_FALSE_HINT).build();
        }
        return ClusterTls.ensure(options.tlsFolder());
    }

    /** What to do about {@code tls = false}: the settings validator's hint too. */

    static String nodeName(int index) {
        return "node-" + index;
    }

    static long startNode(String java, String name, int index, Installer.Result install, IgniteSetup.PortBlock ports, String clusterId, Path nodesFolder,
            long idleSeconds, long failureDetectionMs, NodeCompiler compiler, ClusterTls.Material tls, Double throttle, Events events)
            throws IOException {
        Files.deleteIfExists(nodesFolder.resolve(name + ".ready"));
        List<String> classpath = RemoteHosts.nodeClasspath(install).stream().map(Path::toString).toList();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(ClusterJvm.options());
        command.addAll(classDataOptions(nodesFolder, install, index));
        command.addAll(compiler.jvmOptions());
        command.addAll(NodeAdmission.jvmOptions(install.workerJar()));
        command.add("-D" + NodeMain.FAILURE_DETECTION_PROPERTY + "=" + failureDetectionMs);
        command.add("-D" + NodeMain.TLS_PROPERTY + "=" + tls.folder());
        if (throttle != null) {
            command.add("-D" + ChunkJob.THROTTLE_PROPERTY + "=" + throttle);
        }
        command.addAll(List.of("-Xms256m", "-Xmx512m", "-cp", String.join(File.pathSeparator, classpath), NodeMain.class.getName(),
                name, Integer.toString(ports.discovery()), Integer.toString(ports.communication()),
                nodesFolder.resolve(name + ".work").toString(), nodesFolder.resolve(name + ".ready").toString(),
                Long.toString(idleSeconds), nodesFolder.resolve(NodeRegistry.LAST_USED).toString(), clusterId,
                Integer.toString(index)));
        Path log = nodesFolder.resolve(name + ".log");
        long pid = Detached.start(command, log); // its own session: Ctrl-C on a run never reaches the node
        events.emit(new Event.Host("127.0.0.1", Event.HostState.STARTING, name + " (pid " + pid + ", " + compiler.id() + " compiler, log " + log + ")"));
        return pid;
    }

    /**
     * A class-data archive of a node's classes (Ignite's thousands, the runtime's, the worker's) cuts a cold node's
     * start: node 0 of a first start writes it when it exits, later nodes of the same install map it. One per install
     * hash, since the JVM refuses an archive whose classpath jars changed; older ones are deleted.
     */
    static List<String> classDataOptions(Path nodesFolder, Installer.Result install, int index) {
        Path archive = nodesFolder.resolve("node-" + install.hash().substring(0, 16) + ".jsa");
        if (Files.isRegularFile(archive)) {
            return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        }
        if (index != 0) {
            return List.of();
        }
        try (Stream<Path> old = Files.list(nodesFolder)) {
            for (Path file : old.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a stale archive is only disk space: the JVM ignores one that does not match
        }
        // the JDK 17 dump at exit can crash (JDK-8274944's kind): its crash log goes beside the archive, not into the
        // folder the user ran from
        return List.of("-XX:ArchiveClassesAtExit=" + archive, "-XX:ErrorFile=" + nodesFolder.resolve("hs_err_node_%p.log"),
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    static void awaitReady(List<Long> processes, Path nodesFolder, int nodes, Cancellation cancellation) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
        for (int i = 0; i < nodes; i++) {
            awaitReady(nodeName(i), processes.get(i), nodesFolder, deadline, cancellation);
        }
    }

    /** Waits until the local node {@code name} (process {@code pid}) says it is ready, until {@code deadline} (nanoTime). */
    static void awaitReady(String name, long pid, Path nodesFolder, long deadline, Cancellation cancellation) {
        Path ready = nodesFolder.resolve(name + ".ready");
        while (!Files.exists(ready)) {
            cancellation.throwIfCancelled();
            if (!Detached.isAlive(pid)) {
                throw AgilabException.of(FailureClass.CLUSTER, name + " (pid " + pid + ") exited before it was ready").host("127.0.0.1").file(nodesFolder.resolve(name + ".log"))
                        .hint("the node's log says why").build();
            }
            if (System.nanoTime() > deadline) {
                throw AgilabException.of(FailureClass.CLUSTER, name + " was not ready after " + START_TIMEOUT_S + " s")
                        .host("127.0.0.1").file(nodesFolder.resolve(name + ".log")).hint("the node's log says why").build();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AgilabException.of(FailureClass.CANCELLED, "interrupted while nodes started").build();
            }
        }
    }

    /** Stops the client, then each node started here (SIGTERM, then kill after 10 s): a failed start leaves no JVM. */
    static void stop(Collection<Long> processes, Ignite client) {
        Clients.release(client);
        Detached.stop(processes.stream().map(ProcessHandle::of).flatMap(java.util.Optional::stream).toList(), 10_000);
    }
}
