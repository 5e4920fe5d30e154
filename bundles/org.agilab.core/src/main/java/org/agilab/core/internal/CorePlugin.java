package org.agilab.core.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.agilab.core.internal.console.ConsoleOutput;
import org.agilab.core.internal.console.StdoutOutput;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * The core's activator: registers the headless console (stdout), which the UI's outranks when it is there, and routes
 * the runtime's warnings and errors in this process to the Error Log.
 */
public final class CorePlugin implements BundleActivator {

    public static final String ID = "org.agilab.core";

    /** The runtime's warnings and errors in this process (the builder's, the wizard's) go to the Error Log. */
    private final org.agilab.runtime.log.AgiLog.Sink errorLog = (level, logger, message) -> {
        if (level == org.agilab.runtime.log.AgiLog.Level.WARN || level == org.agilab.runtime.log.AgiLog.Level.ERROR) {
            org.eclipse.core.runtime.ILog.of(CorePlugin.class).log(new org.eclipse.core.runtime.Status(
                    level == org.agilab.runtime.log.AgiLog.Level.ERROR ? org.eclipse.core.runtime.IStatus.ERROR
                            : org.eclipse.core.runtime.IStatus.WARNING, ID, logger + ": " + message));
        }
    };

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, 1);
        context.registerService(ConsoleOutput.class, new StdoutOutput(), properties);
        org.agilab.runtime.log.AgiLog.addSink(errorLog);
        try {
            context.registerService(org.agilab.core.internal.preferences.SecretStore.class,
                    new org.agilab.core.internal.preferences.SecureStorageSecrets(), properties);
        } catch (LinkageError e) {
            // no Equinox secure storage here (a lean headless product): launches get no stored SSH secrets
        }
    }

    @Override
    public void stop(BundleContext context) {
        org.agilab.runtime.log.AgiLog.removeSink(errorLog); // the framework unregisters the service
    }
}
