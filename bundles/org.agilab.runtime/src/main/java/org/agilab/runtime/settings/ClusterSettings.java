package org.agilab.runtime.settings;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code [cluster]} values a cluster run takes, typed, and the parsers that {@link SettingsValidator} (which reports
 * a bad value with its file and line) and the cluster (which takes the parsed value) share. Values the validator has
 * accepted always parse; {@link #of} falls back to the default where a value is absent.
 *
 * @param idleTimeoutMinutes {@code idle_timeout}: how long warm nodes wait for the next run (default 30)
 * @param discoveryPorts {@code discovery_ports}: where clusters lease their discovery block
 * @param communicationPorts {@code communication_ports}: where clusters lease their communication block
 * @param scheduler {@code scheduler}: the address the manager's client binds, {@code host} or {@code host:port}
 * @param failureDetectionMs {@code failure_detection_timeout}, in milliseconds: how long a silent node keeps its place
 * @param nodeCompiler {@code node_compiler}: auto, quick or full
 * @param tls {@code tls}, null when unset: TLS is always on, false is an error
 * @param throttle {@code throttle}: node name to slow-down factor, for tests and benchmarks of capacities
 * @param nodeJava {@code node_java}: the java executable of local nodes, null for the manager's own
 * @param warmUpRuns {@code warm_up_runs}: how many times the coordinator runs a local run's work again, into a scratch
 *            {@code data_out} and off the record, once it is idle, so the JIT has compiled that path for the next run
 *            (default 0: only an app whose outputs all go to {@code data_out} may set it)
 */
public record ClusterSettings(double idleTimeoutMinutes, PortRange discoveryPorts, PortRange communicationPorts, String scheduler,
        long failureDetectionMs, NodeCompilerChoice nodeCompiler, Boolean tls, Map<String, Double> throttle, String nodeJava,
        int warmUpRuns) {

    /**
     * Below Linux's ephemeral range (32768-60999), where Ignite's own defaults (47500...) sit: there any outgoing
     * connection may hold one of a block's ports for a while, and a block must be entirely free to be leased.
     */
    public static final PortRange DEFAULT_DISCOVERY = new PortRange(27_500, 28_499);
    public static final PortRange DEFAULT_COMMUNICATION = new PortRange(28_600, 30_599);
    /** Ignite's own default. */
    public static final long DEFAULT_FAILURE_DETECTION_MS = 10_000;
    public static final double DEFAULT_IDLE_TIMEOUT_MINUTES = 30.0;
    /** More warm-up runs than this would only burn CPU: the JIT has compiled a run's path after a few. */
    public static final long MAX_WARM_UP_RUNS = 20;
    /** The names of this machine in {@code [cluster.workers]}: their workers run here, not over SSH. */
    public static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost");
    public static final String TLS_FALSE_HINT = "remove 'tls = false' from [cluster] (or the --set): TLS is always on; "
            + "see docs/cluster-security.md";

    /** {@code idle_timeout} in whole seconds, at least one: what nodes, coordinators and services are given. */
    public static long idleSeconds(double idleTimeoutMinutes) {
        return Math.max(1, Math.round(idleTimeoutMinutes * 60));
    }

    /** The {@code [cluster]} values of these settings, the validator having accepted them. */
    public static ClusterSettings of(AppSettings settings) {
        Object idle = settings.value("cluster.idle_timeout");
        Object detection = settings.value("cluster.failure_detection_timeout");
        return new ClusterSettings(
                idle instanceof Number minutes && minutes.doubleValue() > 0 ? minutes.doubleValue() : DEFAULT_IDLE_TIMEOUT_MINUTES,
                portRange(settings, "discovery_ports", DEFAULT_DISCOVERY), portRange(settings, "communication_ports", DEFAULT_COMMUNICATION),
                String.valueOf(settings.value("cluster.scheduler")).strip(),
                detection instanceof Number seconds && seconds.doubleValue() > 0 ? Math.round(seconds.doubleValue() * 1000)
                        : DEFAULT_FAILURE_DETECTION_MS,
                settings.value("cluster.node_compiler") instanceof String compiler
                        ? NodeCompilerChoice.parse(compiler).orElse(NodeCompilerChoice.AUTO) : NodeCompilerChoice.AUTO,
                settings.value("cluster.tls") instanceof Boolean tls ? tls : null,
                parseThrottle(settings.value("cluster.throttle") instanceof String throttle ? throttle : null),
                settings.value("cluster.node_java") instanceof String java ? java : null,
                settings.value("cluster.warm_up_runs") instanceof Long runs ? (int) Math.min(runs, MAX_WARM_UP_RUNS) : 0);
    }

    private static PortRange portRange(AppSettings settings, String key, PortRange fallback) {
        return settings.value("cluster." + key) instanceof String text ? PortRange.parse(text) : fallback;
    }

    /** Whether {@code host} of {@code [cluster.workers]} is this machine. */
    public static boolean isLocal(String host) {
        return LOCAL_HOSTS.contains(host);
    }

    /** An inclusive port range, written {@code "27500-28499"} in {@code [cluster]}. */
    public record PortRange(int first, int last) {

        /** @throws IllegalArgumentException saying what is wrong with {@code text} */
        public static PortRange parse(String text) {
            String[] bounds = text.strip().split("\\s*-\\s*");
            if (bounds.length != 2) {
                throw new IllegalArgumentException("'" + text + "' is not a range: write \"first-last\", e.g. \"27500-28499\"");
            }
            int first;
            int last;
            try {
                first = Integer.parseInt(bounds[0]);
                last = Integer.parseInt(bounds[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a range of port numbers: write \"first-last\"");
            }
            if (first < 1024 || last > 65_535 || first > last) {
                throw new IllegalArgumentException("'" + text + "' must lie within 1024-65535, first port first");
            }
            return new PortRange(first, last);
        }

        /** How many blocks of {@code size} ports the range holds. */
        public int blocks(int size) {
            return (last - first + 1) / size;
        }

        @Override
        public String toString() {
            return first + "-" + last;
        }
    }

    /** {@code [cluster] node_compiler}: which compilers node JVMs run; {@code auto} lets the planned input decide. */
    public enum NodeCompilerChoice {
        AUTO, QUICK, FULL;

        public static final List<String> SETTING_VALUES = List.of("auto", "quick", "full");

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<NodeCompilerChoice> parse(String text) {
            for (NodeCompilerChoice choice : values()) {
                if (choice.id().equals(text)) {
                    return Optional.of(choice);
                }
            }
            return Optional.empty();
        }
    }

    /** {@code [cluster] ssh_host_key_policy}: which SSH host keys the manager trusts. */
    public enum HostKeyPolicy {
        STRICT("strict"), ACCEPT_NEW("accept-new");

        public final String id;

        HostKeyPolicy(String id) {
            this.id = id;
        }

        public static Optional<HostKeyPolicy> parse(String text) {
            for (HostKeyPolicy policy : values()) {
                if (policy.id.equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return Optional.of(policy);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * {@code [cluster] throttle}: {@code "node-1=3,node-2=1.5"}, each named node taking that many times as long.
     *
     * @throws IllegalArgumentException naming the part that is not {@code node-N=factor} with a factor of 1 or more
     */
    public static Map<String, Double> parseThrottle(String text) {
        Map<String, Double> factors = new java.util.TreeMap<>();
        if (text == null || text.isBlank()) {
            return factors;
        }
        for (String pair : text.split(",")) {
            String[] parts = pair.split("=", 2);
            String node = parts[0].strip();
            double factor;
            try {
                factor = parts.length == 2 ? Double.parseDouble(parts[1].strip()) : Double.NaN;
            } catch (NumberFormatException e) {
                factor = Double.NaN;
            }
            if (!node.matches("node-\\d+") || !(factor >= 1) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("\"" + pair.strip() + "\" is not node-N=factor with a factor of 1 or more");
            }
            factors.put(node, factor);
        }
        return factors;
    }
}
