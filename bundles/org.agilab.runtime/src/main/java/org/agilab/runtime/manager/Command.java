package org.agilab.runtime.manager;

import java.util.Locale;

/** The manager's commands; each says whether it changes the app's worker environment (and so takes the lock). */
public enum Command {
    INSTALL(true, "stage the worker: compile, package and install the app", null),
    DISTRIBUTE(true, "plan the work over the workers and write distribution_tree.json", null),
    RUN(true, "run the app in a mode (0, p, c, d, r and combinations)", null),
    BENCHMARK(true, "run the app in several modes (--modes 0,p,c,pc) and rank them in ~/.agilab/benchmark.json", null),
    DOCTOR(false, "check the home, the settings of an app and where each value comes from", null),
    NODES(false, "show or stop the app's warm cluster nodes: nodes status|stop", null);

    private final boolean mutating;
    private final String description;
    private final String arrivesWith;

    Command(boolean mutating, String description, String arrivesWith) {
        this.mutating = mutating;
        this.description = description;
        this.arrivesWith = arrivesWith;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isMutating() {
        return mutating;
    }

    public String description() {
        return description;
    }

    /** The slice of work that builds this command, or null when it is built. */
    public String arrivesWith() {
        return arrivesWith;
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
