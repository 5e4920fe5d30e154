package org.agilab.runtime.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.node.IgniteSetup;
import org.agilab.runtime.settings.ClusterSettings.PortRange;

import com.google.gson.reflect.TypeToken;

/**
 * Which discovery and communication port block each cluster of a home uses, in {@code ~/.agilab/cluster-leases.json}.
 * A cluster keeps its lease while its block is free when its nodes start; otherwise (another home's cluster, a test
 * beside the user's nodes, any other program) it moves to the first block of the configured ranges that no other
 * target of the home leases and whose every port is free. Every port of the block matters: Ignite's static
 * discovery lists the whole block, so a stranger anywhere in it could merge two clusters.
 */
public final class PortLeases {

    public static final String FILE = "cluster-leases.json";
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private PortLeases() {
    }

    /**
     * The block for {@code target}'s nodes, which are about to start: its lease when still free, else a new one.
     *
     * @param leases the lease file
     * @param address the address the nodes bind, where the ports must be free
     */
    public static IgniteSetup.PortBlock acquire(Path leases, String target, PortRange discovery, PortRange communication, String address) {
        int slots = Math.min(discovery.blocks(IgniteSetup.DISCOVERY_RANGE), communication.blocks(IgniteSetup.COMMUNICATION_RANGE));
        if (slots < 1) {
            throw AgilabException.of(FailureClass.SETTINGS, "the port ranges " + discovery + " and " + communication
                    + " are smaller than one cluster's block (" + IgniteSetup.DISCOVERY_RANGE + " discovery and "
                    + IgniteSetup.COMMUNICATION_RANGE + " communication ports)")
                    .key("cluster.discovery_ports").hint("widen [cluster] discovery_ports and communication_ports").build();
        }
        IN_PROCESS.lock();
        try {
            Files.createDirectories(leases.getParent());
            try (FileChannel channel = FileChannel.open(leases.resolveSibling(FILE + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                Map<String, Lease> all = read(leases);
                IgniteSetup.PortBlock current = block(all.get(target));
                if (current != null && inside(current, discovery, communication) && free(current, address)) {
                    return current;
                }
                int start = Math.floorMod(target.hashCode(), slots);
                IgniteSetup.PortBlock chosen = null;
                // first pass: blocks no other target of this home holds; second: reclaim a lease whose ports are free
                for (int pass = 0; pass < 2 && chosen == null; pass++) {
                    for (int k = 0; k < slots && chosen == null; k++) {
                        int slot = (start + k) % slots;
                        IgniteSetup.PortBlock candidate = new IgniteSetup.PortBlock(discovery.first() + slot * IgniteSetup.DISCOVERY_RANGE,
                                communication.first() + slot * IgniteSetup.COMMUNICATION_RANGE);
                        boolean leasedToOther = all.entrySet().stream()
                                .anyMatch(e -> !e.getKey().equals(target) && candidate.equals(block(e.getValue())));
                        if ((pass == 1 || !leasedToOther) && free(candidate, address)) {
                            chosen = candidate;
                        }
                    }
                }
                if (chosen == null) {
                    throw AgilabException.of(FailureClass.CLUSTER, "no free port block in discovery " + discovery + " / communication "
                            + communication + " on " + address).file(leases).host(address)
                            .hint("stop unused nodes ('agilab nodes stop --app ...') or widen [cluster] discovery_ports and communication_ports")
                            .build();
                }
                all.put(target, new Lease(chosen.discovery(), chosen.communication(), Instant.now().toString()));
                AtomicFiles.writeString(leases, JsonCodec.writePretty(all));
                return chosen;
            }
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.CLUSTER, "cannot update the port leases: " + e.getMessage()).file(leases).cause(e)
                    .hint("check that the folder is writable").build();
        } finally {
            IN_PROCESS.unlock();
        }
    }

    /** One target's block in the lease file, and since when it holds it. */
    record Lease(Integer discovery, Integer communication, String since) {
    }

    private static final java.lang.reflect.Type LEASES = new TypeToken<LinkedHashMap<String, Lease>>() {
    }.getType();

    private static Map<String, Lease> read(Path leases) {
        try {
            return Files.isRegularFile(leases) ? JsonCodec.read(Files.readString(leases), LEASES) : new LinkedHashMap<>();
        } catch (IOException | RuntimeException e) {
            return new LinkedHashMap<>(); // an unreadable lease file only costs a fresh choice
        }
    }

    private static IgniteSetup.PortBlock block(Lease lease) {
        return lease == null || lease.discovery() == null || lease.communication() == null ? null
                : new IgniteSetup.PortBlock(lease.discovery(), lease.communication());
    }

    private static boolean inside(IgniteSetup.PortBlock block, PortRange discovery, PortRange communication) {
        return block.discovery() >= discovery.first() && block.discovery() + IgniteSetup.DISCOVERY_RANGE - 1 <= discovery.last()
                && block.communication() >= communication.first()
                && block.communication() + IgniteSetup.COMMUNICATION_RANGE - 1 <= communication.last();
    }

    /** Whether every port of the block can be bound on {@code address} now. */
    static boolean free(IgniteSetup.PortBlock block, String address) {
        return allFree(address, block.discovery(), IgniteSetup.DISCOVERY_RANGE)
                && allFree(address, block.communication(), IgniteSetup.COMMUNICATION_RANGE);
    }

    private static boolean allFree(String address, int first, int count) {
        for (int port = first; port < first + count; port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
