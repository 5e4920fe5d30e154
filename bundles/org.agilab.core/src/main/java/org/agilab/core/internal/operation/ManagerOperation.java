package org.agilab.core.internal.operation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.record.RunHistory;
import org.agilab.runtime.request.Command;
import org.agilab.runtime.request.ManagerRequest;
import org.agilab.runtime.request.ManagerRequest.Setting;
import org.agilab.runtime.request.ManagerRequest.SettingOption;

/**
 * One manager command as data: the command, the app, the mode, workers and {@code --set} overrides, the environment;
 * the {@link ManagerRequest} it makes of the manager (never a secret on its command line: those go through the
 * protocol's stdin, or the environment). Testable without Jobs or a workbench.
 */
public record ManagerOperation(String command, Path app, String mode, String workers, Map<String, String> overrides,
        Map<String, String> environment, Path workingDirectory, Path java, Set<String> workerHosts, Map<ManagerRequest.Value, String> values) {

    /**
     * @param java the manager's java executable, null for the IDE's own
     * @param workerHosts the hosts the run's workers are on, as far as the IDE knows: the SSH secrets it hands the manager
     * @param values the command's other options ({@code replay-chunk}'s {@code --record}, {@code --chunk}, {@code --debug})
     */
    public ManagerOperation {
        overrides = overrides == null ? Map.of() : new LinkedHashMap<>(overrides);
        environment = environment == null ? Map.of() : new LinkedHashMap<>(environment);
        workerHosts = workerHosts == null ? Set.of() : Set.copyOf(workerHosts);
        values = values == null ? Map.of() : Map.copyOf(values);
    }

    public ManagerOperation(String command, Path app, String mode, String workers, Map<String, String> overrides,
            Map<String, String> environment, Path workingDirectory, Path java, Set<String> workerHosts) {
        this(command, app, mode, workers, overrides, environment, workingDirectory, java, workerHosts, null);
    }

    /**
     * Chunk {@code chunk} of the cluster run recorded in {@code record} run again ({@code replay-chunk}) on the app and in
     * the home the run used; with {@code debugPort}, its JVM waits for a debugger on 127.0.0.1 at that port.
     *
     * @throws IllegalArgumentException when the record names no app
     */
    public static ManagerOperation replayChunk(RunHistory.Entry record, int chunk, Integer debugPort) {
        Path app = RunHistory.appFolder(record);
        if (app == null) {
            throw new IllegalArgumentException("the record " + record.folder() + " names no app");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        Path home = RunHistory.home(record);
        if (home != null) {
            environment.put("AGILAB_HOME", home.toString());
        }
        Map<ManagerRequest.Value, String> values = new java.util.EnumMap<>(ManagerRequest.Value.class);
        values.put(ManagerRequest.Value.RECORD, record.folder().toString());
        values.put(ManagerRequest.Value.CHUNK, Integer.toString(chunk));
        if (debugPort != null) {
            values.put(ManagerRequest.Value.DEBUG, Integer.toString(debugPort));
        }
        return new ManagerOperation(Command.REPLAY_CHUNK.id(), app, null, null, Map.of(), environment, app, null, null, values);
    }

    public ManagerOperation(String command, Path app, String mode, String workers, Map<String, String> overrides,
            Map<String, String> environment, Path workingDirectory) {
        this(command, app, mode, workers, overrides, environment, workingDirectory, null, null);
    }

    public String label() {
        String chunk = values.get(ManagerRequest.Value.CHUNK);
        return "AGILab " + command + " " + app.getFileName() + (chunk == null ? "" : " chunk " + chunk);
    }

    /**
     * The operation a run record's {@code argv} describes: the command, app, mode, workers, overrides and home it was
     * run with, in {@code workingDirectory}. A {@code --set} secret the record masked stays masked: the manager reads
     * its value again where secrets live ({@code AGILAB_SET_<KEY>} in the environment or .env), never the mask.
     *
     * @throws IllegalArgumentException when the recorded command line cannot be read or names no app
     */
    public static ManagerOperation fromArgv(List<String> argv, Path workingDirectory) {
        ManagerRequest request;
        try {
            request = ManagerRequest.parse(argv);
        } catch (AgilabException e) {
            throw new IllegalArgumentException("the recorded command cannot be read (" + e.getMessage() + "): " + String.join(" ", argv), e);
        }
        if (request.command() == null || request.app() == null) {
            throw new IllegalArgumentException("the recorded command names no --app: " + String.join(" ", argv));
        }
        String mode = request.modes();
        String workers = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (Setting setting : request.settings()) {
            switch (setting.option()) {
                case MODE -> mode = setting.value();
                case WORKERS -> workers = setting.value();
                case SET -> {
                    if (setting.setKey() != null) {
                        overrides.remove(setting.setKey()); // a later one wins, in its place
                        overrides.put(setting.setKey(), setting.setValue());
                    }
                }
            }
        }
        Map<String, String> environment = new LinkedHashMap<>();
        if (request.home() != null) {
            environment.put("AGILAB_HOME", request.home().toString());
        }
        List<String> words = new ArrayList<>(List.of(request.command().id()));
        words.addAll(request.arguments());
        return new ManagerOperation(String.join(" ", words), workingDirectory.resolve(request.app()), mode, workers, overrides,
                environment, workingDirectory);
    }

    /**
     * The operation that runs a recorded one again: its command line, in its working folder, on the app and in the
     * home it ran in (as the record names them; a record older than those fields gives them by its place and argv).
     *
     * @throws IllegalArgumentException when the record's command line cannot be replayed
     */
    public static ManagerOperation replay(RunHistory.Entry entry) {
        Path cwd = RunHistory.workingDirectory(entry);
        ManagerOperation recorded = fromArgv(RunHistory.argv(entry), cwd == null ? entry.folder() : cwd);
        Map<String, String> environment = new LinkedHashMap<>(recorded.environment());
        Path home = RunHistory.home(entry);
        if (home == null && !environment.containsKey("AGILAB_HOME")) {
            // a run started with AGILAB_HOME rather than --home: its record sits in <home>/log/execute/<target>/<run>
            Path logs = entry.folder().getParent() == null ? null : entry.folder().getParent().getParent();
            if (logs != null && logs.getFileName().toString().equals("execute") && logs.getParent() != null
                    && logs.getParent().getFileName().toString().equals("log")) {
                home = logs.getParent().getParent();
            }
        }
        if (home != null) {
            environment.put("AGILAB_HOME", home.toString());
        }
        Path app = RunHistory.appFolder(entry);
        return new ManagerOperation(recorded.command(), app == null ? recorded.app() : app, recorded.mode(), recorded.workers(),
                recorded.overrides(), environment, recorded.workingDirectory());
    }

    /** The request this operation makes (the manager's launcher adds {@code --protocol}). */
    public ManagerRequest request() {
        // a command may carry its words and flags: "nodes stop", "serve stop --now"
        List<String> words = new ArrayList<>();
        Set<ManagerRequest.Flag> flags = EnumSet.noneOf(ManagerRequest.Flag.class);
        for (String word : command.split(" ")) {
            Set<ManagerRequest.Flag> flag = word.startsWith("--") ? ManagerRequest.flagsIn(List.of(word)) : Set.of();
            if (flag.isEmpty()) {
                words.add(word);
            } else {
                flags.addAll(flag);
            }
        }
        Command parsed = Command.fromId(words.get(0));
        if (parsed == null) {
            throw new IllegalArgumentException("unknown AGILab command '" + words.get(0) + "'");
        }
        List<Setting> settings = new ArrayList<>();
        String modes = null;
        if (mode != null && !mode.isBlank() && !command.equals("install")) {
            // a benchmark takes the modes to compare, comma-separated; the others one mode
            if (command.equals("benchmark")) {
                modes = mode.strip();
            } else {
                settings.add(new Setting(SettingOption.MODE, mode.strip()));
            }
        }
        if (workers != null && !workers.isBlank()) {
            settings.add(new Setting(SettingOption.WORKERS, workers.strip()));
        }
        overrides.forEach((key, value) -> settings.add(Setting.set(key, value)));
        return new ManagerRequest(parsed, words.subList(1, words.size()), app.toString(), null, settings, modes, flags, values);
    }

    /** The manager's arguments (it adds {@code --protocol} itself). */
    public List<String> arguments() {
        return request().toArgv();
    }
}
