package org.agilab.core.internal.console;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/** The {@link ConsoleOutput} service of the highest ranking; stdout when OSGi has none (outside a framework). */
public final class ConsoleOutputs {

    private ConsoleOutputs() {
    }

    public static ConsoleOutput current() {
        org.osgi.framework.Bundle bundle = FrameworkUtil.getBundle(ConsoleOutputs.class);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        if (context != null) {
            ServiceReference<ConsoleOutput> best = context.getServiceReference(ConsoleOutput.class); // the highest ranking
            if (best != null) {
                ConsoleOutput output = context.getService(best);
                if (output != null) {
                    return output;
                }
            }
        }
        return new StdoutOutput();
    }
}
