package org.agilab.runtime.manager;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.agilab.api.Work;
import org.agilab.runtime.app.SharePaths;
import org.agilab.runtime.cluster.RemoteHosts;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.io.ContentHash;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.launch.ManagerClasspath;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.node.ChunkMain;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.protocol.Events;
import org.agilab.runtime.record.RecordedChunk;
import org.agilab.runtime.record.RunRecord;
import org.agilab.runtime.request.Command;
import org.agilab.runtime.request.ManagerRequest;
import org.agilab.runtime.ssh.SshConnection;
import org.agilab.runtime.ssh.SshSettings;

/**
 * {@code agilab replay-chunk --record RECORD_DIR --chunk N [--out DIR] [--debug PORT]}: runs one chunk of a recorded
 * cluster run again, on this machine, in a JVM of its own on the node's classpath (the staged worker the run used,
 * checked by its install hash), with the chunk's recorded works, items, args and mode, as the same worker id on the same
 * host name. Its outputs go to a new folder ({@code <record>.chunk-N} beside the record by default), never over the
 * run's, and are compared with the run's recorded checksums for that chunk. Inputs an SSH host had and this machine
 * lacks are fetched from the host. With {@code --debug PORT} the chunk's JVM starts suspended, with JDWP listening on
 * 127.0.0.1 only, until a debugger attaches.
 */
final class ChunkReplay {

    private static final AgiLog LOG = AgiLog.get(ChunkReplay.class);
    /** What JDWP prints on the debuggee's stdout once it listens. */
    static final String JDWP_LISTENING = "Listening for transport dt_socket at address:";

    private ChunkReplay() {
    }

    /** The request with the record's app and home when it names neither: the replay runs where the run ran. */
    static ManagerRequest withRecordedApp(ManagerRequest request) {
        if (request.command() != Command.REPLAY_CHUNK || request.app() != null && request.home() != null) {
            return request;
        }
        Path record = recordFolder(request);
        Map<String, Object> manifest = manifest(record);
        if (request.app() == null && manifest.get("app") instanceof Map<?, ?> app && app.get("folder") instanceof String folder) {
            request = request.withApp(folder);
        }
        if (request.home() == null && manifest.get("home") instanceof String home) {
            request = request.withHome(Path.of(home));
        }
        return request;
    }

    static int execute(OperationContext context) {
        ManagerRequest request = context.request();
        Path record = recordFolder(request);
        Map<String, Object> manifest = manifest(record);
        RecordedChunk chunk = chunk(manifest, record, chunkIndex(request));
        Integer debugPort = debugPort(request);
        Installer.Result install = stagedInstall(chunk, context);
        SharePaths share = new SharePaths(context.home().localShare().value());
        if (!(chunk.args().get("data_out") instanceof String dataOutArg) || dataOutArg.isBlank()) {
            throw AgilabException.of(FailureClass.USAGE, context.app().name() + " has no data_out arg: a replayed chunk's outputs could not be "
                    + "kept apart from the run's").key("args.data_out").hint("give the app a data_out arg (upstream's convention)").build();
        }
        refuseMaskedArgs(chunk, record);
        Path dataOut = share.resolve(dataOutArg);
        Path out = request.value(ManagerRequest.Value.OUT) != null
                ? Path.of(request.value(ManagerRequest.Value.OUT)).toAbsolutePath().normalize()
                : RunRecord.chunkReplayFolder(record, chunk.index());
        prepareOutputFolder(out, dataOut);
        Map<String, String> recorded = recordedOutputs(manifest, chunk.index(), dataOut);
        List<Work> works = localInputs(chunk, context, record, share);
        Map<String, Object> args = new LinkedHashMap<>(chunk.args());
        args.put("data_out", out.toString());
        ChunkMain.Spec spec = ChunkMain.Spec.of(chunk, args, works, share.shareRoot());

        Event.Result answer;
        try (Events.Phase phase = context.events().phase("replay chunk " + chunk.index())) {
            answer = runChunkJvm(spec, install, debugPort, context);
            phase.ok();
        }
        return report(context, record, chunk, out, recorded, answer, debugPort);
    }

    private static Path recordFolder(ManagerRequest request) {
        String given = request.value(ManagerRequest.Value.RECORD);
        if (given == null || given.isBlank()) {
            throw AgilabException.of(FailureClass.USAGE, "replay-chunk needs --record RECORD_DIR")
                    .hint("give a cluster run's record folder, e.g. --record ~/log/execute/<app>/<time>_run (the Runs view lists them)").build();
        }
        return Path.of(given.startsWith("~/") ? System.getProperty("user.home") + given.substring(1) : given).toAbsolutePath().normalize();
    }

    private static Map<String, Object> manifest(Path record) {
        Path file = record.resolve(RunRecord.MANIFEST_FILE);
        if (!Files.isRegularFile(file)) {
            throw AgilabException.of(FailureClass.USAGE, "--record " + record + ": no " + RunRecord.MANIFEST_FILE + " there").file(record)
                    .hint("give a run's record folder under ~/log/execute/<app>/ (one with " + RunRecord.MANIFEST_FILE + ")").build();
        }
        try {
            return JsonCodec.readObject(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw AgilabException.of(FailureClass.USAGE, "cannot read " + file + ": " + e.getMessage()).file(file)
                    .hint("give a record AGILab wrote, complete").cause(e).build();
        }
    }

    private static int chunkIndex(ManagerRequest request) {
        String given = request.value(ManagerRequest.Value.CHUNK);
        if (given == null || !given.matches("\\d{1,9}")) {
            throw AgilabException.of(FailureClass.USAGE, given == null ? "replay-chunk needs --chunk N" : "--chunk " + given + ": not a chunk index")
                    .hint("give the index of a chunk of the run (0, 1, ...), as the Workers view and the record's chunks list them").build();
        }
        return Integer.parseInt(given);
    }

    private static Integer debugPort(ManagerRequest request) {
        String given = request.value(ManagerRequest.Value.DEBUG);
        if (given == null) {
            return null;
        }
        if (!given.matches("\\d{1,5}") || Integer.parseInt(given) < 1 || Integer.parseInt(given) > 65535) {
            throw AgilabException.of(FailureClass.USAGE, "--debug " + given + ": not a port").hint("give a free TCP port, 1 to 65535").build();
        }
        int port = Integer.parseInt(given);
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.USAGE, "--debug " + port + ": 127.0.0.1:" + port + " is taken (" + e.getMessage() + ")")
                    .host("127.0.0.1").hint("give a free port").build();
        }
        return port;
    }

    @SuppressWarnings("unchecked")
    private static RecordedChunk chunk(Map<String, Object> manifest, Path record, int index) {
        Path file = record.resolve(RunRecord.MANIFEST_FILE);
        if (!(manifest.get("chunks") instanceof List<?> chunks) || chunks.isEmpty()) {
            throw AgilabException.of(FailureClass.USAGE, record + " lists no chunks: it is not the record of a cluster run, or one written "
                    + "before records listed their chunks").file(file)
                    .hint("run the app with a mode that has d (agilab run --mode dp), then replay a chunk of that run's record").build();
        }
        List<Integer> indices = new ArrayList<>();
        for (Object entry : chunks) {
            if (entry instanceof Map<?, ?> json && json.get("index") instanceof Number number) {
                indices.add(number.intValue());
                if (number.intValue() == index) {
                    return RecordedChunk.fromJson((Map<String, Object>) json, file);
                }
            }
        }
        throw AgilabException.of(FailureClass.USAGE, "no chunk " + index + " in " + record + ": its run had chunks " + indices).file(file)
                .hint("give one of " + indices).build();
    }

    /** The staged worker the chunk ran, if it is still the one staged: same install hash, jar in place. */
    private static Installer.Result stagedInstall(RecordedChunk chunk, OperationContext context) {
        RecordedChunk.Install recorded = chunk.install();
        String now = Installer.installedHash(recorded.workerEnv()).orElse(null);
        if (!recorded.hash().equals(now) || !Files.isRegularFile(recorded.workerJar())) {
            throw AgilabException.of(FailureClass.INSTALL, "the staged worker of " + chunk.app() + " is not the one chunk " + chunk.index()
                    + " ran (install " + abbreviated(recorded.hash()) + " then, " + (now == null ? "none" : abbreviated(now)) + " now in "
                    + recorded.workerEnv() + "): the replay would run other code").file(recorded.workerEnv())
                    .hint("install the app as it was at that run (the same sources), or run it again and replay a chunk of the new record")
                    .build();
        }
        return new Installer.Result(recorded.workerEnv(), recorded.workerJar(), recorded.appClasspath(), recorded.hash(), false, 0, 0,
                recorded.managerClass(), recorded.workerClass(), null);
    }

    private static String abbreviated(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }

    /** An arg its record masked held a secret: it is not in the record, and a mask is never used as a value. */
    private static void refuseMaskedArgs(RecordedChunk chunk, Path record) {
        chunk.args().forEach((key, value) -> {
            if (String.valueOf(value).contains(Redactor.MASK)) {
                throw AgilabException.of(FailureClass.USAGE, "arg " + key + " of chunk " + chunk.index() + " held a secret, which its record masked")
                        .key("args." + key).file(record.resolve(RunRecord.MANIFEST_FILE))
                        .hint("replaying needs every arg; pass secrets to apps through ~/.agilab/.env, not [args]").build();
            }
        });
    }

    /** A new, private, empty folder that is not (and holds not) the run's output folder. */
    private static void prepareOutputFolder(Path out, Path dataOut) {
        Path runOutputs = dataOut.toAbsolutePath().normalize();
        if (out.startsWith(runOutputs) || runOutputs.startsWith(out)) {
            throw AgilabException.of(FailureClass.USAGE, "--out " + out + " would write over the run's outputs in " + runOutputs).file(out)
                    .hint("give a folder outside " + runOutputs + ", or leave --out out (a new folder beside the record)").build();
        }
        try {
            if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> present = Files.list(out)) {
                    if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS) || present.findAny().isPresent()) {
                        throw AgilabException.of(FailureClass.USAGE, "--out " + out + " is not an empty folder: a replay never writes over files")
                                .file(out).hint("give a new or empty folder").build();
                    }
                }
            } else {
                Files.createDirectories(out.getParent());
                Files.createDirectory(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.USAGE, "cannot make the output folder " + out + ": " + e.getMessage()).file(out)
                    .hint("give a folder you can write").cause(e).build();
        }
    }

    /** The run's outputs written by chunk {@code index}, by their path relative to the run's output folder, with their SHA-256. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> recordedOutputs(Map<String, Object> manifest, int index, Path dataOut) {
        Map<String, String> recorded = new TreeMap<>();
        Path root = dataOut.toAbsolutePath().normalize();
        for (Object entry : (List<Object>) manifest.getOrDefault("outputs", List.of())) {
            if (entry instanceof Map<?, ?> output && output.get("chunk") instanceof Number chunk && chunk.intValue() == index
                    && output.get("path") instanceof String path && output.get("sha256") instanceof String sha256) {
                Path file = Path.of(path).toAbsolutePath().normalize();
                recorded.put(file.startsWith(root) ? relative(root, file) : file.getFileName().toString(), sha256);
            }
        }
        return recorded;
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    /**
     * The chunk's works with items this machine has: an item missing here that the chunk read on an SSH host is fetched
     * from the host into {@code <record>/chunk-N-inputs/}.
     */
    private static List<Work> localInputs(RecordedChunk chunk, OperationContext context, Path record, SharePaths share) {
        List<Work> works = new ArrayList<>();
        Path root = share.shareRoot().toAbsolutePath().normalize();
        Path fetchedRoot = record.resolve("chunk-" + chunk.index() + "-inputs");
        SshConnection ssh = null;
        try {
            for (Work work : chunk.works()) {
                List<String> items = new ArrayList<>();
                for (String item : work.items()) {
                    Path local = item.startsWith("/") ? Path.of(item).normalize() : null;
                    if (local == null || Files.exists(local)) {
                        items.add(item);
                        continue;
                    }
                    if (chunk.remoteShare() == null) {
                        throw AgilabException.of(FailureClass.DATA, "input " + local + " of chunk " + chunk.index() + " is gone").file(local)
                                .hint("restore the run's inputs (the chunk ran on this machine, so they are not on any host)").build();
                    }
                    boolean underShare = local.startsWith(root);
                    String remote = underShare ? chunk.remoteShare() + "/" + relative(root, local) : item;
                    Path fetched = fetchedRoot.resolve(underShare ? relative(root, local) : local.toString().substring(1)).normalize();
                    if (!Files.isRegularFile(fetched)) {
                        if (ssh == null) {
                            SshSettings settings = Operations.sshSettings(context);
                            LOG.info("fetching the inputs chunk " + chunk.index() + " read on " + chunk.host() + " that this machine lacks");
                            ssh = SshConnection.open(settings.host(chunk.host()), settings, Operations.userHome());
                        }
                        ssh.download(remote, fetched);
                    }
                    items.add(fetched.toString());
                }
                works.add(new Work(work.name(), items, work.args(), work.dependsOn()));
            }
        } finally {
            if (ssh != null) {
                ssh.close();
            }
        }
        return works;
    }

    /** Runs the chunk's JVM, relays its events, and returns its result (or throws its error). */
    private static Event.Result runChunkJvm(ChunkMain.Spec spec, Installer.Result install, Integer debugPort, OperationContext context) {
        List<String> command = new ArrayList<>();
        command.add(ManagerClasspath.currentJava().toString());
        if (debugPort != null) {
            // 127.0.0.1 only: JDWP has no authentication, so it must never listen where another machine reaches it
            command.add("-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:" + debugPort);
        }
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator,
                RemoteHosts.nodeClasspath(install).stream().map(Path::toString).toList()), ChunkMain.class.getName()));
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.INTERNAL, "cannot start the chunk's JVM: " + e.getMessage()).cause(e).build();
        }
        context.cancellation().onCancel(() -> {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        });
        StringBuilder errors = new StringBuilder();
        Thread stderr = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (errors) {
                        errors.append(line).append('\n');
                    }
                    LOG.warn("chunk JVM: " + line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "agilab-chunk-stderr");
        stderr.setDaemon(true);
        stderr.start();
        Event last = null;
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write((JsonCodec.write(spec) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Event event = line.startsWith("{") ? parse(line) : null;
                    if (event == null && debugPort != null && line.startsWith(JDWP_LISTENING)) {
                        // JDWP's own line: from now on a debugger can attach
                        context.events().emit(new Event.Debuggee("chunk " + spec.workerId(), "127.0.0.1", debugPort, process.pid()));
                    } else if (event == null) {
                        LOG.info("chunk JVM: " + line); // the JVM's own lines
                    } else if (event instanceof Event.Result || event instanceof Event.Failure) {
                        last = event;
                    } else {
                        context.events().emit(event);
                    }
                }
            }
            int exit = process.waitFor();
            stderr.join(2_000);
            context.cancellation().throwIfCancelled();
            if (last instanceof Event.Failure failure) {
                AgilabException.Builder error = AgilabException.of(FailureClass.fromId(failure.failureClass()), failure.message())
                        .hint(failure.hint()).key(failure.key()).host(failure.host());
                if (failure.file() != null) {
                    error.at(Path.of(failure.file()), failure.line() == null ? 0 : failure.line());
                }
                throw error.build();
            }
            if (exit != 0 || !(last instanceof Event.Result result)) {
                String tail;
                synchronized (errors) {
                    tail = SshConnection.tail(errors.toString().strip(), 800);
                }
                throw AgilabException.of(FailureClass.INTERNAL, "the chunk's JVM ended with exit code " + exit + " and no result"
                        + (tail.isEmpty() ? "" : ": " + tail)).hint("its output above says why").build();
            }
            return result;
        } catch (IOException e) {
            context.cancellation().throwIfCancelled();
            throw AgilabException.of(FailureClass.INTERNAL, "lost the chunk's JVM: " + e.getMessage()).cause(e).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AgilabException.of(FailureClass.CANCELLED, "interrupted while the chunk ran").build();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private static Event parse(String line) {
        try {
            return EventEnvelope.parse(line).event();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Compares the replay's outputs with the run's for the chunk, records them, and emits the result. */
    private static int report(OperationContext context, Path record, RecordedChunk chunk, Path out, Map<String, String> recorded,
            Event.Result answer, Integer debugPort) {
        Map<String, Path> produced = new TreeMap<>();
        try (Stream<Path> files = Files.walk(out)) {
            files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().startsWith("."))
                    .forEach(file -> produced.put(relative(out, file), file));
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.DATA, "cannot list the replay's outputs in " + out + ": " + e.getMessage()).file(out).cause(e)
                    .build();
        }
        List<Map<String, Object>> outputs = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        for (Map.Entry<String, Path> file : produced.entrySet()) {
            String sha256;
            try {
                sha256 = ContentHash.sha256(file.getValue());
            } catch (IOException e) {
                throw AgilabException.of(FailureClass.DATA, "cannot read " + file.getValue() + ": " + e.getMessage()).file(file.getValue())
                        .cause(e).build();
            }
            String then = recorded.get(file.getKey());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", file.getValue().toString());
            entry.put("sha256", sha256);
            entry.put("recorded", then);
            entry.put("identical", sha256.equals(then));
            outputs.add(entry);
            if (!sha256.equals(then)) {
                differing.add(file.getKey());
            }
        }
        List<String> missing = recorded.keySet().stream().filter(name -> !produced.containsKey(name)).toList();
        if (context.record() != null) {
            context.record().outputs(new ArrayList<>(produced.values()));
        }
        boolean identical = differing.isEmpty() && missing.isEmpty();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("record", record.toString());
        data.put("chunk", chunk.index());
        data.put("host", chunk.host());
        data.put("node", chunk.node());
        data.put("items", chunk.items().size());
        data.put("out", out.toString());
        if (debugPort != null) {
            data.put("debug", "127.0.0.1:" + debugPort);
        }
        data.put("identical", identical);
        data.put("outputs", outputs);
        data.put("missing", missing);
        data.put("chunkResult", answer.data());
        String summary = "chunk " + chunk.index() + " of " + record.getFileName() + " (" + chunk.items().size() + " items, run on " + chunk.host()
                + ") replayed into " + out + ": " + produced.size() + " outputs, "
                + (identical ? "all identical to the run's"
                        : (differing.isEmpty() ? "" : differing.size() + " differ from the run's (" + String.join(", ", differing) + ")")
                                + (missing.isEmpty() ? "" : (differing.isEmpty() ? "" : "; ") + missing.size() + " of the run's missing ("
                                        + String.join(", ", missing) + ")"));
        if (!identical) {
            LOG.warn("the replay of chunk " + chunk.index() + " differs from the run" + (debugPort != null ? " (under the debugger)" : "")
                    + ": " + summary);
        }
        context.events().emit(Event.Result.ok(Command.REPLAY_CHUNK.id(), data, summary));
        return 0;
    }
}
