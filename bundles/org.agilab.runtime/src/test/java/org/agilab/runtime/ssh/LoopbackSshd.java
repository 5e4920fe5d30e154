package org.agilab.runtime.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.agilab.runtime.cluster.StrayJvms;
import org.agilab.runtime.manager.ManagerMain;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.protocol.EventOutcome;

/**
 * A real OpenSSH server on a loopback address (127.0.0.2, 127.0.0.3, ...) standing in for a remote host: its own host
 * key, one authorized client key made per run, SFTP, started with {@code -D} as a child of the test JVM and stopped
 * by {@link #close()}. Each stand-in host gets its own remote root folder, so shipping and fetching really move files.
 * Also the SSH test classes' shared fixture: their two hosts ({@link #startTwo}), their commands run in this JVM as the
 * IDE runs them ({@link #manager}), and their end ({@link #stopAll}).
 */
final class LoopbackSshd implements AutoCloseable {

    final String address;
    final Path folder;
    final Path clientKey;
    final Path root;
    final int port;
    private Process process;

    private LoopbackSshd(String address, Path folder, Path clientKey, int port) {
        this.address = address;
        this.folder = folder;
        this.clientKey = clientKey;
        this.root = folder.resolve("remote-root");
        this.port = port;
    }

    /**
     * @param clientKey the private key the server authorizes (made with {@link #newKey} once per test class)
     */
    static LoopbackSshd start(String address, Path folder, Path clientKey) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Files.createDirectories(Path.of("/run/sshd")); // the privilege separation folder sshd insists on
        Files.copy(Path.of(clientKey + ".pub"), folder.resolve("authorized_keys"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        LoopbackSshd sshd = new LoopbackSshd(address, folder, clientKey, freePort(address));
        sshd.newHostKey();
        sshd.launch();
        return sshd;
    }

    /**
     * A test class's two stand-in hosts, 127.0.0.2 and 127.0.0.3, each in its own folder under {@code folder}, both
     * authorizing one client key made for them (their {@link #clientKey}). A host that started is stopped when the other
     * does not start.
     */
    static List<LoopbackSshd> startTwo(Path folder) throws IOException, InterruptedException {
        Path key = newKey(folder.resolve("client/id_ed25519"));
        LoopbackSshd host2 = start("127.0.0.2", folder.resolve("host-2"), key);
        try {
            return List.of(host2, start("127.0.0.3", folder.resolve("host-3"), key));
        } catch (IOException | InterruptedException | RuntimeException e) {
            host2.close();
            throw e;
        }
    }

    /** What a test class stops first at its end (its nodes, its service), with the hosts still up. */
    interface Stop {
        void run() throws Exception;
    }

    /**
     * A test class's end, each step whatever the one before did: {@code first} (skipped when null: the class did not get
     * as far as a home), then the hosts' sshd (null for one that never started), then every JVM still running from
     * {@code folder}.
     */
    static void stopAll(Stop first, Path folder, LoopbackSshd... hosts) throws Exception {
        try {
            if (first != null) {
                first.run();
            }
        } finally {
            try {
                for (LoopbackSshd host : hosts) {
                    if (host != null) {
                        host.close();
                    }
                }
            } finally {
                StrayJvms.killUnder(folder);
            }
        }
    }

    /** A command's exit code and its protocol stream: the text, and the events read from it. */
    record Outcome(int code, String stream, List<Event> events) implements EventOutcome {

        /** The states {@code host} went through, in order. */
        List<Event.Host> hostStates(String host) {
            return events.stream().filter(Event.Host.class::isInstance).map(Event.Host.class::cast).filter(e -> host.equals(e.host())).toList();
        }
    }

    /**
     * Runs a command in this JVM as the IDE runs it, as {@code user}: {@code argv} as given ({@code --protocol} among
     * them), with {@code control} lines first on its control channel (as the IDE hands over stored secrets), which stays
     * open while the command runs (its end would cancel the command).
     */
    static Outcome manager(String user, List<String> control, List<String> argv) throws IOException {
        try (PipedOutputStream caller = new PipedOutputStream(); PipedInputStream in = new PipedInputStream(caller, 64 * 1024)) {
            for (String line : control) {
                caller.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            caller.flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = new ManagerMain(Map.of("USER", user), in, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(argv.toArray(String[]::new));
            String stream = out.toString(StandardCharsets.UTF_8);
            return new Outcome(code, stream, stream.lines().map(EventEnvelope::parse).map(EventEnvelope::event).toList());
        }
    }

    /**
     * The flight app's settings in {@code home} for these stand-in hosts, one worker each, reached with {@code key}
     * (their host keys pinned on first use in {@code knownHosts}), each with its own remote root and this JVM's Java.
     */
    static void writeFlightSettings(Path home, Path knownHosts, Path key, List<LoopbackSshd> hosts) throws IOException {
        Path settings = home.resolve(".agilab/apps/flight_telemetry_project/app_settings.toml");
        Files.createDirectories(settings.getParent());
        StringBuilder toml = new StringBuilder("[args]\noutput_format = \"csv\"\nreset_target = true\n\n[cluster]\nssh_host_key_policy = \"accept-new\"\n"
                + "ssh_known_hosts = \"" + knownHosts + "\"\nidle_timeout = 5\n\n[cluster.workers]\n");
        for (LoopbackSshd host : hosts) {
            toml.append('"').append(host.address).append("\" = 1\n");
        }
        for (LoopbackSshd host : hosts) {
            toml.append("\n[cluster.hosts.\"").append(host.address).append("\"]\nport = ").append(host.port).append("\nuser = \"")
                    .append(System.getProperty("user.name")).append("\"\nroot = \"").append(host.root).append("\"\njava = \"")
                    .append(org.agilab.runtime.launch.ManagerClasspath.currentJava()).append("\"\nkey = \"").append(key).append("\"\n");
        }
        Files.writeString(settings, toml);
    }

    /** An ed25519 key pair without passphrase at {@code file} and {@code file.pub}. */
    static Path newKey(Path file) throws IOException, InterruptedException {
        return newKey(file, "");
    }

    /** An ed25519 key pair at {@code file} and {@code file.pub}, its private key locked by {@code passphrase} ("" for none). */
    static Path newKey(Path file, String passphrase) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + ".pub"));
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", "agilab-test", "-f", file.toString()));
        return file;
    }

    /** Lets {@code key} log in too (sshd reads authorized_keys at each login). */
    void authorize(Path key) throws IOException {
        Path authorized = folder.resolve("authorized_keys");
        Files.writeString(authorized, Files.readString(authorized) + Files.readString(Path.of(key + ".pub")));
    }

    /** A fresh host key: what a reinstalled host (or a man in the middle) presents. Takes effect at the next start. */
    void newHostKey() throws IOException, InterruptedException {
        newKey(folder.resolve("host_ed25519"));
    }

    void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        Path config = folder.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress " + address,
                "HostKey " + folder.resolve("host_ed25519"),
                "AuthorizedKeysFile " + folder.resolve("authorized_keys"),
                "PidFile " + folder.resolve("sshd.pid"),
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "Subsystem sftp internal-sftp",
                "MaxStartups 100",
                "MaxSessions 100",
                "LogLevel VERBOSE", ""));
        process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-f", config.toString(), "-E", folder.resolve("sshd.log").toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("sshd.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("sshd on " + address + ":" + port + " did not start: " + Files.readString(folder.resolve("sshd.out"))
                            + (Files.exists(folder.resolve("sshd.log")) ? Files.readString(folder.resolve("sshd.log")) : ""));
                }
                Thread.sleep(20);
            }
        }
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            // its session children (the logins) go with it: sshd -D ends them on SIGTERM
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** The host's entry for settings: its port, the test's user and key, its own remote root. */
    SshHost host(String java) {
        return new SshHost(address, port, System.getProperty("user.name"), root.toString(), java, clientKey, null);
    }

    /** The known_hosts line pinning this server's current key, as ssh-keyscan would write it. */
    String knownHostsLine() throws IOException {
        String[] publicKey = Files.readString(folder.resolve("host_ed25519.pub")).strip().split(" ");
        return "[" + address + "]:" + port + " " + publicKey[0] + " " + publicKey[1] + "\n";
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static int freePort(String address) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(address, 0));
            return socket.getLocalPort();
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
