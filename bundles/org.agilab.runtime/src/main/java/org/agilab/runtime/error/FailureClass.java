package org.agilab.runtime.error;

import java.util.Locale;

/**
 * The classes of failure the manager reports, each with its own process exit code. The IDE maps them to markers
 * and dialogs, the CLI prints them as one line; both use {@link #id()} as the stable name.
 */
public enum FailureClass {
    /** The command line itself is wrong (unknown option, missing value). */
    USAGE(2),
    /** app_settings.toml, .env or a --set value is invalid. */
    SETTINGS(3),
    /** Input data is missing or malformed. */
    DATA(4),
    /** Packaging, staging or installing the worker failed. */
    INSTALL(5),
    /** A node, host or the cluster failed or cannot be reached. */
    CLUSTER(6),
    /** Another operation holds the app's lifecycle lock. */
    BUSY(7),
    /** The caller cancelled the operation. */
    CANCELLED(8),
    /** What this release cannot run: {@code ./agilab} without a built product (every manager command is built). */
    NOT_BUILT(9),
    /** A bug: anything not classified above. */
    INTERNAL(10);

    private final int exitCode;

    FailureClass(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The stable lower-case name used in events, records and the CLI line ("not-built", "settings", ...). */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FailureClass fromId(String id) {
        for (FailureClass value : values()) {
            if (value.id().equals(id)) {
                return value;
            }
        }
        return INTERNAL;
    }
}
