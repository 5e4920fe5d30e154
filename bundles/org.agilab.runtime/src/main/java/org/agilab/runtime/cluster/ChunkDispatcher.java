package org.agilab.runtime.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.exec.LocalRunner;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.node.ChunkJob;
import org.agilab.runtime.node.EventRelay;
import org.agilab.runtime.node.IgniteSetup;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.Events;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.lang.IgniteFuture;

/**
 * Sends each chunk to its node as one asynchronous job and collects the answers as they come. A chunk whose node
 * dies or freezes (Ignite drops it after the failure-detection timeout) runs again, whole, on the surviving node with
 * the fewest chunks; being the same worker id, it rewrites the same outputs, so the output folder ends with one copy
 * of each. When no node is left, the run fails with a cluster error naming the finished and unfinished chunks. A
 * cancel reaches the running chunks through a message on the run's cancel topic.
 */
final class ChunkDispatcher {

    private static final AgiLog LOG = AgiLog.get(ChunkDispatcher.class);
    /** How long a finished chunk's relayed events may trail its answer. */
    static final long RELAY_TIMEOUT_MS = 3_000;

    /** Builds the job for chunk {@code index}, attempt {@code attempt} (0 first), to run on node {@code node}. */
    interface Jobs {
        ChunkJob job(int index, int attempt, String node);
    }

    /** What the chunks produced, and where each ran. */
    /**
     * @param chunkMillis how long each finished chunk ran on its node (the capacities learn from it)
     */
    record Outcome(LocalRunner.Result result, Map<Integer, String> finishedOn, Map<Integer, List<String>> reruns,
            Map<Integer, Long> chunkMillis) {
    }

    private final Ignite client;
    private final int chunks;
    private final Events events;
    private final Cancellation cancellation;
    private final Path nodesFolder;
    private final EventRelay.Receiver relayed;
    private final long failureDetectionMs;
    private final BlockingQueue<Integer> done = new LinkedBlockingQueue<>();
    private final Map<Integer, IgniteFuture<String>> running = new ConcurrentHashMap<>();
    private final Map<Integer, String> assigned = new HashMap<>();
    private final Map<Integer, Long> chunkMillis = new HashMap<>();
    /** How many times each chunk was sent: its current attempt is one less (0 first). */
    private final Map<Integer, Integer> sends = new HashMap<>();
    private final Map<Integer, String> finishedOn = new TreeMap<>();
    private final Map<Integer, List<String>> reruns = new TreeMap<>();

    /** Told of the files each answered chunk wrote, by the node it ran on, when its job was asked to list them. */
    private java.util.function.BiConsumer<String, List<String>> outputsOn = (node, files) -> {
    };

    /** The host of each node (127.0.0.1 for local ones): where events and errors say a chunk ran. */
    private final Map<String, String> nodeHosts;

    ChunkDispatcher(Ignite client, int chunks, Events events, Cancellation cancellation, Path nodesFolder, EventRelay.Receiver relayed,
            long failureDetectionMs, Map<String, String> nodeHosts) {
        this.failureDetectionMs = failureDetectionMs;
        this.nodeHosts = nodeHosts;
        this.client = client;
        this.chunks = chunks;
        this.events = events;
        this.cancellation = cancellation;
        this.nodesFolder = nodesFolder;
        this.relayed = relayed;
    }

    /** Told of the outputs each answered chunk claimed, by chunk index (relative to data_out). */
    private java.util.function.BiConsumer<Integer, List<String>> claimedBy = (index, files) -> {
    };

    /** @param consumer told of the outputs each answered chunk claimed, by index, also for a chunk that failed */
    ChunkDispatcher onClaimed(java.util.function.BiConsumer<Integer, List<String>> consumer) {
        this.claimedBy = consumer;
        return this;
    }

    /** @param consumer told of the files each chunk wrote (by node), for the chunks whose jobs list them */
    ChunkDispatcher onOutputs(java.util.function.BiConsumer<String, List<String>> consumer) {
        this.outputsOn = consumer;
        return this;
    }

    Outcome run(Jobs jobs, List<String> plannedNodes, org.agilab.api.ExecutionMode mode, long started) throws InterruptedException {
        cancellation.onCancel(() -> {
            try {
                client.message(client.cluster().forServers()).send(relayed.cancelTopic(), cancellation.reason());
            } catch (RuntimeException e) {
                // no node to tell: nothing runs
            }
            running.values().forEach(IgniteFuture::cancel);
        });
        for (int i = 0; i < chunks; i++) {
            send(jobs, i, plannedNodes.get(i));
        }
        int works = 0;
        int items = 0;
        long rows = 0;
        int width = 1;
        String family = "data";
        String kernel = "plain";
        AgilabException first = null;
        int answered = 0;
        while (answered < chunks) {
            Integer index = done.poll(200, TimeUnit.MILLISECONDS);
            if (index == null) {
                continue;
            }
            IgniteFuture<String> future = running.remove(index);
            String reply;
            try {
                reply = future.get();
            } catch (IgniteException e) {
                if (cancellation.isCancelled()) {
                    throw AgilabException.of(FailureClass.CANCELLED, "cancelled: " + cancellation.reason()).build();
                }
                failOver(jobs, index, e);
                continue;
            }
            ChunkJob.Answer answer = JsonCodec.read(reply, ChunkJob.Answer.class);
            int sent = answer.eventCount();
            String node = assigned.get(index);
            relayed.awaitAll(index, attempt(index), sent, RELAY_TIMEOUT_MS, () -> connected() && servers().containsKey(node));
            // a typed count for callers and tests; a loss is also a warning for people
            Event.Relay relay = new Event.Relay(Integer.toString(index), node, attempt(index) + 1, sent, relayed.received(index, attempt(index)));
            events.emit(relay);
            if (relay.lost()) {
                LOG.warn("chunk " + index + " sent " + sent + " events; " + relay.received() + " arrived within " + RELAY_TIMEOUT_MS + " ms");
            }
            answered++;
            if (answer.outputs() != null) {
                outputsOn.accept(node, answer.outputs());
            }
            claimedBy.accept(index, answer.claimed());
            if (answer.error() != null) {
                if (first == null) {
                    first = answer.error().toException();
                }
                continue;
            }
            finishedOn.put(index, assigned.get(index));
            chunkMillis.put(index, answer.durationMs());
            works += answer.works();
            items += answer.items();
            rows += answer.rows();
            width = Math.max(width, answer.poolWidth());
            family = answer.family();
            kernel = answer.kernel();
        }
        if (first != null) {
            throw first;
        }
        return new Outcome(new LocalRunner.Result(mode, (System.nanoTime() - started) / 1_000_000, works, items, rows, width, family,
                kernel), finishedOn, reruns, chunkMillis);
    }

    private int attempt(int index) {
        return sends.get(index) - 1;
    }

    private void send(Jobs jobs, int index, String nodeName) {
        int attempt = sends.merge(index, 1, Integer::sum) - 1;
        ClusterNode node = servers().get(nodeName);
        if (node == null) {
            throw AgilabException.of(FailureClass.CLUSTER, nodeName + " is not in the cluster").host(hostOf(nodeName))
                    .file(nodesFolder.resolve(nodeName + ".log")).hint("the node's log says why").build();
        }
        assigned.put(index, nodeName);
        IgniteFuture<String> future = client.compute(client.cluster().forNode(node)).callAsync(jobs.job(index, attempt, nodeName));
        running.put(index, future);
        future.listen(f -> done.add(index));
        events.emit(new Event.Worker(Integer.toString(index), hostOf(nodeName), nodeName, attempt + 1,
                attempt == 0 ? Event.WorkerState.SENT : Event.WorkerState.RESENT,
                "chunk " + index + " to " + nodeName + (attempt == 0 ? "" : " (attempt " + (attempt + 1) + ")")));
    }

    private String hostOf(String node) {
        return nodeHosts.getOrDefault(node, IgniteSetup.ADDRESS);
    }

    /** The chunk's node failed or left: the chunk runs again on a survivor, or the run fails when none is left. */
    private void failOver(Jobs jobs, int index, IgniteException cause) throws InterruptedException {
        String lost = assigned.get(index);
        awaitReconnect();
        Map<String, ClusterNode> survivors = servers();
        survivors.remove(lost);
        if (survivors.isEmpty()) {
            List<Integer> unfinished = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                if (!finishedOn.containsKey(i)) {
                    unfinished.add(i);
                }
            }
            running.values().forEach(IgniteFuture::cancel);
            throw AgilabException.of(FailureClass.CLUSTER, "all nodes are gone: chunks finished " + finishedOn + ", unfinished "
                    + unfinished + " (last failure on " + lost + " at " + hostOf(lost) + ": " + rootMessage(cause) + ")").host(hostOf(lost))
                    .file(nodesFolder.resolve(lost + ".log"))
                    .hint("the node logs say why; rerun to start fresh nodes (finished chunks' outputs are complete)").cause(cause).build();
        }
        if (sends.get(index) > survivors.size() + 1) {
            throw AgilabException.of(FailureClass.CLUSTER, "chunk " + index + " failed " + sends.get(index) + " times, last on " + lost
                    + ": " + rootMessage(cause)).host(hostOf(lost)).file(nodesFolder.resolve(lost + ".log"))
                    .hint("the node logs say why").cause(cause).build();
        }
        String target = leastLoaded(survivors.keySet());
        LOG.warn("chunk " + index + " lost with " + lost + " (" + rootMessage(cause) + "): running it again on " + target);
        reruns.computeIfAbsent(index, i -> new ArrayList<>()).add(lost + " -> " + target);
        send(jobs, index, target);
    }

    /**
     * When the client's router node died, the client is disconnected and fails every job: it rejoins through a
     * survivor, given the failure-detection timeout and 5 s; after that, no node is left.
     */
    private void awaitReconnect() throws InterruptedException {
        IgniteFuture<?> reconnect;
        try {
            reconnect = client.cluster().clientReconnectFuture();
        } catch (IgniteException e) {
            return;
        }
        if (reconnect == null) {
            return;
        }
        LOG.info("the manager's client lost its node; rejoining through another one");
        // waits in short steps: when every node's process is gone there is nobody to rejoin, and waiting out the
        // whole reconnect time would only delay the error
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(failureDetectionMs + 5_000);
        while (System.nanoTime() < deadline) {
            try {
                reconnect.get(100, TimeUnit.MILLISECONDS);
                return;
            } catch (IgniteException e) {
                if (!anyNodeProcessAlive()) {
                    return;
                }
            }
        }
    }

    /** Whether a node of the registry still runs (nodes on this host are known by PID and start time). */
    private boolean anyNodeProcessAlive() {
        return NodeRegistry.read(nodesFolder).map(registry -> registry.nodes().stream().anyMatch(NodeRegistry.Node::mayBeAlive))
                .orElse(true);
    }

    boolean connected() {
        try {
            return client.cluster().clientReconnectFuture() == null;
        } catch (IgniteException e) {
            return false;
        }
    }

    private String leastLoaded(Collection<String> candidates) {
        Map<String, Integer> load = new LinkedHashMap<>();
        candidates.stream().sorted().forEach(name -> load.put(name, 0));
        running.keySet().forEach(i -> load.computeIfPresent(assigned.get(i), (name, n) -> n + 1));
        return load.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** The server nodes the client sees now, by name; none when the client lost the cluster. */
    private Map<String, ClusterNode> servers() {
        Map<String, ClusterNode> byName = new TreeMap<>();
        try {
            for (ClusterNode node : client.cluster().forServers().nodes()) {
                byName.put(String.valueOf(node.consistentId()), node);
            }
        } catch (IgniteException disconnected) {
            // the client lost every server: no survivor
        }
        return byName;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
