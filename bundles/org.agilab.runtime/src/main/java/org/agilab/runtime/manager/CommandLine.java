package org.agilab.runtime.manager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The command line's usage text: {@code agilab <command> [options]}. The command line itself is read once, as a
 * {@link org.agilab.runtime.request.ManagerRequest}.
 */
public final class CommandLine {

    /**
     * The usage text, kept in {@code usage.txt} beside this class: ./agilab prints the same file for {@code --help}
     * before anything is built.
     */
    public static final String USAGE = readUsage();

    private CommandLine() {
    }

    private static String readUsage() {
        try (InputStream in = CommandLine.class.getResourceAsStream("usage.txt")) {
            if (in == null) {
                throw new IllegalStateException("usage.txt is missing beside " + CommandLine.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
