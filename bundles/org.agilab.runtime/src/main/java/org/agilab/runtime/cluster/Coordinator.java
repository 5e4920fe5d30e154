package org.agilab.runtime.cluster;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.install.NodeRuntime;
import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.launch.ManagerClasspath;
import org.agilab.runtime.node.ClusterTls;
import org.agilab.runtime.process.Detached;
import org.agilab.runtime.process.ProcessIdentity;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.protocol.ControlMessage;
import org.agilab.runtime.protocol.Credentials;
import org.agilab.runtime.protocol.Events;
import org.agilab.runtime.request.ManagerRequest;

/**
 * A manager that stays up with the warm nodes of one app target and keeps its Ignite client, so a warm cluster run
 * pays neither a JVM start nor a client join. It listens on 127.0.0.1 only; a caller proves it is the user by
 * sending the token from {@code nodes/coordinator.token}, a file only the user can read. Connections are served
 * concurrently, and a handshake (token, command line, environment) must arrive within {@link #HANDSHAKE_MILLIS} and
 * {@link #MAX_LINE_BYTES} a line, so another local user who connects and idles or trickles bytes holds one of
 * {@link #MAX_HANDSHAKES} slots for a few seconds and never stalls the owner's runs. Authenticated requests run one at a
 * time (a second one is told to wait); the request is a command line, read as a {@link ManagerRequest} and handed to
 * a {@link RequestHandler} (the manager, in the coordinator's role); the answer is the manager's JSON-lines events,
 * control messages flow back on the same connection. Idle past the nodes' timeout, it stops the nodes and itself.
 */
public final class Coordinator {

    public static final String FILE = "coordinator.json";
    public static final String TOKEN = "coordinator.token";
    public static final String LOG = "coordinator.log";
    /** The first answer line when the request is not for the coordinator (not a cluster run): the caller runs it. */
    static final String DECLINED = "declined:";
    /** The first answer line of a cluster run the coordinator takes: the caller waits from then on without a limit. */
    static final String ACCEPTED = "accepted:";
    /** The next line while another request runs: this one starts when it ends. */
    static final String WAITING = "waiting:";
    /** The whole handshake (token, command line, environment) must arrive within this. */
    static final int HANDSHAKE_MILLIS = 5_000;
    /** Longest handshake line: a token is 64 characters, a command line or an environment a few kB. */
    static final int MAX_LINE_BYTES = 1 << 20;
    /** Handshakes served at once; a connection beyond them is closed at once (its caller runs the command itself). */
    static final int MAX_HANDSHAKES = 8;
    /**
     * How long a caller waits for the coordinator's first answer line before it runs the command itself: a coordinator
     * that accepted the connection but does not answer (frozen, or not ours) must not stall a run.
     */
    static volatile int firstAnswerMillis = 30_000;
    /**
     * How long a caller waits for a coordinator that is starting (recorded, alive, not listening yet) before it runs the
     * command itself: a coordinator listens within a JVM start, well under this on a loaded machine.
     */
    public static final long START_WAIT_MILLIS = 5_000;

    /** A running coordinator: its process and where it listens. */
    public record Endpoint(ProcessIdentity process, int port, Path token, String runtime) {

        /** Whether it runs the same AGILab runtime build as this process: a rebuilt runtime must not meet an old one. */
        public boolean sameRuntime() {
            return NodeRuntime.stamp().equals(runtime);
        }
    }

    /** What a coordinator does with the requests callers hand it: the manager, in the coordinator's role. */
    public interface RequestHandler {

        /**
         * Whether the coordinator takes this request (a cluster run on local workers with valid settings), with the
         * caller's environment; anything else the caller runs itself.
         */
        boolean accepts(ManagerRequest request, Map<String, String> environment);

        /**
         * Runs an accepted request with the caller's environment (settings, secrets to redact and the record are the
         * caller's): its events as JSON lines on {@code out}, control messages from {@code in}.
         *
         * @return the exit code
         */
        int handle(ManagerRequest request, Map<String, String> environment, InputStream in, PrintStream out);

        /**
         * Runs the work of a local run that ended well again, off the record, until {@code cancellation} says a request
         * arrived ({@link RunWarmUp}): nothing the caller sees or keeps may change.
         *
         * @return how many runs it made (0: nothing to warm up)
         */
        default int warmUp(ManagerRequest request, Map<String, String> environment, Cancellation cancellation) {
            return 0;
        }
    }

    /**
     * Set by a caller that lets the coordinator take its local runs too (modes without {@code d}: the {@code ./agilab}
     * CLI unless it opted out); not part of its environment. Other callers (the IDE, tests, services) hand over
     * cluster runs only.
     */
    public static final String LOCAL_RUN_CALLER = "AGILAB_COORDINATOR_LOCAL_RUNS";

    /** Set by a caller that shows only logs and the result (a terminal without --verbose); not part of its environment. */
    public static final String TERSE_CALLER = "AGILAB_COORDINATOR_TERSE_CALLER";

    private Coordinator() {
    }

    /**
     * {@value #FILE}: the coordinator's process, and once it listens its port, its runtime's stamp and since when.
     */
    record EndpointFile(Long pid, Instant started, Integer port, String runtime, String since, String adopted) {

        EndpointFile(Long pid, Instant started, Integer port, String runtime, String since) {
            this(pid, started, port, runtime, since, null);
        }

        Optional<ProcessIdentity> process() {
            return pid == null || started == null ? Optional.empty() : Optional.of(new ProcessIdentity(pid, started));
        }
    }

    private static Optional<EndpointFile> endpointFile(Path nodesFolder) {
        Path file = nodesFolder.resolve(FILE);
        try {
            return Files.isRegularFile(file) ? Optional.of(JsonCodec.read(Files.readString(file), EndpointFile.class)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a stale or half-written file names no coordinator
        }
    }

    /**
     * The coordinator of these nodes, waiting up to {@code startMillis} for one that is still starting (its process
     * recorded, alive, not yet listening): a run right after the cold run that spawned it goes to it rather than joining
     * a client of its own.
     */
    public static Optional<Endpoint> find(Path nodesFolder, long startMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startMillis);
        while (true) {
            Optional<EndpointFile> file = endpointFile(nodesFolder);
            Optional<ProcessIdentity> process = file.flatMap(EndpointFile::process);
            if (process.isEmpty() || !process.get().isAlive()) {
                return Optional.empty();
            }
            if (file.get().port() != null) {
                return Optional.of(new Endpoint(process.get(), file.get().port(), nodesFolder.resolve(TOKEN), file.get().runtime()));
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** The time the nodes it adopted were started ({@link NodeRegistry#started}), once its own client joined them. */
    public static Optional<String> adopted(Path nodesFolder) {
        return endpointFile(nodesFolder).map(EndpointFile::adopted);
    }

    public static Optional<Endpoint> find(Path nodesFolder) {
        Optional<EndpointFile> file = endpointFile(nodesFolder);
        Optional<ProcessIdentity> process = file.flatMap(EndpointFile::process);
        if (process.isEmpty() || !process.get().isAlive() || file.get().port() == null) {
            return Optional.empty();
        }
        return Optional.of(new Endpoint(process.get(), file.get().port(), nodesFolder.resolve(TOKEN), file.get().runtime()));
    }

    /** Whether these nodes have a coordinator, ready or still starting: a second one would orphan the first. */
    public static boolean running(Path nodesFolder) {
        return recorded(nodesFolder).filter(ProcessIdentity::isAlive).isPresent();
    }

    private static Optional<ProcessIdentity> recorded(Path nodesFolder) {
        return endpointFile(nodesFolder).flatMap(EndpointFile::process);
    }

    /**
     * How a coordinator joins the nodes it is spawned with, before any request: what a run's client would use. No
     * secret: addresses, a folder and the cluster's identity (a hash), so it may travel on the command line.
     *
     * @param clientHosts the hosts of the nodes (127.0.0.1 for local ones)
     * @param address the address the client binds ({@code [cluster] scheduler}'s host)
     * @param tlsFolder the home's TLS material
     */
    public record Join(List<String> clientHosts, String address, long failureDetectionMs, String tlsFolder, String clusterId) {
    }

    /** Starts a coordinator in its own session, in the background: the next run will find it. */
    static void spawn(Path nodesFolder, Path home, long idleSeconds) {
        spawn(nodesFolder, home, idleSeconds, null);
    }

    /**
     * Starts a coordinator for the local runs of this app target, in the background, unless one is up or starting: the
     * caller's run has ended, so the new JVM's start delays nothing; the next run finds it (or waits for it to listen).
     * (The CLI's cold cluster run also spawns one this way, to hand itself to: no join, the run starts the nodes there.)
     *
     * @return whether one was spawned
     */
    public static boolean spawnForLocalRuns(Path nodesFolder, long idleSeconds) {
        return spawnForLocalRuns(nodesFolder, idleSeconds, null);
    }

    /**
     * @param warmUp the local run that spawns it, whose work it warms up once listening ({@link RunWarmUp}), or null;
     *            handed over on its standard input, and run with the environment it inherits from this process
     */
    public static boolean spawnForLocalRuns(Path nodesFolder, long idleSeconds, ManagerRequest warmUp) {
        try {
            org.agilab.runtime.io.FileTrees.privateFolder(nodesFolder); // its log holds what an app prints
        } catch (IOException e) {
            return false; // without a coordinator every run starts its own JVM: slower, never wrong
        }
        return !running(nodesFolder) && spawn(nodesFolder, null, idleSeconds, null, warmUp);
    }

    /**
     * Starts a coordinator in its own session, in the background, which joins the nodes of {@code nodesFolder}'s
     * registry with {@code join} (when not null) as soon as it listens: the next run finds it with its client joined.
     */
    static boolean spawn(Path nodesFolder, Path home, long idleSeconds, Join join) {
        return spawn(nodesFolder, home, idleSeconds, join, null);
    }

    private static boolean spawn(Path nodesFolder, Path home, long idleSeconds, Join join, ManagerRequest warmUp) {
        String classpath = System.getProperty(ManagerClasspath.CLASSPATH_PROPERTY, System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(ManagerClasspath.currentJava().toString());
        command.addAll(ClusterJvm.options());
        dropClassDataArchives(nodesFolder);
        command.addAll(List.of("-cp", classpath, ManagerClasspath.COORDINATOR_CLASS, nodesFolder.toString(),
                Long.toString(idleSeconds)));
        if (join != null) {
            command.add(JsonCodec.write(join));
        }
        try {
            long pid = Detached.start(command, nodesFolder.resolve(LOG),
                    warmUp == null ? null : JsonCodec.write(warmUp.toArgv()).getBytes(StandardCharsets.UTF_8));
            // recorded at once (without a port until it listens), so 'nodes stop' finds it even while it starts
            ProcessHandle.of(pid).flatMap(ProcessIdentity::of).ifPresent(identity ->
                    AtomicFiles.writeString(nodesFolder.resolve(FILE),
                            JsonCodec.writePretty(new EndpointFile(identity.pid(), identity.started(), null, null, null))));
            return true;
        } catch (IOException e) {
            return false; // without a coordinator every run joins its own client: slower, never wrong
        }
    }

    /**
     * Drops the class-data archives earlier coordinators left. A coordinator has none: written at its exit (as the nodes' is), the dump crashed the JVM
     * (JDK 17.0.15, {@code SystemDictionaryShared::adjust_lambda_proxy_class_dictionary}, every time on 2026-12-06) once
     * the coordinator had run an app, whose classes and their lambdas live in a class loader of their own (JDK-8274944's
     * kind of bug), so the archive was never written.
     */
    static void dropClassDataArchives(Path nodesFolder) {
        try (java.util.stream.Stream<Path> old = Files.list(nodesFolder)) {
            for (Path file : old.filter(f -> f.getFileName().toString().matches("coordinator-.*\\.jsa")).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a stale archive is only disk space
        }
    }

    /** Stops the coordinator of these nodes, ready or still starting (by PID and start time). */
    public static void stop(Path nodesFolder) {
        recorded(nodesFolder).filter(ProcessIdentity::isAlive).flatMap(identity -> ProcessHandle.of(identity.pid()))
                .ifPresent(handle -> Detached.stop(List.of(handle), 10_000));
        try {
            Files.deleteIfExists(nodesFolder.resolve(FILE));
            Files.deleteIfExists(nodesFolder.resolve(TOKEN));
        } catch (IOException ignored) {
            // a stale file names a dead process: find() ignores it
        }
    }

    /**
     * Serves the coordinator of these nodes until it has been idle for {@code idleSeconds}: the main of a coordinator
     * process ({@link ManagerClasspath#COORDINATOR_CLASS}), which gives the handler of its requests.
     */
    public static void serve(Path nodesFolder, long idleSeconds, RequestHandler handler) throws IOException {
        serve(nodesFolder, idleSeconds, null, null, handler);
    }

    /**
     * @param join how to join the registry's nodes before the first request (null: the first run joins)
     * @param warmUp the run whose work to warm up once listening (the cold run that spawned it), or null
     */
    public static void serve(Path nodesFolder, long idleSeconds, Join join, ManagerRequest warmUp, RequestHandler handler)
            throws IOException {
        long idleMillis = idleSeconds * 1000;
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            server.setSoTimeout(1000);
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String token = HexFormat.of().formatHex(secret);
            Path tokenFile = nodesFolder.resolve(TOKEN);
            Path temporary = nodesFolder.resolve("." + TOKEN + ".tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, token);
            Files.move(temporary, tokenFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            ProcessIdentity self = ProcessIdentity.current();
            AtomicFiles.writeString(nodesFolder.resolve(FILE), JsonCodec.writePretty(new EndpointFile(self.pid(), self.started(),
                    server.getLocalPort(), NodeRuntime.stamp(), Instant.now().toString())));
            System.out.println("coordinator ready on 127.0.0.1:" + server.getLocalPort());
            if (join != null) {
                Thread adopting = new Thread(() -> adopt(nodesFolder, join, server.getLocalPort()), "coordinator-adopt");
                adopting.setDaemon(true);
                adopting.start();
            }
            AtomicLong lastUse = new AtomicLong(System.currentTimeMillis());
            // authenticated requests, from their token to their run's end: the idle stop waits for none to be left
            AtomicInteger owners = new AtomicInteger();
            Semaphore handshakes = new Semaphore(MAX_HANDSHAKES);
            ReentrantLock oneRunAtATime = new ReentrantLock(true);
            RunWarmUp warmUps = new RunWarmUp(oneRunAtATime);
            if (warmUp != null) {
                warmUps.schedule(warmUp, System.getenv(), handler); // the spawning run's environment, which this JVM inherited
            }
            ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "coordinator-connection");
                thread.setDaemon(true);
                return thread;
            });
            while (true) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (SocketTimeoutException idle) {
                    // an owner's request counts itself before it leaves the handshake, so none starts past this check
                    synchronized (owners) {
                        if (owners.get() == 0 && System.currentTimeMillis() - Math.max(lastUse.get(), nodesLastUsed(nodesFolder)) > idleMillis) {
                            System.out.println("idle for more than " + idleMillis / 1000 + " s: stopping the nodes and the coordinator");
                            Clients.reset();
                            NodeRegistry.stop(nodesFolder);
                            // a coordinator that lost a race to record itself must not delete the winner's files
                            if (endpointFile(nodesFolder).flatMap(EndpointFile::process).filter(self::equals).isPresent()) {
                                Files.deleteIfExists(nodesFolder.resolve(FILE));
                                Files.deleteIfExists(tokenFile);
                            }
                            System.exit(0);
                        }
                    }
                    continue;
                }
                if (!handshakes.tryAcquire()) {
                    System.out.println("refused a connection: " + MAX_HANDSHAKES + " handshakes already in progress");
                    try (socket) {
                        socket.getOutputStream().write("refused: busy\n".getBytes(StandardCharsets.UTF_8));
                    } catch (IOException ignored) {
                        // the caller runs the command itself either way
                    }
                    continue;
                }
                connections.execute(() -> {
                    try (socket) {
                        serve(socket, token, new Slots(handshakes, owners, lastUse), oneRunAtATime, warmUps, handler);
                    } catch (IOException | RuntimeException e) {
                        System.out.println("request failed: " + e);
                    }
                });
            }
        }
    }

    /**
     * When the nodes were last used by anyone ({@link NodeRegistry#LAST_USED}): a service dispatching tasks to them
     * without a request to this coordinator keeps them, and it, up.
     */
    private static long nodesLastUsed(Path nodesFolder) {
        try {
            return Files.getLastModifiedTime(nodesFolder.resolve(NodeRegistry.LAST_USED)).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Joins the warm nodes of the registry (those the cold run that spawned this coordinator started) with the client
     * its runs keep, while no request needs it yet, and says so in {@value #FILE} ({@code adopted}: when those nodes
     * started). Nodes that are gone or replaced meanwhile are left to the next run, which starts or joins what it needs.
     */
    private static void adopt(Path nodesFolder, Join join, int port) {
        try {
            // spawned as the nodes start: their registry is written once they are all ready
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(ClusterRunner.START_TIMEOUT_S);
            Optional<NodeRegistry> registry = NodeRegistry.read(nodesFolder);
            while (registry.isEmpty() && System.nanoTime() < waitUntil) {
                Thread.sleep(50);
                registry = NodeRegistry.read(nodesFolder);
            }
            registry = registry.filter(NodeRegistry::allAlive);
            if (registry.isEmpty()) {
                return;
            }
            long start = System.nanoTime();
            boolean kept = Clients.adopt(registry.get().ports(), join.clientHosts(), nodesFolder, join.clusterId(), join.address(),
                    join.failureDetectionMs(), ClusterTls.read(Path.of(join.tlsFolder())));
            if (!kept) {
                return;
            }
            System.out.println("joined the " + registry.get().nodes().size() + " warm nodes started at " + registry.get().started() + " in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
            ProcessIdentity self = ProcessIdentity.current();
            Optional<EndpointFile> file = endpointFile(nodesFolder);
            if (file.isPresent() && self.equals(file.get().process().orElse(null))) {
                AtomicFiles.writeString(nodesFolder.resolve(FILE), JsonCodec.writePretty(new EndpointFile(self.pid(), self.started(), port,
                        file.get().runtime(), file.get().since(), registry.get().started())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            System.out.println("could not join the warm nodes ahead of a run (the first run joins): " + e);
        }
    }

    /** What a connection holds: a handshake slot until its handshake ends, then, once authenticated, an owner's place. */
    private static final class Slots {
        private final Semaphore handshakes;
        private final AtomicInteger owners;
        private final AtomicLong lastUse;
        private boolean handshaking = true;
        private boolean owner;

        Slots(Semaphore handshakes, AtomicInteger owners, AtomicLong lastUse) {
            this.handshakes = handshakes;
            this.owners = owners;
            this.lastUse = lastUse;
        }

        /** The token was right: the coordinator must not stop for idleness while this request lasts. */
        void authenticated() {
            synchronized (owners) {
                owners.incrementAndGet();
                owner = true;
                lastUse.set(System.currentTimeMillis());
            }
        }

        void handshakeDone() {
            if (handshaking) {
                handshaking = false;
                handshakes.release();
            }
        }

        void done() {
            handshakeDone();
            if (owner) {
                owner = false;
                lastUse.set(System.currentTimeMillis());
                owners.decrementAndGet();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to tell a connection that was never served
        }
    }

    /**
     * Serves one connection: the handshake under its deadline and bounds (then its slot is given back), then the run,
     * after any other authenticated run has ended.
     */
    private static void serve(Socket socket, String token, Slots slots, ReentrantLock oneRunAtATime, RunWarmUp warmUps,
            RequestHandler handler) throws IOException {
        try {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            List<String> args = new ArrayList<>();
            Map<String, String> environment = new LinkedHashMap<>();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANDSHAKE_MILLIS);
            byte[] offered = readHandshakeLine(socket, in, deadline).getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(offered, token.getBytes(StandardCharsets.UTF_8))) {
                out.write("refused: wrong token\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            slots.authenticated();
            args.addAll(List.of(JsonCodec.read(readHandshakeLine(socket, in, deadline), String[].class)));
            // the caller's environment, so settings, secrets to redact and the record are the caller's, not this process's
            JsonCodec.readObject(readHandshakeLine(socket, in, deadline)).forEach((name, value) -> environment.put(name, String.valueOf(value)));
            // a run's control channel may stay quiet for as long as the run takes
            socket.setSoTimeout(0);
            slots.handshakeDone();
            ManagerRequest request;
            try {
                request = ManagerRequest.parse(args);
            } catch (RuntimeException e) {
                request = null; // the caller runs it and reports the problem itself
            }
            if (request == null || !handler.accepts(request, environment)) {
                out.write((DECLINED + " not a cluster run\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            // taken: from here the caller waits as long as the run takes (a terse caller may see nothing for a while)
            out.write((ACCEPTED + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            boolean free;
            try {
                free = oneRunAtATime.tryLock(warmUps.yieldTo(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!free) {
                out.write((WAITING + " another run on these nodes ends first\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                oneRunAtATime.lock();
            }
            Map<String, String> callerEnvironment = new LinkedHashMap<>(environment); // run() takes its markers out
            int exitCode;
            try {
                exitCode = run(in, out, request, environment, handler);
            } finally {
                oneRunAtATime.unlock();
            }
            if (exitCode == 0) {
                warmUps.schedule(request, callerEnvironment, handler);
            }
        } finally {
            slots.done();
        }
    }

    private static int run(InputStream in, OutputStream out, ManagerRequest request, Map<String, String> environment,
            RequestHandler handler) {
        // a terminal caller shows logs, host failures and the result only: the per-item, worker and phase events it
        // would parse and drop (hundreds per run) are not sent; the IDE (--protocol) and --verbose get everything
        boolean terse = "true".equals(environment.remove(TERSE_CALLER));
        PrintStream events = new PrintStream(terse ? new UnshownEventsDropped(out) : out, true, StandardCharsets.UTF_8);
        int exitCode = handler.handle(request, environment, in, events);
        events.flush();
        return exitCode;
    }

    /** Passes the event lines a terse terminal shows; drops item, worker and phase events (see HumanSink). */
    static final class UnshownEventsDropped extends java.io.FilterOutputStream {

        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        UnshownEventsDropped(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            line.write(b);
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (shown(text)) {
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                }
            }
        }

        /** By the event's type; a line that is not an event passes (it says something went wrong). */
        private static boolean shown(String line) {
            Event event;
            try {
                event = EventEnvelope.parse(line.strip()).event();
            } catch (IllegalArgumentException notAnEvent) {
                return true;
            }
            return !(event instanceof Event.Item || event instanceof Event.Worker || event instanceof Event.Phase || event instanceof Event.Plan
                    || event instanceof Event.Relay || event instanceof Event.Credentials);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    /**
     * One handshake line, byte by byte like {@link #readLine}, that must end before the deadline and within
     * {@link #MAX_LINE_BYTES}: a peer that idles or trickles is cut off by the deadline, not by each read's timeout.
     */
    static String readHandshakeLine(Socket socket, InputStream in, long deadlineNanos) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("the handshake did not arrive within " + HANDSHAKE_MILLIS + " ms");
            }
            socket.setSoTimeout((int) left);
            int b = in.read();
            if (b == -1) {
                throw new EOFException("the caller closed the connection during the handshake");
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw new IOException("a handshake line is longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
    }

    /** One line, byte by byte: nothing after it is consumed, so the rest of the stream stays the control channel. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1 && b != '\n';) {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Hands a request to the coordinator and replays its events into this manager's stream (see the other delegate). */
    public static Optional<Integer> delegate(Endpoint endpoint, ManagerRequest request, Map<String, String> environment, Events events,
            Cancellation cancellation, Runnable accepted) {
        return delegate(endpoint, request.toArgv(), environment, events, cancellation, accepted, null);
    }

    /** @param credentials SSH secrets of the caller's control channel, passed on to the coordinator (see the other delegate) */
    public static Optional<Integer> delegate(Endpoint endpoint, ManagerRequest request, Map<String, String> environment, Events events,
            Cancellation cancellation, Runnable accepted, Credentials credentials) {
        return delegate(endpoint, request.toArgv(), environment, events, cancellation, accepted, credentials);
    }

    /**
     * Whether the socket listening on 127.0.0.1:{@code port} belongs to this OS user ({@code /proc/net/tcp}): secrets
     * go only to a coordinator of ours, never to a local stranger who took the port of one that died.
     */
    static boolean listenerIsOurs(int port) {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            // 127.0.0.1 as an IPv4 socket, or as the IPv4-mapped address of a dual-stack one
            List<String> locals = List.of(String.format("0100007F:%04X", port), String.format("0000000000000000FFFF00000100007F:%04X", port));
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path file = Path.of(table);
                if (!Files.isReadable(file)) {
                    continue;
                }
                for (String line : Files.readAllLines(file)) {
                    String[] fields = line.strip().split("\\s+");
                    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid ...; st 0A is LISTEN
                    if (fields.length > 7 && locals.contains(fields[1]) && fields[3].equals("0A")) {
                        return fields[7].equals(String.valueOf(uid));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no way to tell: no secret leaves
        }
        return false;
    }

    /**
     * Runs a command on the coordinator and replays its events into this manager's stream.
     *
     * @param environment the caller's environment, which the run uses in place of the coordinator's
     * @param accepted called once the coordinator takes the run
     * @return the command's exit code, or empty when the coordinator cannot be reached or declines (the caller runs it)
     */
    public static Optional<Integer> delegate(Endpoint endpoint, List<String> args, Map<String, String> environment, Events events,
            Cancellation cancellation, Runnable accepted) {
        return delegate(endpoint, args, environment, events, cancellation, accepted, null);
    }

    /**
     * @param credentials SSH secrets the caller holds from its control channel (the IDE's secure storage), or null:
     *            sent as control messages after the handshake, now and as they come, to a coordinator whose listening
     *            socket is this user's; they live in its memory only
     */
    static Optional<Integer> delegate(Endpoint endpoint, List<String> args, Map<String, String> environment, Events events,
            Cancellation cancellation, Runnable accepted, Credentials credentials) {
        String token;
        try {
            token = Files.readString(endpoint.token()).strip();
        } catch (IOException e) {
            return Optional.empty();
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), endpoint.port()), firstAnswerMillis);
            // until the first answer: a coordinator that does not answer leaves the run to this process
            socket.setSoTimeout(firstAnswerMillis);
            OutputStream out = socket.getOutputStream();
            out.write((token + "\n" + JsonCodec.write(args) + "\n" + JsonCodec.write(environment) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (credentials != null && listenerIsOurs(endpoint.port())) {
                credentials.forward((host, secret) -> {
                    try {
                        synchronized (out) {
                            out.write((new ControlMessage.SshCredentials(host, secret.user(), secret.password(), secret.passphrase()).toJsonLine()
                                    + "\n").getBytes(StandardCharsets.UTF_8));
                            out.flush();
                        }
                    } catch (IOException ignored) {
                        // the run ended: nothing needs them any more
                    }
                });
            }
            // the run's first event came: before it, a cancel ends the wait at once (a queued run never starts)
            AtomicBoolean started = new AtomicBoolean();
            cancellation.onCancel(() -> {
                try {
                    if (!started.get()) {
                        socket.close();
                        return;
                    }
                    synchronized (out) {
                        out.write((new ControlMessage.Cancel().toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (IOException ignored) {
                    // the run ended already
                }
            });
            InputStream in = socket.getInputStream();
            boolean taken = false;
            try {
                for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                    if (!taken) {
                        if (!line.startsWith(ACCEPTED)) {
                            return Optional.empty(); // refused or declined: this process runs the command
                        }
                        // the coordinator took the run: from now on it may stay quiet for as long as the run takes
                        taken = true;
                        socket.setSoTimeout(0);
                        accepted.run();
                        continue;
                    }
                    if (line.startsWith(WAITING)) {
                        events.emit(new Event.Log(Event.Level.INFO, "coordinator", "waiting for the run in progress on these nodes to end"));
                        continue;
                    }
                    started.set(true);
                    Event event = EventEnvelope.parse(line).event();
                    events.emit(event);
                    if (event.isFinal()) {
                        // the coordinator closes the connection once the run's record is written: wait for that, so the
                        // record is complete when this command returns
                        while (in.read() != -1) {
                            // nothing follows the final event
                        }
                        return Optional.of(event instanceof Event.Failure failure ? failure.exitCode() : 0);
                    }
                }
            } catch (IOException e) {
                if (cancellation.isCancelled() && !started.get()) {
                    return Optional.of(FailureClass.CANCELLED.exitCode()); // cancelled while queued: nothing ran
                }
                throw e;
            }
            if (!started.get()) {
                return Optional.empty(); // the coordinator went away before the run started: this process runs it
            }
            throw AgilabException.of(FailureClass.CLUSTER, "the coordinator closed the connection before the run ended")
                    .host("127.0.0.1").hint("see " + endpoint.token().resolveSibling(LOG)).build();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

}
