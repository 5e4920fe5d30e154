package org.agilab.runtime.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.node.ClusterTls;
import org.agilab.runtime.node.IgniteSetup;
import org.agilab.runtime.process.Detached;
import org.agilab.runtime.process.ProcessIdentity;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.Events;

/**
 * Starts a new node in place of a warm node whose process is gone, as the run that started the nodes did
 * ({@link ClusterRunner#startNode}: the same name, index, port block, cluster, compiler and TLS material), and records
 * it in the nodes' registry under their key, so the next run reuses the pair as it would have the first one. Only nodes
 * on this machine: a node on an SSH host is started by a run (its host readied, its inputs shipped).
 */
public final class NodeReplacement {

    private NodeReplacement() {
    }

    /**
     * Replaces the local node {@code name} of the app's warm nodes when its process, {@code gone}, is gone. The caller
     * holds the app's {@code LifecycleLock}: no run changes the nodes meanwhile.
     *
     * @param gone the process the caller saw as the node (PID and start time): when the registry names another process
     *            under {@code name}, another run replaced the nodes and nothing is started
     * @return the new node, as now registered under that name; empty when the node was already replaced (the registry
     *         names another process than {@code gone})
     * @throws AgilabException (cluster) when there are no warm nodes, the node is on an SSH host or its process still
     *             lives, the nodes were started
     *             for other settings than {@code options} (their key differs: a run replaces them all), or the new node
     *             exits or is not ready in time (it is stopped: nothing is left half-started)
     */
    public static Optional<NodeRegistry.Node> replace(String name, ProcessIdentity gone, Installer.Result install,
            ClusterRunner.Options options, Events events, Cancellation cancellation) {
        Path nodesFolder = install.workerEnv().resolve("nodes");
        NodeRegistry registry = NodeRegistry.read(nodesFolder).orElseThrow(() -> AgilabException.of(FailureClass.CLUSTER,
                "no warm nodes to replace " + name + " among").file(nodesFolder.resolve(NodeRegistry.FILE))
                .hint("the nodes were stopped ('agilab nodes stop', or idle): the service's next whole run starts fresh ones").build());
        NodeRegistry.Node registered = registry.nodes().stream().filter(node -> node.name().equals(name)).findFirst()
                .orElseThrow(() -> AgilabException.of(FailureClass.CLUSTER, name + " is not one of the warm nodes")
                        .file(nodesFolder.resolve(NodeRegistry.FILE))
                        .hint("another run started fewer nodes: the service's next whole run joins the nodes there are").build());
        if (registered.remote()) {
            throw AgilabException.of(FailureClass.CLUSTER, name + " runs on the SSH host " + registered.host() + ": only a run starts nodes there")
                    .host(registered.host()).hint("the service's next whole run starts fresh nodes").build();
        }
        if (!registered.process().equals(gone)) {
            return Optional.empty(); // another run replaced the nodes: the registry's node is not the one that went
        }
        if (registered.process().isAlive()) {
            throw AgilabException.of(FailureClass.CLUSTER, name + " (pid " + registered.process().pid() + ") still runs: it is not replaced")
                    .host(IgniteSetup.ADDRESS).file(nodesFolder.resolve(name + ".log"))
                    .hint("a node out of the cluster whose process lives is frozen or failing: its log says why").build();
        }
        int nodes = registry.nodes().size();
        String clusterId = IgniteSetup.clusterId(options.home(), options.target());
        ClusterTls.Material tls = ClusterRunner.tls(options, options.workers().keySet());
        if (nodes > Math.max(1, org.agilab.runtime.plan.Capacities.slots(options.workers()).size())) {
            throw startedForOtherSettings(name, nodesFolder); // more nodes than the service's workers have slots
        }
        List<String> nodeHosts = ClusterRunner.nodeHosts(options.workers(), nodes);
        // the compiler the nodes were started with is the one whose key they are registered under
        NodeCompiler compiler = ClusterRunner.compilerOf(registry, install, nodes, clusterId, options, tls, nodeHosts)
                .orElseThrow(() -> startedForOtherSettings(name, nodesFolder));
        long idleSeconds = org.agilab.runtime.settings.ClusterSettings.idleSeconds(options.idleTimeoutMinutes());
        int index = java.util.stream.IntStream.range(0, nodes).filter(i -> ClusterRunner.nodeName(i).equals(name)).findFirst()
                .orElseThrow(() -> startedForOtherSettings(name, nodesFolder));
        long pid;
        try {
            pid = ClusterRunner.startNode(options.nodeJavaOrOwn(), name, index, install, registry.ports(), clusterId, nodesFolder, idleSeconds,
                    options.failureDetectionMs(), compiler, tls, options.throttle().get(name), events);
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.CLUSTER, "cannot start " + name + ": " + e.getMessage()).host(IgniteSetup.ADDRESS)
                    .file(nodesFolder).cause(e).build();
        }
        ProcessIdentity started;
        try {
            ClusterRunner.awaitReady(name, pid, nodesFolder, System.nanoTime() + TimeUnit.SECONDS.toNanos(ClusterRunner.START_TIMEOUT_S),
                    cancellation);
            started = ProcessHandle.of(pid).flatMap(ProcessIdentity::of).orElseThrow(() -> AgilabException.of(FailureClass.CLUSTER,
                    name + " exited after it was ready").host(IgniteSetup.ADDRESS).file(nodesFolder.resolve(name + ".log"))
                    .hint("the node's log says why").build());
        } catch (RuntimeException e) {
            Detached.stop(ProcessHandle.of(pid).stream().toList(), 10_000);
            throw e;
        }
        NodeRegistry.Node replaced = new NodeRegistry.Node(name, started);
        // read again: a whole run may have replaced every node meanwhile (new ports, another key); this one is then a stranger
        NodeRegistry now = NodeRegistry.read(nodesFolder).orElse(null);
        if (now == null || !now.key().equals(registry.key()) || !now.ports().equals(registry.ports())) {
            Detached.stop(ProcessHandle.of(started.pid()).stream().toList(), 10_000);
            throw AgilabException.of(FailureClass.CLUSTER, "the warm nodes were replaced while " + name + " started anew: it is stopped")
                    .file(nodesFolder.resolve(NodeRegistry.FILE)).build();
        }
        List<NodeRegistry.Node> kept = new ArrayList<>();
        for (NodeRegistry.Node node : now.nodes()) {
            kept.add(node.name().equals(name) ? replaced : node);
        }
        new NodeRegistry(now.key(), now.ports(), kept, now.started()).write(nodesFolder);
        return Optional.of(replaced);
    }

    private static AgilabException startedForOtherSettings(String name, Path nodesFolder) {
        return AgilabException.of(FailureClass.CLUSTER, "the warm nodes were started for other settings than the service's: " + name
                + " is not replaced alone").file(nodesFolder.resolve(NodeRegistry.FILE))
                .hint("the service's next whole run replaces the nodes").build();
    }
}
