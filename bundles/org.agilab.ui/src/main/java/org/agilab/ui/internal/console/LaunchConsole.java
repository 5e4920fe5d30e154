package org.agilab.ui.internal.console;

import java.io.IOException;

import org.agilab.core.internal.console.ConsoleOutput;
import org.agilab.ui.internal.Messages;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.IOConsole;
import org.eclipse.ui.console.IOConsoleOutputStream;

/**
 * The console of one AGILab launch: the manager's output (the app's log, per-worker lines, the summary) and its errors
 * in red; Terminate and Remove in its toolbar ({@link LaunchConsoleActions}). Writes are buffered by the console and
 * shown in batches, so a chatty run costs the UI thread no more than a quiet one.
 */
public final class LaunchConsole extends IOConsole {

    public static final String TYPE = "org.agilab.ui.launchConsole";
    /** Fired (as a property change) when the launch ended, so the toolbar updates. */
    public static final String P_ENDED = TYPE + ".ended";

    private final ConsoleOutput.Source source;
    private final IOConsoleOutputStream output;
    private final IOConsoleOutputStream errors;
    /** What the user asked for (a cancel): blue, as the Debug console shows its own messages, never red. */
    private final IOConsoleOutputStream information;
    private volatile boolean ended;

    LaunchConsole(ConsoleOutput.Source source) {
        super(source.title(), TYPE, ResourceLocator.imageDescriptorFromBundle("org.agilab.ui", "icons/agilab.png").orElse(null));
        this.source = source;
        this.output = newOutputStream();
        this.errors = newOutputStream();
        this.information = newOutputStream();
        Display display = PlatformUI.isWorkbenchRunning() ? PlatformUI.getWorkbench().getDisplay() : null;
        if (display != null) {
            display.asyncExec(() -> {
                errors.setColor(display.getSystemColor(SWT.COLOR_RED));
                information.setColor(display.getSystemColor(SWT.COLOR_DARK_BLUE));
            });
        }
    }

    public ConsoleOutput.Source source() {
        return source;
    }

    public boolean isEnded() {
        return ended;
    }

    ConsoleOutput.Streams streams() {
        return new ConsoleOutput.Streams() {
            @Override
            public void output(String line) {
                write(output, line);
            }

            @Override
            public void error(String line) {
                write(errors, line);
            }

            @Override
            public void error(String line, String file, Integer lineNumber) {
                String location = file + (lineNumber == null ? "" : ":" + lineNumber);
                if (line.contains(location)) {
                    addPatternMatchListener(new LocationLink(location, java.nio.file.Path.of(file), lineNumber));
                }
                write(errors, line);
            }

            @Override
            public void info(String line) {
                write(information, line);
            }

            @Override
            public void ended(int exitCode) {
                LaunchConsole.this.ended(exitCode);
            }
        };
    }

    private static void write(IOConsoleOutputStream stream, String line) {
        try {
            stream.write(line + "\n");
        } catch (IOException e) {
            // the console was closed (removed by the user): the run goes on, its lines are in its record's log
        }
    }

    private void ended(int exitCode) {
        ended = true;
        try {
            output.close();
            errors.close();
            information.close();
        } catch (IOException e) {
            // already closed with the console
        }
        Display display = PlatformUI.isWorkbenchRunning() ? PlatformUI.getWorkbench().getDisplay() : null;
        Runnable rename = () -> {
            setName(NLS.bind(Messages.Console_ended, source.title(), exitCode));
            firePropertyChange(this, P_ENDED, false, true);
        };
        if (display != null) {
            display.asyncExec(rename);
        } else {
            rename.run();
        }
    }
}
