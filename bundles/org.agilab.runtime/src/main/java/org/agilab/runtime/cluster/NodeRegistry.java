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
import org.agilab.runtime.json.Json;
import org.agilab.runtime.manager.ProcessIdentity;

/**
 * The warm nodes of one app target, in {@code ~/wenv/<target>_worker/nodes/cluster.json}: what they were started for
 * (a key over the staged worker's hash, the runtime version, the JVM options and the node count), their ports, and
 * each node's PID and start time, so AGILab only ever signals its own processes, never by name.
 */
public record NodeRegistry(String key, IgniteSetup.PortBlock ports, List<Node> nodes, String started) {

    public static final String FILE = "cluster.json";
    /** Touched at every run; nodes stop themselves when it is older than the idle timeout. */
    public static final String LAST_USED = "last-used";

    public record Node(String name, ProcessIdentity process) {
    }

    public static Optional<NodeRegistry> read(Path nodesFolder) {
        Path file = nodesFolder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Map<String, Object> json = Json.parseObject(Files.readString(file));
            @SuppressWarnings("unchecked")
            Map<String, Object> ports = (Map<String, Object>) json.get("ports");
            List<Node> nodes = new ArrayList<>();
            for (Object entry : (List<?>) json.get("nodes")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> node = (Map<String, Object>) entry;
                ProcessIdentity.fromJson(node).ifPresent(identity -> nodes.add(new Node((String) node.get("name"), identity)));
            }
            return Optional.of(new NodeRegistry((String) json.get("key"), new IgniteSetup.PortBlock(
                    ((Number) ports.get("discovery")).intValue(), ((Number) ports.get("communication")).intValue()), nodes,
                    (String) json.get("started")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public void write(Path nodesFolder) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema", "agilab.nodes.v1");
        json.put("key", key);
        json.put("started", started);
        Map<String, Object> portsJson = new LinkedHashMap<>();
        portsJson.put("discovery", ports.discovery());
        portsJson.put("communication", ports.communication());
        json.put("ports", portsJson);
        List<Object> nodesJson = new ArrayList<>();
        for (Node node : nodes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", node.name());
            entry.putAll(node.process().toJson());
            nodesJson.add(entry);
        }
        json.put("nodes", nodesJson);
        AtomicFiles.writeString(nodesFolder.resolve(FILE), Json.writePretty(json));
    }

    public boolean allAlive() {
        return !nodes.isEmpty() && nodes.stream().allMatch(node -> node.process().isAlive());
    }

    /** Stops every node still alive (SIGTERM, then kill) and forgets them. */
    public static void stop(Path nodesFolder) {
        read(nodesFolder).ifPresent(registry -> {
            List<ProcessHandle> handles = new ArrayList<>();
            for (Node node : registry.nodes()) {
                if (node.process().isAlive()) {
                    ProcessHandle.of(node.process().pid()).ifPresent(handles::add);
                }
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
