package org.agilab.runtime.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.node.IgniteSetup;
import org.agilab.runtime.process.Detached;
import org.agilab.runtime.process.ProcessIdentity;

/**
 * The warm nodes of one app target, in {@code ~/wenv/<target>_worker/nodes/cluster.json}: what they were started for
 * (a key over the staged worker's hash, the runtime version, the JVM options and the node count), their ports, and
 * each node's PID and start time, so AGILab only ever signals its own processes, never by name.
 */
public record NodeRegistry(String key, IgniteSetup.PortBlock ports, List<Node> nodes, String started) {

    public static final String FILE = "cluster.json";
    /** Touched at every run; nodes stop themselves when it is older than the idle timeout. */
    public static final String LAST_USED = "last-used";

    /**
     * @param host null for a node on this machine (known by PID and start time), else the SSH host it runs on (known by
     *            its PID there; whether it is up is the cluster's to say)
     */
    public record Node(String name, ProcessIdentity process, String host) {

        public Node(String name, ProcessIdentity process) {
            this(name, process, null);
        }

        public boolean remote() {
            return host != null;
        }

        /** Whether the node may be up: a local one by its process; one on an SSH host until the cluster says otherwise. */
        public boolean mayBeAlive() {
            return remote() || process.isAlive();
        }
    }

    /** Stops nodes on SSH hosts: PIDs by host. */
    public interface RemoteStopper {
        void stop(Map<String, List<Long>> pidsByHost);
    }

    /** Without SSH at hand: nodes on SSH hosts are left to stop themselves when idle. */
    public static final RemoteStopper LEAVE_REMOTE = pids -> {
        if (!pids.isEmpty()) {
            AgiLog.get(NodeRegistry.class).warn("nodes on " + pids.keySet()
                    + " were left running: they stop themselves when idle, or with 'agilab nodes stop' and the app's SSH settings");
        }
    };

    /** {@value #FILE} as written: the key, the ports, and each node by name, PID, start time and SSH host. */
    record FileForm(String schema, String key, String started, IgniteSetup.PortBlock ports, List<NodeForm> nodes) {
    }

    /** A node in the file: its process flattened beside its name. */
    record NodeForm(String name, Long pid, Instant started, String host) {
    }

    public static Optional<NodeRegistry> read(Path nodesFolder) {
        Path file = nodesFolder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            FileForm form = JsonCodec.read(Files.readString(file), FileForm.class);
            List<Node> nodes = new ArrayList<>();
            for (NodeForm node : form.nodes()) {
                if (node.pid() != null && node.started() != null) {
                    nodes.add(new Node(node.name(), new ProcessIdentity(node.pid(), node.started()), node.host()));
                }
            }
            return Optional.of(new NodeRegistry(form.key(), form.ports(), nodes, form.started()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public void write(Path nodesFolder) {
        List<NodeForm> forms = nodes.stream()
                .map(node -> new NodeForm(node.name(), node.process().pid(), node.process().started(), node.remote() ? node.host() : null)).toList();
        AtomicFiles.writeString(nodesFolder.resolve(FILE), JsonCodec.writePretty(new FileForm("agilab.nodes.v1", key, started, ports, forms)));
    }

    public boolean allAlive() {
        return !nodes.isEmpty() && nodes.stream().allMatch(Node::mayBeAlive);
    }

    /** Stops every local node still alive (SIGTERM, then kill) and forgets them all; nodes on SSH hosts are left running. */
    public static void stop(Path nodesFolder) {
        stop(nodesFolder, LEAVE_REMOTE);
    }

    /** Stops every node: local ones by signal, those on SSH hosts through {@code remote}; then forgets them. */
    public static void stop(Path nodesFolder, RemoteStopper remote) {
        read(nodesFolder).ifPresent(registry -> {
            List<ProcessHandle> handles = new ArrayList<>();
            Map<String, List<Long>> remotePids = new LinkedHashMap<>();
            for (Node node : registry.nodes()) {
                if (node.remote()) {
                    remotePids.computeIfAbsent(node.host(), host -> new ArrayList<>()).add(node.process().pid());
                } else if (node.process().isAlive()) {
                    ProcessHandle.of(node.process().pid()).ifPresent(handles::add);
                }
            }
            try {
                remote.stop(remotePids);
            } catch (RuntimeException e) {
                AgiLog.get(NodeRegistry.class).warn("could not stop the nodes on " + remotePids.keySet() + ": "
                        + e.getMessage() + " (they stop themselves when idle)");
            }
            Detached.stop(handles, 10_000);
        });
        try {
            Files.deleteIfExists(nodesFolder.resolve(FILE));
        } catch (IOException ignored) {
            // a stale registry is ignored: its processes no longer match
        }
    }

    static void touch(Path nodesFolder) {
        AtomicFiles.writeString(nodesFolder.resolve(LAST_USED), Instant.now().toString());
    }
}
