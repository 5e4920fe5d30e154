package org.agilab.runtime.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.RuntimeInfo;
import org.agilab.runtime.env.Provenance;
import org.agilab.runtime.io.ContentHash;
import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.settings.SettingsProblem.Severity;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * One settings file's content, parsed and validated, independent of where the file is: its values with their lines
 * and its problems. Parsing with tomlj costs about 130 ms in a fresh JVM (ANTLR warms up), most of a cached
 * {@code install}; so the result is kept under {@code ~/.agilab/cache/settings/}, keyed by the content's hash and the
 * runtime version, and read back as JSON in a millisecond. Dates become their TOML text.
 */
final class ParsedSettings {

    record Value(List<String> path, Object value, int line) {
    }

    record Problem(Severity severity, int line, int column, String key, String message, String hint) {
    }

    private final List<Value> values = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();

    static ParsedSettings of(String content, Path cacheFolder) {
        String key = cacheFolder == null ? null
                : new ContentHash("agilab-settings-v2").text("runtime", RuntimeInfo.VERSION).text("content", content).hex();
        if (key != null) {
            ParsedSettings cached = read(cacheFolder.resolve(key + ".json"));
            if (cached != null) {
                return cached;
            }
        }
        ParsedSettings parsed = parse(content);
        if (key != null) {
            try {
                AtomicFiles.writeString(cacheFolder.resolve(key + ".json"), JsonCodec.write(parsed.toJson()));
            } catch (RuntimeException e) {
                // a cache that cannot be written only costs the next parse
            }
        }
        return parsed;
    }

    static ParsedSettings parse(String content) {
        ParsedSettings parsed = new ParsedSettings();
        TomlParseResult toml = Toml.parse(content);
        if (toml.hasErrors()) {
            for (TomlParseError error : toml.errors()) {
                parsed.problems.add(new Problem(Severity.ERROR, error.position().line(), error.position().column(), null,
                        "TOML syntax: " + error.getMessage(), "fix the syntax at this line"));
            }
            return parsed;
        }
        parsed.walk(toml, List.of(), toml);
        return parsed;
    }

    /** Adds the values and problems to the settings, as coming from this file. */
    void applyTo(AppSettings settings, Provenance.Kind kind, Path file) {
        for (Value value : values) {
            settings.put(value.path(), value.value(), Provenance.file(kind, file, value.line()));
        }
        for (Problem problem : problems) {
            settings.addProblem(new SettingsProblem(problem.severity(), Provenance.file(kind, file, problem.line()), problem.column(),
                    problem.key(), problem.message(), problem.hint()));
        }
    }

    private void walk(TomlTable root, List<String> prefix, TomlTable table) {
        for (String key : table.keySet()) {
            List<String> path = append(prefix, key);
            Object value = table.get(List.of(key));
            TomlPosition position = root.inputPositionOf(path);
            int line = position == null ? 0 : position.line();
            int column = position == null ? 0 : position.column();
            boolean valid = validate(path, value, line, column, null);
            if (path.equals(AppSettings.WORKERS) && value instanceof TomlTable workers) {
                Map<String, Long> counts = new LinkedHashMap<>();
                for (String host : workers.keySet()) {
                    Object count = workers.get(List.of(host));
                    TomlPosition hostPosition = root.inputPositionOf(append(path, host));
                    if (validate(null, count, hostPosition == null ? 0 : hostPosition.line(),
                            hostPosition == null ? 0 : hostPosition.column(), host)) {
                        counts.put(host, (Long) count);
                    }
                }
                values.add(new Value(path, counts, line));
            } else if (value instanceof TomlTable child && valid) {
                walk(root, path, child);
            } else if (valid) {
                values.add(new Value(path, plain(value), line));
            }
        }
    }

    /** Validates a value (or, with a host, a worker count); records problems; true when there is no error. */
    private boolean validate(List<String> path, Object value, int line, int column, String host) {
        List<SettingsProblem> found = new ArrayList<>();
        Provenance where = Provenance.file(Provenance.Kind.PROJECT, null, line);
        if (host == null) {
            SettingsValidator.validate(path, value, where, column, found);
        } else {
            SettingsValidator.validateWorkerCount(host, value, where, column,
                    SettingKey.display(append(AppSettings.WORKERS, host)), found);
        }
        for (SettingsProblem problem : found) {
            problems.add(new Problem(problem.severity(), line, column, problem.key(), problem.message(), problem.hint()));
        }
        return found.stream().noneMatch(SettingsProblem::isError);
    }

    /** TOML values as plain Java values: arrays as lists, dates and times as their text. */
    private static Object plain(Object value) {
        if (value instanceof TomlArray array) {
            return array.toList().stream().map(ParsedSettings::plain).toList();
        }
        if (value instanceof TomlTable table) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (String key : table.keySet()) {
                map.put(key, plain(table.get(List.of(key))));
            }
            return map;
        }
        if (value instanceof TemporalAccessor) {
            return value.toString();
        }
        return value;
    }

    private static List<String> append(List<String> prefix, String key) {
        List<String> path = new ArrayList<>(prefix);
        path.add(key);
        return List.copyOf(path);
    }

    private Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("values", values.stream().map(v -> List.of(v.path(), v.value() == null ? "" : v.value(), v.line())).toList());
        json.put("problems", problems.stream().map(p -> {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("severity", p.severity().name());
            problem.put("line", p.line());
            problem.put("column", p.column());
            problem.put("key", p.key());
            problem.put("message", p.message());
            problem.put("hint", p.hint());
            return problem;
        }).toList());
        return json;
    }

    @SuppressWarnings("unchecked")
    private static ParsedSettings read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Map<String, Object> json = JsonCodec.readObject(Files.readString(file));
            ParsedSettings parsed = new ParsedSettings();
            for (Object entry : (List<Object>) json.get("values")) {
                List<Object> triple = (List<Object>) entry;
                List<String> path = ((List<Object>) triple.get(0)).stream().map(String::valueOf).toList();
                Object value = triple.get(1);
                if (path.equals(AppSettings.WORKERS)) {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    ((Map<String, Object>) value).forEach((host, count) -> counts.put(host, (Long) count));
                    value = counts;
                }
                parsed.values.add(new Value(path, value, ((Long) triple.get(2)).intValue()));
            }
            for (Object entry : (List<Object>) json.get("problems")) {
                Map<String, Object> problem = (Map<String, Object>) entry;
                parsed.problems.add(new Problem(Severity.valueOf((String) problem.get("severity")),
                        ((Long) problem.get("line")).intValue(), ((Long) problem.get("column")).intValue(),
                        (String) problem.get("key"), (String) problem.get("message"), (String) problem.get("hint")));
            }
            return parsed;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
