package org.agilab.runtime.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.agilab.api.OutputFile;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.settings.ClusterSettings.HostKeyPolicy;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import com.jcraft.jsch.UserInfo;

/**
 * One SSH session to a host (JSch): commands and SFTP over it. Host keys are checked against known_hosts (pinned on
 * first use only under {@code accept-new}); every failure is an {@link AgilabException} naming the host, the cause
 * (authentication, host key, unreachable, timeout) and the fix. No secret reaches a message.
 */
public final class SshConnection implements AutoCloseable {

    private static final AgiLog LOG = AgiLog.get(SshConnection.class);

    private final SshHost host;
    private final Session session;
    private final long commandTimeoutMs;
    private ChannelSftp sftp;

    private SshConnection(SshHost host, Session session, long commandTimeoutMs) {
        this.host = host;
        this.session = session;
        this.commandTimeoutMs = commandTimeoutMs;
    }

    /** What a command printed and how it ended. */
    public record Exec(int exit, String out, String err) {
    }

    public SshHost host() {
        return host;
    }

    public static SshConnection open(SshHost host, SshSettings settings, Path userHome) {
        String user = settings.user(host);
        List<String> tried = new ArrayList<>();
        try {
            JSch jsch = new JSch();
            Path knownHosts = settings.knownHosts();
            if (settings.policy() == HostKeyPolicy.ACCEPT_NEW) {
                ensureKnownHostsFile(knownHosts);
            }
            if (Files.isRegularFile(knownHosts)) {
                jsch.setKnownHosts(knownHosts.toString());
            }
            jsch.setHostKeyRepository(new PinningRepository(jsch.getHostKeyRepository(), settings.policy(), knownHosts));
            if (settings.agentSocket() != null && !settings.agentSocket().isBlank()) {
                try {
                    jsch.setIdentityRepository(new com.jcraft.jsch.AgentIdentityRepository(
                            new com.jcraft.jsch.SSHAgentConnector(Path.of(settings.agentSocket()))));
                    tried.add("the SSH agent");
                } catch (com.jcraft.jsch.AgentProxyException | RuntimeException e) {
                    LOG.debug("no SSH agent at " + settings.agentSocket() + ": " + e.getMessage());
                }
            }
            String passphrase = settings.passphrase(host);
            for (Path key : settings.keys(host, userHome)) {
                if (!Files.isRegularFile(key)) {
                    throw AgilabException.of(FailureClass.CLUSTER, "the SSH key " + key + " for " + host.label() + " does not exist")
                            .host(host.address()).file(key).hint("make one with ssh-keygen -t ed25519 -a 100, or point AGI_SSH_KEY_PATH or [cluster.hosts.\""
                                    + host.address() + "\"] key at yours").build();
                }
                try {
                    jsch.addIdentity(key.toString(), passphrase == null ? null : passphrase.getBytes(StandardCharsets.UTF_8));
                } catch (JSchException e) {
                    throw AgilabException.of(FailureClass.CLUSTER, "cannot use the SSH key " + key + " for " + host.label() + ": "
                            + e.getMessage()).host(host.address()).file(key)
                            .hint(passphrase == null ? "if it has a passphrase, give it through the IDE's secure storage, or load the key into ssh-agent"
                                    : "check the key's passphrase")
                            .build();
                }
                tried.add("key " + key + (passphrase == null && hasPassphrase(jsch, key) ? LOCKED : ""));
            }
            Session session = jsch.getSession(user, host.address(), host.port());
            String password = settings.password(host);
            if (password != null) {
                session.setPassword(password);
                tried.add("a password");
            }
            session.setConfig("StrictHostKeyChecking", "yes"); // the repository above decides, per the policy
            session.setConfig("PreferredAuthentications", "publickey,password");
            session.setServerAliveInterval(10_000);
            session.setServerAliveCountMax(3);
            session.setUserInfo(new Silent());
            session.connect((int) settings.connectTimeoutMs());
            return new SshConnection(host, session, settings.commandTimeoutMs());
        } catch (JSchException e) {
            throw classify(e, host, user, tried, settings);
        }
    }

    /** Said of a tried key that has a passphrase none was given for: JSch then only fails at authentication. */
    private static final String LOCKED = " (it has a passphrase, and none was given)";

    private static boolean hasPassphrase(JSch jsch, Path key) {
        try {
            return com.jcraft.jsch.KeyPair.load(jsch, key.toString()).isEncrypted();
        } catch (JSchException e) {
            return false; // unreadable here: addIdentity said so already
        }
    }

    static AgilabException classify(JSchException e, SshHost host, String user, List<String> tried, SshSettings settings) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Throwable cause = e.getCause();
        String where = host.label();
        if (e instanceof JSchChangedHostKeyException) {
            return AgilabException.of(FailureClass.CLUSTER, "refused " + where + ": its host key changed since it was pinned in "
                    + settings.knownHosts() + " (a reinstalled host, or someone between you and it)").host(host.address())
                    .file(settings.knownHosts()).hint("check the new key with the host's administrator, then remove the old one: ssh-keygen -R "
                            + knownHostsName(host) + " -f " + settings.knownHosts())
                    .cause(e).build();
        }
        if (e instanceof JSchUnknownHostKeyException) {
            return AgilabException.of(FailureClass.CLUSTER, where + " is not in " + settings.knownHosts()
                    + " (host keys are checked strictly)").host(host.address()).file(settings.knownHosts())
                    .hint("add its key after checking its fingerprint: ssh-keyscan -p " + host.port() + " " + host.address() + " >> "
                            + settings.knownHosts() + "; or set [cluster] ssh_host_key_policy = \"accept-new\" to pin it on first use")
                    .cause(e).build();
        }
        // JSch's auth exceptions are package-private: their messages are the contract
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
            return AgilabException.of(FailureClass.CLUSTER, "SSH authentication refused by " + where + " for user " + user + " (tried: "
                    + (tried.isEmpty() ? "nothing: no key, agent or password" : String.join(", ", tried)) + ")").host(host.address())
                    .hint((tried.stream().anyMatch(t -> t.endsWith(LOCKED)) ? "give the key's passphrase in Window > Preferences > AGILab "
                            + "(kept in Secure Storage, handed to the manager on its stdin) or load the key into ssh-agent; else " : "")
                            + "add your public key to ~" + user + "/.ssh/authorized_keys on " + host.address()
                            + ", point AGI_SSH_KEY_PATH or [cluster.hosts.\"" + host.address() + "\"] key at the right key, set its user there, or give "
                            + "CLUSTER_CREDENTIALS=user:password in ~/.agilab/.env")
                    .cause(e).build();
        }
        if (cause instanceof java.net.ConnectException || message.contains("Connection refused")) {
            return AgilabException.of(FailureClass.CLUSTER, where + " refused the connection: no SSH server listens on port " + host.port())
                    .host(host.address()).hint("start sshd on " + host.address() + ", or set its port: [cluster.hosts.\"" + host.address()
                            + "\"] port = N")
                    .cause(e).build();
        }
        if (cause instanceof java.net.UnknownHostException) {
            return AgilabException.of(FailureClass.CLUSTER, "cannot resolve the host name " + host.address()).host(host.address())
                    .hint("check the name in [cluster.workers], or use the host's address").cause(e).build();
        }
        if (cause instanceof java.net.SocketTimeoutException || cause instanceof java.net.NoRouteToHostException
                || message.contains("timeout") || message.contains("timed out")) {
            return AgilabException.of(FailureClass.CLUSTER, "no answer from " + where + " within " + settings.connectTimeoutMs() / 1000.0
                    + " s: unreachable").host(host.address()).hint("check the address, the network and the firewall (port " + host.port()
                            + "); [cluster] ssh_connect_timeout = seconds gives slow links more time")
                    .cause(e).build();
        }
        return AgilabException.of(FailureClass.CLUSTER, "SSH to " + where + " failed: " + message).host(host.address())
                .hint("try 'ssh -p " + host.port() + " " + user + "@" + host.address() + "' from this machine").cause(e).build();
    }

    /** How known_hosts names the host: {@code [address]:port} for ports other than 22. */
    static String knownHostsName(SshHost host) {
        return host.port() == 22 ? host.address() : "[" + host.address() + "]:" + host.port();
    }

    private static void ensureKnownHostsFile(Path knownHosts) {
        try {
            Path folder = knownHosts.toAbsolutePath().getParent();
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder);
                setPermissions(folder, "rwx------");
            }
            if (!Files.exists(knownHosts)) {
                Files.createFile(knownHosts);
                setPermissions(knownHosts, "rw-------");
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another host's session made it a moment ago
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.CLUSTER, "cannot create " + knownHosts + " to pin host keys in: " + e.getMessage())
                    .file(knownHosts).hint("check the folder's permissions, or set [cluster] ssh_known_hosts").cause(e).build();
        }
    }

    private static void setPermissions(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own ACLs apply
        }
    }

    /** Runs {@code command} through the login shell; fails when it runs past the command timeout. */
    public Exec exec(String command) {
        return exec(command, commandTimeoutMs);
    }

    public Exec exec(String command, long timeoutMs) {
        ChannelExec channel = null;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command);
            channel.setInputStream(null);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            channel.setErrStream(err, true);
            InputStream out = channel.getInputStream();
            channel.connect((int) Math.min(Integer.MAX_VALUE, timeoutMs));
            ByteArrayOutputStream collected = new ByteArrayOutputStream();
            long deadline = System.nanoTime() + timeoutMs * 1_000_000;
            byte[] buffer = new byte[8192];
            while (true) {
                while (out.available() > 0) {
                    int read = out.read(buffer);
                    if (read < 0) {
                        break;
                    }
                    collected.write(buffer, 0, read);
                }
                if (channel.isClosed() && out.available() == 0) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw AgilabException.of(FailureClass.CLUSTER, "a command on " + host.label() + " ran past " + timeoutMs / 1000.0
                            + " s: " + firstWord(command)).host(host.address())
                            .hint("[cluster] ssh_command_timeout = seconds allows slower hosts more time").build();
                }
                Thread.sleep(2);
            }
            return new Exec(channel.getExitStatus(), collected.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (JSchException | IOException e) {
            throw lost(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AgilabException.of(FailureClass.CANCELLED, "interrupted while a command ran on " + host.label()).build();
        } finally {
            if (channel != null) {
                channel.disconnect();
            }
        }
    }

    /** Like {@link #exec(String)}, but a non-zero exit is an error naming the host, the command and its output. */
    public String run(String command, String what) {
        Exec result = exec(command);
        if (result.exit() != 0) {
            String output = (result.err() + result.out()).strip();
            throw AgilabException.of(FailureClass.CLUSTER, what + " failed on " + host.label() + " (exit " + result.exit() + ")"
                    + (output.isEmpty() ? "" : ": " + tail(output, 600))).host(host.address()).build();
        }
        return result.out();
    }

    private static String firstWord(String command) {
        String stripped = command.strip();
        return stripped.length() > 80 ? stripped.substring(0, 80) + "..." : stripped;
    }

    /** The end of {@code text}, for an error message. */
    public static String tail(String text, int max) {
        return text.length() <= max ? text : "..." + text.substring(text.length() - max);
    }

    private AgilabException lost(Exception e) {
        return AgilabException.of(FailureClass.CLUSTER, "lost the SSH session to " + host.label() + ": " + e.getMessage()).host(host.address())
                .hint("check that the host is up and reachable; a rerun reconnects").cause(e).build();
    }

    private synchronized ChannelSftp sftp() {
        try {
            if (sftp == null || !sftp.isConnected()) {
                sftp = (ChannelSftp) session.openChannel("sftp");
                sftp.connect((int) Math.min(Integer.MAX_VALUE, commandTimeoutMs));
            }
            return sftp;
        } catch (JSchException e) {
            throw AgilabException.of(FailureClass.CLUSTER, "no SFTP on " + host.label() + ": " + e.getMessage()).host(host.address())
                    .hint("enable the sftp subsystem in the host's sshd_config (Subsystem sftp internal-sftp)").cause(e).build();
        }
    }

    /**
     * Copies {@code local} to {@code remote} (an absolute path on the host) through a hidden temporary name, renamed
     * when complete: a reader never sees half a file.
     */
    public synchronized void upload(Path local, String remote, boolean privateFile) {
        // an unpredictable name: no one on the host can plant a link there beforehand for the upload to write through
        byte[] random = new byte[8];
        new java.security.SecureRandom().nextBytes(random);
        String temporary = sibling(remote, "." + name(remote) + "." + java.util.HexFormat.of().formatHex(random) + ".agilab-tmp");
        try {
            ChannelSftp channel = sftp();
            try (InputStream in = Files.newInputStream(local)) {
                channel.put(in, temporary, ChannelSftp.OVERWRITE);
            }
            if (privateFile) {
                channel.chmod(0600, temporary);
            }
            try {
                channel.rm(remote);
            } catch (SftpException e) {
                // nothing there yet
            }
            channel.rename(temporary, remote);
        } catch (SftpException | IOException e) {
            throw AgilabException.of(FailureClass.CLUSTER, "cannot ship " + local + " to " + host.label() + ":" + remote + ": "
                    + sftpMessage(e)).host(host.address()).file(local).hint(diskHint(e)).cause(e).build();
        }
    }

    /**
     * Copies {@code remote} into {@code local} through a temporary file renamed when complete: an {@link OutputFile},
     * created exclusively under an unpredictable name, so a link planted in the folder is never written through.
     */
    public synchronized void download(String remote, Path local) {
        try {
            Files.createDirectories(local.toAbsolutePath().getParent());
            try (OutputFile file = OutputFile.create(local)) {
                try (OutputStream out = Files.newOutputStream(file.temporary(), StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
                    sftp().get(remote, out);
                }
                file.commit();
            }
        } catch (SftpException | IOException e) {
            throw AgilabException.of(FailureClass.CLUSTER, "cannot fetch " + host.label() + ":" + remote + " into " + local + ": "
                    + sftpMessage(e)).host(host.address()).file(local).cause(e).build();
        }
    }

    /** Whether the session is still up (a kept one may have been closed by the host or the network meanwhile). */
    public boolean isConnected() {
        return session.isConnected();
    }

    /**
     * A small file's content over SFTP, or null when there is none: no command, so no login shell on the host (each
     * command starts one, which reads the login's rc files: a second on some hosts).
     */
    public synchronized String readFile(String remote) {
        try {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            sftp().get(remote, content);
            return content.toString(StandardCharsets.UTF_8);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return null;
            }
            throw AgilabException.of(FailureClass.CLUSTER, "cannot read " + host.label() + ":" + remote + ": " + sftpMessage(e))
                    .host(host.address()).cause(e).build();
        }
    }

    /** The regular files directly in {@code folder} with their sizes, over SFTP; empty when the folder is missing. */
    public synchronized java.util.Map<String, Long> sizes(String folder) {
        java.util.Map<String, Long> sizes = new java.util.HashMap<>();
        try {
            for (Object entry : sftp().ls(folder)) {
                ChannelSftp.LsEntry file = (ChannelSftp.LsEntry) entry;
                if (file.getAttrs().isReg()) {
                    sizes.put(file.getFilename(), file.getAttrs().getSize());
                }
            }
            return sizes;
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return sizes;
            }
            throw AgilabException.of(FailureClass.CLUSTER, "cannot list " + host.label() + ":" + folder + ": " + sftpMessage(e))
                    .host(host.address()).cause(e).build();
        }
    }

    /** Creates {@code folder} and its parents on the host. */
    public void mkdirs(List<String> folders) {
        if (folders.isEmpty()) {
            return;
        }
        StringBuilder command = new StringBuilder("mkdir -p");
        folders.forEach(folder -> command.append(' ').append(RemoteShell.quote(folder)));
        run(command.toString(), "creating folders");
    }

    private static String sftpMessage(Exception e) {
        return e instanceof SftpException sftp ? sftp.getMessage() + " (SFTP status " + sftp.id + ")" : String.valueOf(e.getMessage());
    }

    private String diskHint(Exception e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return message.contains("space") || message.contains("quota") || (e instanceof SftpException sftp && sftp.id == ChannelSftp.SSH_FX_FAILURE)
                ? "the host's disk may be full: free space under " + host.root() + " on " + host.address() + " or point [cluster.hosts.\""
                        + host.address() + "\"] root elsewhere"
                : "check the remote root's permissions on " + host.address();
    }

    static String name(String remote) {
        int slash = remote.lastIndexOf('/');
        return slash < 0 ? remote : remote.substring(slash + 1);
    }

    static String sibling(String remote, String name) {
        int slash = remote.lastIndexOf('/');
        return slash < 0 ? name : remote.substring(0, slash + 1) + name;
    }

    @Override
    public synchronized void close() {
        if (sftp != null) {
            sftp.disconnect();
        }
        session.disconnect();
    }

    /** JSch asks no question of a user: the policy in the repository below has answered already. */
    private static final class Silent implements UserInfo {
        @Override
        public String getPassphrase() {
            return null;
        }

        @Override
        public String getPassword() {
            return null;
        }

        @Override
        public boolean promptPassword(String message) {
            return false;
        }

        @Override
        public boolean promptPassphrase(String message) {
            return false;
        }

        @Override
        public boolean promptYesNo(String message) {
            return false;
        }

        @Override
        public void showMessage(String message) {
            LOG.debug(message);
        }
    }

    /**
     * known_hosts, plus {@code accept-new}: a host that is not there is pinned (written to the file) and accepted; a
     * host whose key differs from its pinned one is refused under both policies.
     */
    private static final class PinningRepository implements HostKeyRepository {

        private static final Object PINNING = new Object();

        private final HostKeyRepository known;
        private final HostKeyPolicy policy;
        private final Path file;

        PinningRepository(HostKeyRepository known, HostKeyPolicy policy, Path file) {
            this.known = known;
            this.policy = policy;
            this.file = file;
        }

        @Override
        public int check(String host, byte[] key) {
            int result = known.check(host, key);
            if (result != NOT_INCLUDED || policy != HostKeyPolicy.ACCEPT_NEW) {
                return result;
            }
            // hosts are readied in parallel: each pins under one lock, after reading the file again, and appends its
            // own line (JSch's sync would write back its own stale copy of the file, dropping the others' pins)
            synchronized (PINNING) {
                try {
                    JSch fresh = new JSch();
                    fresh.setKnownHosts(file.toString());
                    int now = fresh.getHostKeyRepository().check(host, key);
                    if (now != NOT_INCLUDED) {
                        return now;
                    }
                    HostKey pinned = new HostKey(host, key);
                    Files.writeString(file, host + " " + pinned.getType() + " " + pinned.getKey() + "\n", StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    LOG.info("pinned the host key of " + host + " (" + pinned.getType() + ") in " + file + " (accept-new)");
                    return OK;
                } catch (JSchException | IOException e) {
                    LOG.warn("could not pin the host key of " + host + " in " + file + ": " + e.getMessage());
                    return NOT_INCLUDED;
                }
            }
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {
            known.add(hostkey, ui);
        }

        @Override
        public void remove(String host, String type) {
            known.remove(host, type);
        }

        @Override
        public void remove(String host, String type, byte[] key) {
            known.remove(host, type, key);
        }

        @Override
        public String getKnownHostsRepositoryID() {
            return known.getKnownHostsRepositoryID();
        }

        @Override
        public HostKey[] getHostKey() {
            return known.getHostKey();
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            return known.getHostKey(host, type);
        }
    }
}
