package org.agilab.ui.internal.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.ConsolePlugin;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.IConsoleManager;
import org.eclipse.ui.console.IOConsole;
import org.eclipse.ui.console.IOConsoleOutputStream;

/**
 * The console of one stage of a lab ({@code flight_telemetry › speed_stats}): each run of the stage starts with a
 * header line, then follows the stage's log file as the stage writes it (a reader thread, never the UI thread), and ends
 * with the stage's status. Runs follow one another (a console's clear is asynchronous: it could wipe the first lines of
 * the next run); the oldest lines go past {@link #HIGH_WATER_MARK} characters. A lab's own console (stage {@code null}) gets the run's progress and what the manager printed outside its
 * protocol. One console per lab and stage, found again by later runs and editors.
 */
public final class StageConsole extends IOConsole {

    public static final String TYPE = "org.agilab.ui.stageConsole";
    private static final long POLL_MS = 150;
    static final int HIGH_WATER_MARK = 400_000;

    private final Path labFile;
    private final String stage;
    private final IOConsoleOutputStream output;
    private final IOConsoleOutputStream errors;
    private volatile Thread follower;
    private volatile boolean stageEnded;

    private StageConsole(Path labFile, String stage) {
        super(title(labFile, stage), TYPE, ResourceLocator.imageDescriptorFromBundle("org.agilab.ui", "icons/agilab.png").orElse(null));
        this.labFile = labFile;
        this.stage = stage;
        this.output = newOutputStream();
        this.errors = newOutputStream();
        setWaterMarks(HIGH_WATER_MARK - 100_000, HIGH_WATER_MARK);
        Display display = PlatformUI.isWorkbenchRunning() ? PlatformUI.getWorkbench().getDisplay() : null;
        if (display != null) {
            display.asyncExec(() -> errors.setColor(display.getSystemColor(SWT.COLOR_RED)));
        }
    }

    private static String title(Path labFile, String stage) {
        String lab = labFile.toAbsolutePath().getParent().getFileName().toString();
        return "AGILab workflow " + lab + (stage == null ? "" : " \u203a " + stage);
    }

    /** The console of {@code stage} of the lab (null: the lab's own), added to the console manager if new. */
    public static StageConsole of(Path labFile, String stage) {
        IConsoleManager consoles = ConsolePlugin.getDefault().getConsoleManager();
        synchronized (StageConsole.class) {
            for (IConsole console : consoles.getConsoles()) {
                if (console instanceof StageConsole found && found.labFile.equals(labFile) && Objects.equals(found.stage, stage)) {
                    return found;
                }
            }
            StageConsole created = new StageConsole(labFile, stage);
            consoles.addConsoles(new IConsole[] {created});
            return created;
        }
    }

    public String stage() {
        return stage;
    }

    public void show() {
        ConsolePlugin.getDefault().getConsoleManager().showConsoleView(this);
    }

    public void println(String line) {
        write(output, line + "\n");
    }

    public void error(String line) {
        write(errors, line + "\n");
    }

    private static void write(IOConsoleOutputStream stream, String text) {
        try {
            stream.write(text);
        } catch (IOException e) {
            // the console was removed by the user: the stage's log file keeps every line
        }
    }

    /** A new run of the stage: its header, then {@code log} followed until {@link #stageEnded} is called. */
    public synchronized void follow(Path log, String header) {
        stopFollowing();
        stageEnded = false;
        println(header);
        Thread thread = new Thread(() -> copy(log), "agilab-stage-console");
        thread.setDaemon(true);
        follower = thread;
        thread.start();
    }

    /** The stage ended: what its log still holds is copied, then its status line. */
    public void stageEnded(String statusLine, boolean failed) {
        Thread thread = follower;
        stageEnded = true;
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failed) {
            error(statusLine);
        } else {
            println(statusLine);
        }
    }

    private synchronized void stopFollowing() {
        Thread thread = follower;
        if (thread != null) {
            stageEnded = true;
            thread.interrupt();
            follower = null;
        }
    }

    /** Copies what is appended to the log until the stage has ended and nothing more comes. */
    private void copy(Path log) {
        long position = 0;
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                boolean ended = stageEnded; // read before the file: what was written before the end is copied
                if (Files.isRegularFile(log)) {
                    try (InputStream in = Files.newInputStream(log)) {
                        in.skipNBytes(position);
                        for (int n; (n = in.read(buffer)) > 0;) {
                            output.write(buffer, 0, n);
                            position += n;
                        }
                    }
                }
                if (ended) {
                    return;
                }
                Thread.sleep(POLL_MS);
            }
        } catch (IOException e) {
            error("(the log " + log + " cannot be read: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
