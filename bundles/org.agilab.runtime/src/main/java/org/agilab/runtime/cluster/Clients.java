package org.agilab.runtime.cluster;

import java.nio.file.Path;

import org.agilab.runtime.node.ClusterTls;
import org.agilab.runtime.node.IgniteSetup;
import org.agilab.runtime.request.ProcessRole;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteState;
import org.apache.ignite.Ignition;

/**
 * The manager's Ignite client. A one-shot manager starts one per run and closes it; the coordinator keeps its
 * client between runs (so a warm run pays no client join), and drops it when the nodes are replaced.
 */
final class Clients {

    static final String CLIENT_LOG = "client.log";
    private static final java.util.concurrent.atomic.AtomicInteger SEQUENCE = new java.util.concurrent.atomic.AtomicInteger();
    private static Ignite kept;
    private static IgniteSetup.PortBlock keptPorts;
    private static java.util.List<String> keptHosts;
    /** A client a coordinator is joining on its own (adopting the nodes a cold run started), with what it joins. */
    private static java.util.concurrent.CompletableFuture<Ignite> adopting;
    private static IgniteSetup.PortBlock adoptingPorts;
    private static java.util.List<String> adoptingHosts;
    /** How long a run waits for such a join in progress before it joins its own client. */
    static final long ADOPTION_WAIT_MS = 30_000;

    private Clients() {
    }

    /**
     * A client of the nodes on {@code nodeHosts} (127.0.0.1 for local nodes, SSH hosts by address).
     *
     * @param keep whether the client outlives the run (a coordinator's, {@link ProcessRole#keepsNodeClient})
     */
    static Ignite acquire(IgniteSetup.PortBlock ports, java.util.List<String> nodeHosts, Path folder, String clusterId,
            String address, long failureDetectionMs, ClusterTls.Material tls, boolean keep) {
        java.util.concurrent.CompletableFuture<Ignite> pending;
        synchronized (Clients.class) {
            if (usableKept(ports, nodeHosts)) {
                return kept;
            }
            pending = adopting != null && ports.equals(adoptingPorts) && nodeHosts.equals(adoptingHosts) ? adopting : null;
        }
        if (pending != null && keep) {
            // the coordinator is joining these very nodes already: its join is further along than a new one would be
            try {
                pending.get(ADOPTION_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // it failed or is slow: this run joins its own
            }
        }
        return join(ports, nodeHosts, folder, clusterId, address, failureDetectionMs, tls, keep);
    }

    /** A kept client of these nodes that is still up: one its failure handler stopped is of no use, a new one joins. */
    private static boolean usableKept(IgniteSetup.PortBlock ports, java.util.List<String> nodeHosts) {
        return kept != null && ports.equals(keptPorts) && nodeHosts.equals(keptHosts) && Ignition.state(kept.name()) == IgniteState.STARTED;
    }

    private static synchronized Ignite join(IgniteSetup.PortBlock ports, java.util.List<String> nodeHosts, Path folder, String clusterId,
            String address, long failureDetectionMs, ClusterTls.Material tls, boolean keep) {
        if (usableKept(ports, nodeHosts)) {
            return kept;
        }
        reset();
        Ignite client = start(ports, nodeHosts, folder, clusterId, address, failureDetectionMs, tls);
        if (keep) {
            kept = client;
            keptPorts = ports;
            keptHosts = nodeHosts;
        }
        return client;
    }

    private static Ignite start(IgniteSetup.PortBlock ports, java.util.List<String> nodeHosts, Path folder, String clusterId, String address,
            long failureDetectionMs, ClusterTls.Material tls) {
        java.util.Objects.requireNonNull(tls, "a client joins only with the home's TLS material");
        // unique in this JVM: two clusters' runs (two targets) may share a process
        String name = "agilab-manager-" + ProcessHandle.current().pid() + "-" + clusterId + "-" + SEQUENCE.incrementAndGet();
        return Ignition.start(IgniteSetup.configuration(name, IgniteSetup.CLIENT, ports, folder.resolve("client"), clusterId, address,
                IgniteSetup.clientFinder(nodeHosts, ports), clientLog(folder), failureDetectionMs, tls));
    }

    /**
     * A coordinator's own join of warm nodes (those a cold run started as it spawned it), kept for its first run. The
     * join happens outside the lock, so a run that replaces the nodes meanwhile never waits for it: a client that is
     * no longer wanted when its join ends (reset, or another client kept) is closed.
     *
     * @return whether this client is now the kept one
     */
    static boolean adopt(IgniteSetup.PortBlock ports, java.util.List<String> nodeHosts, Path folder, String clusterId, String address,
            long failureDetectionMs, ClusterTls.Material tls) {
        java.util.concurrent.CompletableFuture<Ignite> mine = new java.util.concurrent.CompletableFuture<>();
        synchronized (Clients.class) {
            if (kept != null || adopting != null) {
                return false;
            }
            adopting = mine;
            adoptingPorts = ports;
            adoptingHosts = nodeHosts;
        }
        Ignite client = null;
        try {
            client = start(ports, nodeHosts, folder, clusterId, address, failureDetectionMs, tls);
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            synchronized (Clients.class) {
                if (adopting == mine) {
                    adopting = null;
                }
            }
            throw e;
        }
        boolean keep;
        synchronized (Clients.class) {
            keep = adopting == mine && kept == null;
            if (adopting == mine) {
                adopting = null;
            }
            if (keep) {
                kept = client;
                keptPorts = ports;
                keptHosts = nodeHosts;
            }
        }
        if (!keep) {
            client.close();
        }
        mine.complete(client);
        return keep;
    }

    /** Past this size the clients' log starts afresh; the previous one stays as {@code client.log.1}. */
    static final long CLIENT_LOG_LIMIT = 4L << 20;

    /** The clients' Ignite log, {@code nodes/client.log}, appended to by every manager of these nodes. */
    static java.io.PrintStream clientLog(Path folder) {
        try {
            Path log = folder.resolve(CLIENT_LOG);
            if (java.nio.file.Files.isRegularFile(log) && java.nio.file.Files.size(log) > CLIENT_LOG_LIMIT) {
                java.nio.file.Files.move(log, folder.resolve(CLIENT_LOG + ".1"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return new java.io.PrintStream(new java.io.FileOutputStream(folder.resolve(CLIENT_LOG).toFile(), true), true,
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return new java.io.PrintStream(java.io.OutputStream.nullOutputStream()); // the run matters more than its Ignite log
        }
    }

    static void release(Ignite client) {
        if (client == null) {
            return; // without the lock: a lost client may be closing in the background, holding it for seconds
        }
        synchronized (Clients.class) {
            if (client != kept) {
                client.close();
            }
        }
    }

    /** Closes a client that is of no use (its nodes failed to start), kept or not. */
    static synchronized void discard(Ignite client) {
        if (client == kept) {
            reset();
        } else {
            try {
                client.close();
            } catch (RuntimeException ignored) {
                // closing is all that was asked
            }
        }
    }

    /** Closes a kept client: its nodes are being replaced. */
    static synchronized void reset() {
        adopting = null; // a join in progress is closed when it ends
        if (kept != null) {
            try {
                kept.close();
            } catch (RuntimeException ignored) {
                // the nodes it knew are gone anyway
            }
            kept = null;
            keptPorts = null;
            keptHosts = null;
        }
    }
}
