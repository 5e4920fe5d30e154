package org.agilab.core.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.agilab.runtime.protocol.ControlMessage;
import org.agilab.runtime.protocol.EventEnvelope;

/**
 * A running manager JVM: its events arrive on a reader thread and go to the listener; {@link #cancel()} and
 * {@link #sendCredentials} write control messages to its stdin; anything the JVM prints outside the protocol (JVM
 * warnings, a crash) goes to the listener's {@code output}.
 */
public final class ManagerProcess {

    /** Receives what a manager reports; called on the manager's reader threads. */
    public interface Listener {
        void event(EventEnvelope event);

        /** A line that is not a protocol event, from the manager's stdout or stderr. */
        void output(String line);
    }

    private final Process process;
    private final OutputStream control;
    private final Thread eventReader;
    private final Thread errorReader;

    ManagerProcess(Process process, Listener listener) {
        this.process = process;
        this.control = process.getOutputStream();
        this.eventReader = pump("agilab-manager-events", process.getInputStream(), line -> {
            EventEnvelope event;
            try {
                event = EventEnvelope.parse(line);
            } catch (IllegalArgumentException notAnEvent) {
                listener.output(line);
                return;
            }
            listener.event(event);
        });
        this.errorReader = pump("agilab-manager-stderr", process.getErrorStream(), listener::output);
    }

    private static Thread pump(String name, InputStream stream, Consumer<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null;) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the manager ended; its exit code tells the rest
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    public long pid() {
        return process.pid();
    }

    /** Asks the manager to cancel; it answers with a cancelled error event and exits with code 8. */
    public void cancel() {
        send(new ControlMessage.Cancel());
    }

    /** Hands SSH secrets to the manager over stdin: never on its command line or in its environment. */
    public void sendCredentials(String host, String user, String password, String passphrase) {
        send(new ControlMessage.SshCredentials(host, user, password, passphrase));
    }

    private synchronized void send(ControlMessage message) {
        try {
            control.write((message.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8));
            control.flush();
        } catch (IOException e) {
            // the manager already ended
        }
    }

    /** Waits for the manager to end and for its streams to be read fully; returns its exit code. */
    public int waitFor() throws InterruptedException {
        int code = process.waitFor();
        eventReader.join(TimeUnit.SECONDS.toMillis(10));
        errorReader.join(TimeUnit.SECONDS.toMillis(10));
        return code;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the manager without waiting for it to cancel cleanly (last resort, e.g. the IDE shutting down). */
    public void destroy() {
        process.destroyForcibly();
    }
}
