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

    /** The manager's arguments (it adds {@code --protocol} itself). */
    public List<String> arguments() {
        List<String> arguments = new ArrayList<>(List.of(command, "--app", app.toString()));
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
