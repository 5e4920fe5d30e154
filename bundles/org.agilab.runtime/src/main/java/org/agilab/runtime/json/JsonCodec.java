package org.agilab.runtime.json;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
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

    private JsonCodec() {
    }

    private static GsonBuilder builder() {
        return new GsonBuilder()
                .disableHtmlEscaping()
                .setStrictness(Strictness.STRICT)
                .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
                .registerTypeHierarchyAdapter(Path.class, new TextAdapter<>(Path::of).nullSafe())
                .registerTypeAdapter(Instant.class, new TextAdapter<>(Instant::parse).nullSafe())
                .registerTypeAdapter(Double.class, new FiniteDoubles().nullSafe())
                .registerTypeAdapterFactory(new LowercaseEnums())
                .registerTypeAdapterFactory(new Records());
    }

    /**
     * An enum written as its constant's name in lower case ({@code STARTED} as {@code "started"}), read back by that name;
     * a name this reader does not know (a later release's) reads as null, as Gson reads enums. The protocol's states
     * use it instead of {@code @SerializedName} on every constant: reading those annotations makes the JVM generate
     * annotation proxies, ~20 ms of a fresh CLI's first event.
     */
    public interface LowercaseEnum {
        /** The constant's wire name, for text shown to people. */
        static String wireName(Enum<?> constant) {
            return LowercaseEnums.names(constant.getDeclaringClass())[constant.ordinal()];
        }
    }

    /**
     * Records as objects of their components (named by the component, or its {@code @SerializedName}), read through
     * the canonical constructor; null components left out, members the record does not have skipped, a missing
     * primitive read as its default. Gson's own record support (it targets Java 7) reaches
     * {@code Class.getRecordComponents} through {@code Method.invoke}, and the JDK then reads that method's annotations:
     * two annotation proxies generated in every fresh JVM, most of a CLI's first event; this reads the components
     * directly.
     */
    private static final class Records implements TypeAdapterFactory {

        @Override
        @SuppressWarnings("unchecked")
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<?> raw = type.getRawType();
            if (!raw.isRecord()) {
                return null;
            }
            java.lang.reflect.RecordComponent[] components = raw.getRecordComponents();
            int count = components.length;
            String[] names = new String[count];
            java.lang.reflect.Method[] accessors = new java.lang.reflect.Method[count];
            TypeAdapter<Object>[] adapters = new TypeAdapter[count];
            Class<?>[] types = new Class<?>[count];
            Map<String, Integer> indexOf = new java.util.HashMap<>();
            for (int i = 0; i < count; i++) {
                names[i] = wireName(raw, components[i]);
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
                types[i] = components[i].getType();
                adapters[i] = adapterOf(gson, components[i].getGenericType());
                indexOf.put(names[i], i);
            }
            java.lang.reflect.Constructor<?> canonical;
            try {
                canonical = raw.getDeclaredConstructor(types);
                canonical.setAccessible(true);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("record " + raw.getName() + " without its canonical constructor", e);
            }
            return (TypeAdapter<T>) new TypeAdapter<Object>() {
                @Override
                public void write(JsonWriter out, Object record) throws IOException {
                    out.beginObject();
                    for (int i = 0; i < count; i++) {
                        Object value = invoke(accessors[i], record);
                        if (value != null) {
                            out.name(names[i]);
                            adapters[i].write(out, value);
                        } else if (out.getSerializeNulls()) {
                            out.name(names[i]).nullValue();
                        }
                    }
                    out.endObject();
                }

                @Override
                public Object read(JsonReader in) throws IOException {
                    Object[] values = new Object[count];
                    in.beginObject();
                    while (in.hasNext()) {
                        Integer index = indexOf.get(in.nextName());
                        if (index == null) {
                            in.skipValue(); // a member of a later release, or of another writer: ignored
                        } else {
                            values[index] = adapters[index].read(in);
                        }
                    }
                    in.endObject();
                    for (int i = 0; i < count; i++) {
                        if (values[i] == null && types[i].isPrimitive()) {
                            values[i] = java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(types[i], 1), 0);
                        }
                    }
                    try {
                        return canonical.newInstance(values);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        // the record's own checks refused the values: its message says which
                        throw new JsonParseException(raw.getSimpleName() + ": " + e.getCause().getMessage(), e.getCause());
                    } catch (ReflectiveOperationException e) {
                        throw new JsonParseException("cannot make a " + raw.getSimpleName() + ": " + e, e);
                    }
                }
            }.nullSafe();
        }

        /**
         * A component's adapter. A list of a sealed interface's values ({@code List<Event>}) writes each with the
         * interface's adapter: Gson's own list adapter writes an element with its runtime type's adapter whenever that is
         * not Gson's reflective one, as every record's adapter here is, and would drop what the interface's adapter adds
         * (an event's {@code type}).
         */
        @SuppressWarnings("unchecked")
        private static TypeAdapter<Object> adapterOf(Gson gson, Type generic) {
            if (generic instanceof java.lang.reflect.ParameterizedType parameterized && parameterized.getRawType() == java.util.List.class
                    && parameterized.getActualTypeArguments()[0] instanceof Class<?> element && element.isInterface() && element.isSealed()) {
                TypeAdapter<Object> each = (TypeAdapter<Object>) gson.getAdapter(element);
                return (TypeAdapter<Object>) (TypeAdapter<?>) new TypeAdapter<java.util.List<Object>>() {
                    @Override
                    public void write(JsonWriter out, java.util.List<Object> values) throws IOException {
                        out.beginArray();
                        for (Object value : values) {
                            each.write(out, value);
                        }
                        out.endArray();
                    }

                    @Override
                    public java.util.List<Object> read(JsonReader in) throws IOException {
                        java.util.List<Object> values = new java.util.ArrayList<>();
                        in.beginArray();
                        while (in.hasNext()) {
                            values.add(each.read(in));
                        }
                        in.endArray();
                        return values;
                    }
                }.nullSafe();
            }
            return (TypeAdapter<Object>) gson.getAdapter(TypeToken.get(generic));
        }

        /** The component's name, or its field's {@code @SerializedName} (whose targets are fields and methods only). */
        private static String wireName(Class<?> record, java.lang.reflect.RecordComponent component) {
            try {
                com.google.gson.annotations.SerializedName renamed = record.getDeclaredField(component.getName())
                        .getAnnotation(com.google.gson.annotations.SerializedName.class);
                return renamed == null ? component.getName() : renamed.value();
            } catch (NoSuchFieldException e) {
                return component.getName(); // cannot be: every component has its field
            }
        }

        private static Object invoke(java.lang.reflect.Method accessor, Object record) {
            try {
                return accessor.invoke(record);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw new JsonParseException("cannot write " + accessor.getDeclaringClass().getSimpleName() + ": " + e.getCause(), e.getCause());
            } catch (IllegalAccessException e) {
                throw new JsonParseException("cannot write " + accessor.getDeclaringClass().getSimpleName() + ": " + e, e);
            }
        }
    }

    /** The adapters of {@link LowercaseEnum} types. */
    private static final class LowercaseEnums implements TypeAdapterFactory {
        private static final ClassValue<String[]> NAMES = new ClassValue<>() {
            @Override
            protected String[] computeValue(Class<?> type) {
                Object[] constants = type.getEnumConstants();
                String[] names = new String[constants.length];
                for (int i = 0; i < constants.length; i++) {
                    names[i] = ((Enum<?>) constants[i]).name().toLowerCase(java.util.Locale.ROOT);
                }
                return names;
            }
        };

        static String[] names(Class<?> enumType) {
            return NAMES.get(enumType);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<?> raw = type.getRawType();
            if (!Enum.class.isAssignableFrom(raw) || !LowercaseEnum.class.isAssignableFrom(raw)) {
                return null;
            }
            Class<?> enumType = raw.isEnum() ? raw : raw.getSuperclass(); // a constant with a body is a subclass
            Enum<?>[] constants = (Enum<?>[]) enumType.getEnumConstants();
            String[] names = names(enumType);
            Map<String, Enum<?>> byName = new java.util.HashMap<>();
            for (int i = 0; i < constants.length; i++) {
                byName.put(names[i], constants[i]);
            }
            return (TypeAdapter<T>) new TypeAdapter<Enum<?>>() {
                @Override
                public void write(JsonWriter out, Enum<?> value) throws IOException {
                    out.value(names[value.ordinal()]);
                }

                @Override
                public Enum<?> read(JsonReader in) throws IOException {
                    return byName.get(in.nextString());
                }
            }.nullSafe();
        }
    }

    /** The indenting Gson, made on first use: a CLI that only streams events never needs it. */
    private static final class Pretty {
        static final Gson GSON = builder().setPrettyPrinting().create();
    }

    /** The configured Gson, for adapters that delegate (the protocol's event types). */
    public static Gson gson() {
        return GSON;
    }

    /** One line, no spaces: the form of protocol events and control messages. */
    public static String write(Object value) {
        return GSON.toJson(value);
    }

    /**
     * One line with every object's members sorted by name, for checksums of values that must not depend on insertion
     * order (a stage's values, the automation manifest). Values other than maps, lists, strings, numbers and booleans
     * (a TOML date, say) are written as their text.
     */
    public static String canonical(Object value) {
        return write(sortedCopy(value));
    }

    private static Object sortedCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((key, member) -> sorted.put(String.valueOf(key), sortedCopy(member)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JsonCodec::sortedCopy).toList();
        }
        return value == null || value instanceof Number || value instanceof Boolean || value instanceof String ? value : value.toString();
    }

    /** One line, as the given type: an event as {@code Event.class} carries its type name. */
    public static String write(Object value, Type type) {
        return GSON.toJson(value, type);
    }

    /** Indented by two spaces and ending in a newline, for files people read. */
    public static String writePretty(Object value) {
        return Pretty.GSON.toJson(value) + "\n";
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
