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
 * A parsed {@code ~/.agilab/.env}: {@code KEY=value} lines, optional {@code export }, single or double quotes (in
 * double quotes {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t} are escapes), {@code #} comments and blank
 * lines. Remembers the line of each key so errors and provenance can point at it; errors never echo a line's text.
 */
public final class DotEnv {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
    private static final Pattern LEADING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

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
            // the line's text is never echoed: a malformed line is often a secret written the wrong way
            // (CLUSTER_CREDENTIALS user:password), so errors name the file, the line and the leading name only
            String name = leadingName(line);
            if (equals <= 0) {
                throw AgilabException.of(FailureClass.SETTINGS, "line is not KEY=value"
                        + (name.isEmpty() ? "" : " (it starts with " + name + ")"))
                        .at(file, lineNumber).key(name.isEmpty() ? null : name)
                        .hint("write KEY=value, or start the line with # to comment it out").build();
            }
            String key = line.substring(0, equals).strip();
            if (!KEY.matcher(key).matches()) {
                throw AgilabException.of(FailureClass.SETTINGS, "the name before '=' is not a valid variable name"
                        + (name.isEmpty() ? "" : " (it starts with " + name + ")"))
                        .at(file, lineNumber).key(name.isEmpty() ? null : name)
                        .hint("names use letters, digits and '_' and do not start with a digit").build();
            }
            String value = unquote(line.substring(equals + 1).strip(), file, lineNumber, key);
            entries.put(key, new Entry(value, lineNumber));
        }
        return new DotEnv(file, entries);
    }

    private static String unquote(String raw, Path file, int line, String key) {
        if (raw.isEmpty()) {
            return raw;
        }
        char first = raw.charAt(0);
        if (first == '\'') {
            int close = raw.indexOf(first, 1);
            if (close < 0) {
                throw unclosed(first, file, line, key);
            }
            return raw.substring(1, close);
        }
        if (first == '"') {
            // escapes as python-dotenv reads them (upstream's .env): \" and \\ do not end the value, \n \r \t are
            // those characters; any other backslash stays as written
            StringBuilder value = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && i + 1 < raw.length()) {
                    char next = raw.charAt(i + 1);
                    switch (next) {
                        case '"', '\\' -> value.append(next);
                        case 'n' -> value.append('\n');
                        case 'r' -> value.append('\r');
                        case 't' -> value.append('\t');
                        default -> value.append(c).append(next);
                    }
                    i++;
                } else {
                    value.append(c);
                }
            }
            throw unclosed(first, file, line, key);
        }
        int comment = raw.indexOf(" #");
        return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
    }

    private static AgilabException unclosed(char quote, Path file, int line, String key) {
        return AgilabException.of(FailureClass.SETTINGS, "the quoted value of " + key + " has no closing " + quote)
                .at(file, line).key(key).hint("close the quote on the same line").build();
    }

    /**
     * The variable name a line starts with (letters, digits, '_', at most 64) when something follows it, as in
     * {@code KEY value}; "" otherwise: a line that is one word may be a value alone, and is not named.
     */
    private static String leadingName(String line) {
        java.util.regex.Matcher name = LEADING_NAME.matcher(line);
        return name.lookingAt() && name.end() < line.length() && !Character.isLetterOrDigit(line.charAt(name.end()))
                ? name.group() : "";
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
