package org.agilab.runtime.settings;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where things are in the text of a TOML file: its table headers, its key/value entries and the exact span of each
 * value (strings of every kind, arrays and inline tables over several lines, comments skipped), so that an edit can
 * replace one value and keep every other character as the user wrote it. tomlj reads the values; this reads the layout.
 * It expects a file tomlj accepts; on anything else it stops at the first thing it cannot read.
 */
public final class TomlText {

    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_-]+");

    /** A table header, {@code [a.b]} or {@code [[a]]}, and the text it governs (up to the next header). */
    public record Section(List<String> key, boolean arrayOfTables, int headerStart, int start, int end, int line) {
    }

    /**
     * One {@code key = value}: the offsets of the line's start, the key, the value and the end of its line (after the
     * newline, so removing {@code lineStart..lineEnd} removes the entry whole).
     */
    public record Entry(List<String> key, int lineStart, int keyStart, int valueStart, int valueEnd, int lineEnd, int line) {
    }

    /** The layout of a whole file: the root section (key empty, no header) first, then each header in order. */
    public record Layout(String text, List<Section> sections, List<List<Entry>> entries) {

        /** The entries of section {@code index}. */
        public List<Entry> entriesOf(int index) {
            return entries.get(index);
        }

        /** The 1-based line of an offset. */
        public int lineOf(int offset) {
            return TomlText.lineOf(text, offset);
        }
    }

    private TomlText() {
    }

    /** Reads the layout of a TOML text. */
    public static Layout layout(String text) {
        List<Section> sections = new ArrayList<>();
        List<List<Entry>> entries = new ArrayList<>();
        int[] open = {0, 0, 0, 1}; // the current section: headerStart, start, arrayOfTables(0/1), line
        List<String> currentKey = List.of();
        List<Entry> current = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while ((i = skipSpaceAndComments(text, i)) < n) {
            char c = text.charAt(i);
            if (c == '[') {
                int headerStart = lineStart(text, i);
                sections.add(new Section(currentKey, open[2] == 1, open[0], open[1], headerStart, open[3]));
                entries.add(current);
                boolean array = i + 1 < n && text.charAt(i + 1) == '[';
                int keyStart = i + (array ? 2 : 1);
                int close = skipKey(text, keyStart);
                currentKey = parseKey(text.substring(keyStart, close));
                int after = Math.min(n, close + (array ? 2 : 1));
                int bodyStart = nextLine(text, after);
                open = new int[] {headerStart, bodyStart, array ? 1 : 0, lineOf(text, i)};
                current = new ArrayList<>();
                i = bodyStart;
            } else {
                int lineStart = lineStart(text, i);
                int equals = skipKey(text, i);
                List<String> key = parseKey(text.substring(i, equals));
                int valueStart = skipBlanks(text, equals + 1);
                int valueEnd = valueEnd(text, valueStart);
                int lineEnd = nextLine(text, valueEnd);
                current.add(new Entry(key, lineStart, i, valueStart, valueEnd, lineEnd, lineOf(text, i)));
                i = lineEnd;
            }
        }
        sections.add(new Section(currentKey, open[2] == 1, open[0], open[1], n, open[3]));
        entries.add(current);
        return new Layout(text, Collections.unmodifiableList(sections), Collections.unmodifiableList(entries));
    }

    /** The offset just after the TOML value that starts at {@code start}. */
    public static int valueEnd(String text, int start) {
        int n = text.length();
        if (start >= n) {
            return n;
        }
        char c = text.charAt(start);
        if (text.startsWith("\"\"\"", start) || text.startsWith("'''", start)) {
            String quotes = text.substring(start, start + 3);
            int i = start + 3;
            while (i < n) {
                if (quotes.charAt(0) == '"' && text.charAt(i) == '\\') {
                    i += 2;
                } else if (text.startsWith(quotes, i)) {
                    int end = i + 3;
                    for (int extra = 0; extra < 2 && end < n && text.charAt(end) == quotes.charAt(0); extra++) {
                        end++; // up to two quotes may end the content: """a""""
                    }
                    return end;
                } else {
                    i++;
                }
            }
            return n;
        }
        if (c == '"' || c == '\'') {
            int i = start + 1;
            while (i < n && text.charAt(i) != c && text.charAt(i) != '\n') {
                i += c == '"' && text.charAt(i) == '\\' ? 2 : 1;
            }
            return Math.min(n, i + 1);
        }
        if (c == '[') {
            int i = start + 1;
            while (i < n) {
                i = skipSpaceAndComments(text, i);
                if (i >= n) {
                    return n;
                }
                if (text.charAt(i) == ']') {
                    return i + 1;
                }
                if (text.charAt(i) == ',') {
                    i++;
                } else {
                    i = valueEnd(text, i);
                }
            }
            return n;
        }
        if (c == '{') {
            int i = start + 1;
            while (i < n) {
                i = skipBlanks(text, i);
                if (i >= n) {
                    return n;
                }
                char d = text.charAt(i);
                if (d == '}') {
                    return i + 1;
                }
                if (d == ',' || d == '\n' || d == '\r') {
                    i++;
                    continue;
                }
                int equals = skipKey(text, i);
                i = valueEnd(text, skipBlanks(text, equals + 1));
            }
            return n;
        }
        int i = start;
        while (i < n && ",]}\n\r#".indexOf(text.charAt(i)) < 0) {
            i++;
        }
        while (i > start && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
            i--;
        }
        return i;
    }

    /** The spans ({@code [start, end]} pairs) of each element of the array whose {@code [} is at {@code start}. */
    public static List<int[]> arrayElements(String text, int start) {
        List<int[]> elements = new ArrayList<>();
        int n = text.length();
        int i = start + 1;
        while (i < n) {
            i = skipSpaceAndComments(text, i);
            if (i >= n || text.charAt(i) == ']') {
                break;
            }
            if (text.charAt(i) == ',') {
                i++;
                continue;
            }
            int end = valueEnd(text, i);
            elements.add(new int[] {i, end});
            i = end;
        }
        return elements;
    }

    /** The entries of the inline table whose {@code {} is at {@code start} (offsets of key and value; lines of the key). */
    public static List<Entry> inlineEntries(String text, int start) {
        List<Entry> entries = new ArrayList<>();
        int n = text.length();
        int i = start + 1;
        while (i < n) {
            i = skipBlanks(text, i);
            if (i >= n || text.charAt(i) == '}') {
                break;
            }
            char d = text.charAt(i);
            if (d == ',' || d == '\n' || d == '\r') {
                i++;
                continue;
            }
            int equals = skipKey(text, i);
            List<String> key = parseKey(text.substring(i, equals));
            int valueStart = skipBlanks(text, equals + 1);
            int valueEnd = valueEnd(text, valueStart);
            entries.add(new Entry(key, i, i, valueStart, valueEnd, valueEnd, lineOf(text, i)));
            i = valueEnd;
        }
        return entries;
    }

    /** The 1-based line of an offset. */
    public static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** A key as TOML writes it: bare when it can be, else a basic string. */
    public static String key(String part) {
        return BARE.matcher(part).matches() ? part : basicString(part);
    }

    /**
     * A value as a TOML literal on one line (strings as basic strings with escapes): strings, integers, floats,
     * booleans, dates and times, lists and maps (inline tables).
     */
    public static String literal(Object value) {
        if (value instanceof String text) {
            return basicString(text);
        }
        if (value instanceof Boolean || value instanceof Long || value instanceof Integer || value instanceof Short) {
            return value.toString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                return "nan";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "inf" : "-inf";
            }
            String shown = Double.toString(d);
            return shown.contains("E") ? shown.replace("E", "e") : shown;
        }
        if (value instanceof OffsetDateTime || value instanceof LocalDateTime || value instanceof LocalDate || value instanceof LocalTime) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(literal(item)));
            return "[" + String.join(", ", items) + "]";
        }
        if (value instanceof Map<?, ?> map) {
            List<String> items = new ArrayList<>();
            map.forEach((k, v) -> items.add(key(String.valueOf(k)) + " = " + literal(v)));
            return items.isEmpty() ? "{}" : "{ " + String.join(", ", items) + " }";
        }
        throw new IllegalArgumentException("no TOML literal for " + (value == null ? "null" : value.getClass().getName()));
    }

    /**
     * A string value as a table entry writes it best: a multi-line literal string ({@code '''}) when it holds newlines
     * and can be one, so code stays readable in the file; a basic string otherwise.
     */
    public static String blockLiteral(String text) {
        boolean fits = text.contains("\n") && !text.contains("'''") && !text.endsWith("'")
                && text.chars().noneMatch(ch -> ch < 0x20 && ch != '\n' && ch != '\t' || ch == 0x7f) && !text.contains("\r");
        return fits ? "'''\n" + text + "'''" : basicString(text);
    }

    static String basicString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        out.append(String.format("\\u%04X", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The offset of the {@code =} (or the {@code ]} of a header) that ends the key starting at {@code start}. */
    private static int skipKey(String text, int start) {
        int n = text.length();
        int i = start;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                i = valueEnd(text, i);
            } else if (c == '=' || c == ']' || c == '\n') {
                return i;
            } else {
                i++;
            }
        }
        return n;
    }

    private static List<String> parseKey(String raw) {
        try {
            return SettingKey.parse(raw.strip());
        } catch (IllegalArgumentException e) {
            return List.of(raw.strip());
        }
    }

    private static int skipBlanks(String text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int skipSpaceAndComments(String text, int i) {
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
            } else if (c == '#') {
                i = endOfLine(text, i);
            } else {
                break;
            }
        }
        return i;
    }

    private static int endOfLine(String text, int i) {
        int newline = text.indexOf('\n', i);
        return newline < 0 ? text.length() : newline;
    }

    /** The offset after the newline that ends the line holding {@code i}. */
    private static int nextLine(String text, int i) {
        int newline = text.indexOf('\n', i);
        return newline < 0 ? text.length() : newline + 1;
    }

    private static int lineStart(String text, int i) {
        int newline = text.lastIndexOf('\n', i - 1);
        return newline + 1;
    }
}
