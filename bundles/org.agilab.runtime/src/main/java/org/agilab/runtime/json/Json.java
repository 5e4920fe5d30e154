package org.agilab.runtime.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the protocol, records and plan files need, without a library on every worker classpath. Values map to
 * {@link Map} (insertion-ordered), {@link List}, {@link String}, {@link Long}, {@link Double}, {@link Boolean} and
 * {@code null}; writing also takes any {@link Number}, {@link CharSequence}, {@link Iterable} and arrays of objects.
 */
public final class Json {

    private Json() {
    }

    /** One line, no spaces: the form of protocol events. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, -1, 0);
        return out.toString();
    }

    /** Indented by two spaces, for files people read. */
    public static String writePretty(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 2, 0);
        return out.append('\n').toString();
    }

    private static void write(Object value, StringBuilder out, int indent, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence text) {
            quote(text, out);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                out.append("null");
            } else if (number == Math.rint(number) && Math.abs(number) < 1e15) {
                out.append((long) number).append(".0");
            } else {
                out.append(number);
            }
        } else if (value instanceof Number) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                newline(out, indent, depth + 1);
                quote(String.valueOf(entry.getKey()), out);
                out.append(indent >= 0 ? ": " : ":");
                write(entry.getValue(), out, indent, depth + 1);
            }
            if (!map.isEmpty()) {
                newline(out, indent, depth);
            }
            out.append('}');
        } else if (value instanceof Iterable<?> || value instanceof Object[]) {
            Iterable<?> items = value instanceof Object[] array ? List.of(array) : (Iterable<?>) value;
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                newline(out, indent, depth + 1);
                write(item, out, indent, depth + 1);
            }
            if (!first) {
                newline(out, indent, depth);
            }
            out.append(']');
        } else {
            quote(value.toString(), out);
        }
    }

    private static void newline(StringBuilder out, int indent, int depth) {
        if (indent >= 0) {
            out.append('\n');
            out.append(" ".repeat(indent * depth));
        }
    }

    /** The text as it appears between the quotes of a JSON string: what a secret looks like in serialised JSON. */
    public static String escape(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        quote(text, out);
        return out.substring(1, out.length() - 1);
    }

    private static void quote(CharSequence text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Parses one JSON text.
     *
     * @throws JsonException with the character offset of the first problem
     */
    public static Object parse(String text) {
        Parser parser = new Parser(text);
        parser.skipSpace();
        Object value = parser.value();
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected text after the value");
        }
        return value;
    }

    /** Parses a JSON object; anything else is a {@link JsonException}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new JsonException("expected a JSON object, got " + (value == null ? "null" : value.getClass().getSimpleName()), 0);
        }
        return (Map<String, Object>) value;
    }

    /** Thrown for malformed JSON; {@link #offset()} is where parsing stopped. */
    public static final class JsonException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int offset;

        JsonException(String message, int offset) {
            super(message + " at offset " + offset);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        JsonException error(String message) {
            return new JsonException(message, pos);
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        Object value() {
            if (pos >= text.length()) {
                throw error("unexpected end of text");
            }
            char c = text.charAt(pos);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("unexpected character '" + c + "'");
                }
            };
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, pos)) {
                throw error("expected " + word);
            }
            pos += word.length();
            return value;
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("expected a quoted key");
                }
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                map.put(key, value());
                skipSpace();
                char next = peek();
                pos++;
                if (next == '}') {
                    return map;
                }
                if (next != ',') {
                    pos--;
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            pos++;
            skipSpace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                skipSpace();
                list.add(value());
                skipSpace();
                char next = peek();
                pos++;
                if (next == ']') {
                    return list;
                }
                if (next != ',') {
                    pos--;
                    throw error("expected ',' or ']'");
                }
            }
        }

        private char peek() {
            if (pos >= text.length()) {
                throw error("unexpected end of text");
            }
            return text.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private String string() {
            pos++;
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = peek();
                pos++;
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    char escaped = peek();
                    pos++;
                    switch (escaped) {
                        case '"', '\\', '/' -> out.append(escaped);
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            if (pos + 4 > text.length()) {
                                throw error("short \\u escape");
                            }
                            try {
                                out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                            } catch (NumberFormatException e) {
                                throw error("bad \\u escape");
                            }
                            pos += 4;
                        }
                        default -> throw error("bad escape '\\" + escaped + "'");
                    }
                } else if (c < 0x20) {
                    throw error("control character in string");
                } else {
                    out.append(c);
                }
            }
        }

        private Object number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            boolean decimal = false;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c >= '0' && c <= '9') {
                    pos++;
                } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                    decimal = true;
                    pos++;
                } else {
                    break;
                }
            }
            String number = text.substring(start, pos);
            try {
                if (!decimal) {
                    try {
                        return Long.parseLong(number);
                    } catch (NumberFormatException tooLong) {
                        return new BigDecimal(number).doubleValue();
                    }
                }
                return Double.parseDouble(number);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("bad number '" + number + "'");
            }
        }
    }
}
