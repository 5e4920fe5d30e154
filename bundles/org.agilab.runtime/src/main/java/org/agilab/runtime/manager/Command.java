package org.agilab.runtime.manager;

import java.util.Locale;

/**
 * The manager's commands; each says whether it changes the app's worker environment (and so takes the lock). What each
 * does is said once, in {@code usage.txt} beside this class.
 */
public enum Command {
    INSTALL(true, null),
    DISTRIBUTE(true, null),
    RUN(true, null),
    BENCHMARK(true, null),
    DOCTOR(false, null),
    NODES(false, null);

    private final boolean mutating;
    private final String arrivesWith;

    Command(boolean mutating, String arrivesWith) {
        this.mutating = mutating;
        this.arrivesWith = arrivesWith;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isMutating() {
        return mutating;
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
