package org.agilab.runtime.node;

import java.nio.file.Files;
import java.nio.file.Path;

import org.agilab.runtime.RuntimeInfo;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.io.ContentHash;
import org.apache.ignite.Ignition;

/**
 * A worker node: an Ignite server JVM with the staged worker on its classpath. Started by the manager; writes its
 * ready file once it has joined, then serves chunk jobs until it is stopped (SIGTERM runs Ignite's shutdown).
 * Arguments: name, discovery port, communication port, work folder, ready file, idle timeout in seconds, last-used
 * file, cluster identity, node index (0 is the seed the others join through). A node that finds a stranger's node in its cluster leaves at once (exit 3). A node whose last-used file is older than the idle timeout, and that runs no chunk, stops itself.
 */
public final class NodeMain {

    /** The failure-detection timeout in milliseconds, given by the manager on the command line. */
    public static final String FAILURE_DETECTION_PROPERTY = "agilab.failureDetectionMs";
    /** The home's TLS folder ({@link ClusterTls}), given by the manager (always: no node runs without it); the password stays in it. */
    public static final String TLS_PROPERTY = "agilab.tls";
    /** Where a node on an SSH host binds (that host's address); 127.0.0.1 when absent. */
    public static final String ADDRESS_PROPERTY = "agilab.address";
    /** The seed node's host (node 0's), for nodes on SSH hosts; 127.0.0.1 when absent. */
    public static final String SEED_PROPERTY = "agilab.seed";
    /** The argument that runs the check mode instead of a node: what an install's smoke test starts on each host. */
    public static final String CHECK = "--check";
    public static final String CHECK_PREFIX = "agilab-node-check ";

    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals(CHECK)) {
            System.exit(check());
        }
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
        if (tlsFolder == null) {
            // a node admits only members holding the home's key: without it, anyone on the machine could join
            System.out.println(name + " cannot start: no TLS material (-D" + TLS_PROPERTY + "=<home>/.agilab/tls); AGILab nodes never run "
                    + "plain TCP, not even on 127.0.0.1");
            System.exit(2);
        }
        ClusterTls.Material tls = ClusterTls.read(Path.of(tlsFolder));
        System.out.println(name + ": TLS, certificate sha256 " + tls.fingerprint()
                + (System.getProperty(NodeAdmission.WORKER_JAR_PROPERTY) == null ? "" : ", serving " + System.getProperty(NodeAdmission.WORKER_JAR_PROPERTY)));
        String address = System.getProperty(ADDRESS_PROPERTY, IgniteSetup.ADDRESS);
        String seedHost = System.getProperty(SEED_PROPERTY, IgniteSetup.ADDRESS);
        org.apache.ignite.Ignite ignite;
        try {
            ignite = Ignition.start(IgniteSetup.configuration(name, index, ports, work, clusterId, address, IgniteSetup.serverFinder(seedHost, ports), System.out,
                    Long.getLong(FAILURE_DETECTION_PROPERTY, IgniteSetup.DEFAULT_FAILURE_DETECTION_MS), tls));
        } catch (RuntimeException e) {
            // Ignite's threads would keep a node that failed to start alive: it exits, so the manager sees it and its log
            System.out.println(name + " could not start: " + e);
            e.printStackTrace(System.out);
            System.out.flush();
            Runtime.getRuntime().halt(2);
            return;
        }
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
            // (a node on an SSH host has no manager touching its file: its last chunk counts too)
            long lastUse = Math.max(Math.max(started, ChunkJob.lastFinished()),
                    Files.exists(lastUsed) ? Files.getLastModifiedTime(lastUsed).toMillis() : 0);
            long idleFor = System.currentTimeMillis() - lastUse;
            if (ChunkJob.running() == 0 && idleFor > idleSeconds * 1000) {
                System.out.println("idle for " + idleFor / 1000 + " s, more than " + idleSeconds + " s: stopping");
                Ignition.stopAll(true);
                System.exit(0);
            }
        }
    }

    /**
     * Check mode: loads what a node would (the staged worker's manifest and classes, Ignite, the TLS material) without
     * joining anything, and prints {@link #checkLine}; exit 0 when all of it loads.
     */
    static int check() {
        try {
            NodeAdmission.load();
            NodeAdmission.Staged staged = NodeAdmission.staged();
            if (staged == null) {
                System.out.println("no staged worker: -D" + NodeAdmission.WORKER_JAR_PROPERTY + " is missing");
                return 4;
            }
            ClassLoader loader = NodeMain.class.getClassLoader();
            Class.forName("org.apache.ignite.Ignition", false, loader);
            Class.forName(staged.workerClass(), false, loader);
            Class.forName(staged.managerClass(), false, loader);
            String tlsFolder = System.getProperty(TLS_PROPERTY);
            String tls = tlsFolder == null ? "off" : ClusterTls.read(Path.of(tlsFolder)).fingerprint();
            Path workerEnv = Path.of(staged.workerJar()).toAbsolutePath().getParent().getParent();
            System.out.println(checkLine(RuntimeInfo.VERSION, runtimeIdentity(workerEnv), staged.installHash(), tls));
            return 0;
        } catch (Exception | LinkageError e) {
            System.out.println("the node cannot start: " + e);
            return 5;
        }
    }

    public static String checkLine(String runtimeVersion, String runtimeIdentity, String installHash, String tls) {
        return CHECK_PREFIX + "runtime=" + runtimeVersion + " runtime-content=" + runtimeIdentity.substring(0, 16) + " install="
                + installHash.substring(0, Math.min(16, installHash.length())) + " tls=" + (tls.length() > 16 ? tls.substring(0, 16) : tls)
                + " java=" + Runtime.version().feature();
    }

    /** The content of the staged AGILab API and runtime (under {@code runtime/agilab-*}): equal on every host or skewed. */
    public static String runtimeIdentity(Path workerEnv) {
        ContentHash hash = new ContentHash("agilab-staged-runtime-v1");
        Path runtime = workerEnv.resolve(Installer.RUNTIME);
        try (java.util.stream.Stream<Path> files = Files.walk(runtime)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> runtime.relativize(f).toString().startsWith("agilab-")).sorted()
                    .toList()) {
                hash.file(runtime.relativize(file).toString().replace(java.io.File.separatorChar, '/'), file);
            }
        } catch (java.io.IOException e) {
            hash.text("unreadable", String.valueOf(e.getMessage()));
        }
        return hash.hex();
    }
}
