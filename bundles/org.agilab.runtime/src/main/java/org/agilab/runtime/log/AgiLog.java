package org.agilab.runtime.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one logging facade of the runtime. Messages go to the sinks registered for the current manager process (the
 * run log file, the event stream); the IDE later routes the same lines to the Error Log and the console. With no
 * sink registered, warnings and errors go to stderr so nothing is silently lost.
 */
public final class AgiLog {

    public enum Level {
        DEBUG, INFO, WARN, ERROR
    }

    /** Receives every message at or above its own threshold, already redacted. */
    public interface Sink {
        void log(Level level, String logger, String message);
    }

    private static final List<Sink> SINKS = new CopyOnWriteArrayList<>();
    private static volatile Redactor redactor = new Redactor();

    private final String name;

    private AgiLog(String name) {
        this.name = name;
    }

    public static AgiLog get(Class<?> owner) {
        return new AgiLog(owner.getSimpleName());
    }

    public static void addSink(Sink sink) {
        SINKS.add(sink);
    }

    public static void removeSink(Sink sink) {
        SINKS.remove(sink);
    }

    /** The redactor every message passes through; the manager installs the one that knows its secrets. */
    public static void useRedactor(Redactor value) {
        redactor = value;
    }

    public static Redactor redactor() {
        return redactor;
    }

    public void debug(String message) {
        log(Level.DEBUG, message, null);
    }

    public void info(String message) {
        log(Level.INFO, message, null);
    }

    public void warn(String message) {
        log(Level.WARN, message, null);
    }

    public void error(String message, Throwable cause) {
        log(Level.ERROR, message, cause);
    }

    public void log(Level level, String message, Throwable cause) {
        String text = message;
        if (cause != null) {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            text = message + System.lineSeparator() + trace;
        }
        text = redactor.redact(text);
        if (SINKS.isEmpty()) {
            if (level.compareTo(Level.WARN) >= 0) {
                System.err.println("agilab " + level + " " + name + ": " + text);
            }
            return;
        }
        for (Sink sink : SINKS) {
            sink.log(level, name, text);
        }
    }
}
