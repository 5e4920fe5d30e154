package org.agilab.runtime.protocol;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.log.Redactor;

/**
 * Reads control messages, one JSON object per line, from the caller (the manager's stdin):
 * <ul>
 * <li>{@link ControlMessage.Cancel} cancels the running operation;</li>
 * <li>{@link ControlMessage.SshCredentials} hands over SSH secrets, which never appear on a command line.</li>
 * </ul>
 * The end of the stream means the caller is gone, so the operation is cancelled rather than left running unwatched.
 */
public final class ControlChannel {

    private static final AgiLog LOG = AgiLog.get(ControlChannel.class);

    private final InputStream in;
    private final Cancellation cancellation;
    private final Credentials credentials;
    private final Redactor redactor;
    private final Events events;

    public ControlChannel(InputStream in, Cancellation cancellation, Credentials credentials, Redactor redactor, Events events) {
        this.in = in;
        this.cancellation = cancellation;
        this.credentials = credentials;
        this.redactor = redactor;
        this.events = events;
    }

    private volatile Thread reader;
    private volatile boolean stopping;

    /** Starts reading on a daemon thread. */
    public Thread start() {
        reader = new Thread(this::readAll, "agilab-control");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    /**
     * Stops reading. The process's own stdin is read through an interruptible channel so this really ends the read:
     * HotSpot waits up to 300 ms at exit for a thread blocked in a native read, which would slow every command.
     */
    public void stop() {
        stopping = true;
        Thread running = reader;
        if (running != null) {
            running.interrupt();
            if (in != System.in) {
                try {
                    in.close(); // a socket or pipe read does not end on interrupt; closing ends it
                } catch (IOException ignored) {
                    // already closed
                }
            }
            try {
                running.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void readAll() {
        try {
            if (in == System.in) {
                readChannel(new FileInputStream(FileDescriptor.in).getChannel());
            } else {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null;) {
                        if (!line.isBlank()) {
                            handle(line);
                        }
                    }
                }
            }
            if (!stopping) {
                cancellation.cancel("the caller closed the control channel");
            }
        } catch (IOException e) {
            if (!stopping) {
                cancellation.cancel("the control channel failed: " + e.getMessage());
            }
        }
    }

    /**
     * Reads lines from the process's stdin as they arrive. A reader over the channel (Channels.newReader) keeps
     * reading until its buffer is full or the stream ends, so a cancel would wait for the caller to close stdin; this
     * handles each line as soon as its newline arrives, and ends on interrupt.
     */
    private void readChannel(java.nio.channels.ReadableByteChannel stdin) throws IOException {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(8192);
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        while (stdin.read(buffer) >= 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte next = buffer.get();
                if (next == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (!text.isBlank()) {
                        handle(text);
                    }
                } else {
                    line.write(next);
                }
            }
            buffer.clear();
        }
    }

    void handle(String line) {
        ControlMessage message;
        try {
            message = ControlMessage.parse(line);
        } catch (JsonCodec.Malformed e) {
            // never echo the line: it may hold a secret
            LOG.warn("ignored a control message that is not a JSON object");
            return;
        }
        if (message instanceof ControlMessage.Cancel) {
            cancellation.cancel("the caller asked to cancel");
        } else if (message instanceof ControlMessage.SshCredentials secret) {
            redactor.addSecret(secret.password());
            redactor.addSecret(secret.passphrase());
            credentials.put(secret.host(), new Credentials.Secret(secret.user(), secret.password(), secret.passphrase()));
            // said (never the secret): a user sees that the IDE's stored secrets reached this run
            events.emit(new Event.Credentials(secret.host(), secret.password() != null, secret.passphrase() != null));
        } else {
            LOG.warn("ignored a control message of unknown type '" + ((ControlMessage.Unknown) message).type() + "'");
        }
    }
}
