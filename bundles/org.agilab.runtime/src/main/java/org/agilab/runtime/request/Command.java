package org.agilab.runtime.request;

import java.util.Locale;

/**
 * The manager's commands; each says whether it changes the app's worker environment (and so takes the lock). What each
 * does is said once, in {@code usage.txt} beside {@code manager.CommandLine}.
 */
public enum Command {
    INSTALL(true),
    DISTRIBUTE(true),
    RUN(true),
    BENCHMARK(true),
    DOCTOR(false),
    NODES(false),
    /** lab_stages.toml pipelines; its agilab stages take the lock of their own app, each in its own manager */
    WORKFLOW(false),
    /** one chunk of a recorded cluster run, run again in a JVM of its own (under a debugger with --debug) */
    REPLAY_CHUNK(false),
    /** an app's lifecycle: export, import, clone, rename, delete; rename and delete take the app's lock themselves */
    APP(false),
    /** chosen columns of a run's data outputs, filtered, to ~/export/<target>/export.csv (read-only on the outputs) */
    EXPORT(false),
    /** service mode: serve start|status|submit|stop, a queue of tasks the app's warm nodes run (docs/service.md) */
    SERVE(false);

    private final boolean mutating;

    Command(boolean mutating) {
        this.mutating = mutating;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean isMutating() {
        return mutating;
    }

    public static Command fromId(String id) {
        for (Command command : values()) {
            if (command.id().equals(id)) {
                return command;
            }
        }
        return null;
    }
}
