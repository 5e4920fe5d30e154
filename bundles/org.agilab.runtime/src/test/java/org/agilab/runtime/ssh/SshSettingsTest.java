package org.agilab.runtime.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.Map;

import org.agilab.runtime.protocol.Credentials;
import org.agilab.runtime.settings.ClusterSettings.HostKeyPolicy;
import org.junit.jupiter.api.Test;

/** Where each SSH fact comes from: the host's table, then [cluster] ssh_* keys, then the home's environment and .env. */
class SshSettingsTest {

    static final Path HOME = Path.of("/home/u");

    @Test
    void aHostTableWinsAndTheHomeFillsTheRest() {
        Map<String, String> env = Map.of("CLUSTER_CREDENTIALS", "agi:s3cret:with:colons", "AGI_SSH_KEY_PATH", "~/.ssh/cluster",
                "AGILAB_CLUSTER_SSH_PORT", "2200", "AGILAB_CLUSTER_SSH_HOST_KEY_POLICY", "accept-new");
        SshSettings settings = SshSettings.resolve(Map.of("10.0.0.5", Map.of("port", 22L, "user", "ops", "root", "/data/agi", "share", "/mnt/s")),
                Map.of("ssh_connect_timeout", 2.5), env::get, new Credentials(), HOME);
        SshHost five = settings.host("10.0.0.5");
        assertEquals(new SshHost("10.0.0.5", 22, "ops", "/data/agi", "java", null, "/mnt/s"), five);
        assertEquals("ops", settings.user(five));
        assertEquals("s3cret:with:colons", settings.password(five));
        assertEquals(java.util.List.of(HOME.resolve(".ssh/cluster")), settings.keys(five, HOME));
        assertEquals(HostKeyPolicy.ACCEPT_NEW, settings.policy());
        assertEquals(2_500, settings.connectTimeoutMs());
        assertEquals(HOME.resolve(".ssh/known_hosts"), settings.knownHosts());
        // a host without a table: the home's defaults (AGILAB_CLUSTER_SSH_PORT), the env's user
        SshHost six = settings.host("10.0.0.6");
        assertEquals(2200, six.port());
        assertEquals("agilab", six.root());
        assertEquals("agi", settings.user(six));
        assertFalse(settings.toString().contains("s3cret"), settings.toString());
    }

    @Test
    void theProtocolsSecretsWinOverTheEnvironments() {
        Credentials credentials = new Credentials();
        credentials.put("10.0.0.5", new Credentials.Secret("ide-user", "from-secure-storage", "passphrase"));
        SshSettings settings = SshSettings.resolve(Map.of(), Map.of(), Map.of("CLUSTER_CREDENTIALS", "agi:env-password")::get, credentials,
                HOME);
        SshHost five = settings.host("10.0.0.5");
        assertEquals("ide-user", settings.user(five));
        assertEquals("from-secure-storage", settings.password(five));
        assertEquals("passphrase", settings.passphrase(five));
        SshHost other = settings.host("10.0.0.9");
        assertEquals("env-password", settings.password(other));
        assertNull(settings.passphrase(other));
        assertEquals(HostKeyPolicy.STRICT, settings.policy(), "strict unless asked");
    }
}
