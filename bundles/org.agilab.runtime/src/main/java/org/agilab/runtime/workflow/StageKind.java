package org.agilab.runtime.workflow;

import java.util.Locale;

/**
 * What runs a stage, by its {@code R} key: our kinds {@code agilab} (a CLI line), {@code sql} (DuckDB), {@code java}
 * (JShell) and {@code shell}; upstream's Python runtimes ({@code runpy}, {@code agi.run}, or no {@code R} at all, which
 * upstream runs with {@code runpy}) run only with a configured Python; anything else is kept and never run.
 */
public enum StageKind {
    AGILAB("agilab"), SQL("sql"), JAVA("java"), SHELL("shell"), PYTHON("python"), UNKNOWN("unknown");

    private final String id;

    StageKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The kind of an {@code R} value (null or blank: upstream's default, {@code runpy}). */
    public static StageKind of(String runtime) {
        String r = runtime == null ? "" : runtime.strip().toLowerCase(Locale.ROOT);
        return switch (r) {
            case "agilab" -> AGILAB;
            case "sql", "duckdb" -> SQL;
            case "java", "jshell" -> JAVA;
            case "shell", "sh" -> SHELL;
            case "", "runpy", "python" -> PYTHON;
            default -> r.startsWith("agi.") ? PYTHON : UNKNOWN;
        };
    }
}
