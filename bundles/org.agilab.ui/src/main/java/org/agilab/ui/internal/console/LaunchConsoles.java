package org.agilab.ui.internal.console;

import java.util.ArrayList;
import java.util.List;

import org.agilab.core.internal.console.ConsoleOutput;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchesListener;
import org.eclipse.ui.console.ConsolePlugin;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.IConsoleManager;

/**
 * The IDE's {@link ConsoleOutput}: each launch gets its own {@link LaunchConsole}, shown when the launch starts and
 * removed with its launch (as the Debug UI's process consoles are).
 */
public final class LaunchConsoles implements ConsoleOutput {

    private volatile boolean listening;

    @Override
    public boolean isConsole() {
        return true;
    }

    @Override
    public Streams open(Source source) {
        listenForRemovedLaunches();
        // the first launch right after the workspace's first app: its console page waits for the warm-up, off the UI thread
        ConsoleWarmUp.awaitIfStarted(15_000);
        LaunchConsole console = new LaunchConsole(source);
        IConsoleManager consoles = ConsolePlugin.getDefault().getConsoleManager();
        consoles.addConsoles(new IConsole[] {console});
        consoles.showConsoleView(console);
        return console.streams();
    }

    private void listenForRemovedLaunches() {
        if (listening) {
            return;
        }
        synchronized (this) {
            if (!listening) {
                DebugPlugin.getDefault().getLaunchManager().addLaunchListener(new ILaunchesListener() {
                    @Override
                    public void launchesRemoved(ILaunch[] launches) {
                        removeConsolesOf(List.of(launches));
                    }

                    @Override
                    public void launchesAdded(ILaunch[] launches) {
                    }

                    @Override
                    public void launchesChanged(ILaunch[] launches) {
                    }
                });
                listening = true;
            }
        }
    }

    private static void removeConsolesOf(List<ILaunch> launches) {
        IConsoleManager consoles = ConsolePlugin.getDefault().getConsoleManager();
        List<IConsole> gone = new ArrayList<>();
        for (IConsole console : consoles.getConsoles()) {
            if (console instanceof LaunchConsole launchConsole && launches.contains(launchConsole.source().launch())) {
                gone.add(console);
            }
        }
        if (!gone.isEmpty()) {
            consoles.removeConsoles(gone.toArray(IConsole[]::new));
        }
    }
}
