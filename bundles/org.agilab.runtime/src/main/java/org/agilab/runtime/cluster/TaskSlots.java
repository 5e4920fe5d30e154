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
import org.agilab.runtime.node.ChunkBatch;
import org.agilab.runtime.node.ChunkJob;
import org.agilab.runtime.node.ClusterTls;
import org.agilab.runtime.node.IgniteSetup;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.lang.IgniteFuture;

/**
 * The worker slots of an app's warm local nodes, as a service sees them: one kept Ignite client joins the nodes once,
 * and each task goes as one {@link ChunkJob} (the code a run's chunk runs: the staged worker, the node's admission
 * check, output claims) straight to a node with a free slot, without a run, a plan file or a run record. Tasks travel
 * in batches ({@link ChunkBatch}, up to {@link #MAX_BATCH} tasks: one compute call, run one after the other on the
 * node) when many wait, one by one otherwise. A node holds {@link #DEPTH} batches at once: one runs while the next is
 * on its way, so a slot never waits for the service's round trip. A node's heartbeat is its membership of the cluster
 * (Ignite drops a node silent past the failure-detection timeout), seen at each {@link #slots} and at each answer.
 */
public final class TaskSlots implements AutoCloseable {

    /** Batches a node holds at once. */
    public static final int DEPTH = 2;
    /**
     * Tasks in one batch at most: enough to spread a compute call's cost thin (a task of minimal_app costs the service
     * about as much as the call), few enough that a lost node costs little work to run again. Measured with 1,000
     * minimal_app tasks on two nodes (docs/benchmarks.md): 8 gave ~155 tasks/s, 32 ~225, 64 no more than 32.
     */
    public static final int MAX_BATCH = 32;

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

    /**
     * One task for a batch.
     *
     * @param key     the task's attempt, unique: its job's cancel topic and the id of its output claims
     * @param attempt the attempt, counted from 0
     * @param ended   told how the task ended, on an Ignite thread
     */
    public record Task(String key, Map<String, Object> args, List<Work> works, int attempt, Consumer<Outcome> ended) {
    }

    private final Ignite client;
    private final String appName;
    private final Installer.Result install;
    private final ExecutionMode mode;
    private final java.nio.file.Path shareRoot;
    private final java.nio.file.Path nodesFolder;
    private final Map<String, Long> pids = new TreeMap<>();
    /** Tasks on each node, and the batches they travel in. */
    private final Map<String, Integer> running = new HashMap<>();
    private final Map<String, Integer> batches = new HashMap<>();
    private final Map<String, Instant> lastSeen = new HashMap<>();
    /**
     * Nodes whose batch was lost (killed, unreachable): no batch goes to them any more, though the cluster may list
     * them until it detects their failure; else a task put back after the loss went to the same dead node again, and
     * again, until its attempts ran out.
     */
    private final java.util.Set<String> lost = new java.util.HashSet<>();
    /** Each task's batch, by the task's key. */
    private final Map<String, IgniteFuture<ArrayList<String>>> futures = new HashMap<>();

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
            batches.put(node.name(), 0);
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
        return running.entrySet().stream().filter(e -> batches.get(e.getKey()) < DEPTH && servers.containsKey(e.getKey()) && !lost.contains(e.getKey()))
                .min(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    }

    /** Free slots on the nodes in the cluster: how many batches could leave now. */
    public synchronized int freeSlots() {
        Map<String, ClusterNode> servers = servers();
        return batches.entrySet().stream().filter(e -> servers.containsKey(e.getKey()) && !lost.contains(e.getKey()))
                .mapToInt(e -> DEPTH - e.getValue()).sum();
    }

    /** Whether any node is left to take tasks. */
    public synchronized boolean usable() {
        return servers().keySet().stream().anyMatch(node -> !lost.contains(node));
    }

    /**
     * Sends tasks to {@code node} as one batch, each task's works a chunk job (worker 0 of 1); each task's
     * {@link Task#ended} is told how it ended, on an Ignite thread, once the batch ends.
     */
    public void send(String node, List<Task> batch) {
        ClusterNode target;
        IgniteFuture<ArrayList<String>> future;
        synchronized (this) {
            target = servers().get(node);
            if (target == null) {
                batch.forEach(task -> task.ended().accept(new Outcome(node, null, node + " is not in the cluster")));
                return;
            }
            running.merge(node, batch.size(), Integer::sum);
            batches.merge(node, 1, Integer::sum);
            java.util.UUID self = client.cluster().localNode().id();
            List<ChunkJob> jobs = batch.stream().map(task -> ChunkJob.serviceTask(appName, install, task.args(), task.works(), mode, shareRoot,
                    self, topic(task.key()), task.attempt())).toList();
            future = client.compute(client.cluster().forNode(target)).callAsync(new ChunkBatch(jobs));
            batch.forEach(task -> futures.put(task.key(), future));
        }
        future.listen(f -> {
            List<Outcome> outcomes = new ArrayList<>();
            try {
                List<String> answers = f.get();
                for (int i = 0; i < batch.size(); i++) {
                    outcomes.add(i < answers.size() ? new Outcome(node, JsonCodec.read(answers.get(i), ChunkJob.Answer.class), null)
                            : new Outcome(node, null, "the task was cancelled on " + node));
                }
            } catch (IgniteException | JsonCodec.Malformed e) {
                if (!f.isCancelled()) {
                    synchronized (this) {
                        lost.add(node);
                    }
                }
                outcomes.clear();
                batch.forEach(task -> outcomes.add(new Outcome(node, null, node + " was lost while it ran the task: " + rootMessage(e))));
            }
            synchronized (this) {
                running.merge(node, -batch.size(), Integer::sum);
                batches.merge(node, -1, Integer::sum);
                batch.forEach(task -> futures.remove(task.key()));
                if (outcomes.get(0).answer() != null) {
                    lastSeen.put(node, Instant.now());
                }
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).ended().accept(outcomes.get(i));
            }
        });
    }

    private static String topic(String key) {
        return "agilab.service." + key;
    }

    /** Asks the running job of a task's attempt to stop (the service stops at once). */
    public void cancel(String key, String reason) {
        IgniteFuture<ArrayList<String>> future;
        synchronized (this) {
            future = futures.get(key);
        }
        if (future == null) {
            return;
        }
        try {
            client.message(client.cluster().forServers()).send(topic(key) + ".cancel", reason);
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

    /**
     * The node {@code name} was started anew ({@link NodeReplacement}) as process {@code pid}: its slot takes tasks again
     * as soon as the node is in the cluster.
     */
    public synchronized void replaced(String name, long pid) {
        pids.put(name, pid);
        lastSeen.put(name, Instant.now());
        lost.remove(name); // the lost process's name, not the new one's: batches go to it again
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
