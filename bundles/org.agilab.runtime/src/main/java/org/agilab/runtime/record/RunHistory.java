package org.agilab.runtime.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.agilab.runtime.json.JsonCodec;

/**
 * The operations recorded under a home's execute logs ({@code ~/log/execute/<target>/<time>_<command>/}), newest first,
 * each summed up from its manifest: what the IDE's Runs view lists. A record still being written (no manifest yet) is
 * shown as running; an unreadable one says so instead of hiding.
 */
public final class RunHistory {

    private RunHistory() {
    }

    /**
     * One recorded operation.
     *
     * @param mode the run's mode label ({@code __cp}), empty for other commands or failed runs
     * @param workers {@code [cluster.workers]} as the run had them, {@code host:n,host:n}
     * @param status ok, error, cancelled, running, or unreadable
     */
    /**
     * One recorded operation: {@code durationMs} is the whole operation (settings, install check, plan, run, record),
     * {@code runMs} its run phase alone (what "Run finished in" says; 0 for an operation without one).
     */
    public record Entry(Path folder, String target, String command, String started, long durationMs, String mode, String workers,
            String status, int outputs, String message, long runMs) {

        public Path log() {
            return folder.resolve(RunRecord.LOG_FILE);
        }
    }

    /** Every record under {@code executeLogs} (all targets), newest first. */
    public static List<Entry> list(Path executeLogs) {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(executeLogs)) {
            return entries;
        }
        try (Stream<Path> targets = Files.list(executeLogs)) {
            for (Path target : targets.filter(Files::isDirectory).toList()) {
                try (Stream<Path> records = Files.list(target)) {
                    records.filter(RunHistory::isRecord).forEach(record -> entries.add(read(record, target.getFileName().toString())));
                }
            }
        } catch (IOException e) {
            // a folder that cannot be listed has no entry to show
        }
        entries.sort(Comparator.comparing((Entry entry) -> entry.folder().getFileName().toString()).reversed());
        return entries;
    }

    /**
     * The newest record of one target ({@code executeLogs/<target>}), read alone: what an app's state shows, without
     * reading every record of every app.
     */
    public static java.util.Optional<Entry> latest(Path executeLogs, String target) {
        Path folder = executeLogs.resolve(target);
        if (!Files.isDirectory(folder)) {
            return java.util.Optional.empty();
        }
        try (Stream<Path> records = Files.list(folder)) {
            return records.filter(RunHistory::isRecord).max(Comparator.comparing(record -> record.getFileName().toString()))
                    .map(record -> read(record, target));
        } catch (IOException e) {
            return java.util.Optional.empty(); // a folder that cannot be listed has no entry to show
        }
    }

    /** A record's folder; not the outputs of a chunk replayed beside one ({@link RunRecord#chunkReplayFolder}). */
    static boolean isRecord(Path folder) {
        return Files.isDirectory(folder) && !folder.getFileName().toString().contains(RunRecord.CHUNK_REPLAY_MARK);
    }

    /** The record in {@code folder} ({@code <logs>/<target>/<time>_<command>}). */
    public static Entry at(Path folder) {
        return read(folder, folder.getParent() == null ? "" : folder.getParent().getFileName().toString());
    }

    /**
     * The chunks a cluster run's record lists, by index, each described for people ("5 items on 127.0.0.1, node-1");
     * none for another record.
     */
    @SuppressWarnings("unchecked")
    public static java.util.SortedMap<Integer, String> chunks(Entry entry) {
        java.util.SortedMap<Integer, String> chunks = new java.util.TreeMap<>();
        try {
            for (Object chunk : (List<Object>) manifest(entry).getOrDefault("chunks", List.of())) {
                if (chunk instanceof Map<?, ?> json && json.get("index") instanceof Number index) {
                    chunks.put(index.intValue(), (json.get("items") instanceof List<?> items ? items.size() : 0) + " items on " + json.get("host")
                            + (json.get("node") == null ? "" : ", " + json.get("node")));
                }
            }
        } catch (RuntimeException e) {
            // an unreadable record has no chunk to offer
        }
        return chunks;
    }

    /** The folder holding a run's outputs (the deepest folder common to all of them), if it recorded any. */
    @SuppressWarnings("unchecked")
    public static java.util.Optional<Path> outputsFolder(Entry entry) {
        Path common = null;
        for (Object output : (List<Object>) manifest(entry).getOrDefault("outputs", List.of())) {
            Path parent = Path.of(String.valueOf(((Map<String, Object>) output).get("path"))).getParent();
            while (common != null && parent != null && !parent.startsWith(common)) {
                common = common.getParent();
            }
            common = common == null ? parent : common;
        }
        return java.util.Optional.ofNullable(common);
    }

    /**
     * A glob of a run's data outputs, for the data service: the files under its {@link #outputsFolder} with the extension
     * most of its recorded outputs have among the data formats (the flight app's tracks, not its JSON summaries).
     */
    @SuppressWarnings("unchecked")
    public static java.util.Optional<String> outputData(Entry entry) {
        Map<org.agilab.runtime.data.DataFormat, Map<String, Integer>> extensions = new java.util.EnumMap<>(org.agilab.runtime.data.DataFormat.class);
        for (Object output : (List<Object>) manifest(entry).getOrDefault("outputs", List.of())) {
            Path file = Path.of(String.valueOf(((Map<String, Object>) output).get("path")));
            org.agilab.runtime.data.DataFormat format = org.agilab.runtime.data.DataFormat.of(file);
            String name = file.getFileName() == null ? "" : file.getFileName().toString();
            if (format != null && name.contains(".")) {
                extensions.computeIfAbsent(format, f -> new java.util.HashMap<>()).merge(name.substring(name.lastIndexOf('.')), 1, Integer::sum);
            }
        }
        return outputsFolder(entry).flatMap(folder -> extensions.values().stream().flatMap(byExtension -> byExtension.entrySet().stream())
                .max(Map.Entry.comparingByValue()).map(most -> folder + "/**" + most.getKey()));
    }

    /** The command line a run was started with (its replay), as recorded; empty when the record has none. */
    @SuppressWarnings("unchecked")
    public static List<String> argv(Entry entry) {
        Object command = manifest(entry).get("command");
        Object argv = command instanceof Map<?, ?> map ? map.get("argv") : null;
        return argv instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /** The recorded working directory of a run, or null. */
    public static Path workingDirectory(Entry entry) {
        Object command = manifest(entry).get("command");
        Object cwd = command instanceof Map<?, ?> map ? map.get("cwd") : null;
        return cwd == null ? null : Path.of(String.valueOf(cwd));
    }

    /** The folder of the app a run ran, as recorded; null when the record has none. */
    public static Path appFolder(Entry entry) {
        Object app = manifest(entry).get("app");
        Object folder = app instanceof Map<?, ?> map ? map.get("folder") : null;
        return folder == null ? null : Path.of(String.valueOf(folder));
    }

    /** The AGILab home a run ran in, as recorded; null for a record that has none (older than the field). */
    public static Path home(Entry entry) {
        Object home = manifest(entry).get("home");
        return home == null ? null : Path.of(String.valueOf(home));
    }

    private static Map<String, Object> manifest(Entry entry) {
        try {
            return JsonCodec.readObject(Files.readString(entry.folder().resolve(RunRecord.MANIFEST_FILE)));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    @SuppressWarnings("unchecked")
    static Entry read(Path record, String target) {
        String name = record.getFileName().toString();
        String[] parts = name.split("_");
        String command = parts.length >= 4 ? parts[3] : "?";
        Path manifestFile = record.resolve(RunRecord.MANIFEST_FILE);
        if (!Files.isRegularFile(manifestFile)) {
            return new Entry(record, target, command, name, 0, "", "", "running", 0, "no manifest yet: running, or it ended abruptly", 0);
        }
        try {
            Map<String, Object> manifest = JsonCodec.readObject(Files.readString(manifestFile));
            Map<String, Object> timing = (Map<String, Object>) manifest.getOrDefault("timing", Map.of());
            Map<String, Object> settings = (Map<String, Object>) manifest.getOrDefault("settings", Map.of());
            Map<String, Object> result = (Map<String, Object>) manifest.get("result");
            Map<String, Object> error = (Map<String, Object>) manifest.get("error");
            Object commandJson = manifest.get("command");
            if (commandJson instanceof Map<?, ?> commandMap && commandMap.get("name") instanceof String recorded) {
                command = recorded;
            }
            String mode = result != null && result.get("data") instanceof Map<?, ?> data && data.get("label") instanceof String label ? label : "";
            String workers = "";
            if (settings.get("cluster.workers") instanceof Map<?, ?> setting && setting.get("value") instanceof Map<?, ?> hosts) {
                StringBuilder text = new StringBuilder();
                hosts.forEach((host, count) -> text.append(text.isEmpty() ? "" : ",").append(host).append(':').append(count));
                workers = text.toString();
            }
            String message = error != null ? String.valueOf(error.get("message")) : result != null ? String.valueOf(result.get("summary")) : "";
            long runMs = 0;
            if (manifest.get("phases") instanceof List<?> phases) {
                for (Object phase : phases) {
                    if (phase instanceof Map<?, ?> timed && "run".equals(timed.get("name")) && timed.get("durationMs") instanceof Number ms) {
                        runMs = ms.longValue();
                    }
                }
            }
            return new Entry(record, target, command, String.valueOf(timing.get("started")),
                    timing.get("durationMs") instanceof Number number ? number.longValue() : 0, mode, workers,
                    String.valueOf(manifest.getOrDefault("status", "?")),
                    manifest.get("outputs") instanceof List<?> outputs ? outputs.size() : 0, message, runMs);
        } catch (IOException | RuntimeException e) {
            return new Entry(record, target, command, name, 0, "", "", "unreadable", 0, manifestFile + ": " + e.getMessage(), 0);
        }
    }
}
