package org.agilab.runtime.node;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

import org.apache.ignite.IgniteLogger;

/**
 * Ignite's own log lines, info and above, into one stream per JVM: a node's log file, or {@code nodes/client.log}
 * for the manager's client. Never the user's console: Ignite's default (quiet console lines and java.util.logging
 * warnings) would mix into the CLI's output.
 */
final class IgniteLogs implements IgniteLogger {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private final PrintStream out;
    private final String category;
    /**
     * Info lines are kept from the topology (joins, leaves, snapshots) and the start and stop summaries only: the
     * rest, a thousand lines per start with the whole configuration, cost a cold node start ~0.1 s on two cores and
     * said nothing a user acts on. Warnings and errors are always kept.
     */
    private final boolean informative;
    static final java.util.Set<String> INFO_CATEGORIES = java.util.Set.of("GridDiscoveryManager", "G");

    IgniteLogs(PrintStream out) {
        this(out, "ignite");
    }

    private IgniteLogs(PrintStream out, String category) {
        this.out = out;
        this.category = category;
        this.informative = INFO_CATEGORIES.contains(category);
    }

    @Override
    public IgniteLogger getLogger(Object category) {
        String name = category instanceof Class<?> type ? type.getSimpleName() : String.valueOf(category);
        return new IgniteLogs(out, name);
    }

    private void write(String level, String message, Throwable error) {
        synchronized (out) {
            out.println(LocalTime.now().format(TIME) + " " + level + " " + category + ": " + message);
            if (error != null) {
                error.printStackTrace(out);
            }
            out.flush();
        }
    }

    @Override
    public void trace(String message) {
        // below info: not kept
    }

    @Override
    public void debug(String message) {
        // below info: not kept
    }

    @Override
    public void info(String message) {
        if (informative) {
            write("INFO", message, null);
        }
    }

    @Override
    public void warning(String message, Throwable error) {
        write("WARN", message, error);
    }

    @Override
    public void error(String message, Throwable error) {
        if (message != null && message.startsWith("MBean for system view") && mbeansDisabled(error)) {
            return; // Ignite registers its system views over JMX even with MBeans switched off (as we do): not an error
        }
        write("ERROR", message, error);
    }

    private static boolean mbeansDisabled(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains("MBeans are disabled")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return informative;
    }

    @Override
    public boolean isQuiet() {
        return false;
    }

    @Override
    public String fileName() {
        return null;
    }
}
