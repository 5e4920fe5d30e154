package org.agilab.runtime.json;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/**
 * The one JSON codec of the runtime: protocol events, control messages, run records, plans and caches all go through
 * this Gson. Records map to objects by their component names (null components are left out), enums by their
 * {@code @SerializedName}, paths and instants to strings. Untyped values read as {@link Map} (insertion-ordered),
 * {@link java.util.List}, {@link String}, {@link Long} for integers, {@link Double}, {@link Boolean} and null.
 */
public final class JsonCodec {

    private static final Gson GSON = builder().create();
    private static final Gson PRETTY = builder().setPrettyPrinting().create();

    private JsonCodec() {
    }

    private static GsonBuilder builder() {
        return new GsonBuilder()
                .disableHtmlEscaping()
                .setStrictness(Strictness.STRICT)
                .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
                .registerTypeHierarchyAdapter(Path.class, new TextAdapter<>(Path::of).nullSafe())
                .registerTypeAdapter(Instant.class, new TextAdapter<>(Instant::parse).nullSafe())
                .registerTypeAdapter(Double.class, new FiniteDoubles().nullSafe());
    }

    /** The configured Gson, for adapters that delegate (the protocol's event types). */
    public static Gson gson() {
        return GSON;
    }

    /** One line, no spaces: the form of protocol events and control messages. */
    public static String write(Object value) {
        return GSON.toJson(value);
    }

    /** One line, as the given type: an event as {@code Event.class} carries its type name. */
    public static String write(Object value, Type type) {
        return GSON.toJson(value, type);
    }

    /** Indented by two spaces and ending in a newline, for files people read. */
    public static String writePretty(Object value) {
        return PRETTY.toJson(value) + "\n";
    }

    /** The tree of a value, for code that adds or removes members before writing. */
    public static JsonElement tree(Object value, Type type) {
        return GSON.toJsonTree(value, type);
    }

    /** The text as it appears between the quotes of a JSON string: what a secret looks like in serialised JSON. */
    public static String escape(CharSequence text) {
        String quoted = GSON.toJson(text.toString());
        return quoted.substring(1, quoted.length() - 1);
    }

    /**
     * Reads one JSON text as the given type.
     *
     * @throws Malformed naming the line, column and path where reading stopped
     */
    public static <T> T read(String text, Class<T> type) {
        return read(text, (Type) type);
    }

    /** Reads one JSON text as a generic type, e.g. {@code new TypeToken<Map<String, Lease>>() {}.getType()}. */
    public static <T> T read(String text, Type type) {
        try {
            T value = GSON.fromJson(text, type);
            if (value == null) {
                throw new Malformed("no JSON value (empty text or null)");
            }
            return value;
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
            throw e instanceof Malformed malformed ? malformed : new Malformed(e.getMessage(), e);
        }
    }

    /** Reads one JSON text as a tree. */
    public static JsonElement readTree(String text) {
        return read(text, JsonElement.class);
    }

    /** Reads a JSON object as an insertion-ordered, mutable map; anything else is {@link Malformed}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(String text) {
        Object value = read(text, Object.class);
        if (!(value instanceof Map)) {
            throw new Malformed("expected a JSON object, got " + value.getClass().getSimpleName());
        }
        return new LinkedHashMap<>((Map<String, Object>) value);
    }

    /** Reads any JSON value as maps, lists, strings, longs, doubles and booleans. */
    public static Object readValue(String text) {
        try {
            return GSON.fromJson(text, Object.class);
        } catch (JsonParseException e) {
            throw new Malformed(e.getMessage(), e);
        }
    }

    /** Malformed JSON, or JSON of another shape than expected; the message says where. */
    public static final class Malformed extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public Malformed(String message) {
            super(message);
        }

        Malformed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Values written as their text form and read back with a parser. */
    private static final class TextAdapter<T> extends TypeAdapter<T> {
        private final java.util.function.Function<String, T> parser;

        TextAdapter(java.util.function.Function<String, T> parser) {
            this.parser = parser;
        }

        @Override
        public void write(JsonWriter out, T value) throws IOException {
            out.value(value.toString());
        }

        @Override
        public T read(JsonReader in) throws IOException {
            String text = in.nextString();
            try {
                return parser.apply(text);
            } catch (RuntimeException e) {
                throw new JsonParseException("'" + text + "' at " + in.getPath() + ": " + e.getMessage(), e);
            }
        }
    }

    /** NaN and infinities have no JSON form: written as null, as a reader would take a missing measure. */
    private static final class FiniteDoubles extends TypeAdapter<Double> {
        @Override
        public void write(JsonWriter out, Double value) throws IOException {
            if (value.isNaN() || value.isInfinite()) {
                out.nullValue();
            } else {
                out.value(value.doubleValue());
            }
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return in.nextDouble();
        }
    }
}
