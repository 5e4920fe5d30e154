package org.agilab.runtime.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.agilab.runtime.RuntimeInfo;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.node.ClusterTls;
import org.agilab.runtime.node.NodeAdmission;
import org.agilab.runtime.node.NodeMain;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.Events;
import org.agilab.runtime.settings.ClusterSettings;
import org.agilab.runtime.ssh.FileHashes;
import org.agilab.runtime.ssh.RemoteFolder;
import org.agilab.runtime.ssh.RemoteShell;
import org.agilab.runtime.ssh.SshConnection;
import org.agilab.runtime.ssh.SshHost;
import org.agilab.runtime.ssh.SshSettings;

/**
 * Readies SSH hosts for an app's nodes, all hosts at once: connect, check (Java 17+, free disk, what AGILab runtime
 * and worker the host already has), ship what changed of the staged worker environment and the cluster's TLS material
 * into the host's own remote root, then start the node entry point in check mode, which must report this manager's
 * runtime and worker. Each host's state goes to the event stream (connecting, checking, shipping, ready, failed); a
 * failing host never holds up the others, and the error names every failed host with its cause and fix.
 */
public final class RemoteHosts {

    private static final AgiLog LOG = AgiLog.get(RemoteHosts.class);
    /** Hosts that are this machine: their nodes run as local processes, without SSH. */
    public static final Set<String> LOCAL = ClusterSettings.LOCAL_HOSTS;
    static final int MIN_JAVA = 17;
    /** Room left on a host's disk beyond what is shipped: node logs, Ignite work folders, outputs. */
    static final long DISK_MARGIN = 256L << 20;

    private RemoteHosts() {
    }

    public static boolean isLocal(String host) {
        return ClusterSettings.isLocal(host);
    }

    /** The SSH hosts of {@code [cluster.workers]}: those other than this machine that have workers. */
    public static List<String> remote(Map<String, Long> workers) {
        return workers.entrySet().stream().filter(entry -> entry.getValue() > 0 && !isLocal(entry.getKey())).map(Map.Entry::getKey).toList();
    }

    /** One readied host: an open session and where things are on it. */
    public static final class Host implements AutoCloseable {
        final SshConnection ssh;
        final String root;
        final String workerEnv;
        final String tlsFolder;
        final String share;
        final String java;
        final RemoteFolder.Shipped shipped;
        /** The run's file hashes, shared by its hosts. */
        final FileHashes hashes;
        /** What the host was checked for: this manager's runtime, worker and TLS material, and the host's facts. */
        final String readyKey;
        /** Readied by the probe of a kept session only (no disk, Java or file check): checked in full before nodes start. */
        final boolean probed;

        Host(SshConnection ssh, String root, String workerEnv, String tlsFolder, String share, String java, RemoteFolder.Shipped shipped,
                FileHashes hashes) {
            this(ssh, root, workerEnv, tlsFolder, share, java, shipped, hashes, null, false);
        }

        Host(SshConnection ssh, String root, String workerEnv, String tlsFolder, String share, String java, RemoteFolder.Shipped shipped,
                FileHashes hashes, String readyKey, boolean probed) {
            this.readyKey = readyKey;
            this.probed = probed;
            this.hashes = hashes;
            this.ssh = ssh;
            this.root = root;
            this.workerEnv = workerEnv;
            this.tlsFolder = tlsFolder;
            this.share = share;
            this.java = java;
            this.shipped = shipped;
        }

        public String address() {
            return ssh.host().address();
        }

        public RemoteFolder.Shipped shipped() {
            return shipped;
        }

        public String root() {
            return root;
        }

        String nodesFolder() {
            return workerEnv + "/nodes";
        }

        /** Whether the host sees the manager's share itself (pre-mounted): then nothing is shipped or fetched for data. */
        boolean sharesData() {
            return ssh.host().share() != null;
        }

        /** The staged install as this host has it: the same files under its remote root. */
        Installer.Result relocate(Installer.Result install) {
            return new Installer.Result(Path.of(workerEnv), remotePath(install, install.workerJar()),
                    install.appClasspath().stream().map(path -> remotePath(install, path)).toList(), install.hash(), false, 0, 0,
                    install.managerClass(), install.workerClass(), null);
        }

        Path remotePath(Installer.Result install, Path local) {
            return Path.of(workerEnv + "/" + relative(install.workerEnv(), local));
        }

        @Override
        public void close() {
            ssh.close();
        }
    }

    /** Closes every host of {@code hosts}. */
    public static void closeAll(Map<String, Host> hosts) {
        hosts.values().forEach(Host::close);
    }

    /**
     * The SSH sessions a coordinator keeps between runs, with what each host was readied for: by host and login, in
     * this process's memory only (the credentials they were opened with never reach a file), closed with the process
     * at its idle stop. A run takes its hosts' sessions out and gives them back when it succeeds; a failed run's are
     * closed.
     */
    private static final Map<String, Host> KEPT = new java.util.HashMap<>();

    /** Who logs in where, and how the host key is checked: a kept session serves only the same. */
    static String sessionKey(SshHost host, SshSettings settings, Path userHome) {
        return String.join("|", host.address(), Integer.toString(host.port()), settings.user(host), settings.keys(host, userHome).toString(),
                String.valueOf(settings.knownHosts()), settings.policy().id, String.valueOf(settings.agentSocket()));
    }

    private static synchronized Host takeKept(String key) {
        return KEPT.remove(key);
    }

    /** Keeps the sessions of a run's hosts for the next run (a coordinator's); the run succeeded, so they work. */
    static synchronized void keepAll(Map<String, Host> hosts, SshSettings settings, Path userHome) {
        for (Host host : hosts.values()) {
            if (host.ssh.isConnected() && host.readyKey != null) {
                Host previous = KEPT.put(sessionKey(host.ssh.host(), settings, userHome), host);
                if (previous != null && previous.ssh != host.ssh) {
                    previous.close();
                }
            } else {
                host.close();
            }
        }
    }

    /** Closes the kept sessions (tests; a coordinator's go with its process). */
    static synchronized void closeKept() {
        KEPT.values().forEach(Host::close);
        KEPT.clear();
    }

    /**
     * @param smokeTest false when a run readies its hosts: the check-mode start is skipped on hosts where nothing was
     *            shipped and whose last check matches (install did it)
     * @return the readied hosts by address, in the order given; the caller closes them
     */
    public static Map<String, Host> prepare(Collection<String> addresses, SshSettings settings, Path userHome, Installer.Result install,
            ClusterTls.Material tls, Events events, boolean smokeTest) {
        return prepare(addresses, settings, userHome, install, tls, events, smokeTest, false, Map.of());
    }

    /**
     * @param keptSessions whether kept sessions serve (a coordinator's runs): a host whose kept session was readied
     *            for this same runtime, worker, TLS material and host facts is only probed (its check file read over
     *            SFTP, no command); any difference, or a probe that fails, checks it in full
     * @param open sessions this run holds already (a probed host checked in full before its nodes start)
     */
    static Map<String, Host> prepare(Collection<String> addresses, SshSettings settings, Path userHome, Installer.Result install,
            ClusterTls.Material tls, Events events, boolean smokeTest, boolean keptSessions, Map<String, Host> open) {
        Map<String, Host> ready = new LinkedHashMap<>();
        if (addresses.isEmpty()) {
            return ready;
        }
        ExecutorService pool = Executors.newFixedThreadPool(addresses.size(), runnable -> {
            Thread thread = new Thread(runnable, "agilab-ssh");
            thread.setDaemon(true);
            return thread;
        });
        Map<String, Future<Host>> futures = new LinkedHashMap<>();
        // kept beside the nodes' logs: hashes of the staged files and of the inputs shipped, valid while they are unchanged
        FileHashes hashes = FileHashes.load(install.workerEnv().resolve("nodes")
                .resolve(".shipped-hashes.tsv"));
        try {
            for (String address : addresses) {
                Host held = open.get(address);
                Host kept = held == null && keptSessions ? takeKept(sessionKey(settings.host(address), settings, userHome)) : null;
                futures.put(address, pool.submit(() -> prepareOne(settings.host(address), settings, userHome, install, tls, events, smokeTest,
                        hashes, held != null ? held : kept, held == null)));
            }
            Map<String, AgilabException> failed = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Host>> future : futures.entrySet()) {
                try {
                    ready.put(future.getKey(), future.getValue().get());
                } catch (java.util.concurrent.ExecutionException e) {
                    AgilabException error = AgilabException.classify(e.getCause());
                    failed.put(future.getKey(), error);
                    events.emit(new Event.Host(future.getKey(), Event.HostState.FAILED, error.getMessage()));
                }
            }
            hashes.save();
            if (!failed.isEmpty()) {
                closeAll(ready);
                throw combined(failed, addresses.size());
            }
            return ready;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.values().forEach(future -> future.cancel(true));
            closeAll(ready);
            throw AgilabException.of(FailureClass.CANCELLED, "interrupted while the SSH hosts were readied").build();
        } finally {
            pool.shutdownNow();
        }
    }

    /** One error for all failed hosts: the first's class, host and hint, every host's cause in the message. */
    static AgilabException combined(Map<String, AgilabException> failed, int hosts) {
        Map.Entry<String, AgilabException> first = failed.entrySet().iterator().next();
        if (failed.size() == 1) {
            return first.getValue();
        }
        StringBuilder message = new StringBuilder(failed.size() + " of " + hosts + " hosts failed: ");
        failed.forEach((host, error) -> message.append(error.getMessage()).append("; "));
        message.setLength(message.length() - 2);
        return AgilabException.of(first.getValue().failureClass(), message.toString()).host(first.getKey())
                .hint(first.getValue().hint()).cause(first.getValue()).build();
    }

    /** What a readied host's check stands for: the node check this manager expects, and the host's own facts. */
    static String readyKey(SshHost host, String expectedCheck, Installer.Result install) {
        return String.join("|", expectedCheck, install.workerEnv().getFileName().toString(), host.root(), host.java(),
                String.valueOf(host.share()));
    }

    /**
     * @param session a session to use (kept from an earlier run, or held by this one), or null to connect
     * @param probe whether a session readied for the same key is only probed
     */
    private static Host prepareOne(SshHost host, SshSettings settings, Path userHome, Installer.Result install, ClusterTls.Material tls,
            Events events, boolean smokeTest, FileHashes hashes, Host session, boolean probe) {
        String address = host.address();
        String expected = expectedCheck(install, tls);
        String key = readyKey(host, expected, install);
        SshConnection ssh = null;
        if (session != null && session.ssh.isConnected()) {
            ssh = session.ssh;
            if (probe && key.equals(session.readyKey)) {
                try {
                    // the host keeps the last check's answer: the same one means the same runtime, worker and TLS material
                    String checked = ssh.readFile(session.workerEnv + "/" + CHECK_FILE);
                    if (expected.equals(checked)) {
                        events.emit(new Event.Host(address, Event.HostState.READY, "kept session; runtime, worker and TLS unchanged since "
                                + "its last check, root " + session.root));
                        return new Host(ssh, session.root, session.workerEnv, session.tlsFolder, session.share, session.java,
                                new RemoteFolder.Shipped(0, 0, 0), hashes, key, true);
                    }
                } catch (RuntimeException e) {
                    LOG.info(host.label() + ": the kept session failed its probe (" + e.getMessage() + "): connecting again");
                    session.close();
                    ssh = null;
                }
            }
        } else if (session != null) {
            session.close();
        }
        if (ssh == null) {
            events.emit(new Event.Host(address, Event.HostState.CONNECTING, "ssh " + settings.user(host) + "@" + host.label()));
            ssh = SshConnection.open(host, settings, userHome);
        }
        try {
            events.emit(new Event.Host(address, Event.HostState.CHECKING, "Java, disk, AGILab runtime and worker under " + host.root()));
            Map<String, Path> files = workerEnvFiles(install);
            long total = files.values().stream().mapToLong(RemoteHosts::size).sum();
            Map<String, String> facts = preflight(ssh, host, install.workerEnv().getFileName().toString());
            String root = facts.get("root");
            String workerEnv = root + "/wenv/" + install.workerEnv().getFileName();
            String tlsFolder = root + "/" + ClusterTls.FOLDER;
            String share = host.share() != null ? host.share() : root + "/share";
            checkJava(facts.get("java"), host);
            long free = Long.parseLong(facts.getOrDefault("free_kb", "0").isBlank() ? "0" : facts.get("free_kb")) * 1024;
            if (free < total + DISK_MARGIN) {
                throw AgilabException.of(FailureClass.CLUSTER, "the disk of " + host.label() + " is full: " + free / (1 << 20) + " MiB free under "
                        + root + ", " + (total + DISK_MARGIN) / (1 << 20) + " MiB needed").host(address)
                        .hint("free space on " + address + ", or point [cluster.hosts.\"" + address + "\"] root at a larger disk").build();
            }
            String previous = facts.getOrDefault("checked", "");
            if (!previous.isEmpty() && !previous.equals(expected)) {
                LOG.info(host.label() + " has another AGILab runtime or worker (" + previous + "): shipping this manager's");
            }
            events.emit(new Event.Host(address, Event.HostState.SHIPPING, "to " + workerEnv));
            RemoteFolder.Shipped worker = RemoteFolder.sync(ssh, workerEnv, files, Set.of(), hashes);
            RemoteFolder.Shipped secrets = tls == null ? new RemoteFolder.Shipped(0, 0, 0)
                    : RemoteFolder.sync(ssh, tlsFolder, tlsFiles(tls), Set.of(ClusterTls.PASSWORD, ClusterTls.KEY_STORE), hashes);
            RemoteFolder.Shipped shipped = new RemoteFolder.Shipped(worker.files() + secrets.files(), worker.bytes() + secrets.bytes(),
                    worker.unchanged() + secrets.unchanged());
            LOG.info(host.label() + ": shipped " + shipped.files() + " files (" + shipped.bytes() + " bytes), " + shipped.unchanged()
                    + " unchanged, into " + root);
            Host ready = new Host(ssh, root, workerEnv, tlsFolder, share, host.java(), shipped, hashes, key, false);
            if (smokeTest || shipped.files() > 0 || !previous.equals(expected)) {
                events.emit(new Event.Host(address, Event.HostState.CHECKING, "the node entry point, in check mode"));
                smokeTest(ready, install, tls, expected);
            }
            events.emit(new Event.Host(address, Event.HostState.READY, "Java " + facts.get("java") + ", " + free / (1 << 20) + " MiB free, root " + root
                    + ", shipped " + shipped.files() + " files (" + shipped.bytes() + " bytes)"));
            return ready;
        } catch (RuntimeException e) {
            ssh.close();
            throw e;
        }
    }

    /** One command for every fact: the remote root (made, absolute), the Java version line, free disk, the last check. */
    static Map<String, String> preflight(SshConnection ssh, SshHost host, String workerEnvName) {
        String java = RemoteShell.quote(host.java());
        String root = host.root().startsWith("/") ? RemoteShell.quote(host.root()) : "\"$HOME\"/" + RemoteShell.quote(host.root());
        String script = "mkdir -p " + root + " && cd " + root + " || exit 20; echo \"root=$(pwd -P)\"; "
                + "if command -v " + java + " >/dev/null 2>&1; then echo \"java=$(" + java + " -version 2>&1 | head -n 1)\"; else echo java=; fi; "
                + "echo \"free_kb=$(df -Pk . | awk 'NR==2 {print $4}')\"; "
                + "echo \"checked=$(cat wenv/" + RemoteShell.quote(workerEnvName) + "/" + CHECK_FILE + " 2>/dev/null)\"";
        SshConnection.Exec result = ssh.exec(script);
        if (result.exit() == 20) {
            throw AgilabException.of(FailureClass.CLUSTER, "cannot create the remote root " + host.root() + " on " + host.label() + ": "
                    + result.err().strip()).host(host.address())
                    .hint("set [cluster.hosts.\"" + host.address() + "\"] root to a folder the SSH user may write").build();
        }
        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : result.out().split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                facts.put(line.substring(0, equals), line.substring(equals + 1).strip());
            }
        }
        if (!facts.containsKey("root")) {
            throw AgilabException.of(FailureClass.CLUSTER, "the pre-flight check on " + host.label() + " printed nothing usable: "
                    + (result.err() + result.out()).strip()).host(host.address()).hint("AGILab needs a POSIX shell on the host").build();
        }
        return facts;
    }

    static void checkJava(String versionLine, SshHost host) {
        String hint = "install a JDK or JRE " + MIN_JAVA + "+ on " + host.address() + " (Debian: apt install openjdk-17-jre-headless), or set "
                + "[cluster.hosts.\"" + host.address() + "\"] java = \"/path/to/bin/java\"";
        if (versionLine == null || versionLine.isBlank()) {
            throw AgilabException.of(FailureClass.CLUSTER, "no Java on " + host.label() + " at '" + host.java() + "' (as the SSH login's PATH finds it)")
                    .host(host.address()).hint(hint).build();
        }
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("version \"(\\d+)(?:\\.(\\d+))?").matcher(versionLine);
        if (!version.find()) {
            throw AgilabException.of(FailureClass.CLUSTER, "cannot tell the Java version on " + host.label() + " from: " + versionLine)
                    .host(host.address()).hint(hint).build();
        }
        int major = Integer.parseInt(version.group(1));
        if (major == 1 && version.group(2) != null) {
            major = Integer.parseInt(version.group(2)); // 1.8 is Java 8
        }
        if (major < MIN_JAVA) {
            throw AgilabException.of(FailureClass.CLUSTER, "Java " + major + " on " + host.label() + " is too old: AGILab nodes need " + MIN_JAVA
                    + " or later").host(host.address()).hint(hint).build();
        }
    }

    /** The file where a host keeps the last check's answer, in its worker environment. */
    static final String CHECK_FILE = "node-check.txt";

    /** What the node entry point must answer in check mode: this runtime, its content, the worker, the TLS certificate. */
    static String expectedCheck(Installer.Result install, ClusterTls.Material tls) {
        return NodeMain.checkLine(RuntimeInfo.VERSION, NodeMain.runtimeIdentity(install.workerEnv()), install.hash(),
                tls == null ? "off" : tls.fingerprint());
    }

    private static void smokeTest(Host host, Installer.Result install, ClusterTls.Material tls, String expected) {
        List<String> command = new ArrayList<>();
        command.add(host.java);
        command.addAll(ClusterJvm.options());
        command.addAll(NodeAdmission.jvmOptions(host.remotePath(install, install.workerJar())));
        if (tls != null) {
            command.add("-D" + NodeMain.TLS_PROPERTY + "=" + host.tlsFolder);
        }
        command.addAll(List.of("-Xmx128m", "-cp", String.join(":", nodeClasspath(install).stream().map(p -> host.remotePath(install, p).toString())
                .toList()), NodeMain.class.getName(), NodeMain.CHECK));
        SshConnection.Exec result = host.ssh.exec("cd " + RemoteShell.quote(host.workerEnv) + " && " + RemoteShell.join(command));
        String answer = result.out().lines().filter(line -> line.startsWith(NodeMain.CHECK_PREFIX)).findFirst().orElse("");
        if (result.exit() != 0 || answer.isEmpty()) {
            throw AgilabException.of(FailureClass.CLUSTER, "the node entry point failed its check on " + host.ssh.host().label() + " (exit "
                    + result.exit() + "): " + SshConnection.tail((result.err() + result.out()).strip(), 800)).host(host.address())
                    .hint("the output above says why; 'agilab install' ships the worker environment again").build();
        }
        if (!answer.equals(expected)) {
            throw AgilabException.of(FailureClass.CLUSTER, "version skew on " + host.ssh.host().label() + ": its node reports '" + answer
                    + "', this manager expects '" + expected + "'").host(host.address())
                    .hint("'agilab install' ships this manager's runtime and worker again; check that nothing else under " + host.root
                            + " is on the node's classpath")
                    .build();
        }
        host.ssh.run("printf '%s' " + RemoteShell.quote(answer) + " > " + RemoteShell.quote(host.workerEnv + "/" + CHECK_FILE), "recording the check");
    }

    /** A node's classpath: the staged app (worker jar and lib/), then the staged runtime jars. */
    public static List<Path> nodeClasspath(Installer.Result install) {
        List<Path> classpath = new ArrayList<>(install.appClasspath());
        try (Stream<Path> runtime = Files.list(install.workerEnv().resolve(Installer.RUNTIME))) {
            runtime.sorted().forEach(classpath::add);
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.INSTALL, "cannot list the staged runtime in " + install.workerEnv() + ": " + e.getMessage())
                    .file(install.workerEnv()).hint("run 'agilab install' again").cause(e).build();
        }
        return classpath;
    }

    /** The staged worker environment a host needs: dist/, lib/, runtime/ and the install stamp, by relative path. */
    static Map<String, Path> workerEnvFiles(Installer.Result install) {
        Map<String, Path> files = new LinkedHashMap<>();
        Path workerEnv = install.workerEnv();
        for (String part : List.of(Installer.DIST, Installer.LIB, Installer.RUNTIME)) {
            Path folder = workerEnv.resolve(part);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(folder)) {
                walk.filter(Files::isRegularFile).sorted().forEach(file -> files.put(relative(workerEnv, file), file));
            } catch (IOException e) {
                throw AgilabException.of(FailureClass.INSTALL, "cannot list " + folder + ": " + e.getMessage()).file(folder).cause(e).build();
            }
        }
        files.put(Installer.STAMP, workerEnv.resolve(Installer.STAMP));
        return files;
    }

    private static Map<String, Path> tlsFiles(ClusterTls.Material tls) {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put(ClusterTls.KEY_STORE, tls.keyStore());
        files.put(ClusterTls.TRUST_STORE, tls.trustStore());
        files.put(ClusterTls.PASSWORD, tls.folder().resolve(ClusterTls.PASSWORD));
        return files;
    }

    static String relative(Path base, Path file) {
        return base.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
