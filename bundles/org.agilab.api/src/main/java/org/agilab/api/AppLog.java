package org.agilab.api;

/** Logging for app code: lines go to the run log, the caller's console and, per worker, the worker's log. */
public interface AppLog {
    void debug(String message);

    void info(String message);

    void warn(String message);
}
