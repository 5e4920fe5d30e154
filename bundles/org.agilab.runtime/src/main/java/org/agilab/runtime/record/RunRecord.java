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
import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.json.Json;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.protocol.EventSink;
import org.agilab.runtime.protocol.HumanSink;

/**
 * The record of one operation under {@code ~/log/execute/<target>/<time>_<command>/}: {@code run.log} (every log
 * line and event, as it happens), {@code run_manifest.json} (command, effective settings with provenance, Java and
 * OS, phase timings, outputs with sizes and checksums, status) and {@code replay.sh}. Everything written is redacted.
 */
public final class RunRecord implements EventSink, AutoCloseable {

    public static final String LOG_FILE = "run.log";
    public static final String MANIFEST_FILE = "run_manifest.json";
    public static final String REPLAY_FILE = "replay.sh";

    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss_SSS")
            .withZone(ZoneId.systemDefault());

    private final Path folder;
    private final String command;
    private final List<String> argv;
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
    private String status = "running";
    private Map<String, Object> error;

    private RunRecord(Path folder, String command, List<String> argv, Redactor redactor) throws IOException {
        this.folder = folder;
        this.command = command;
        this.argv = List.copyOf(argv);
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
            throw AgilabException.of(org.agilab.runtime.error.FailureClass.INTERNAL, "cannot create the run record: " + e.getMessage())
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
        try {
            output.put("bytes", Files.size(file));
            output.put("sha256", AtomicFiles.sha256(file));
        } catch (IOException e) {
            output.put("error", e.getMessage());
        }
        return output;
    }

    @Override
    public synchronized void accept(EventEnvelope envelope) {
        Event event = envelope.event();
        if (Event.PHASE.equals(event.type()) && "finished".equals(event.string("state"))) {
            Map<String, Object> phase = new LinkedHashMap<>();
            phase.put("name", event.string("name"));
            phase.put("status", event.string("status"));
            phase.put("durationMs", event.number("durationMs"));
            phases.add(phase);
        }
        if (Event.HOST.equals(event.type())) {
            Map<String, Object> host = new LinkedHashMap<>();
            host.put("host", event.string("host"));
            host.put("state", event.string("state"));
            host.put("detail", event.string("detail"));
            hosts.add(host);
        }
        if (Event.RESULT.equals(event.type())) {
            status = "ok";
            result = new LinkedHashMap<>();
            result.put("summary", event.string("summary"));
            result.put("data", event.get("data"));
        } else if (Event.ERROR.equals(event.type())) {
            status = "cancelled".equals(event.string("class")) ? "cancelled" : "error";
            error = new LinkedHashMap<>(event.fields());
        }
        String text = Event.LOG.equals(event.type())
                ? event.string("level") + " " + event.string("logger") + ": " + event.string("message")
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

    /** The command that runs this operation again, secrets masked (the replay reads them from .env again). */
    public String replayCommand() {
        StringBuilder line = new StringBuilder("./agilab");
        for (String arg : argv) {
            line.append(' ').append(shellQuote(arg));
        }
        return redactor.redact(line.toString());
    }

    static String shellQuote(String arg) {
        if (arg.matches("[A-Za-z0-9_./:=,@%+-]+")) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    public Map<String, Object> manifest() {
        Instant finished = Instant.now();
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("kind", "agilab.run_manifest");
        manifest.put("schema", 1);
        manifest.put("runtime", RuntimeInfo.VERSION);
        Map<String, Object> commandJson = new LinkedHashMap<>();
        commandJson.put("name", command);
        commandJson.put("argv", argv);
        commandJson.put("cwd", System.getProperty("user.dir"));
        commandJson.put("replay", replayCommand());
        manifest.put("command", commandJson);
        manifest.put("app", app);
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
        manifest.put("status", status);
        if (result != null) {
            manifest.put("result", result); // what the command reported: a run's mode label, works, rows, kernel
        }
        if (error != null) {
            manifest.put("error", error);
        }
        return manifest;
    }

    /** Writes the manifest and replay script and closes the log. */
    @Override
    public synchronized void close() {
        AtomicFiles.writeString(folder.resolve(MANIFEST_FILE), redactor.redact(Json.writePretty(manifest())));
        String replay = "#!/bin/sh\n# Replays " + command + " as it was run; secrets shown as " + Redactor.MASK
                + " are read from ~/.agilab/.env or the environment again.\ncd " + shellQuote(System.getProperty("user.dir"))
                + " && exec " + replayCommand() + "\n";
        AtomicFiles.writeString(folder.resolve(REPLAY_FILE), redactor.redact(replay));
        folder.resolve(REPLAY_FILE).toFile().setExecutable(true);
        try {
            log.close();
        } catch (IOException ignored) {
            // already flushed line by line
        }
    }
}
