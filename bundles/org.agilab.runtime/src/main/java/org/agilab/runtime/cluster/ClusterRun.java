package org.agilab.runtime.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.agilab.api.Distribution;
import org.agilab.api.ExecutionMode;
import org.agilab.api.Work;
import org.agilab.runtime.app.ArgsBinder;
import org.agilab.runtime.app.LoadedApp;
import org.agilab.runtime.app.SharePaths;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.exec.LocalRunner;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.node.ChunkJob;
import org.agilab.runtime.node.ClusterTls;
import org.agilab.runtime.node.EventRelay;
import org.agilab.runtime.node.IgniteSetup;
import org.agilab.runtime.process.ProcessIdentity;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.Events;
import org.agilab.runtime.record.RecordedChunk;
import org.agilab.runtime.request.ProcessRole;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;

/**
 * One cluster run (mode {@code d}), in the order it happens: {@link #readyHosts} (SSH hosts checked and staged),
 * {@link #acquireNodes} (warm nodes reused, or fresh ones started, and this run's client joined), {@link #dispatch}
 * (each chunk to its node, failover included) and {@link #fetchOutputs} (what SSH hosts wrote comes back, also after a
 * failure). What the steps share (the nodes, the client, the hosts) is the run's state; {@link ClusterRunner} holds the
 * helpers that need none.
 */
final class ClusterRun {

    private static final AgiLog LOG = AgiLog.get(ClusterRun.class);

    private final LoadedApp app;
    private final String appName;
    private final Object args;
    private final Distribution plan;
    private final ExecutionMode mode;
    private final ClusterRunner.Options options;
    private final ProcessRole role;
    private final Events events;
    private final Cancellation cancellation;
    private final Runnable beforeChunks;
    private final ClusterRunner.Recorder recorder;

    private final boolean remote;
    private final List<String> sshHosts;
    private final ClusterTls.Material tls;
    private final List<List<Work>> chunks;
    private final int nodes;
    private final List<String> nodeHosts;
    private final List<String> clientHosts;
    private final Installer.Result install;
    private final Path nodesFolder;
    private final String clusterId;
    private final NodeCompiler compiler;
    private final long idleSeconds;
    private final long start = System.nanoTime();

    private final Map<String, RemoteHosts.Host> hosts = new LinkedHashMap<>();
    /** The PIDs of the local nodes this run started. */
    private final List<Long> startedHere = new ArrayList<>();
    /** The nodes this run started on SSH hosts. */
    private final List<NodeRegistry.Node> startedRemotely = new ArrayList<>();
    private IgniteSetup.PortBlock ports;
    private Ignite client;
    private CompletableFuture<Ignite> joining;
    /** Whether this run spawned the nodes' coordinator (it goes too when their start fails). */
    private boolean spawnedCoordinator;
    /** What the chunks wrote under each SSH host's data_out, as their answers list it: what is fetched. */
    private final Map<String, Set<String>> written = new ConcurrentHashMap<>();

    ClusterRun(LoadedApp app, String appName, Object args, Distribution plan, ExecutionMode mode, ClusterRunner.Options options,
            ProcessRole role, Events events, Cancellation cancellation, Runnable beforeChunks, ClusterRunner.Recorder recorder) {
        this.app = app;
        this.appName = appName;
        this.args = args;
        this.plan = plan;
        this.mode = mode;
        this.options = options;
        this.role = role;
        this.events = events;
        this.cancellation = cancellation;
        this.beforeChunks = beforeChunks;
        this.recorder = recorder;
        this.sshHosts = ClusterRunner.sshHosts(options);
        this.remote = !sshHosts.isEmpty();
        this.tls = ClusterRunner.tls(options, options.workers().keySet());
        int slots = (int) Math.max(1, options.workers().values().stream().mapToLong(Long::longValue).sum());
        this.chunks = plan.workPlan().stream().filter(chunk -> !chunk.isEmpty()).toList();
        this.nodes = Math.max(1, Math.min(slots, chunks.size()));
        this.nodeHosts = ClusterRunner.nodeHosts(options.workers(), nodes);
        refuseCrowdedHosts();
        this.install = app.install();
        this.nodesFolder = install.workerEnv().resolve("nodes");
        this.clusterId = IgniteSetup.clusterId(options.home(), options.target());
        this.compiler = NodeCompiler.choose(options.nodeCompiler(), chunks, options.share(), nodes);
        this.idleSeconds = org.agilab.runtime.settings.ClusterSettings.idleSeconds(options.idleTimeoutMinutes());
        this.clientHosts = remote ? List.copyOf(new LinkedHashSet<>(nodeHosts)) : List.of(IgniteSetup.ADDRESS);
    }

    /** The steps in order; a failure before dispatch stops what this run started, and leaves warm nodes warm. */
    LocalRunner.Result run() {
        try {
            if (remote) {
                readyHosts();
            }
            acquireNodes();
        } catch (IOException e) {
            stopWhatThisRunStarted();
            throw AgilabException.of(FailureClass.CLUSTER, "cannot start the nodes: " + e.getMessage()).file(nodesFolder).cause(e).build();
        } catch (RuntimeException e) {
            stopWhatThisRunStarted();
            throw e instanceof AgilabException ? e : AgilabException.of(FailureClass.CLUSTER, "the cluster did not start: " + e)
                    .file(nodesFolder).hint("see the node logs in " + nodesFolder).cause(e).build();
        }
        return dispatch();
    }

    private void refuseCrowdedHosts() {
        for (String host : new LinkedHashSet<>(nodeHosts)) {
            long onHost = nodeHosts.stream().filter(host::equals).count();
            if (onHost > IgniteSetup.MAX_NODES) {
                throw AgilabException.of(FailureClass.SETTINGS, onHost + " cluster nodes asked on " + host + "; at most " + IgniteSetup.MAX_NODES
                        + " per host").key("cluster.workers").host(host)
                        .hint("use fewer worker slots per host, with mode p for threads in each").build();
            }
        }
    }

    /** SSH hosts: connected, checked (Java, disk, runtime) and staged with the worker, all at once. */
    private void readyHosts() {
        try (Events.Phase phase = events.phase("ready hosts")) {
            // a coordinator's kept sessions serve again: a host readied for the same runtime, worker and TLS is only probed
            hosts.putAll(RemoteHosts.prepare(sshHosts, options.ssh(), options.userHome(), install, tls, events, false, role.keepsNodeClient(),
                    Map.of()));
            phase.ok();
        }
    }

    /** Warm nodes that serve this run, else fresh ones; then this run's client in the cluster, alone with its nodes. */
    private void acquireNodes() throws IOException {
        try (Events.Phase phase = events.phase("start nodes")) {
            // the nodes' and the coordinator's logs hold what an app prints: its owner's only
            org.agilab.runtime.io.FileTrees.privateFolder(nodesFolder);
            NodeRegistry.touch(nodesFolder);
            if (!reuseWarmNodes()) {
                startFreshNodes();
            }
            if (joining != null) {
                client = ClusterRunner.joinedClient(joining, nodesFolder);
                ClusterRunner.awaitServers(client, nodes, nodesFolder, TimeUnit.SECONDS.toMillis(ClusterRunner.START_TIMEOUT_S), true);
            }
            List<String> strangers = IgniteSetup.strangers(client, clusterId);
            if (!strangers.isEmpty()) {
                Clients.reset();
                throw AgilabException.of(FailureClass.CLUSTER, "the cluster's ports " + ports + " are shared with nodes of another cluster: "
                        + strangers).host(IgniteSetup.ADDRESS).file(options.leases())
                        .hint("'agilab nodes stop' and rerun: fresh nodes take a free port block").build();
            }
            phase.ok();
        }
    }

    /**
     * The nodes of an earlier run, when they serve this one (same worker, runtime, JVM options, hosts and node count;
     * full nodes serve a quick run) and all answer in time.
     *
     * @return false when there are none to reuse
     */
    private boolean reuseWarmNodes() {
        // full nodes serve a run that quick ones would: a small run never replaces them
        Set<String> servingKeys = Arrays.stream(NodeCompiler.values()).filter(nodeCompiler -> nodeCompiler.serves(compiler))
                .map(this::nodesKey).collect(Collectors.toSet());
        Optional<NodeRegistry> warm = NodeRegistry.read(nodesFolder).filter(registry -> servingKeys.contains(registry.key()) && registry.allAlive());
        if (warm.isEmpty()) {
            return false;
        }
        client = Clients.acquire(warm.get().ports(), clientHosts, nodesFolder, clusterId, options.schedulerHost(), options.failureDetectionMs(),
                tls, role.keepsNodeClient());
        // a frozen (or, on an SSH host, dead) node is out of the cluster: such nodes are replaced, not reused
        if (!ClusterRunner.awaitServers(client, nodes, nodesFolder, options.failureDetectionMs() + 2_000, false)) {
            LOG.warn("a warm node of " + options.target() + " left the cluster (frozen, failing or gone): starting fresh nodes");
            Clients.discard(client);
            client = null;
            return false;
        }
        ports = warm.get().ports();
        LOG.info("reusing " + warm.get().nodes().size() + " warm nodes started at " + warm.get().started());
        // the nodes' key holds the TLS material: warm nodes that serve this run use the same
        events.emit(new Event.Nodes(Event.NodesState.REUSED, warm.get().nodes().size(), compilerOf(warm.get()), ports.toString(),
                warm.get().started(), tls != null));
        for (NodeRegistry.Node node : warm.get().nodes()) {
            events.emit(new Event.Host(node.remote() ? node.host() : IgniteSetup.ADDRESS, Event.HostState.READY,
                    node.name() + " (warm, pid " + node.process().pid() + ")"));
        }
        return true;
    }

    /**
     * Replaces whatever nodes the app had (another worker, runtime, JVM options or hosts: never a stale worker) with
     * fresh ones on a free port block, and starts this run's client while they start.
     */
    private void startFreshNodes() throws IOException {
        Clients.reset();
        if (role.delegatesToCoordinator()) {
            Coordinator.stop(nodesFolder); // it would keep a client to the old nodes
        }
        NodeRegistry.stop(nodesFolder, RemoteNodes.stopper(hosts, options.ssh(), options.userHome(), events));
        ports = PortLeases.acquire(options.leases(), options.target(), options.effectiveDiscoveryPorts(), options.communicationPorts(),
                IgniteSetup.ADDRESS);
        if (remote) {
            List<String> probed = hosts.values().stream().filter(host -> host.probed).map(RemoteHosts.Host::address).toList();
            if (!probed.isEmpty()) {
                // a probe was enough for warm nodes; new ones start only on hosts checked in full (Java, disk, files)
                hosts.putAll(RemoteHosts.prepare(probed, options.ssh(), options.userHome(), install, tls, events, false, false, Map.copyOf(hosts)));
            }
            startedRemotely.addAll(RemoteNodes.start(hosts, nodeHosts, install, ports, clusterId, idleSeconds, options.failureDetectionMs(),
                    compiler, tls, options.throttle(), events));
        } else {
            for (int i = 0; i < nodes; i++) {
                startedHere.add(ClusterRunner.startNode(options.nodeJavaOrOwn(), ClusterRunner.nodeName(i), i, install, ports, clusterId,
                        nodesFolder, idleSeconds, options.failureDetectionMs(), compiler, tls, options.throttle().get(ClusterRunner.nodeName(i)),
                        events));
            }
        }
        // the coordinator starts now, not after the run: its JVM starts with the nodes and joins them once they are
        // ready, while this run's chunks run, so the next run finds it with its client joined
        spawnCoordinator();
        // the client starts while the nodes do (it waits for the seed): its start-up overlaps theirs
        IgniteSetup.PortBlock block = ports;
        joining = CompletableFuture.supplyAsync(() -> Clients.acquire(block, clientHosts, nodesFolder, clusterId, options.schedulerHost(),
                options.failureDetectionMs(), tls, role.keepsNodeClient()));
        List<NodeRegistry.Node> started = new ArrayList<>();
        if (remote) {
            RemoteNodes.awaitReady(hosts, startedRemotely, cancellation, ClusterRunner.START_TIMEOUT_S);
            started.addAll(startedRemotely);
        } else {
            ClusterRunner.awaitReady(startedHere, nodesFolder, nodes, cancellation);
            for (int i = 0; i < nodes; i++) {
                String name = ClusterRunner.nodeName(i);
                started.add(new NodeRegistry.Node(name, ProcessHandle.of(startedHere.get(i)).flatMap(ProcessIdentity::of)
                        .orElseThrow(() -> AgilabException.of(FailureClass.CLUSTER, name + " exited after it was ready")
                                .host(IgniteSetup.ADDRESS).file(nodesFolder.resolve(name + ".log")).hint("the node's log says why").build())));
            }
        }
        // each host's final state: its nodes are up (it said "starting" as each was launched)
        Map<String, List<String>> upByHost = new java.util.LinkedHashMap<>();
        for (NodeRegistry.Node node : started) {
            upByHost.computeIfAbsent(node.remote() ? node.host() : IgniteSetup.ADDRESS, host -> new ArrayList<>())
                    .add(node.name() + " (pid " + node.process().pid() + ")");
        }
        upByHost.forEach((host, up) -> events.emit(new Event.Host(host, Event.HostState.READY, String.join(", ", up) + " ready")));
        String since = Instant.now().toString();
        new NodeRegistry(nodesKey(compiler), ports, started, since).write(nodesFolder);
        events.emit(new Event.Nodes(Event.NodesState.STARTED, nodes, compiler.id(), ports.toString(), since, tls != null));
        LOG.info("started " + nodes + " nodes (" + compiler.id() + " compiler" + (tls != null ? ", TLS" : "") + (remote ? ", on " + clientHosts : "")
                + "); they stay up for the next run, until idle for " + options.idleTimeoutMinutes()
                + " min or 'agilab nodes stop'; ports " + ports);
    }

    /**
     * A one-shot manager leaves a coordinator with its nodes (unless one is up or starting): in the background, told
     * how to join them, so it adopts them before the next run asks.
     */
    private void spawnCoordinator() {
        if (role.delegatesToCoordinator() && !Coordinator.running(nodesFolder)) {
            spawnedCoordinator = true;
            Coordinator.spawn(nodesFolder, options.home(), idleSeconds, new Coordinator.Join(clientHosts, options.schedulerHost(),
                    options.failureDetectionMs(), tls.folder().toString(), clusterId));
        }
    }

    /** The compiler of warm nodes: the one whose key they were registered under. */
    private String compilerOf(NodeRegistry warm) {
        return ClusterRunner.compilerOf(warm, install, nodes, clusterId, options, tls, nodeHosts).orElse(compiler).id();
    }

    private String nodesKey(NodeCompiler nodeCompiler) {
        return ClusterRunner.nodesKey(install, nodes, clusterId, options, nodeCompiler, tls, nodeHosts);
    }

    /** After a failed start: the joining client, the nodes this run started (here and on SSH hosts), the SSH sessions. */
    private void stopWhatThisRunStarted() {
        if (spawnedCoordinator) {
            Coordinator.stop(nodesFolder); // it would wait for nodes that never come
        }
        ClusterRunner.abandon(joining);
        ClusterRunner.stopStarted(startedHere, startedRemotely, hosts, client, events);
        RemoteHosts.closeAll(hosts);
    }

    /**
     * Each chunk to its planned node (SSH hosts get their chunks' inputs first), failover to a survivor when a node
     * fails, the chunks' events forwarded as they come; then the capacities learn from the durations. The nodes stay
     * warm; only this run's client leaves, and the SSH hosts' outputs are fetched whatever happened.
     */
    private LocalRunner.Result dispatch() {
        Map<String, String> nodeHostByName = new HashMap<>();
        for (int i = 0; i < nodes; i++) {
            nodeHostByName.put(ClusterRunner.nodeName(i), remote ? nodeHosts.get(i) : IgniteSetup.ADDRESS);
        }
        Map<String, Object> argsMap = ArgsBinder.toMap(args);
        String dataOut = argsMap.get("data_out") instanceof String folder ? folder : null;
        SharePaths share = options.share();
        Set<String> shippedChunks = ConcurrentHashMap.newKeySet(); // "host#chunk" whose inputs the host has
        boolean succeeded = false;
        try (Events.Phase phase = events.phase("distribute chunks");
                EventRelay.Receiver relayed = new EventRelay.Receiver(client, events)) {
            NodeRegistry.touch(nodesFolder); // in use from now: an idle check must not stop a node that a chunk is on its way to
            beforeChunks.run();
            List<String> planned = new ArrayList<>();
            for (int i = 0; i < chunks.size(); i++) {
                planned.add(ClusterRunner.nodeName(i % nodes));
            }
            if (remote) {
                ClusterRunner.shipPlannedInputs(hosts, chunks, planned, nodeHostByName, share, shippedChunks, events);
                if (dataOut != null) {
                    hosts.values().forEach(host -> RemoteNodes.checkOutputFolder(host, dataOut));
                }
            }
            ChunkDispatcher.Outcome outcome = new ChunkDispatcher(client, chunks.size(), events, cancellation, nodesFolder, relayed,
                    options.failureDetectionMs(), nodeHostByName)
                    .onOutputs((node, files) -> written.computeIfAbsent(nodeHostByName.get(node), host -> ConcurrentHashMap.newKeySet())
                            .addAll(files))
                    .onClaimed((index, files) -> {
                        if (dataOut != null) {
                            files.forEach(file -> recorder.writtenBy(share.resolve(dataOut).resolve(file), index));
                        }
                    })
                    .run((index, attempt, node) -> {
                        RemoteHosts.Host host = hosts.get(nodeHostByName.get(node));
                        recorder.chunk(new RecordedChunk(index, chunks.size(), attempt + 1, node, host == null ? IgniteSetup.ADDRESS : host.address(),
                                host == null || host.sharesData() ? null : host.share, mode.bits(), chunks.get(index), argsMap, appName,
                                new RecordedChunk.Install(install.hash(), install.workerEnv(), install.workerJar(), install.appClasspath(),
                                        install.managerClass(), install.workerClass())));
                        if (host == null) {
                            return new ChunkJob(appName, install, argsMap, chunks.get(index), mode, index, chunks.size(), IgniteSetup.ADDRESS,
                                    share.shareRoot(), relayed.managerNode(), relayed.topic(), attempt);
                        }
                        if (shippedChunks.add(host.address() + "#" + index)) {
                            RemoteNodes.shipInputs(host, List.of(chunks.get(index)), share); // a chunk moved to this host by a failover
                        }
                        return new ChunkJob(appName, host.relocate(install), RemoteNodes.relocateArgs(argsMap, share, host),
                                RemoteNodes.relocateWorks(chunks.get(index), share, host), mode, index, chunks.size(),
                                host.address(), Path.of(host.share), relayed.managerNode(), relayed.topic(), attempt, !host.sharesData());
                    }, planned, mode, start);
            ClusterRunner.learnCapacities(plan, chunks, nodes, options.workers(), install, outcome,
                    !startedHere.isEmpty() || !startedRemotely.isEmpty());
            if (!outcome.reruns().isEmpty()) {
                LOG.warn("chunks run again after a node failure: " + outcome.reruns() + "; finished on " + outcome.finishedOn());
                ClusterRunner.sweepTemporaries(share, argsMap.get("data_out"));
            }
            spawnCoordinator(); // warm nodes whose coordinator is gone get one again
            phase.ok();
            succeeded = true;
            return outcome.result();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AgilabException.of(FailureClass.CANCELLED, "interrupted while chunks ran").build();
        } catch (IgniteException e) {
            loseClient();
            throw AgilabException.of(FailureClass.CLUSTER, "the manager lost its nodes: " + e.getMessage()).host(IgniteSetup.ADDRESS)
                    .file(nodesFolder).hint("see the node logs in " + nodesFolder + "; a rerun starts fresh nodes").cause(e).build();
        } catch (AgilabException e) {
            if (e.failureClass() == FailureClass.CLUSTER) {
                loseClient();
            }
            throw e;
        } finally {
            // the nodes stay warm; only this run's client leaves the cluster (the coordinator keeps its own)
            Clients.release(client);
            NodeRegistry.touch(nodesFolder);
            fetchOutputs(dataOut);
            if (succeeded && role.keepsNodeClient()) {
                RemoteHosts.keepAll(hosts, options.ssh(), options.userHome()); // the next run on these hosts needs no login
            } else {
                RemoteHosts.closeAll(hosts);
            }
        }
    }

    /** The client lost its nodes: closing it can take seconds, which the error must not wait for. */
    private void loseClient() {
        Ignite lost = client;
        client = null;
        ClusterRunner.closeInBackground(lost);
    }

    /** What each SSH host wrote comes back, also when the run failed: a healthy host's outputs are never lost. */
    private void fetchOutputs(String dataOut) {
        ClusterRunner.fetchOutputs(hosts, written, dataOut, options.share(), recorder, events);
    }
}
