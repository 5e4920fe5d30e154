package org.agilab.core.internal.operation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One manager command as data: the command, the app, the mode, workers and {@code --set} overrides, the environment;
 * the command line it gives the manager (never a secret on it: those go through the protocol's stdin). Testable
 * without Jobs or a workbench.
 */
public record ManagerOperation(String command, Path app, String mode, String workers, Map<String, String> overrides,
        Map<String, String> environment, Path workingDirectory, Path java, Set<String> workerHosts) {

    /**
     * @param java the manager's java executable, null for the IDE's own
     * @param workerHosts the hosts the run's workers are on, as far as the IDE knows: the SSH secrets it hands the manager
     */
    public ManagerOperation {
        overrides = overrides == null ? Map.of() : new LinkedHashMap<>(overrides);
        environment = environment == null ? Map.of() : new LinkedHashMap<>(environment);
        workerHosts = workerHosts == null ? Set.of() : Set.copyOf(workerHosts);
    }

    public ManagerOperation(String command, Path app, String mode, String workers, Map<String, String> overrides,
            Map<String, String> environment, Path workingDirectory) {
        this(command, app, mode, workers, overrides, environment, workingDirectory, null, null);
    }

    public String label() {
        return "AGILab " + command + " " + app.getFileName();
    }

    /**
     * The operation a run record's {@code argv} describes (its replay): the command, app, mode, workers, overrides and
     * home it was run with, in {@code workingDirectory}.
     */
    public static ManagerOperation fromArgv(List<String> argv, Path workingDirectory) {
        String command = argv.isEmpty() ? "run" : argv.get(0);
        Path app = null;
        String mode = null;
        String workers = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        Map<String, String> environment = new LinkedHashMap<>();
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            String next = i + 1 < argv.size() ? argv.get(i + 1) : null;
            switch (arg) {
                case "--app" -> app = workingDirectory.resolve(argv.get(++i));
                case "--mode", "--modes" -> mode = argv.get(++i);
                case "--workers" -> workers = argv.get(++i);
                case "--home" -> environment.put("AGILAB_HOME", argv.get(++i));
                case "--set" -> {
                    int equals = next == null ? -1 : next.indexOf('=');
                    if (equals > 0) {
                        overrides.put(next.substring(0, equals), next.substring(equals + 1));
                    }
                    i++;
                }
                default -> {
                    // --protocol, --json, --verbose: the IDE adds its own
                }
            }
        }
        if (app == null) {
            throw new IllegalArgumentException("the recorded command names no --app: " + String.join(" ", argv));
        }
        return new ManagerOperation(command, app, mode, workers, overrides, environment, workingDirectory);
    }

    /** The manager's arguments (it adds {@code --protocol} itself). */
    public List<String> arguments() {
        // a command may carry its words: "nodes stop"
        List<String> arguments = new ArrayList<>(List.of(command.split(" ")));
        arguments.addAll(List.of("--app", app.toString()));
        if (mode != null && !mode.isBlank() && !command.equals("install")) {
            // a benchmark takes the modes to compare, comma-separated; the others one mode
            arguments.addAll(List.of(command.equals("benchmark") ? "--modes" : "--mode", mode.strip()));
        }
        if (workers != null && !workers.isBlank()) {
            arguments.addAll(List.of("--workers", workers.strip()));
        }
        overrides.forEach((key, value) -> arguments.addAll(List.of("--set", key + "=" + value)));
        return arguments;
    }
}
