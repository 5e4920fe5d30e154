package org.agilab.core.internal.console;

/**
 * Where a launch's lines go besides its process streams, as an OSGi service: the core registers {@link StdoutOutput}
 * (ranking 1), so a headless Eclipse prints them; the UI registers one of higher ranking that leaves them to the
 * process console; a test can register its own, higher still, to capture them (Buildship's provider pattern).
 */
public interface ConsoleOutput {

    /** The lines of one launch. */
    interface Streams {
        void output(String line);

        void error(String line);
    }

    Streams open(String label);

    /** Streams that drop everything (the UI's process console shows the process's own streams). */
    Streams NONE = new Streams() {
        @Override
        public void output(String line) {
        }

        @Override
        public void error(String line) {
        }
    };
}
