package org.agilab.runtime.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.protocol.Credentials;
import org.agilab.runtime.settings.ClusterSettings.HostKeyPolicy;

/**
 * How the manager reaches its SSH hosts: the host key policy, timeouts, and each host's facts (port, user, remote
 * root, Java, key, pre-mounted share). Per-host facts come from {@code [cluster.hosts."<host>"]} in
 * {@code app_settings.toml}; defaults for every host from {@code [cluster]} {@code ssh_*} keys, then the home's
 * environment and {@code .env} (upstream's names); secrets only from {@code .env}, the environment or the protocol's
 * stdin channel, never from {@code app_settings.toml}.
 *
 * @param policy {@code strict} (known_hosts only) or {@code accept-new} (pins an unknown host's key on first use; a
 *            changed key is refused either way)
 * @param passwordFromEnv the password part of {@code CLUSTER_CREDENTIALS}, or null
 */
public record SshSettings(HostKeyPolicy policy, Path knownHosts, long connectTimeoutMs, long commandTimeoutMs,
        Map<String, SshHost> hosts, Credentials credentials, String userFromEnv, String passwordFromEnv, Path keyFromEnv,
        String agentSocket, int defaultPort, String defaultShare) {

    public static final String DEFAULT_ROOT = "agilab";
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    public static final long DEFAULT_COMMAND_TIMEOUT_MS = 300_000;
    /** Keys of a {@code [cluster.hosts."<host>"]} table. */
    public static final List<String> HOST_KEYS = List.of("port", "user", "root", "java", "key", "share");

    @Override
    public String toString() {
        // no secret in any rendering of the settings
        return "SshSettings[policy=" + policy.id + ", knownHosts=" + knownHosts + ", hosts=" + hosts.keySet() + "]";
    }

    /**
     * @param cluster the {@code [cluster]} values by dotted key below it ({@code ssh_host_key_policy},
     *            {@code hosts."10.0.0.5".port}, ...), already validated
     * @param homeSetting the home's environment-then-.env lookup (null when unset)
     * @param userHome where {@code ~} points
     */
    public static SshSettings resolve(Map<String, Map<String, Object>> hostTables, Map<String, Object> cluster,
            Function<String, String> homeSetting, Credentials credentials, Path userHome) {
        HostKeyPolicy policy = HostKeyPolicy.parse(text(cluster.get("ssh_host_key_policy"),
                homeSetting.apply("AGILAB_CLUSTER_SSH_HOST_KEY_POLICY"), "strict")).orElseThrow(() -> AgilabException.of(
                        FailureClass.SETTINGS, "the SSH host key policy is neither strict nor accept-new").key("cluster.ssh_host_key_policy")
                        .hint("write ssh_host_key_policy = \"strict\" (the default) or \"accept-new\"").build());
        Path knownHosts = path(text(cluster.get("ssh_known_hosts"), homeSetting.apply("AGILAB_CLUSTER_SSH_KNOWN_HOSTS"),
                "~/.ssh/known_hosts"), userHome);
        long connect = millis(cluster.get("ssh_connect_timeout"), DEFAULT_CONNECT_TIMEOUT_MS);
        long command = millis(cluster.get("ssh_command_timeout"), DEFAULT_COMMAND_TIMEOUT_MS);
        String userFromEnv = null;
        String passwordFromEnv = null;
        String clusterCredentials = homeSetting.apply("CLUSTER_CREDENTIALS");
        if (clusterCredentials != null && !clusterCredentials.isBlank() && !clusterCredentials.equals("__KEYRING__")) {
            int colon = clusterCredentials.indexOf(':');
            userFromEnv = colon < 0 ? clusterCredentials.strip() : clusterCredentials.substring(0, colon).strip();
            passwordFromEnv = colon < 0 ? null : clusterCredentials.substring(colon + 1);
        }
        String keyText = homeSetting.apply("AGI_SSH_KEY_PATH");
        Path keyFromEnv = keyText == null || keyText.isBlank() ? null : path(keyText, userHome);
        String portText = homeSetting.apply("AGILAB_CLUSTER_SSH_PORT");
        int defaultPort = portText != null && portText.strip().matches("\\d+") ? Integer.parseInt(portText.strip()) : 22;
        String shareText = homeSetting.apply("AGILAB_REMOTE_CLUSTER_SHARE_PREMOUNTED");
        String defaultShare = shareText == null || shareText.isBlank() ? null : shareText;
        Map<String, SshHost> hosts = new LinkedHashMap<>();
        hostTables.forEach((address, table) -> hosts.put(address, host(address, table, defaultPort, defaultShare, userHome)));
        return new SshSettings(policy, knownHosts, connect, command, hosts, credentials == null ? new Credentials() : credentials,
                userFromEnv, passwordFromEnv, keyFromEnv, homeSetting.apply("SSH_AUTH_SOCK"), defaultPort, defaultShare);
    }

    /** The facts of {@code address}: its table's values, else the home's defaults (port, pre-mounted share), else the built-in ones. */
    public SshHost host(String address) {
        return hosts.getOrDefault(address, new SshHost(address, defaultPort, null, DEFAULT_ROOT, "java", null, defaultShare));
    }

    /** Who logs in to {@code host}: the host's user, the protocol's, CLUSTER_CREDENTIALS', else this account's name. */
    public String user(SshHost host) {
        if (host.user() != null) {
            return host.user();
        }
        Optional<Credentials.Secret> secret = credentials.forHost(host.address());
        if (secret.isPresent() && secret.get().user() != null) {
            return secret.get().user();
        }
        return userFromEnv != null && !userFromEnv.isEmpty() ? userFromEnv : System.getProperty("user.name");
    }

    /** The password for {@code host}: the protocol's (the IDE's secure storage), else CLUSTER_CREDENTIALS', else none. */
    public String password(SshHost host) {
        return credentials.forHost(host.address()).map(Credentials.Secret::password).orElse(passwordFromEnv);
    }

    public String passphrase(SshHost host) {
        return credentials.forHost(host.address()).map(Credentials.Secret::passphrase).orElse(null);
    }

    /** The private keys to offer: the host's, else AGI_SSH_KEY_PATH, else the usual ones in ~/.ssh that exist. */
    public List<Path> keys(SshHost host, Path userHome) {
        if (host.key() != null) {
            return List.of(host.key());
        }
        if (keyFromEnv != null) {
            return List.of(keyFromEnv);
        }
        return java.util.stream.Stream.of("id_ed25519", "id_ecdsa", "id_rsa").map(name -> userHome.resolve(".ssh").resolve(name))
                .filter(Files::isRegularFile).toList();
    }

    private static SshHost host(String address, Map<String, Object> table, int defaultPort, String defaultShare, Path userHome) {
        int port = table.get("port") instanceof Number number ? number.intValue() : defaultPort;
        String key = table.get("key") instanceof String text ? text : null;
        String share = table.get("share") instanceof String text && !text.isBlank() ? text : defaultShare;
        return new SshHost(address, port, table.get("user") instanceof String user ? user : null,
                table.get("root") instanceof String root ? root : DEFAULT_ROOT, table.get("java") instanceof String java ? java : "java",
                key == null ? null : path(key, userHome), share);
    }

    private static String text(Object setting, String fromHome, String fallback) {
        if (setting instanceof String text && !text.isBlank()) {
            return text;
        }
        return fromHome != null && !fromHome.isBlank() ? fromHome : fallback;
    }

    private static long millis(Object seconds, long fallback) {
        return seconds instanceof Number number && number.doubleValue() > 0 ? Math.round(number.doubleValue() * 1000) : fallback;
    }

    static Path path(String text, Path userHome) {
        String value = text.strip();
        if (value.equals("~")) {
            return userHome;
        }
        return value.startsWith("~/") ? userHome.resolve(value.substring(2)) : Path.of(value);
    }
}
