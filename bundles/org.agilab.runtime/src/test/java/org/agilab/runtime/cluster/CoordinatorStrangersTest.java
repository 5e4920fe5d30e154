package org.agilab.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.agilab.runtime.install.NodeRuntime;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.process.ProcessIdentity;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.protocol.Events;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real coordinator JVM, shared by the class, against local strangers that connect without its token: one that idles,
 * one that trickles a byte at a time, one that sends an endless line. The owner's requests are answered meanwhile, and
 * each stranger is cut off. And a caller whose coordinator never answers runs the command itself.
 */
class CoordinatorStrangersTest {

    /** Bounds a read that the old, one-connection-at-a-time coordinator would block forever. */
    private static final int HANG_DETECTOR_MILLIS = 60_000;

    @TempDir
    static Path dir;
    static Path nodes;
    static Coordinator.Endpoint coordinator;

    @BeforeAll
    static void startCoordinator() throws Exception {
        nodes = Files.createDirectories(dir.resolve("home/wenv/mycode_worker/nodes"));
        Coordinator.spawn(nodes, dir.resolve("home"), 600);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Optional<Coordinator.Endpoint> endpoint = Coordinator.find(nodes);
        while (endpoint.isEmpty() || !Files.isRegularFile(endpoint.get().token())) {
            assertTrue(System.nanoTime() < deadline, "no coordinator after 60 s; see " + nodes.resolve(Coordinator.LOG));
            Thread.sleep(100);
            endpoint = Coordinator.find(nodes);
        }
        coordinator = endpoint.get();
    }

    @AfterAll
    static void stopCoordinator() {
        Coordinator.stop(nodes);
        assertEquals(List.of(), StrayJvms.killUnder(dir), "JVMs left behind");
    }

    static Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), coordinator.port());
        socket.setSoTimeout(HANG_DETECTOR_MILLIS);
        return socket;
    }

    /** The owner's handshake for a command that is not a cluster run: the coordinator answers "declined" at once. */
    static String ownersRequest() throws IOException {
        try (Socket socket = connect()) {
            String token = Files.readString(coordinator.token()).strip();
            socket.getOutputStream().write((token + "\n" + JsonCodec.write(List.of("doctor")) + "\n{}\n").getBytes(StandardCharsets.UTF_8));
            return firstLine(socket.getInputStream());
        }
    }

    static String firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1 && b != '\n';) {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Whether the coordinator closed this connection: end of stream or a reset, never a read that times out. */
    static boolean closedByCoordinator(Socket socket) throws IOException {
        try {
            InputStream in = socket.getInputStream();
            while (in.read() != -1) {
                // whatever it said before closing
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Test
    void anIdleAndATricklingStrangerDoNotStallTheOwnersRequests() throws Exception {
        try (Socket idle = connect(); Socket trickler = connect()) {
            AtomicBoolean trickling = new AtomicBoolean(true);
            Thread trickle = new Thread(() -> {
                try {
                    OutputStream out = trickler.getOutputStream();
                    // a byte every 200 ms: every single read of the handshake succeeds, the whole never ends
                    for (int i = 0; i < 300 && trickling.get(); i++) {
                        out.write('a');
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException cutOff) {
                    // the coordinator closed the connection
                }
            });
            trickle.start();
            Thread.sleep(500);
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(ownersRequest());
            }
            assertEquals(List.of("declined: not a cluster run", "declined: not a cluster run", "declined: not a cluster run"), answers,
                    "the owner's requests are answered while strangers hold connections");
            assertTrue(closedByCoordinator(idle), "the idle stranger is cut off after the handshake deadline");
            assertTrue(closedByCoordinator(trickler), "the trickling stranger is cut off although every byte came in time");
            trickling.set(false);
            trickle.join();
        }
    }

    @Test
    void connectionsBeyondTheHandshakeSlotsAreRefusedAtOnce() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < Coordinator.MAX_HANDSHAKES; i++) {
                idle.add(connect());
            }
            Thread.sleep(300); // the coordinator has accepted them all
            try (Socket beyond = connect()) {
                assertEquals("refused: busy", firstLine(beyond.getInputStream()), "a connection past the slots is told at once");
            }
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
        assertEquals("declined: not a cluster run", ownersRequest(), "closed connections give their slots back");
    }

    @Test
    void aWrongTokenIsRefusedAndAnEndlessLineIsCutOff() throws Exception {
        try (Socket wrong = connect()) {
            wrong.getOutputStream().write(("0".repeat(64) + "\n").getBytes(StandardCharsets.UTF_8));
            assertEquals("refused: wrong token", firstLine(wrong.getInputStream()));
        }
        try (Socket endless = connect()) {
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'a');
            long sent = 0;
            try {
                OutputStream out = endless.getOutputStream();
                while (sent < 4L * Coordinator.MAX_LINE_BYTES) {
                    out.write(chunk);
                    sent += chunk.length;
                }
            } catch (SocketException cutOff) {
                // the coordinator stopped reading and closed the connection
            }
            assertTrue(closedByCoordinator(endless), "a line past " + Coordinator.MAX_LINE_BYTES + " bytes ends the connection");
        }
        assertEquals("declined: not a cluster run", ownersRequest(), "the coordinator still serves its owner");
    }

    @Test
    void aCallerWhoseCoordinatorNeverAnswersRunsTheCommandItself() throws Exception {
        int previous = Coordinator.firstAnswerMillis;
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Path token = Files.writeString(dir.resolve("silent.token"), "f".repeat(64));
            Coordinator.Endpoint frozen = new Coordinator.Endpoint(ProcessIdentity.current(), silent.getLocalPort(), token,
                    NodeRuntime.stamp());
            Coordinator.firstAnswerMillis = 1_000;
            List<EventEnvelope> relayed = new ArrayList<>();
            Events events = new Events(new Redactor());
            events.addSink(relayed::add);
            Optional<Integer> outcome = Coordinator.delegate(frozen, List.of("run"), Map.of(), events, new Cancellation(), () -> {
                throw new AssertionError("a coordinator that never answered did not take the run");
            });
            assertEquals(Optional.empty(), outcome, "no answer: the caller runs the command itself");
            assertEquals(List.of(), relayed);
        } finally {
            Coordinator.firstAnswerMillis = previous;
        }
    }
}
