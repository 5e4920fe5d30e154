package org.agilab.core.internal.preferences;

/**
 * A value the IDE gives its AGILab launches, set in the workspace preferences or an app project's properties (which
 * win), and how it reaches the manager: an environment variable (as {@code ~/.agilab/.env} would give it), a
 * {@code --set} of an app setting the app itself leaves unset, the manager's JVM, or default workers for a launch that
 * names none and an app without {@code [cluster.workers]}.
 */
public enum IdeSetting {
    HOME("home", "AGILAB_HOME", null),
    WORKERS("workers", null, "cluster.workers"),
    MANAGER_JAVA("manager_java", null, null),
    NODE_JAVA("node_java", null, "cluster.node_java"),
    IDLE_TIMEOUT("idle_timeout", null, "cluster.idle_timeout"),
    SSH_USER("ssh_user", "CLUSTER_CREDENTIALS", null),
    SSH_KEY("ssh_key", "AGI_SSH_KEY_PATH", null),
    SSH_PORT("ssh_port", "AGILAB_CLUSTER_SSH_PORT", null),
    SSH_KNOWN_HOSTS("ssh_known_hosts", "AGILAB_CLUSTER_SSH_KNOWN_HOSTS", null),
    SSH_HOST_KEY_POLICY("ssh_host_key_policy", "AGILAB_CLUSTER_SSH_HOST_KEY_POLICY", null);

    private final String key;
    private final String environmentVariable;
    private final String appSetting;

    IdeSetting(String key, String environmentVariable, String appSetting) {
        this.key = key;
        this.environmentVariable = environmentVariable;
        this.appSetting = appSetting;
    }

    /** The preference key, in the workspace and project nodes of {@code org.agilab.core}. */
    public String key() {
        return key;
    }

    /** The manager's environment variable it becomes, or null. */
    public String environmentVariable() {
        return environmentVariable;
    }

    /** The app setting it stands in for when the app does not set it, or null. */
    public String appSetting() {
        return appSetting;
    }
}
