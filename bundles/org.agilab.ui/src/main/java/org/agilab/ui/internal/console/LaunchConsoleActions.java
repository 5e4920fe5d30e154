package org.agilab.ui.internal.console;

import org.agilab.ui.internal.Messages;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.util.IPropertyChangeListener;
import org.eclipse.jface.util.PropertyChangeEvent;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.ConsolePlugin;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.IConsoleConstants;
import org.eclipse.ui.console.IConsolePageParticipant;
import org.eclipse.ui.part.IPageBookViewPage;

/** Terminate (cancels the run in the manager) and Remove (the ended launch and its console) in an AGILab console's toolbar. */
public final class LaunchConsoleActions implements IConsolePageParticipant {

    private LaunchConsole console;
    private Action terminate;
    private Action remove;
    private final IPropertyChangeListener ended = this::ended;

    @Override
    public void init(IPageBookViewPage page, IConsole shown) {
        console = (LaunchConsole) shown;
        ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
        terminate = new Action(Messages.Console_terminate, images.getImageDescriptor(ISharedImages.IMG_ELCL_STOP)) {
            @Override
            public void run() {
                console.source().terminate();
                setEnabled(false);
            }
        };
        remove = new Action(Messages.Console_remove, images.getImageDescriptor(ISharedImages.IMG_ELCL_REMOVE)) {
            @Override
            public void run() {
                if (console.source().launch() instanceof ILaunch launch) {
                    DebugPlugin.getDefault().getLaunchManager().removeLaunch(launch); // its console goes with it
                }
                ConsolePlugin.getDefault().getConsoleManager().removeConsoles(new IConsole[] {console});
            }
        };
        update();
        IToolBarManager toolbar = page.getSite().getActionBars().getToolBarManager();
        toolbar.appendToGroup(IConsoleConstants.LAUNCH_GROUP, terminate);
        toolbar.appendToGroup(IConsoleConstants.LAUNCH_GROUP, remove);
        console.addPropertyChangeListener(ended);
    }

    private void ended(PropertyChangeEvent event) {
        if (LaunchConsole.P_ENDED.equals(event.getProperty())) {
            Display display = PlatformUI.getWorkbench().getDisplay();
            display.asyncExec(this::update);
        }
    }

    private void update() {
        boolean over = console.isEnded() || console.source().isTerminated();
        terminate.setEnabled(!over);
        remove.setEnabled(over);
    }

    @Override
    public void dispose() {
        if (console != null) {
            console.removePropertyChangeListener(ended);
        }
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    @Override
    public void activated() {
    }

    @Override
    public void deactivated() {
    }
}
