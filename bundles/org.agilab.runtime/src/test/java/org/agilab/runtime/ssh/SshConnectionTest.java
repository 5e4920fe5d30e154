package org.agilab.runtime.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.protocol.Credentials;
import org.agilab.runtime.settings.ClusterSettings.HostKeyPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SSH against a real OpenSSH server on 127.0.0.2: host key policies, authentication errors, shipping by content. */
class SshConnectionTest {

    @TempDir
    static Path folder;
    static LoopbackSshd sshd;
    static Path key;

    @BeforeAll
    static void startServer() throws Exception {
        key = LoopbackSshd.newKey(folder.resolve("client/id_ed25519"));
        sshd = LoopbackSshd.start("127.0.0.2", folder.resolve("host-2"), key);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    static SshSettings settings(HostKeyPolicy policy, Path knownHosts, SshHost host) {
        return new SshSettings(policy, knownHosts, 5_000, 20_000, Map.of(host.address(), host), new Credentials(), null, null, null,
                null, 22, null);
    }

    /** A known_hosts file, in its own folder, pinning the server's current key. */
    private static Path pinned(String name) throws java.io.IOException {
        Path knownHosts = folder.resolve(name).resolve("known_hosts");
        Files.createDirectories(knownHosts.getParent());
        Files.writeString(knownHosts, sshd.knownHostsLine());
        return knownHosts;
    }

    private SshHost host() {
        return sshd.host("java");
    }

    @Test
    void anUnknownHostIsRefusedUnderStrictAndPinnedUnderAcceptNew() throws Exception {
        Path knownHosts = folder.resolve("tofu/known_hosts");
        AgilabException unknown = assertThrows(AgilabException.class,
                () -> SshConnection.open(host(), settings(HostKeyPolicy.STRICT, knownHosts, host()), folder));
        assertTrue(unknown.getMessage().contains("127.0.0.2:" + sshd.port + " is not in " + knownHosts), unknown.getMessage());
        assertEquals("127.0.0.2", unknown.host());
        assertTrue(unknown.hint().contains("ssh-keyscan") && unknown.hint().contains("accept-new"), unknown.hint());

        try (SshConnection ssh = SshConnection.open(host(), settings(HostKeyPolicy.ACCEPT_NEW, knownHosts, host()), folder)) {
            assertEquals("hello\n", ssh.run("echo hello", "echo"));
        }
        String pinned = Files.readString(knownHosts);
        assertTrue(pinned.contains("[127.0.0.2]:" + sshd.port + " ssh-ed25519 "), pinned);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts)));
        // pinned: strict accepts it from now on
        try (SshConnection ssh = SshConnection.open(host(), settings(HostKeyPolicy.STRICT, knownHosts, host()), folder)) {
            assertEquals(0, ssh.exec("true").exit());
        }
    }

    @Test
    void aChangedHostKeyIsRefusedUnderBothPolicies() throws Exception {
        Path knownHosts = pinned("changed");
        try (SshConnection ssh = SshConnection.open(host(), settings(HostKeyPolicy.STRICT, knownHosts, host()), folder)) {
            assertEquals(0, ssh.exec("true").exit());
        }
        String before = Files.readString(knownHosts);
        try {
            sshd.newHostKey();
            sshd.restart();
            for (HostKeyPolicy policy : HostKeyPolicy.values()) {
                AgilabException changed = assertThrows(AgilabException.class,
                        () -> SshConnection.open(host(), settings(policy, knownHosts, host()), folder));
                assertTrue(changed.getMessage().startsWith("refused 127.0.0.2:" + sshd.port + ": its host key changed"), changed.getMessage());
                assertTrue(changed.hint().contains("ssh-keygen -R [127.0.0.2]:" + sshd.port), changed.hint());
            }
            assertEquals(before, Files.readString(knownHosts), "a changed key is never pinned over the old one");
        } finally {
            // the other tests pin the server's current key themselves
        }
    }

    @Test
    void aWrongKeyIsAnAuthenticationErrorNamingTheHostAndTheFix() throws Exception {
        Path knownHosts = pinned("auth");
        Path stranger = LoopbackSshd.newKey(folder.resolve("stranger/id_ed25519"));
        SshHost host = new SshHost("127.0.0.2", sshd.port, System.getProperty("user.name"), "agilab", "java", stranger, null);
        AgilabException refused = assertThrows(AgilabException.class,
                () -> SshConnection.open(host, settings(HostKeyPolicy.STRICT, knownHosts, host), folder));
        assertTrue(refused.getMessage().startsWith("SSH authentication refused by 127.0.0.2:" + sshd.port + " for user "
                + System.getProperty("user.name") + " (tried: key " + stranger + ")"), refused.getMessage());
        assertEquals("127.0.0.2", refused.host());
        assertTrue(refused.hint().contains("authorized_keys") && refused.hint().contains("AGI_SSH_KEY_PATH"), refused.hint());
    }

    @Test
    void aKeyWithAPassphraseAuthenticatesWithTheSecretTheCallerHandedOver() throws Exception {
        Path knownHosts = pinned("passphrase");
        String passphrase = "pp-" + java.util.UUID.randomUUID();
        Path locked = LoopbackSshd.newKey(folder.resolve("locked/id_ed25519"), passphrase);
        sshd.authorize(locked);
        SshHost host = new SshHost("127.0.0.2", sshd.port, System.getProperty("user.name"), "agilab", "java", locked, null);

        AgilabException noSecret = assertThrows(AgilabException.class,
                () -> SshConnection.open(host, settings(HostKeyPolicy.STRICT, knownHosts, host), folder));
        assertTrue(noSecret.getMessage().contains(locked + " (it has a passphrase, and none was given)"), noSecret.getMessage());
        assertTrue(noSecret.hint().startsWith("give the key's passphrase in Window > Preferences > AGILab"), noSecret.hint());

        // the passphrase as the IDE hands it over: the protocol's credentials message, here already parsed
        Credentials handed = new Credentials();
        handed.put("127.0.0.2", new Credentials.Secret(null, null, passphrase));
        SshSettings withSecret = new SshSettings(HostKeyPolicy.STRICT, knownHosts, 5_000, 20_000, Map.of(host.address(), host),
                handed, null, null, null, null, 22, null);
        try (SshConnection ssh = SshConnection.open(host, withSecret, folder)) {
            assertEquals("unlocked\n", ssh.run("echo unlocked", "echo"));
        }
    }

    @Test
    void aHostWithoutSshServerIsUnreachableNotHanging() throws Exception {
        int closed = LoopbackSshd.freePort("127.0.0.2");
        SshHost host = new SshHost("127.0.0.2", closed, null, "agilab", "java", key, null);
        AgilabException refused = assertThrows(AgilabException.class,
                () -> SshConnection.open(host, settings(HostKeyPolicy.STRICT, folder.resolve("none"), host), folder));
        assertEquals("127.0.0.2:" + closed + " refused the connection: no SSH server listens on port " + closed, refused.getMessage());
        assertTrue(refused.hint().contains("port = N"), refused.hint());
    }

    @Test
    void aDownloadNeverWritesThroughALinkPlantedBesideItsTarget() throws Exception {
        Path knownHosts = pinned("fetch");
        Path remote = Files.createDirectories(sshd.root.resolve("fetch")).resolve("out.csv");
        Files.writeString(remote, "fetched\n");
        Path local = Files.createDirectories(folder.resolve("fetch/local"));
        Path victim = folder.resolve("fetch/private.txt");
        Files.writeString(victim, "the owner's private data\n");
        Files.setPosixFilePermissions(victim, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path planted = local.resolve(".out.csv.agilab-tmp"); // where downloads used to write before renaming
        Files.createSymbolicLink(planted, victim);
        try (SshConnection ssh = SshConnection.open(host(), settings(HostKeyPolicy.STRICT, knownHosts, host()), folder)) {
            ssh.download(remote.toString(), local.resolve("out.csv"));
        }
        assertEquals("fetched\n", Files.readString(local.resolve("out.csv")));
        assertEquals("the owner's private data\n", Files.readString(victim), "the linked file is untouched");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
        try (var files = Files.list(local)) {
            assertEquals(Set.of(planted, local.resolve("out.csv")), files.collect(java.util.stream.Collectors.toSet()),
                    "no temporary file is left, and the planted link is not used");
        }
    }

    @Test
    void aFolderShipsOnlyWhatChanged() throws Exception {
        Path knownHosts = pinned("ship");
        Path local = Files.createDirectories(folder.resolve("ship/local"));
        Files.writeString(local.resolve("a.txt"), "alpha");
        Files.createDirectories(local.resolve("sub"));
        Files.write(local.resolve("sub/b.bin"), new byte[100_000]);
        Files.writeString(local.resolve("secret"), "pa55");
        Map<String, Path> files = Map.of("a.txt", local.resolve("a.txt"), "sub/b.bin", local.resolve("sub/b.bin"), "secret",
                local.resolve("secret"));
        String remote = sshd.root.resolve("shipped").toString();
        try (SshConnection ssh = SshConnection.open(host(), settings(HostKeyPolicy.STRICT, knownHosts, host()), folder)) {
            RemoteFolder.Shipped first = RemoteFolder.sync(ssh, remote, files, Set.of("secret"));
            assertEquals(new RemoteFolder.Shipped(3, 5 + 100_000 + 4, 0), first);
            assertEquals("alpha", Files.readString(Path.of(remote, "a.txt")));
            assertEquals(100_000, Files.size(Path.of(remote, "sub/b.bin")));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(remote, "secret"))));

            assertEquals(new RemoteFolder.Shipped(0, 0, 3), RemoteFolder.sync(ssh, remote, files, Set.of("secret")), "nothing changed");

            Files.writeString(local.resolve("a.txt"), "alpha, changed");
            assertEquals(new RemoteFolder.Shipped(1, 14, 2), RemoteFolder.sync(ssh, remote, files, Set.of("secret")));
            assertEquals("alpha, changed", Files.readString(Path.of(remote, "a.txt")));

            Files.delete(Path.of(remote, "sub/b.bin")); // gone on the host: shipped again, whatever the manifest says
            assertEquals(new RemoteFolder.Shipped(1, 100_000, 2), RemoteFolder.sync(ssh, remote, files, Set.of("secret")));
            try (var leftovers = Files.walk(Path.of(remote))) {
                assertTrue(leftovers.noneMatch(file -> file.getFileName().toString().endsWith(".agilab-tmp")), "no temporary file is left");
            }
        }
    }

    @Test
    void aCommandPastItsTimeoutFailsNamingTheHost() throws Exception {
        Path knownHosts = pinned("timeout");
        try (SshConnection ssh = SshConnection.open(host(), settings(HostKeyPolicy.STRICT, knownHosts, host()), folder)) {
            AgilabException late = assertThrows(AgilabException.class, () -> ssh.exec("sleep 5", 300));
            assertTrue(late.getMessage().startsWith("a command on 127.0.0.2:" + sshd.port + " ran past 0.3 s"), late.getMessage());
            assertTrue(late.hint().contains("ssh_command_timeout"), late.hint());
        }
    }
}
