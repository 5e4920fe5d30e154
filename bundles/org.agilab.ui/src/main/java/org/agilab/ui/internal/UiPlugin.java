package org.agilab.ui.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.agilab.core.internal.console.ConsoleOutput;
import org.agilab.ui.internal.console.ConsoleWarmUp;
import org.agilab.ui.internal.console.LaunchConsoles;
import org.agilab.ui.internal.view.AppWindowTitle;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.PlatformUI;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * The UI's activator, started with the workbench ({@link Startup}): its launch consoles outrank the core's stdout one.
 */
public final class UiPlugin implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, 2);
        context.registerService(ConsoleOutput.class, new LaunchConsoles(), properties);
        org.agilab.ui.internal.view.LatestRun.follow(); // a Workers view opened after a run shows it
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }

    /** Activates this bundle when the workbench starts, so a launch made before any AGILab UI opened still uses it. */
    public static final class Startup implements IStartup {
        @Override
        public void earlyStartup() {
            // loading this class activated the bundle; ready the console for the first launch once the workspace has an app
            if (PlatformUI.isWorkbenchRunning()) {
                ConsoleWarmUp.whenAnAppExists(PlatformUI.getWorkbench().getDisplay());
                PlatformUI.getWorkbench().getDisplay().asyncExec(() -> AppWindowTitle.install(PlatformUI.getWorkbench()));
            }
        }
    }
}
