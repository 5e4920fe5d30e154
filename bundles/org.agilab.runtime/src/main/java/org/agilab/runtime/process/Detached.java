package org.agilab.runtime.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a process that outlives this JVM (a node, the coordinator) in its own session, its output into a log, and
 * returns its handle. It is started through a shell that backgrounds it and exits at once: a process started directly
 * keeps a JVM thread waiting for it in native code, and the JVM's exit waits 300 ms for such threads before it gives
 * up, which every cold cluster run paid. Its own session means Ctrl-C on a run never reaches it.
 */
public final class Detached {

    private Detached() {
    }

    /** @return the started process's PID */
    public static long start(List<String> command, Path log) throws IOException {
        return start(command, log, null);
    }

    /**
     * @param input what the process reads on its standard input, through pipes (never a file or a command line, which
     *            other users could read), or null: it reads nothing ({@code /dev/null}); text without NUL bytes (a shell
     *            variable carries it) and without trailing newlines (the shell's {@code $(...)} drops them)
     * @return the started process's PID
     */
    public static long start(List<String> command, Path log, byte[] input) throws IOException {
        // The shell reads the input whole before it starts the command and pipes it on from its own memory (printf is a
        // builtin: no command line shows it): a JVM whose child shell has exited drops what it writes to that child's
        // stdin without an error, so the shell must still be there, reading, when this JVM writes.
        List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", (input == null ? "" : "input=$(cat); printf '%s' \"$input\" | ")
                + (Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid " : "") + "\"$@\" >\"$AGILAB_DETACHED_LOG\" 2>&1 "
                + (input == null ? "</dev/null" : "") + " & echo $!",
                "agilab-detached"));
        shell.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(shell).redirectErrorStream(true);
        builder.environment().put("AGILAB_DETACHED_LOG", log.toString());
        Process starter = builder.start();
        try (java.io.OutputStream stdin = starter.getOutputStream()) {
            if (input != null) {
                stdin.write(input);
            }
        }
        String printed = new String(starter.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!starter.waitFor(30, TimeUnit.SECONDS)) {
                starter.destroyForcibly();
                throw new IOException("the shell starting " + command.get(0) + " did not return within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + command.get(0), e);
        }
        try {
            return Long.parseLong(printed);
        } catch (NumberFormatException e) {
            throw new IOException("could not start " + command.get(0) + ": " + printed, e);
        }
    }

    /**
     * Waits until {@code process} has exited, polling every 20 ms: the JDK's own wait for a process that is not this
     * JVM's child (a detached one is not, once its shell exits) sleeps 300 ms and more between checks.
     *
     * @return whether it exited in time
     */
    static boolean awaitExit(ProcessHandle process, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (process.isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            }
        }
        return true;
    }

    /** Asks {@code processes} to stop (SIGTERM), waits up to {@code timeoutMillis} for each, then kills what is left. */
    public static void stop(List<ProcessHandle> processes, long timeoutMillis) {
        processes.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : processes) {
            if (!awaitExit(process, timeoutMillis)) {
                process.destroyForcibly();
                awaitExit(process, timeoutMillis);
            }
        }
    }

    /** Whether the process {@code pid} still runs. */
    public static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
