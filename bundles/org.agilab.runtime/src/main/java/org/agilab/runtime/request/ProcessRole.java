package org.agilab.runtime.request;

/**
 * The role of the JVM that handles a {@link ManagerRequest}, passed to whatever behaves differently by role (the
 * manager, the cluster run, the nodes' Ignite client) instead of being read from a static flag.
 */
public enum ProcessRole {

    /**
     * A one-shot manager ({@code ./agilab}, the headless application, the IDE): it hands a cluster run to the app's
     * coordinator when one is up, spawns one after a cold local cluster run, and closes its node client after each run.
     */
    MANAGER,

    /**
     * A coordinator: it runs the requests callers hand it, keeps its node client (and its JIT) between runs, and
     * never delegates to or spawns another coordinator.
     */
    COORDINATOR;

    /** Whether this process hands a cluster run to a running coordinator (and spawns one when there is none). */
    public boolean delegatesToCoordinator() {
        return this == MANAGER;
    }

    /** Whether the Ignite client of the nodes outlives a run in this process. */
    public boolean keepsNodeClient() {
        return this == COORDINATOR;
    }

    /**
     * Whether an app's classes outlive a run in this process (kept per install hash, see {@code LoadedApp.kept}), so
     * the next run of the same install runs on code the JIT has already compiled.
     */
    public boolean keepsAppClasses() {
        return this == COORDINATOR;
    }

    /** The role as run records name it: {@code manager} or {@code coordinator}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
