package org.agilab.core.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.agilab.core.internal.console.ConsoleOutput;
import org.agilab.core.internal.console.StdoutOutput;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/** The core's activator: registers the headless console (stdout), which the UI's outranks when it is there. */
public final class CorePlugin implements BundleActivator {

    public static final String ID = "org.agilab.core";

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, 1);
        context.registerService(ConsoleOutput.class, new StdoutOutput(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
