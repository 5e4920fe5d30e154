package org.agilab.runtime.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.agilab.api.ExecutionMode;
import org.agilab.api.Work;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.node.ChunkJob;
import org.agilab.runtime.node.ClusterTls;
import org.agilab.runtime.node.IgniteSetup;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.lang.IgniteBiPredicate;
import org.apache.ignite.lang.IgniteFuture;

/**
 * The worker slots of an app's warm local nodes, as a service sees them: one kept Ignite client joins the nodes once,
 * and each task goes as one {@link ChunkJob} (the code a run's chunk runs: the staged worker, the node's admission
 * check, output claims) straight to a node with a free slot, without a run, a plan file or a run record. A node takes
 * {@link #DEPTH} tasks at once: one runs while the next is on its way, so a slot never waits for the service's round
 * trip. A node's heartbeat is its membership of the cluster (Ignite drops a node silent past the failure-detection
 * timeout), seen at each {@link #slots} and at each answer.
 */
public final class TaskSlots implements AutoCloseable {

    /** Tasks a node holds at once. */
    public static final int DEPTH = 2;

    /**
     * A slot's state.
     *
     * @param lastSeen when the node was last seen in the cluster or last answered
     */
    public record Slot(String name, long pid, int running, Instant lastSeen, boolean up) {
    }

    /**
     * How a task's job ended: its answer, or the node lost while it ran ({@code lost}, the task never finished).
     */
    public record Outcome(String node, ChunkJob.Answer answer, String lost) {
    }

    private final Ignite client;
    private final String appName;
    private final Installer.Result install;
    private final ExecutionMode mode;
    private final java.nio.file.Path shareRoot;
    private final java.nio.file.Path nodesFolder;
    private final Map<String, Long> pids = new TreeMap<>();
    private final Map<String, Integer> running = new HashMap<>();
    private final Map<String, Instant> lastSeen = new HashMap<>();
    private final Map<String, IgniteFuture<String>> futures = new HashMap<>();
    private final Map<String, String> topics = new HashMap<>();

    private TaskSlots(Ignite client, String appName, Installer.Result install, ExecutionMode mode, java.nio.file.Path shareRoot,
            java.nio.file.Path nodesFolder, NodeRegistry registry) {
        this.client = client;
        this.appName = appName;
        this.install = install;
        this.mode = mode;
        this.shareRoot = shareRoot;
        this.nodesFolder = nodesFolder;
        Instant now = Instant.now();
        for (NodeRegistry.Node node : registry.nodes()) {
            pids.put(node.name(), node.process().pid());
            running.put(node.name(), 0);
            lastSeen.put(node.name(), now);
        }
    }

    /**
     * Joins the app's warm local nodes, when they are all up and in the cluster: empty when there are none (a cold
     * app: its first task's run starts them), when they are on SSH hosts (their inputs and outputs travel with a run),
     * or when they do not all answer in time.
     */
    public static Optional<TaskSlots> join(String appName, Installer.Result install, ExecutionMode mode, ClusterRunner.Options options) {
        if (!ClusterRunner.sshHosts(options).isEmpty()) {
            return Optional.empty();
        }
        java.nio.file.Path nodesFolder = install.workerEnv().resolve("nodes");
        Optional<NodeRegistry> registry = NodeRegistry.read(nodesFolder)
                .filter(r -> r.allAlive() && !r.nodes().isEmpty() && r.nodes().stream().noneMatch(NodeRegistry.Node::remote));
        if (registry.isEmpty()) {
            return Optional.empty();
        }
        ClusterTls.Material tls = ClusterRunner.tls(options, options.workers().keySet());
        String clusterId = IgniteSetup.clusterId(options.home(), options.target());
        Ignite client = Clients.acquire(registry.get().ports(), List.of(IgniteSetup.ADDRESS), nodesFolder, clusterId, options.schedulerHost(),
                options.failureDetectionMs(), tls, true);
        if (!ClusterRunner.awaitServers(client, registry.get().nodes().size(), nodesFolder, options.failureDetectionMs() + 2_000, false)
                || !IgniteSetup.strangers(client, clusterId).isEmpty()) {
            Clients.discard(client);
            return Optional.empty();
        }
        return Optional.of(new TaskSlots(client, appName, install, mode, options.share().shareRoot(), nodesFolder, registry.get()));
    }

    /** The node with a free slot that holds the fewest tasks, if any. */
    public synchronized Optional<String> free() {
        Map<String, ClusterNode> servers = servers();
        return running.entrySet().stream().filter(e -> e.getValue() < DEPTH && servers.containsKey(e.getKey()))
                .min(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    }

    /** Whether any node is left to take tasks. */
    public boolean usable() {
        return !servers().isEmpty();
    }

    /**
     * Sends one task's works to {@code node} as a chunk job (worker 0 of 1); {@code ended} is told how it ended, on an
     * Ignite thread.
     *
     * @param key the task's attempt, unique: its job's event topic and the id of its output claims
     */
    public void send(String node, String key, Map<String, Object> args, List<Work> works, int attempt, Consumer<Outcome> ended) {
        String topic = "agilab.service." + key;
        IgniteBiPredicate<java.util.UUID, Object> dropped = (sender, batch) -> true; // a task's progress events are not kept
        ClusterNode target;
        IgniteFuture<String> future;
        synchronized (this) {
            target = servers().get(node);
            if (target == null) {
                ended.accept(new Outcome(node, null, node + " is not in the cluster"));
                return;
            }
            running.merge(node, 1, Integer::sum);
            client.message().localListen(topic, dropped);
            ChunkJob job = new ChunkJob(appName, install, args, works, mode, 0, 1, IgniteSetup.ADDRESS, shareRoot,
                    client.cluster().localNode().id(), topic, attempt);
            future = client.compute(client.cluster().forNode(target)).callAsync(job);
            futures.put(key, future);
            topics.put(key, topic);
        }
        future.listen(f -> {
            Outcome outcome;
            try {
                outcome = new Outcome(node, JsonCodec.read(f.get(), ChunkJob.Answer.class), null);
            } catch (IgniteException | JsonCodec.Malformed e) {
                outcome = new Outcome(node, null, node + " was lost while it ran the task: " + rootMessage(e));
            }
            synchronized (this) {
                running.merge(node, -1, Integer::sum);
                futures.remove(key);
                topics.remove(key);
                if (outcome.answer() != null) {
                    lastSeen.put(node, Instant.now());
                }
            }
            try {
                client.message().stopLocalListen(topic, dropped);
            } catch (IgniteException ignored) {
                // the client is closing: nothing listens any more
            }
            ended.accept(outcome);
        });
    }

    /** Asks the running job of a task's attempt to stop (the service stops at once). */
    public void cancel(String key, String reason) {
        String topic;
        IgniteFuture<String> future;
        synchronized (this) {
            topic = topics.get(key);
            future = futures.get(key);
        }
        if (topic == null) {
            return;
        }
        try {
            client.message(client.cluster().forServers()).send(topic + ".cancel", reason);
        } catch (IgniteException e) {
            // no node to tell: nothing runs
        }
        future.cancel();
    }

    /**
     * Each slot as it is now; a node in the cluster is seen now (its Ignite heartbeats are current). Also tells the
     * nodes and the coordinator that the nodes are in use, so neither stops them for idleness while the service runs.
     */
    public synchronized List<Slot> slots() {
        Map<String, ClusterNode> servers = servers();
        Instant now = Instant.now();
        List<Slot> slots = new ArrayList<>();
        for (Map.Entry<String, Long> node : pids.entrySet()) {
            boolean up = servers.containsKey(node.getKey());
            if (up) {
                lastSeen.put(node.getKey(), now);
            }
            slots.add(new Slot(node.getKey(), node.getValue(), running.get(node.getKey()), lastSeen.get(node.getKey()), up));
        }
        NodeRegistry.touch(nodesFolder);
        return slots;
    }

    /** Tasks on their way or running. */
    public synchronized int inFlight() {
        return futures.size();
    }

    private Map<String, ClusterNode> servers() {
        Map<String, ClusterNode> byName = new TreeMap<>();
        try {
            for (ClusterNode node : client.cluster().forServers().nodes()) {
                byName.put(String.valueOf(node.consistentId()), node);
            }
        } catch (IgniteException | IllegalStateException disconnected) {
            // the client lost every node, or was closed (a whole run replaced the nodes)
        }
        return byName;
    }

    /** Leaves the cluster (the nodes stay warm). */
    @Override
    public void close() {
        Clients.discard(client);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
