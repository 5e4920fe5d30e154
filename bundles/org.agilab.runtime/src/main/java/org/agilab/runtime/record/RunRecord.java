package org.agilab.runtime.record;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.RuntimeInfo;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.io.ContentHash;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.protocol.EventSink;
import org.agilab.runtime.protocol.HumanSink;
import org.agilab.runtime.request.ManagerRequest;

/**
 * The record of one operation under {@code ~/log/execute/<target>/<time>_<command>/}: {@code run.log} (every log
 * line and event, as it happens), {@code run_manifest.json} (command, effective settings with provenance, Java and
 * OS, phase timings, outputs with sizes and checksums, status) and {@code replay.sh}. Everything written is redacted.
 */
public final class RunRecord implements EventSink, AutoCloseable {

    public static final String LOG_FILE = "run.log";
    public static final String MANIFEST_FILE = "run_manifest.json";
    public static final String REPLAY_FILE = "replay.sh";
    /** In the name of a folder beside a record that holds a replayed chunk's outputs, never in a record's name. */
    public static final String CHUNK_REPLAY_MARK = ".chunk-";

    /** A new folder beside {@code record} for the outputs of its chunk {@code index} replayed: {@code <record>.chunk-N[-2...]}. */
    public static Path chunkReplayFolder(Path record, int index) {
        String name = record.getFileName() + CHUNK_REPLAY_MARK + index;
        Path folder = record.resolveSibling(name);
        for (int n = 2; Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
            folder = record.resolveSibling(name + "-" + n);
        }
        return folder;
    }

    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss_SSS")
            .withZone(ZoneId.systemDefault());

    private final Path folder;
    private final String command;
    private final List<Redactor.Argument> argv;
    private final Redactor redactor;
    private final Instant started = Instant.now();
    private final BufferedWriter log;
    private final List<Map<String, Object>> phases = new ArrayList<>();
    private final List<Map<String, Object>> outputs = new ArrayList<>();
    private Map<String, Object> result;
    private final List<Map<String, Object>> hosts = new ArrayList<>();
    private String role = "manager";
    private final Map<String, Object> app = new LinkedHashMap<>();
    private Map<String, Object> settings = Map.of();
    private Path home;
    private String status = "running";
    private Map<String, Object> error;

    private RunRecord(Path folder, String command, List<String> argv, Redactor redactor) throws IOException {
        this.folder = folder;
        this.command = command;
        this.argv = ManagerRequest.lex(argv); // as the manager read it: which values are --set assignments
        this.redactor = redactor;
        this.log = Files.newBufferedWriter(folder.resolve(LOG_FILE), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    }

    /** Opens a new record folder for one operation. */
    public static RunRecord open(Path executeLogs, String command, List<String> argv, Redactor redactor) {
        try {
            Files.createDirectories(executeLogs);
            String name = FOLDER_TIME.format(Instant.now()) + "_" + command;
            Path folder = executeLogs.resolve(name);
            for (int n = 2; Files.exists(folder); n++) {
                folder = executeLogs.resolve(name + "_" + n);
            }
            Files.createDirectory(folder);
            return new RunRecord(folder, command, argv, redactor);
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.INTERNAL, "cannot create the run record: " + e.getMessage())
                    .file(executeLogs).hint("check that the log folder is writable (AGI_LOG_DIR moves it)").cause(e).build();
        }
    }

    public Path folder() {
        return folder;
    }

    public void app(String name, Path projectFolder, String target) {
        app.put("name", name);
        app.put("folder", projectFolder.toString());
        app.put("target", target);
    }

    /** The AGILab home the operation ran in: a replay runs in it again, however the run was given it. */
    public void home(Path agilabHome) {
        this.home = agilabHome;
    }

    /** The effective settings with provenance, as {@code AppSettings.toJson()} gives them. */
    public void settings(Map<String, Object> effective) {
        this.settings = effective;
    }

    /** Records an output file with its size and SHA-256. */
    /** Which process ran the operation: {@code manager}, or {@code coordinator} for a run delegated to one. */
    public void role(String role) {
        this.role = role;
    }

    /** Which SSH host produced each output fetched from one; outputs of this machine have none. */
    private final Map<Path, String> producers = new java.util.concurrent.ConcurrentHashMap<>();

    /** Marks {@code file} (an output recorded later) as produced on {@code host}. */
    public void producedOn(Path file, String host) {
        producers.put(file.toAbsolutePath().normalize(), host);
    }

    /** The chunks of a cluster run by index, as last sent (a failover sends one again). */
    private final Map<Integer, RecordedChunk> chunks = new java.util.TreeMap<>();
    /** Which chunk wrote each output, as its claims say. */
    private final Map<Path, Integer> writers = new java.util.concurrent.ConcurrentHashMap<>();

    /** Records a chunk of a cluster run as it is sent; the last send of an index wins. */
    public synchronized void chunk(RecordedChunk chunk) {
        chunks.put(chunk.index(), chunk);
    }

    /** Marks {@code file} (an output recorded later) as written by chunk {@code index}. */
    public void writtenBy(Path file, int index) {
        writers.put(file.toAbsolutePath().normalize(), index);
    }

    public void output(Path file) {
        outputs.add(describe(file));
    }

    /** Records {@code files} in their order; their checksums are computed in parallel (a run writes dozens). */
    public void outputs(java.util.List<Path> files) {
        outputs.addAll(files.parallelStream().map(this::describe).toList());
    }

    private Map<String, Object> describe(Path file) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("path", file.toString());
        String host = producers.get(file.toAbsolutePath().normalize());
        if (host != null) {
            output.put("host", host);
        }
        Integer chunk = writers.get(file.toAbsolutePath().normalize());
        if (chunk != null) {
            output.put("chunk", chunk);
        }
        try {
            output.put("bytes", Files.size(file));
            output.put("sha256", ContentHash.sha256(file));
        } catch (IOException e) {
            output.put("error", e.getMessage());
        }
        return output;
    }

    @Override
    public synchronized void accept(EventEnvelope envelope) {
        Event event = envelope.event();
        if (event instanceof Event.Phase phase && phase.state() == Event.PhaseState.FINISHED) {
            Map<String, Object> timing = new LinkedHashMap<>();
            timing.put("name", phase.name());
            timing.put("status", phase.status());
            timing.put("durationMs", phase.durationMs() == null ? 0L : phase.durationMs());
            phases.add(timing);
        }
        if (event instanceof Event.Host host) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("host", host.host());
            entry.put("state", Event.wireName(host.state()));
            entry.put("detail", host.detail());
            hosts.add(entry);
        }
        if (event instanceof Event.Result done) {
            status = "ok";
            result = new LinkedHashMap<>();
            result.put("summary", done.summary());
            result.put("data", done.data());
        } else if (event instanceof Event.Failure failure) {
            status = "cancelled".equals(failure.failureClass()) ? "cancelled" : "error";
            // the manifest keeps the error event's members, as --json prints them
            error = JsonCodec.readObject(failure.toJson());
            error.remove("type");
        }
        String text = event instanceof Event.Log line
                ? Event.wireName(line.level()) + " " + line.logger() + ": " + line.message()
                : HumanSink.render(event, true);
        write(envelope.time() + " " + (text == null ? event.toJson() : text));
    }

    private synchronized void write(String line) {
        try {
            log.write(redactor.redact(line));
            log.newLine();
            log.flush();
        } catch (IOException e) {
            // a full disk must not turn a good run into a failed one; the manifest still says what happened
        }
    }

    /** The system property naming the absolute path of the {@code ./agilab} launcher (the script sets it). */
    public static final String LAUNCHER_PROPERTY = "agilab.launcher";
    /** The same, as a caller hands it to the coordinator that runs its command (in the request's environment). */
    public static final String LAUNCHER_VARIABLE = "AGILAB_LAUNCHER";

    private String launcher = System.getProperty(LAUNCHER_PROPERTY);
    /** The caller's working folder, as a caller hands it to the coordinator that runs its command. */
    public static final String WORKING_FOLDER_VARIABLE = "AGILAB_CALLER_CWD";

    private String workingFolder = System.getProperty("user.dir");

    /** The folder the command was run from, when the caller knows it better than this process (a run on the coordinator). */
    public void workingFolder(String path) {
        if (path != null && !path.isBlank()) {
            workingFolder = path;
        }
    }

    /** The launcher replays use, when the caller knows it better than this process (a run on the coordinator). */
    public void launcher(String path) {
        if (path != null && !path.isBlank()) {
            launcher = path;
        }
    }

    /**
     * The launcher a replay runs: the absolute path the script gave, else the {@code agilab} script next to the
     * {@code agilab.apps} folder of a checkout, else {@code ./agilab} (relative to the recorded working folder).
     */
    String launcherPath() {
        if (launcher != null && !launcher.isBlank()) {
            return launcher;
        }
        String apps = System.getProperty("agilab.apps");
        if (apps != null) {
            Path script = Path.of(apps).toAbsolutePath().normalize().resolveSibling("agilab");
            if (Files.isExecutable(script)) {
                return script.toString();
            }
        }
        return "./agilab";
    }

    /** The command that runs this operation again, as people read it: secrets masked. */
    public String replayCommand() {
        StringBuilder line = new StringBuilder(shellQuote(launcherPath()));
        for (String arg : redactor.redactArguments(argv)) {
            line.append(' ').append(shellQuote(arg));
        }
        return redactor.redact(line.toString());
    }

    /** The environment variable a replay reads the secret value of {@code --set key=...} from. */
    public static String replayVariable(String key) {
        return ManagerRequest.replayVariable(key);
    }

    /**
     * {@code replay.sh}: runs the command again from any folder (the launcher's absolute path, the recorded working
     * folder). Secrets from .env or the environment are read from them again by AGILab itself; the value of a
     * {@code --set} secret is taken from the environment variable {@link #replayVariable} names, and the script
     * refuses, naming the key and the variable, when it is not set. An argument holding a secret elsewhere cannot be
     * replayed: the script says so and stops.
     */
    String replayScript() {
        StringBuilder checks = new StringBuilder();
        StringBuilder line = new StringBuilder("cd ").append(shellQuote(workingFolder))
                .append(" && exec ").append(shellQuote(launcherPath()));
        java.util.Set<String> variables = new java.util.LinkedHashSet<>();
        int position = 0;
        for (Redactor.MaskedArgument arg : redactor.maskArguments(argv)) {
            position++;
            if (arg.secretSet()) {
                String variable = replayVariable(arg.setKey());
                for (int n = 2; !variables.add(variable); n++) {
                    variable = replayVariable(arg.setKey()) + "_" + n;
                }
                checks.append("if [ -z \"${").append(variable).append("+set}\" ]; then\n")
                        .append("  echo ").append(shellQuote("replay.sh: this run was given a secret with --set "
                                + arg.setKey() + "; set " + variable + " to its value in the environment ("
                                + "export " + variable + "=...) and run again")).append(" >&2\n  exit 2\nfi\n");
                line.append(' ').append(shellQuote(arg.setPrefix() + arg.setKey() + "=")).append("\"$").append(variable).append('"');
            } else if (arg.masked()) {
                checks.append("echo ").append(shellQuote("replay.sh: argument " + position + " of this run ("
                        + arg.text() + ") held a secret that cannot be read again; run the command by hand"))
                        .append(" >&2\nexit 2\n");
                line.append(' ').append(shellQuote(arg.text()));
            } else {
                line.append(' ').append(shellQuote(arg.original()));
            }
        }
        return "#!/bin/sh\n# Replays " + command + " as it was run. Secrets from ~/.agilab/.env or the environment are read"
                + " from them again;\n# a secret given with --set is read from the AGILAB_SET_<KEY> variable named below.\n"
                + checks + line + "\n";
    }

    static String shellQuote(String arg) {
        if (arg.matches("[A-Za-z0-9_./:=,@%+-]+")) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** The manifest, secrets masked. */
    public Map<String, Object> manifest() {
        Instant finished = Instant.now();
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("kind", "agilab.run_manifest");
        manifest.put("schema", 1);
        manifest.put("runtime", RuntimeInfo.VERSION);
        Map<String, Object> commandJson = new LinkedHashMap<>();
        commandJson.put("name", command);
        commandJson.put("argv", redactor.redactArguments(argv));
        commandJson.put("cwd", workingFolder);
        commandJson.put("replay", replayCommand());
        manifest.put("command", commandJson);
        manifest.put("app", app);
        if (home != null) {
            manifest.put("home", home.toString());
        }
        manifest.put("settings", settings);
        manifest.put("environment", RuntimeInfo.environment());
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("started", started.toString());
        timing.put("finished", finished.toString());
        timing.put("durationMs", Duration.between(started, finished).toMillis());
        manifest.put("timing", timing);
        manifest.put("phases", phases);
        if (!hosts.isEmpty()) {
            manifest.put("hosts", hosts); // cluster runs: which nodes were started and which were reused warm
        }
        Map<String, Object> processJson = new LinkedHashMap<>();
        processJson.put("role", role);
        processJson.put("pid", ProcessHandle.current().pid());
        manifest.put("process", processJson);
        manifest.put("outputs", outputs);
        if (!chunks.isEmpty()) {
            // a cluster run's chunks, each with what it was given: agilab replay-chunk runs one of them again
            manifest.put("chunks", chunks.values().stream().map(RecordedChunk::toJson).toList());
        }
        manifest.put("status", status);
        if (result != null) {
            manifest.put("result", result); // what the command reported: a run's mode label, works, rows, kernel
        }
        if (error != null) {
            manifest.put("error", error);
        }
        return redactor.redactMap(manifest); // masked before it is serialised: escaping hides a secret holding " or \
    }

    /** Writes the manifest and replay script and closes the log. */
    @Override
    public synchronized void close() {
        // the text pass is a second line behind manifest()'s: it masks a secret's escaped forms too
        AtomicFiles.writeString(folder.resolve(MANIFEST_FILE), redactor.redact(JsonCodec.writePretty(manifest())));
        AtomicFiles.writeString(folder.resolve(REPLAY_FILE), redactor.redact(replayScript()));
        folder.resolve(REPLAY_FILE).toFile().setExecutable(true);
        try {
            log.close();
        } catch (IOException ignored) {
            // already flushed line by line
        }
    }
}
