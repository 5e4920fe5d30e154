package org.agilab.runtime.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;

/**
 * A parsed {@code ~/.agilab/.env}: {@code KEY=value} lines, optional {@code export }, single or double quotes,
 * {@code #} comments and blank lines. Remembers the line of each key so errors and provenance can point at it.
 */
public final class DotEnv {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    /** A value and the line it came from. */
    public record Entry(String value, int line) {
    }

    private final Path file;
    private final Map<String, Entry> entries;

    private DotEnv(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = Collections.unmodifiableMap(entries);
    }

    public static DotEnv empty(Path file) {
        return new DotEnv(file, new LinkedHashMap<>());
    }

    /**
     * Reads the file; a missing file is an empty .env.
     *
     * @throws AgilabException (settings) naming the file and line of a line that is not KEY=value
     */
    public static DotEnv load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException missing) {
            return empty(file);
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.SETTINGS, "cannot read .env: " + e.getMessage()).file(file)
                    .hint("check the file's permissions").cause(e).build();
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int lineNumber = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw AgilabException.of(FailureClass.SETTINGS, "line is not KEY=value: '" + abbreviate(line) + "'")
                        .at(file, lineNumber).hint("write KEY=value, or start the line with # to comment it out")
                        .build();
            }
            String key = line.substring(0, equals).strip();
            if (!KEY.matcher(key).matches()) {
                throw AgilabException.of(FailureClass.SETTINGS, "'" + abbreviate(key) + "' is not a valid variable name")
                        .at(file, lineNumber).key(key).hint("names use letters, digits and '_' and do not start with a digit")
                        .build();
            }
            String value = unquote(line.substring(equals + 1).strip(), file, lineNumber);
            entries.put(key, new Entry(value, lineNumber));
        }
        return new DotEnv(file, entries);
    }

    private static String unquote(String raw, Path file, int line) {
        if (raw.isEmpty()) {
            return raw;
        }
        char first = raw.charAt(0);
        if (first == '"' || first == '\'') {
            int close = raw.indexOf(first, 1);
            if (close < 0) {
                throw AgilabException.of(FailureClass.SETTINGS, "the quoted value has no closing " + first)
                        .at(file, line).hint("close the quote on the same line").build();
            }
            String value = raw.substring(1, close);
            return first == '"' ? value.replace("\\n", "\n").replace("\\\"", "\"") : value;
        }
        int comment = raw.indexOf(" #");
        return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    public Path file() {
        return file;
    }

    public String get(String key) {
        Entry entry = entries.get(key);
        return entry == null ? null : entry.value();
    }

    public Entry entry(String key) {
        return entries.get(key);
    }

    public Map<String, Entry> entries() {
        return entries;
    }
}
