package org.agilab.runtime.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.agilab.api.Work;
import org.agilab.runtime.app.SharePaths;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.node.ChunkJob;
import org.agilab.runtime.node.ClusterTls;
import org.agilab.runtime.node.IgniteSetup;
import org.agilab.runtime.node.NodeAdmission;
import org.agilab.runtime.node.NodeMain;
import org.agilab.runtime.process.ProcessIdentity;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.Events;
import org.agilab.runtime.ssh.RemoteFolder;
import org.agilab.runtime.ssh.RemoteShell;
import org.agilab.runtime.ssh.SshConnection;
import org.agilab.runtime.ssh.SshSettings;

/**
 * Nodes on SSH hosts: started over SSH in their own sessions (logs, ready files and work folders under the host's
 * remote root), awaited until ready or until one dies (its log's end in the error), stopped by PID after checking the
 * PID is an AGILab node; and the data they need: a chunk's input files shipped to its host's share before it runs
 * (content-hashed: a rerun ships nothing new), the outputs the host wrote fetched back into the manager's share.
 */
public final class RemoteNodes {

    private static final AgiLog LOG = AgiLog.get(RemoteNodes.class);
    /** What a node's command line holds: the stopper signals only processes that carry it. */
    private static final String NODE_MAIN = NodeMain.class.getName();

    private RemoteNodes() {
    }

    /**
     * Starts node {@code i} on {@code nodeHosts.get(i)}, one SSH command per host. Node 0 is the seed; each host's
     * nodes take its discovery ports from the block's first, as on 127.0.0.1.
     */
    static List<NodeRegistry.Node> start(Map<String, RemoteHosts.Host> hosts, List<String> nodeHosts, Installer.Result install,
            IgniteSetup.PortBlock ports, String clusterId, long idleSeconds, long failureDetectionMs, NodeCompiler compiler,
            ClusterTls.Material tls, Map<String, Double> throttle, Events events) {
        String seedHost = nodeHosts.get(0);
        Map<String, List<Integer>> byHost = new LinkedHashMap<>();
        for (int i = 0; i < nodeHosts.size(); i++) {
            byHost.computeIfAbsent(nodeHosts.get(i), host -> new ArrayList<>()).add(i);
        }
        NodeRegistry.Node[] started = new NodeRegistry.Node[nodeHosts.size()];
        for (Map.Entry<String, List<Integer>> entry : byHost.entrySet()) {
            RemoteHosts.Host host = hosts.get(entry.getKey());
            String nodes = host.nodesFolder();
            List<String> classpath = RemoteHosts.nodeClasspath(install).stream().map(path -> host.remotePath(install, path).toString()).toList();
            StringBuilder script = new StringBuilder("mkdir -p " + RemoteShell.quote(nodes) + " && cd " + RemoteShell.quote(host.workerEnv)
                    + " || exit 20\n");
            int local = 0;
            for (int index : entry.getValue()) {
                String name = ClusterRunner.nodeName(index);
                List<String> command = new ArrayList<>();
                command.add(host.java);
                command.addAll(ClusterJvm.options());
                command.addAll(compiler.jvmOptions());
                command.addAll(NodeAdmission.jvmOptions(host.remotePath(install, install.workerJar())));
                command.add("-D" + NodeMain.FAILURE_DETECTION_PROPERTY + "=" + failureDetectionMs);
                command.add("-D" + NodeMain.TLS_PROPERTY + "=" + host.tlsFolder);
                command.add("-D" + NodeMain.ADDRESS_PROPERTY + "=" + host.address());
                command.add("-D" + NodeMain.SEED_PROPERTY + "=" + seedHost);
                if (throttle.get(name) != null) {
                    command.add("-D" + ChunkJob.THROTTLE_PROPERTY + "=" + throttle.get(name));
                }
                command.addAll(List.of("-Xms256m", "-Xmx512m", "-cp", String.join(":", classpath), NODE_MAIN, name,
                        Integer.toString(ports.discovery()), Integer.toString(ports.communication()), nodes + "/" + name + ".work",
                        nodes + "/" + name + ".ready", Long.toString(idleSeconds), nodes + "/" + NodeRegistry.LAST_USED, clusterId,
                        Integer.toString(local++)));
                String log = RemoteShell.quote(nodes + "/" + name + ".log");
                // its own session, detached from the SSH channel: the node outlives this command and the manager
                script.append("rm -f ").append(RemoteShell.quote(nodes + "/" + name + ".ready")).append("\nsetsid ")
                        .append(RemoteShell.join(command)).append(" > ").append(log).append(" 2>&1 < /dev/null &\necho \"").append(name)
                        .append(" $!\"\n");
            }
            String output = host.ssh.run(script.toString(), "starting the nodes");
            for (String line : output.split("\n")) {
                String[] fields = line.strip().split(" ");
                if (fields.length == 2 && fields[0].startsWith("node-") && fields[1].matches("\\d+")) {
                    int index = Integer.parseInt(fields[0].substring("node-".length()));
                    long pid = Long.parseLong(fields[1]);
                    started[index] = new NodeRegistry.Node(fields[0], new ProcessIdentity(pid, java.time.Instant.now()), host.address());
                    events.emit(new Event.Host(host.address(), Event.HostState.STARTING, fields[0] + " (pid " + pid + ", " + compiler.id() + " compiler, log "
                            + host.address() + ":" + nodes + "/" + fields[0] + ".log)"));
                }
            }
            for (int index : entry.getValue()) {
                if (started[index] == null) {
                    throw AgilabException.of(FailureClass.CLUSTER, ClusterRunner.nodeName(index) + " did not start on " + host.address()
                            + ": the start command printed " + SshConnection.tail(output.strip(), 400)).host(host.address()).build();
                }
            }
        }
        return List.of(started);
    }

    /** Waits until every node wrote its ready file; a node that died first fails the run with its log's end. */
    static void awaitReady(Map<String, RemoteHosts.Host> hosts, List<NodeRegistry.Node> nodes, Cancellation cancellation, long timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Set<String> waiting = new LinkedHashSet<>();
        nodes.forEach(node -> waiting.add(node.name()));
        while (!waiting.isEmpty()) {
            cancellation.throwIfCancelled();
            for (Map.Entry<String, RemoteHosts.Host> entry : hosts.entrySet()) {
                RemoteHosts.Host host = entry.getValue();
                List<NodeRegistry.Node> pending = nodes.stream().filter(node -> node.host().equals(entry.getKey()) && waiting.contains(node.name()))
                        .toList();
                if (pending.isEmpty()) {
                    continue;
                }
                StringBuilder script = new StringBuilder("cd " + RemoteShell.quote(host.nodesFolder()) + " || exit 20\n");
                for (NodeRegistry.Node node : pending) {
                    script.append("if [ -e ").append(node.name()).append(".ready ]; then echo 'ready ").append(node.name())
                            .append("'; elif ! kill -0 ").append(node.process().pid()).append(" 2>/dev/null; then echo 'dead ").append(node.name())
                            .append("'; tail -n 25 ").append(node.name()).append(".log; fi\n");
                }
                String output = host.ssh.run(script.toString(), "checking the nodes");
                for (NodeRegistry.Node node : pending) {
                    if (output.contains("ready " + node.name() + "\n")) {
                        waiting.remove(node.name());
                        continue;
                    }
                    int dead = output.indexOf("dead " + node.name() + "\n");
                    if (dead >= 0) {
                        throw AgilabException.of(FailureClass.CLUSTER, node.name() + " on " + host.address() + " (pid " + node.process().pid()
                                + ") exited before it was ready; its log " + host.nodesFolder() + "/" + node.name() + ".log ends: "
                                + SshConnection.tail(output.substring(dead + ("dead " + node.name() + "\n").length()).strip(), 1200))
                                .host(host.address()).hint("the log's end says why (a port in use, Java options the host's JVM refuses, a full disk)")
                                .build();
                    }
                }
            }
            if (waiting.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                NodeRegistry.Node late = nodes.stream().filter(node -> waiting.contains(node.name())).findFirst().orElseThrow();
                RemoteHosts.Host host = hosts.get(late.host());
                String log = host.nodesFolder() + "/" + late.name() + ".log";
                String tail = host.ssh.exec("tail -n 25 " + RemoteShell.quote(log) + " 2>&1").out().strip();
                throw AgilabException.of(FailureClass.CLUSTER, waiting + " not ready after " + timeoutSeconds + " s; the log " + log + " of "
                        + late.name() + " on " + late.host() + " ends: " + SshConnection.tail(tail, 1200)).host(late.host())
                        .hint("the log's end says why (ports taken by another process, a scheduler address the host cannot reach)").build();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AgilabException.of(FailureClass.CANCELLED, "interrupted while nodes started").build();
            }
        }
    }

    /**
     * Stops nodes on SSH hosts with the sessions at hand (a run replacing its nodes), connecting to the other hosts
     * (the previous run's) with {@code settings}; without settings those are left to stop themselves when idle.
     */
    static NodeRegistry.RemoteStopper stopper(Map<String, RemoteHosts.Host> hosts, SshSettings settings, Path userHome, Events events) {
        return pidsByHost -> pidsByHost.forEach((address, pids) -> {
            RemoteHosts.Host host = hosts.get(address);
            if (host != null) {
                stop(host.ssh, pids);
            } else if (settings != null) {
                stopper(settings, userHome, events).stop(Map.of(address, pids));
            } else {
                NodeRegistry.LEAVE_REMOTE.stop(Map.of(address, pids));
            }
        });
    }

    /** Stops nodes on SSH hosts, connecting to each ('agilab nodes stop'). */
    public static NodeRegistry.RemoteStopper stopper(SshSettings settings, Path userHome, Events events) {
        return pidsByHost -> pidsByHost.forEach((address, pids) -> {
            try (SshConnection ssh = SshConnection.open(settings.host(address), settings, userHome)) {
                stop(ssh, pids);
                events.emit(new Event.Host(address, Event.HostState.STOPPED, pids.size() + " nodes (pids " + pids + ")"));
            } catch (RuntimeException e) {
                events.emit(new Event.Host(address, Event.HostState.FAILED, "could not stop its nodes: " + e.getMessage()));
                LOG.warn("could not stop the nodes on " + address + ": " + e.getMessage() + " (they stop themselves when idle)");
            }
        });
    }

    /** SIGTERM to each PID that is an AGILab node (never another process that reused a PID), then SIGKILL after 10 s. */
    static void stop(SshConnection ssh, List<Long> pids) {
        StringBuilder list = new StringBuilder();
        pids.forEach(pid -> list.append(pid).append(' '));
        String script = "ours=''; for p in " + list + "; do if tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null | grep -q " + NODE_MAIN
                + "; then ours=\"$ours $p\"; kill $p; fi; done\n"
                + "for i in $(seq 100); do alive=''; for p in $ours; do kill -0 $p 2>/dev/null && alive=\"$alive $p\"; done; "
                + "[ -z \"$alive\" ] && exit 0; sleep 0.1; done; for p in $alive; do kill -9 $p; done";
        ssh.run(script, "stopping the nodes");
    }

    /**
     * Ships the input files of {@code chunks} to the host's share under their share-relative paths; items that are no
     * file (names, queries) travel in the chunk itself. A host with a pre-mounted share gets nothing.
     */
    static RemoteFolder.Shipped shipInputs(RemoteHosts.Host host, List<List<Work>> chunks, SharePaths share) {
        if (host.sharesData()) {
            return new RemoteFolder.Shipped(0, 0, 0);
        }
        Map<String, Path> files = new java.util.TreeMap<>();
        Path root = share.shareRoot().toAbsolutePath().normalize();
        for (List<Work> chunk : chunks) {
            for (Work work : chunk) {
                for (String item : work.items()) {
                    Path file;
                    try {
                        file = share.resolve(item).toAbsolutePath().normalize();
                    } catch (RuntimeException e) {
                        continue; // not a path: it travels in the chunk
                    }
                    if (!java.nio.file.Files.isRegularFile(file)) {
                        continue;
                    }
                    if (!file.startsWith(root)) {
                        throw AgilabException.of(FailureClass.DATA, "the input " + file + " is outside the share " + root
                                + ", so it cannot be shipped to " + host.address()).host(host.address()).file(file)
                                .hint("keep inputs under the share (paths relative to it), or declare a share pre-mounted on the host: "
                                        + "[cluster.hosts.\"" + host.address() + "\"] share = \"/mnt/...\"")
                                .build();
                    }
                    files.put(RemoteHosts.relative(root, file), file);
                }
            }
        }
        return files.isEmpty() ? new RemoteFolder.Shipped(0, 0, 0) : RemoteFolder.sync(host.ssh, host.share, files, Set.of(), host.hashes);
    }

    /**
     * A chunk's works as the host sees them: items that are paths under the manager's share name the same file under
     * the host's share (where {@link #shipInputs} put it); anything else is unchanged.
     */
    static List<Work> relocateWorks(List<Work> works, SharePaths share, RemoteHosts.Host host) {
        if (host.sharesData()) {
            return works;
        }
        List<Work> relocated = new ArrayList<>();
        for (Work work : works) {
            relocated.add(new Work(work.name(), work.items().stream().map(item -> relocate(item, share, host)).toList(), work.args(),
                    work.dependsOn()));
        }
        return relocated;
    }

    /** The app's args as the host sees them: string values that are absolute paths under the manager's share are moved. */
    static Map<String, Object> relocateArgs(Map<String, Object> args, SharePaths share, RemoteHosts.Host host) {
        if (host.sharesData()) {
            return args;
        }
        Map<String, Object> relocated = new LinkedHashMap<>(args);
        relocated.replaceAll((key, value) -> value instanceof String text && text.startsWith("/") ? relocate(text, share, host) : value);
        return relocated;
    }

    private static String relocate(String item, SharePaths share, RemoteHosts.Host host) {
        if (!item.startsWith("/")) {
            return item;
        }
        Path root = share.shareRoot().toAbsolutePath().normalize();
        Path path = Path.of(item).normalize();
        return path.startsWith(root) ? host.share + "/" + RemoteHosts.relative(root, path) : item;
    }

    /** Refuses, before any chunk runs, an output folder the host cannot have (an absolute path of this machine). */
    static void checkOutputFolder(RemoteHosts.Host host, String dataOut) {
        if (!host.sharesData()) {
            remoteOutputFolder(host, dataOut);
        }
    }

    /**
     * Fetches the files the host's chunks wrote into its output folder (as their answers list them, relative to it)
     * into the manager's output folder, each through a temporary file renamed when complete. A name that would land
     * outside the manager's output folder is skipped.
     *
     * @return the local files fetched
     */
    static List<Path> fetchOutputs(RemoteHosts.Host host, java.util.Collection<String> written, String dataOut, SharePaths share) {
        List<Path> fetched = new ArrayList<>();
        if (host.sharesData() || dataOut == null) {
            return fetched;
        }
        String folder = remoteOutputFolder(host, dataOut);
        Path local = share.resolve(dataOut);
        for (String relative : written) {
            Path target = local.resolve(relative).normalize();
            if (target.startsWith(local) && !relative.startsWith("/") && !relative.contains("\\")) {
                host.ssh.download(folder + "/" + relative, target);
                fetched.add(target);
            }
        }
        return fetched;
    }

    private static String remoteOutputFolder(RemoteHosts.Host host, String dataOut) {
        if (dataOut.startsWith("/") || dataOut.startsWith("~")) {
            throw AgilabException.of(FailureClass.SETTINGS, "data_out = \"" + dataOut + "\" is an absolute path, which " + host.address()
                    + " does not have: outputs of SSH hosts are fetched from their share").host(host.address()).key("args.data_out")
                    .hint("make data_out relative to the share, or declare a share pre-mounted on the host: [cluster.hosts.\""
                            + host.address() + "\"] share = \"/mnt/...\"")
                    .build();
        }
        return host.share + "/" + dataOut;
    }
}
