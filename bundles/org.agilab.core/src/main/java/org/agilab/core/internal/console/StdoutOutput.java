package org.agilab.core.internal.console;

/** A headless Eclipse's console: each line on stdout or stderr, prefixed with its launch. */
public final class StdoutOutput implements ConsoleOutput {

    @Override
    public Streams open(Source source) {
        String label = source.label();
        return new Streams() {
            @Override
            public void output(String line) {
                System.out.println("[" + label + "] " + line);
            }

            @Override
            public void error(String line) {
                System.err.println("[" + label + "] " + line);
            }
        };
    }
}
