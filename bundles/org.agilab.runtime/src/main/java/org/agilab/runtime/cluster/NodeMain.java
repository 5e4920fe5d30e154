package org.agilab.runtime.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.ignite.Ignition;

/**
 * A worker node: an Ignite server JVM with the staged worker on its classpath. Started by the manager; writes its
 * ready file once it has joined, then serves chunk jobs until it is stopped (SIGTERM runs Ignite's shutdown).
 * Arguments: name, discovery port, communication port, work folder, ready file, idle timeout in seconds, last-used
 * file, cluster identity, node index (0 is the seed the others join through). A node that finds a stranger's node in its cluster leaves at once (exit 3). A node whose last-used file is older than the idle timeout, and that runs no chunk, stops itself.
 */
public final class NodeMain {

    /** The failure-detection timeout in milliseconds, given by the manager on the command line. */
    static final String FAILURE_DETECTION_PROPERTY = "agilab.failureDetectionMs";
    /** The home's TLS folder ({@link ClusterTls}), given by the manager when the cluster uses TLS; the password stays in it. */
    static final String TLS_PROPERTY = "agilab.tls";

    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        IgniteSetup.PortBlock ports = new IgniteSetup.PortBlock(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        Path work = Path.of(args[3]);
        Path ready = Path.of(args[4]);
        Files.createDirectories(work);
        long idleSeconds = Long.parseLong(args[5]);
        Path lastUsed = Path.of(args[6]);
        String clusterId = args[7];
        int index = Integer.parseInt(args[8]);
        NodeAdmission.load();
        String tlsFolder = System.getProperty(TLS_PROPERTY);
        ClusterTls.Material tls = tlsFolder == null ? null : ClusterTls.read(Path.of(tlsFolder));
        System.out.println(name + ": " + (tls == null ? "plain TCP on 127.0.0.1" : "TLS, certificate sha256 " + tls.fingerprint())
                + (System.getProperty(NodeAdmission.WORKER_JAR_PROPERTY) == null ? "" : ", serving " + System.getProperty(NodeAdmission.WORKER_JAR_PROPERTY)));
        org.apache.ignite.Ignite ignite = Ignition.start(IgniteSetup.configuration(name, index, ports, work, clusterId, IgniteSetup.ADDRESS,
                System.out, Long.getLong(FAILURE_DETECTION_PROPERTY, IgniteSetup.DEFAULT_FAILURE_DETECTION_MS),
                tls));
        java.util.List<String> strangers = IgniteSetup.strangers(ignite, clusterId);
        if (!strangers.isEmpty()) {
            System.out.println("ports " + ports + " are shared with another cluster's nodes " + strangers + ": leaving");
            Ignition.stopAll(true);
            System.exit(3);
        }
        Files.writeString(ready, Long.toString(ProcessHandle.current().pid()));
        long started = System.currentTimeMillis(); // after the start: a node is not idle while it starts
        long checkMillis = Math.max(500, Math.min(10_000, idleSeconds * 1000 / 4));
        while (true) {
            Thread.sleep(checkMillis);
            // a node is in use from its start: a missing or older last-used file never stops a fresh node
            long lastUse = Math.max(started, Files.exists(lastUsed) ? Files.getLastModifiedTime(lastUsed).toMillis() : 0);
            long idleFor = System.currentTimeMillis() - lastUse;
            if (ChunkJob.running() == 0 && idleFor > idleSeconds * 1000) {
                System.out.println("idle for " + idleFor / 1000 + " s, more than " + idleSeconds + " s: stopping");
                Ignition.stopAll(true);
                System.exit(0);
            }
        }
    }
}
