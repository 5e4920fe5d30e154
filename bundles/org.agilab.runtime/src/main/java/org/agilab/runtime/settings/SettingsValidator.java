package org.agilab.runtime.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.agilab.api.ExecutionMode;
import org.agilab.runtime.env.Provenance;
import org.agilab.runtime.settings.SettingsProblem.Severity;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * Checks the tables AGILab owns in app_settings.toml: {@code [cluster]}, {@code [cluster.workers]},
 * {@code [cluster.service_health]}, {@code [service]} and {@code [pages]}. {@code [args]} belongs to the app (typed args check it) and
 * any other table belongs to someone else (page bundles, views) and is kept as it is. The same rules apply to
 * values from files and from {@code --set}, so a problem always names where its value came from.
 */
public final class SettingsValidator {

    enum Type {
        BOOLEAN("a boolean (true or false)"),
        INTEGER("an integer"),
        NUMBER("a number"),
        STRING("a string"),
        STRING_ARRAY("an array of strings"),
        MODE("a mode: letters from 'pcdr' or a number 0..15");

        final String description;

        Type(String description) {
            this.description = description;
        }
    }

    /** {@code [cluster]} keys, upstream's plus {@code mode} (a default run mode; when absent it is derived). */
    static final Map<String, Type> CLUSTER_KEYS = Map.ofEntries(
            Map.entry("verbose", Type.INTEGER),
            Map.entry("cython", Type.BOOLEAN),
            Map.entry("pool", Type.BOOLEAN),
            Map.entry("rapids", Type.BOOLEAN),
            Map.entry("cluster_enabled", Type.BOOLEAN),
            Map.entry("scheduler", Type.STRING),
            Map.entry("workers_data_path", Type.STRING),
            Map.entry("mode", Type.MODE),
            Map.entry("idle_timeout", Type.NUMBER),
            Map.entry("warm_up_runs", Type.INTEGER),
            Map.entry("discovery_ports", Type.STRING),
            Map.entry("communication_ports", Type.STRING),
            Map.entry("failure_detection_timeout", Type.NUMBER),
            Map.entry("node_compiler", Type.STRING),
            Map.entry("node_java", Type.STRING),
            Map.entry("tls", Type.BOOLEAN),
            Map.entry("throttle", Type.STRING),
            Map.entry("ssh_host_key_policy", Type.STRING),
            Map.entry("ssh_known_hosts", Type.STRING),
            Map.entry("ssh_connect_timeout", Type.NUMBER),
            Map.entry("ssh_command_timeout", Type.NUMBER));

    /** Keys of a {@code [cluster.hosts."<host>"]} table: how the manager reaches that SSH host. */
    static final Map<String, Type> HOST_KEYS = Map.of(
            "port", Type.INTEGER,
            "user", Type.STRING,
            "root", Type.STRING,
            "java", Type.STRING,
            "key", Type.STRING,
            "share", Type.STRING);

    /** Keys older upstream files carry; accepted with a warning so old apps still load. */
    /** The most worker slots one host may have (each a node JVM, or a pool thread): more is a typing error. */
    public static final long MAX_WORKERS_PER_HOST = 256;

    static final Set<String> LEGACY_CLUSTER_KEYS = Set.of("user", "auth_method");

    static final Map<String, Type> SERVICE_HEALTH_KEYS = Map.of(
            "allow_idle", Type.BOOLEAN,
            "max_unhealthy", Type.INTEGER,
            "max_restart_rate", Type.NUMBER);

    /**
     * {@code [service]}: service mode's own keys (docs/service.md): attempts of a task, and retention with the names of
     * upstream's {@code AGI.serve} arguments.
     */
    static final Map<String, Type> SERVICE_KEYS = Map.of(
            "max_attempts", Type.INTEGER,
            "node_restarts", Type.INTEGER,
            "cleanup_done_ttl_sec", Type.NUMBER,
            "cleanup_failed_ttl_sec", Type.NUMBER,
            "cleanup_done_max_files", Type.INTEGER,
            "cleanup_failed_max_files", Type.INTEGER);

    /** {@code [pages]} keys upstream's ANALYSIS page reads (its {@code analysis_page_state.py} and {@code 4_ANALYSIS.py}). */
    static final Map<String, Type> PAGES_KEYS = Map.of(
            "default_view", Type.STRING,
            "default_views", Type.STRING_ARRAY,
            "view_module", Type.STRING_ARRAY,
            "excluded_views", Type.STRING_ARRAY,
            "restrict_to_view_module", Type.BOOLEAN);

    private SettingsValidator() {
    }

    /**
     * The tables AGILab owns, as written in a header ({@code cluster.hosts."<host>"} stands for any host): what an editor
     * offers after {@code [}. {@code [args]} is the app's (its keys are its {@code @Arg} fields).
     */
    public static List<String> knownTables() {
        return List.of("args", "cluster", "cluster.workers", "cluster.hosts.\"<host>\"", "cluster.service_health", "service",
                "pages");
    }

    /**
     * The keys this validator knows in a table (the same tables its "did you mean" hints name), sorted, each with what
     * its value must be; empty for a table it does not own ({@code [args]}, {@code [cluster.workers]}, anyone else's).
     */
    public static Map<String, String> knownKeys(List<String> table) {
        Map<String, Type> keys = Map.of();
        if (table.equals(List.of("cluster"))) {
            keys = CLUSTER_KEYS;
        } else if (table.size() == 3 && table.get(0).equals("cluster") && table.get(1).equals("hosts")) {
            keys = HOST_KEYS;
        } else if (table.equals(List.of("cluster", "service_health"))) {
            keys = SERVICE_HEALTH_KEYS;
        } else if (table.equals(List.of("service"))) {
            keys = SERVICE_KEYS;
        } else if (table.equals(List.of("pages"))) {
            keys = PAGES_KEYS;
        }
        Map<String, String> described = new java.util.TreeMap<>();
        keys.forEach((key, type) -> described.put(key, type.description));
        return described;
    }

    /** Validates one value at a key path; adds what it finds to {@code problems}. */
    public static void validate(List<String> path, Object value, Provenance where, int column, List<SettingsProblem> problems) {
        String key = SettingKey.display(path);
        String top = path.get(0);
        if (top.equals("cluster")) {
            validateCluster(path, value, where, column, key, problems);
        } else if (top.equals("service") && path.size() == 2) {
            Type type = SERVICE_KEYS.get(path.get(1));
            if (type == null) {
                problems.add(unknown(where, column, key, "[service]", SERVICE_KEYS.keySet(), path.get(1)));
            } else if (checkType(type, value, where, column, key, problems) && value instanceof Number number) {
                long least = path.get(1).equals("max_attempts") ? 1 : 0;
                if (number.doubleValue() < least) {
                    problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "is " + number + ": must be " + least + " or more", null));
                }
            }
        } else if (top.equals("pages") && path.size() == 2) {
            Type type = PAGES_KEYS.get(path.get(1));
            if (type != null) {
                checkType(type, value, where, column, key, problems);
            } else if (!(value instanceof TomlTable)) {
                // [pages.<module>] tables belong to the page bundles; a bare unknown key does not
                problems.add(unknown(where, column, key, "[pages]", PAGES_KEYS.keySet(), path.get(1)));
            }
        } else if (path.size() == 1 && (top.equals("args") || top.equals("pages")) && !(value instanceof TomlTable)) {
            problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "must be a table, not " + describe(value),
                    "write it as [" + top + "] with keys under it"));
        }
    }

    private static void validateCluster(List<String> path, Object value, Provenance where, int column, String key,
            List<SettingsProblem> problems) {
        if (path.size() == 1) {
            if (!(value instanceof TomlTable)) {
                problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "must be a table, not " + describe(value),
                        "write it as [cluster] with keys under it"));
            }
            return;
        }
        String second = path.get(1);
        if (second.equals("workers")) {
            if (path.size() == 2) {
                if (!(value instanceof TomlTable) && !(value instanceof Map)) {
                    problems.add(new SettingsProblem(Severity.ERROR, where, column, key,
                            "must be a table of host = worker count, not " + describe(value),
                            "write [cluster.workers] then lines like \"127.0.0.1\" = 2"));
                }
                return;
            }
            validateWorkerCount(path.get(2), value, where, column, key, problems);
            return;
        }
        if (second.equals("hosts")) {
            validateHost(path, value, where, column, key, problems);
            return;
        }
        if (second.equals("service_health")) {
            if (path.size() == 2) {
                if (!(value instanceof TomlTable)) {
                    problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "must be a table, not " + describe(value), null));
                }
                return;
            }
            Type type = SERVICE_HEALTH_KEYS.get(path.get(2));
            if (type == null || path.size() > 3) {
                problems.add(unknown(where, column, key, "[cluster.service_health]", SERVICE_HEALTH_KEYS.keySet(), path.get(2)));
                return;
            }
            checkType(type, value, where, column, key, problems);
            if (type == Type.INTEGER && value instanceof Long number && number < 0) {
                problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "is " + number + ": must be 0 or more", null));
            }
            if (type == Type.NUMBER && value instanceof Number number && (number.doubleValue() < 0 || number.doubleValue() > 1)) {
                problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "is " + number + ": must be between 0 and 1", null));
            }
            return;
        }
        if (path.size() > 2) {
            problems.add(unknown(where, column, SettingKey.display(path.subList(0, 2)), "[cluster]", CLUSTER_KEYS.keySet(), second));
            return;
        }
        if (LEGACY_CLUSTER_KEYS.contains(second)) {
            problems.add(new SettingsProblem(Severity.WARNING, where, column, key, "is a legacy key and is ignored",
                    "SSH users and credentials belong in ~/.agilab/.env (CLUSTER_CREDENTIALS)"));
            return;
        }
        Type type = CLUSTER_KEYS.get(second);
        if (type == null) {
            problems.add(unknown(where, column, key, "[cluster]", CLUSTER_KEYS.keySet(), second));
            return;
        }
        if (!checkType(type, value, where, column, key, problems)) {
            return;
        }
        if (second.equals("verbose") && ((Long) value < 0 || (Long) value > 3)) {
            problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "is " + value + ": must be 0, 1, 2 or 3", null));
        }
        if (second.equals("warm_up_runs") && ((Long) value < 0 || (Long) value > ClusterSettings.MAX_WARM_UP_RUNS)) {
            problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "is " + value + ": must be 0 to "
                    + ClusterSettings.MAX_WARM_UP_RUNS, "write 0 (no warm-up, the default) or a few runs, such as 4"));
        }
        if (second.equals("discovery_ports") || second.equals("communication_ports")) {
            try {
                ClusterSettings.PortRange.parse((String) value);
            } catch (IllegalArgumentException e) {
                problems.add(new SettingsProblem(Severity.ERROR, where, column, key, e.getMessage(),
                        "write a range such as \"" + (second.startsWith("d") ? "27500-28499" : "28600-30599") + "\""));
            }
        }
        if (second.equals("node_compiler") && ClusterSettings.NodeCompilerChoice.parse((String) value).isEmpty()) {
            problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "is \"" + value + "\": must be one of "
                    + ClusterSettings.NodeCompilerChoice.SETTING_VALUES, "write \"auto\" (the default), \"quick\" or \"full\""));
        }
        if (second.equals("throttle")) {
            try {
                ClusterSettings.parseThrottle((String) value);
            } catch (IllegalArgumentException e) {
                problems.add(new SettingsProblem(Severity.ERROR, where, column, key, e.getMessage(),
                        "write \"node-1=3\" (node-1 takes 3 times as long; for tests and benchmarks of the capacities)"));
            }
        }
        if (second.equals("ssh_host_key_policy") && ClusterSettings.HostKeyPolicy.parse((String) value).isEmpty()) {
            problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "is \"" + value + "\": must be \"strict\" or \"accept-new\"",
                    "write \"strict\" (the default: known_hosts only) or \"accept-new\" (pins a new host's key on first use)"));
        }
        if ((second.equals("ssh_connect_timeout") || second.equals("ssh_command_timeout")) && ((Number) value).doubleValue() <= 0) {
            problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "is " + value + ": must be a number of seconds above 0",
                    "write " + (second.equals("ssh_connect_timeout") ? "10" : "300") + " (the default)"));
        }
        if (second.equals("tls") && Boolean.FALSE.equals(value)) {
            // another user of this machine reaches 127.0.0.1 too: no cluster runs plain TCP, so false cannot be honoured
            problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "is false: every AGILab cluster, 127.0.0.1 included, "
                    + "is encrypted and admits only members holding the home's TLS material (another user of this machine "
                    + "reaches 127.0.0.1 too)", ClusterSettings.TLS_FALSE_HINT));
        }
        if (second.equals("scheduler")) {
            String problem = schedulerProblem((String) value);
            if (problem != null) {
                problems.add(new SettingsProblem(Severity.ERROR, where, column, key, problem, "write \"host\" or \"host:port\""));
            }
        }
    }

    /** {@code [cluster.hosts."<host>"]}: tables of SSH host facts, keys from {@link #HOST_KEYS}. */
    private static void validateHost(List<String> path, Object value, Provenance where, int column, String key,
            List<SettingsProblem> problems) {
        if (path.size() <= 3) {
            if (!(value instanceof TomlTable) && !(value instanceof Map)) {
                problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "must be a table, not " + describe(value),
                        "write [cluster.hosts.\"10.0.0.5\"] then lines like port = 22, user = \"agi\", root = \"agilab\""));
            }
            if (path.size() == 3 && (path.get(2).isBlank() || path.get(2).chars().anyMatch(Character::isWhitespace))) {
                problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "'" + path.get(2) + "' is not a host name or address",
                        "use the host as [cluster.workers] names it"));
            }
            return;
        }
        Type type = HOST_KEYS.get(path.get(3));
        if (type == null || path.size() > 4) {
            problems.add(unknown(where, column, key, "[cluster.hosts.\"" + path.get(2) + "\"]", HOST_KEYS.keySet(), path.get(3)));
            return;
        }
        if (!checkType(type, value, where, column, key, problems)) {
            return;
        }
        if (path.get(3).equals("port") && ((Long) value < 1 || (Long) value > 65535)) {
            problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "is " + value + ": must be a TCP port, 1 to 65535",
                    "write port = 22 (the default)"));
        }
        if ((path.get(3).equals("user") || path.get(3).equals("root") || path.get(3).equals("java")) && ((String) value).isBlank()) {
            problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "is empty", "remove the line to use the default"));
        }
    }

    static void validateWorkerCount(String host, Object value, Provenance where, int column, String key,
            List<SettingsProblem> problems) {
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            problems.add(new SettingsProblem(Severity.ERROR, where, column, key, "'" + host + "' is not a host name or address",
                    "use an address such as \"127.0.0.1\" or a host name"));
            return;
        }
        if (!(value instanceof Long count)) {
            problems.add(new SettingsProblem(Severity.ERROR, where, column, key,
                    "worker count is " + describe(value) + ": must be an integer", "write \"" + host + "\" = 1"));
            return;
        }
        if (count < 0) {
            problems.add(new SettingsProblem(Severity.ERROR, where, column, key,
                    "worker count is " + count + ": must be 0 or more", "use 0 to keep the host without workers, or a positive count"));
        } else if (count > MAX_WORKERS_PER_HOST) {
            problems.add(new SettingsProblem(Severity.ERROR, where, column, key,
                    "worker count is " + count + ": at most " + MAX_WORKERS_PER_HOST + " a host",
                    "each worker is a node JVM or a pool thread on that host: use about as many as it has cores"));
        } else if (ClusterSettings.isLocal(host) && count > Runtime.getRuntime().availableProcessors()) {
            int cores = Runtime.getRuntime().availableProcessors();
            problems.add(new SettingsProblem(Severity.WARNING, where, column, key,
                    count + " workers on this machine's " + cores + " cores: they share them, and each cluster worker is a JVM",
                    "use at most " + cores + " for the best speed"));
        }
    }

    private static String schedulerProblem(String scheduler) {
        String text = scheduler.strip();
        if (text.isEmpty()) {
            return "is empty";
        }
        int colon = text.lastIndexOf(':');
        if (colon >= 0) {
            String port = text.substring(colon + 1);
            try {
                int number = Integer.parseInt(port);
                if (number < 1 || number > 65535) {
                    return "port " + number + " is outside 1..65535";
                }
            } catch (NumberFormatException e) {
                return "port '" + port + "' is not a number";
            }
        }
        return null;
    }

    private static boolean checkType(Type type, Object value, Provenance where, int column, String key, List<SettingsProblem> problems) {
        boolean ok = switch (type) {
            case BOOLEAN -> value instanceof Boolean;
            case INTEGER -> value instanceof Long;
            case NUMBER -> value instanceof Long || value instanceof Double;
            case STRING -> value instanceof String;
            case STRING_ARRAY -> value instanceof TomlArray array && array.toList().stream().allMatch(String.class::isInstance)
                    || value instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
            case MODE -> modeProblem(value) == null;
        };
        if (!ok) {
            String message = type == Type.MODE && (value instanceof String || value instanceof Long)
                    ? modeProblem(value)
                    : "is " + describe(value) + ": must be " + type.description;
            problems.add(new SettingsProblem(Severity.ERROR, where, column, key, message, null));
        }
        return ok;
    }

    private static String modeProblem(Object value) {
        try {
            if (value instanceof Long number) {
                ExecutionMode.of(number.intValue());
                return number > Integer.MAX_VALUE ? "mode " + number + " is too large" : null;
            }
            if (value instanceof String text) {
                ExecutionMode.parse(text);
                return null;
            }
            return "is " + describe(value) + ": must be " + Type.MODE.description;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static SettingsProblem unknown(Provenance where, int column, String key, String table, Set<String> known, String given) {
        List<String> sorted = new ArrayList<>(known);
        sorted.sort(null);
        String closest = closest(given, sorted);
        String hint = (closest != null ? "did you mean '" + closest + "'? " : "") + "known keys: " + String.join(", ", sorted);
        // a warning, as upstream's schema tolerates extra keys: the value is not used, so nothing fails because of it
        return new SettingsProblem(Severity.WARNING, where, column, key, "unknown key in " + table, hint);
    }

    /** The known key within two edits of the given one, if any: catches typos such as "verbos". */
    public static String closest(String given, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int distance = editDistance(given.toLowerCase(Locale.ROOT), candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    static String describe(Object value) {
        if (value == null) {
            return "empty";
        }
        if (value instanceof String text) {
            return "\"" + text + "\" (a string)";
        }
        if (value instanceof Boolean || value instanceof Long || value instanceof Double) {
            return value + " (" + (value instanceof Boolean ? "a boolean" : value instanceof Long ? "an integer" : "a number") + ")";
        }
        if (value instanceof TomlTable) {
            return "a table";
        }
        if (value instanceof TomlArray || value instanceof List) {
            return "an array";
        }
        return value.getClass().getSimpleName();
    }
}
