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
        // the version names the parse and validation rules the cached problems came from: bump it when they change
        // (v4: unknown keys became warnings; v5: [service] is checked), or a home keeps serving problems of the old rules
        String key = cacheFolder == null ? null
                : new ContentHash("agilab-settings-v5").text("runtime", RuntimeInfo.VERSION).text("content", content).hex();
        if (key != null) {
            ParsedSettings cached = read(cacheFolder.resolve(key + ".json"));
            if (cached != null) {
                return cached;
            }
        }
        ParsedSettings parsed = parse(content);
        if (key != null) {
            try {
                AtomicFiles.writeString(cacheFolder.resolve(key + ".json"), JsonCodec.write(parsed.toCacheForm()));
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

    /**
     * The cache file: each value with its key path and line, and the problems found. A value is TOML's: a string,
     * number, boolean, date (as text), list or table; {@code [cluster.workers]} counts read back as longs.
     */
    private record CacheForm(List<Value> values, List<Problem> problems) {
    }

    private CacheForm toCacheForm() {
        return new CacheForm(values.stream().map(v -> v.value() == null ? new Value(v.path(), "", v.line()) : v).toList(), problems);
    }

    @SuppressWarnings("unchecked")
    private static ParsedSettings read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            CacheForm form = JsonCodec.read(Files.readString(file), CacheForm.class);
            ParsedSettings parsed = new ParsedSettings();
            for (Value value : form.values()) {
                Object read = value.value();
                if (value.path().equals(AppSettings.WORKERS)) {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    ((Map<String, Object>) read).forEach((host, count) -> counts.put(host, ((Number) count).longValue()));
                    read = counts;
                }
                parsed.values.add(new Value(List.copyOf(value.path()), read, value.line()));
            }
            parsed.problems.addAll(form.problems());
            return parsed;
        } catch (IOException | RuntimeException e) {
            return null; // parsed again
        }
    }
}
