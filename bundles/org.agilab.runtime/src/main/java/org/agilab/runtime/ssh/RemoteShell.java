package org.agilab.runtime.ssh;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX shell quoting for commands run on SSH hosts: every argument is one word, whatever it holds. */
public final class RemoteShell {

    private RemoteShell() {
    }

    public static String quote(String argument) {
        if (!argument.isEmpty() && argument.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return argument;
        }
        return "'" + argument.replace("'", "'\"'\"'") + "'";
    }

    public static String join(List<String> arguments) {
        return arguments.stream().map(RemoteShell::quote).collect(Collectors.joining(" "));
    }
}
