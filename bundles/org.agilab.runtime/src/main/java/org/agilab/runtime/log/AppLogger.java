package org.agilab.runtime.log;

import org.agilab.api.AppLog;

/** App code's log: the runtime's facade, with the worker named in every line. */
public final class AppLogger implements AppLog {

    private static final AgiLog LOG = AgiLog.get(AppLogger.class);

    private final String prefix;

    public AppLogger(String who) {
        this.prefix = who + ": ";
    }

    @Override
    public void debug(String message) {
        LOG.debug(prefix + message);
    }

    @Override
    public void info(String message) {
        LOG.info(prefix + message);
    }

    @Override
    public void warn(String message) {
        LOG.warn(prefix + message);
    }
}
