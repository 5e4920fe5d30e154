package org.agilab.runtime.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.json.JsonCodec;

/**
 * Two recorded runs side by side, from their manifests: the command and its result, every setting whose value
 * differs (with where each came from), each phase's duration, and each output's checksum (same, changed, or only in
 * one run). What the Runs view's Compare shows.
 */
public final class RunComparison {

    private RunComparison() {
    }

    /** One line of the comparison; {@code differs} when the two sides are not the same. */
    public record Row(String section, String item, String left, String right, boolean differs) {
    }

    public static List<Row> compare(Path left, Path right) {
        Map<String, Object> a = manifest(left);
        Map<String, Object> b = manifest(right);
        List<Row> rows = new ArrayList<>();
        add(rows, "run", "command", text(get(a, "command", "argv")), text(get(b, "command", "argv")));
        add(rows, "run", "status", text(a.get("status")), text(b.get("status")));
        add(rows, "run", "duration (ms)", text(get(a, "timing", "durationMs")), text(get(b, "timing", "durationMs")));
        for (String field : List.of("label", "works", "items", "rows", "poolWidth", "kernel")) {
            add(rows, "run", field, text(get(a, "result", "data", field)), text(get(b, "result", "data", field)));
        }
        Map<String, Object> settingsA = map(a.get("settings"));
        Map<String, Object> settingsB = map(b.get("settings"));
        for (String key : new TreeSet<>(union(settingsA.keySet(), settingsB.keySet()))) {
            String valueA = setting(settingsA.get(key));
            String valueB = setting(settingsB.get(key));
            if (!valueA.equals(valueB)) {
                rows.add(new Row("settings", key, valueA, valueB, true));
            }
        }
        Map<String, String> phasesA = phases(a);
        Map<String, String> phasesB = phases(b);
        for (String phase : union(phasesA.keySet(), phasesB.keySet())) {
            // durations always differ a little: a phase differs when it is missing on one side
            String durationA = phasesA.getOrDefault(phase, "");
            String durationB = phasesB.getOrDefault(phase, "");
            rows.add(new Row("phases (ms)", phase, durationA, durationB, durationA.isEmpty() != durationB.isEmpty()));
        }
        Map<String, String> outputsA = outputs(a);
        Map<String, String> outputsB = outputs(b);
        for (String output : new TreeSet<>(union(outputsA.keySet(), outputsB.keySet()))) {
            String sumA = outputsA.getOrDefault(output, "(none)");
            String sumB = outputsB.getOrDefault(output, "(none)");
            add(rows, "outputs (sha256)", output, sumA, sumB);
        }
        return rows;
    }

    private static void add(List<Row> rows, String section, String item, String left, String right) {
        rows.add(new Row(section, item, left, right, !left.equals(right)));
    }

    private static Map<String, Object> manifest(Path record) {
        Path file = record.resolve(RunRecord.MANIFEST_FILE);
        try {
            return JsonCodec.readObject(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw AgilabException.of(FailureClass.USAGE, "cannot read the run's manifest: " + e.getMessage()).file(file)
                    .hint("compare two finished runs").cause(e).build();
        }
    }

    private static Object get(Map<String, Object> root, String... path) {
        Object current = root;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static String setting(Object entry) {
        if (entry == null) {
            return "(unset)";
        }
        Map<String, Object> setting = map(entry);
        Object where = setting.get("file") != null ? setting.get("file") + ":" + setting.get("line") : setting.get("source");
        return text(setting.get("value")) + (where == null ? "" : "  <- " + where);
    }

    private static Map<String, String> phases(Map<String, Object> manifest) {
        Map<String, String> phases = new LinkedHashMap<>();
        if (manifest.get("phases") instanceof List<?> list) {
            for (Object entry : list) {
                Map<String, Object> phase = map(entry);
                phases.merge(text(phase.get("name")), text(phase.get("durationMs")), (x, y) -> x + "+" + y);
            }
        }
        return phases;
    }

    private static Map<String, String> outputs(Map<String, Object> manifest) {
        Map<String, String> outputs = new TreeMap<>();
        if (manifest.get("outputs") instanceof List<?> list) {
            for (Object entry : list) {
                Map<String, Object> output = map(entry);
                String path = text(output.get("path"));
                outputs.put(Path.of(path).getFileName().toString(), text(output.get("sha256")));
            }
        }
        return outputs;
    }

    private static List<String> union(java.util.Collection<String> a, java.util.Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        b.stream().filter(key -> !a.contains(key)).forEach(all::add);
        return all;
    }

    private static String text(Object value) {
        return value == null ? "" : value instanceof List<?> list ? String.join(" ", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
    }
}
