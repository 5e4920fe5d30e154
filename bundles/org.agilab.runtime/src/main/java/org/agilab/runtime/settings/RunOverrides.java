package org.agilab.runtime.settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.env.Provenance;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.settings.SettingsProblem.Severity;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;

/**
 * This run's command-line settings: {@code --set key=value} (repeatable; a bare key means {@code args.key}; the value
 * is a TOML literal, or a plain string when it is not one), {@code --workers HOST:N[,HOST:N]} and {@code --mode}.
 * They apply to one run and are never written to any file.
 */
public final class RunOverrides {

    private record Assignment(List<String> path, Object value, String option) {
    }

    private final List<Assignment> assignments = new ArrayList<>();

    public static RunOverrides none() {
        return new RunOverrides();
    }

    /** @throws AgilabException (usage) when the text is not key=value or the key is not a TOML key */
    public RunOverrides set(String assignment) {
        int equals = assignment.indexOf('=');
        if (equals <= 0) {
            throw AgilabException.of(FailureClass.USAGE, "--set '" + assignment + "' is not key=value")
                    .hint("write --set nfile=2 (an [args] key) or --set cluster.verbose=2").build();
        }
        List<String> path;
        try {
            path = new ArrayList<>(SettingKey.parse(assignment.substring(0, equals)));
        } catch (IllegalArgumentException e) {
            throw AgilabException.of(FailureClass.USAGE, "--set: " + e.getMessage())
                    .hint("quote keys with dots: --set 'cluster.workers.\"10.0.0.5\"=2'").build();
        }
        if (path.size() == 1) {
            path.add(0, "args");
        }
        assignments.add(new Assignment(List.copyOf(path), literal(assignment.substring(equals + 1)), "--set"));
        return this;
    }

    /** Parses a TOML literal ("2", "true", "[\"a\"]", "\"x\""); anything else is the text itself. */
    static Object literal(String text) {
        // the common cases without the TOML parser, whose set-up costs a short-lived CLI ~80 ms
        if (text.matches("-?(0|[1-9][0-9]{0,17})")) {
            return Long.parseLong(text);
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        if (!text.isEmpty() && (Character.isLetter(text.charAt(0)) && !text.equals("inf") && !text.equals("nan")
                || text.charAt(0) == '/')) {
            return text; // a bare word or a path is never a TOML literal
        }
        TomlParseResult parsed = Toml.parse("value = " + text);
        if (parsed.hasErrors() || !parsed.contains("value")) {
            return text;
        }
        Object value = parsed.get("value");
        return value instanceof TomlArray array ? array.toList() : value;
    }

    /** @throws AgilabException (usage) naming the part that is not HOST:N */
    public RunOverrides workers(String option) {
        Map<String, Long> workers = new LinkedHashMap<>();
        for (String part : option.split(",")) {
            String item = part.strip();
            int colon = item.lastIndexOf(':');
            String host = colon > 0 ? item.substring(0, colon) : item;
            String count = colon > 0 ? item.substring(colon + 1) : "1";
            if (host.isEmpty()) {
                throw AgilabException.of(FailureClass.USAGE, "--workers '" + option + "': '" + item + "' has no host")
                        .hint("write --workers 127.0.0.1:2,10.0.0.5:4").build();
            }
            try {
                workers.merge(host, Long.parseLong(count), Long::sum);
            } catch (NumberFormatException e) {
                throw AgilabException.of(FailureClass.USAGE, "--workers '" + option + "': '" + count + "' is not a worker count")
                        .hint("write HOST:N with N a whole number, e.g. 127.0.0.1:2").build();
            }
        }
        assignments.add(new Assignment(AppSettings.WORKERS, workers, "--workers"));
        return this;
    }

    public RunOverrides mode(String option) {
        String trimmed = option.strip();
        Object value = trimmed.chars().allMatch(Character::isDigit) && !trimmed.isEmpty() ? (Object) Long.parseLong(trimmed) : trimmed;
        assignments.add(new Assignment(AppSettings.MODE, value, "--mode"));
        return this;
    }

    public boolean isEmpty() {
        return assignments.isEmpty();
    }

    /** The --set keys and values, for redaction of secret-looking keys. */
    public Map<String, Object> setValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Assignment assignment : assignments) {
            values.put(SettingKey.display(assignment.path()), assignment.value());
        }
        return values;
    }

    void applyTo(AppSettings settings) {
        for (Assignment assignment : assignments) {
            Provenance where = Provenance.commandLine(assignment.option() + " " + SettingKey.display(assignment.path()));
            List<SettingsProblem> problems = new ArrayList<>();
            if (assignment.value() instanceof Map<?, ?> workers && assignment.path().equals(AppSettings.WORKERS)) {
                for (Map.Entry<?, ?> entry : workers.entrySet()) {
                    SettingsValidator.validateWorkerCount((String) entry.getKey(), entry.getValue(), where, 0,
                            SettingKey.display(List.of("cluster", "workers", (String) entry.getKey())), problems);
                }
            } else if (assignment.path().size() == 3 && assignment.path().subList(0, 2).equals(AppSettings.WORKERS)) {
                SettingsValidator.validateWorkerCount(assignment.path().get(2), assignment.value(), where, 0,
                        SettingKey.display(assignment.path()), problems);
            } else {
                SettingsValidator.validate(assignment.path(), assignment.value(), where, 0, problems);
            }
            problems.forEach(settings::addProblem);
            if (problems.stream().anyMatch(p -> p.severity() == Severity.ERROR)) {
                continue;
            }
            if (assignment.path().size() == 3 && assignment.path().subList(0, 2).equals(AppSettings.WORKERS)) {
                Map<String, Long> workers = new LinkedHashMap<>(settings.workers());
                workers.put(assignment.path().get(2), (Long) assignment.value());
                settings.put(AppSettings.WORKERS, workers, where);
            } else {
                settings.put(assignment.path(), assignment.value(), where);
            }
        }
    }
}
