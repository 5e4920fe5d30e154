package org.agilab.core.internal.console;

/**
 * Where a launch's lines go, as an OSGi service: the core registers {@link StdoutOutput} (ranking 1), so a headless
 * Eclipse prints them; the UI registers its console (ranking 2); a test can register its own, higher still, to capture
 * them (Buildship's provider pattern).
 */
public interface ConsoleOutput {

    /** The lines of one launch. */
    interface Streams {
        void output(String line);

        void error(String line);

        /**
         * An error line naming a place ({@code file}, and its {@code line} when known, from the typed failure): a
         * console makes that place a link to it.
         */
        default void error(String line, String file, Integer lineNumber) {
            error(line);
        }

        /** Information that is not the run's output: a cancel the user asked for (never shown as an error). */
        default void info(String line) {
            output(line);
        }

        /** The launch ended with this exit code. */
        default void ended(int exitCode) {
        }
    }

    /** The launch a console shows: its names, the platform launch it belongs to, and its Terminate. */
    interface Source {
        /** Short, for a line prefix: "AGILab run flight_telemetry_project". */
        String label();

        /** The console's title, as the Debug UI names a launch: "flight (run) [AGILab Run]". */
        String title();

        /** The platform's launch (an {@code ILaunch}), so a console can go when its launch is removed. */
        Object launch();

        boolean isTerminated();

        void terminate();
    }

    Streams open(Source source);

    /**
     * Whether this output is the launch's console in the IDE: the process then offers no streams of its own, so the
     * platform does not open a second console for it.
     */
    default boolean isConsole() {
        return false;
    }
}
