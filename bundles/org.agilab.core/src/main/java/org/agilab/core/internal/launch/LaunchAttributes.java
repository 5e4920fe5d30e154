package org.agilab.core.internal.launch;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;

/**
 * What an AGILab launch configuration holds, read and written in one place: the app project, the mode letters, the
 * workers and {@code [args]}/{@code [cluster]} overrides. The environment is the platform's (Environment tab). No
 * secret is ever an attribute.
 *
 * @param mode letters such as {@code dpc} (empty: the app's settings decide)
 * @param workers {@code host:n[,host:n]} (empty: the app's settings decide)
 * @param overrides {@code --set} pairs, by key: bare keys are {@code [args]}, {@code cluster.x} keys {@code [cluster]}
 */
public record LaunchAttributes(String project, String mode, String workers, Map<String, String> overrides) {

    static final String PREFIX = "org.agilab.core.launch.";
    public static final String PROJECT = PREFIX + "project";
    public static final String MODE = PREFIX + "mode";
    public static final String WORKERS = PREFIX + "workers";
    public static final String OVERRIDES = PREFIX + "overrides";

    public LaunchAttributes {
        project = project == null ? "" : project;
        mode = mode == null ? "" : mode;
        workers = workers == null ? "" : workers;
        // sorted: a configuration keeps its map without order, and the command line should not change between reads
        overrides = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(overrides == null ? Map.of() : overrides));
    }

    public static LaunchAttributes read(ILaunchConfiguration configuration) throws CoreException {
        return new LaunchAttributes(configuration.getAttribute(PROJECT, ""), configuration.getAttribute(MODE, ""),
                configuration.getAttribute(WORKERS, ""), configuration.getAttribute(OVERRIDES, Map.of()));
    }

    public void write(ILaunchConfigurationWorkingCopy configuration) {
        configuration.setAttribute(PROJECT, project);
        configuration.setAttribute(MODE, mode.isBlank() ? null : mode);
        configuration.setAttribute(WORKERS, workers.isBlank() ? null : workers);
        configuration.setAttribute(OVERRIDES, overrides.isEmpty() ? null : new LinkedHashMap<>(overrides));
    }
}
