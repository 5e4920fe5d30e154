package org.agilab.runtime.app;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.agilab.api.Arg;
import org.agilab.api.InvalidArgException;
import org.agilab.api.ValidatedArgs;
import org.agilab.runtime.env.Provenance;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.settings.AppSettings;
import org.agilab.runtime.settings.SettingsValidator;

/**
 * Binds an app's {@code [args]} (project file, user overrides, {@code --set}) to its typed args class: one field per
 * key (the field name in snake_case, or {@link Arg#key()}), defaults from the field initialisers. Every failure names
 * the key, the value, the rule and where the value came from; unknown keys are errors, as upstream forbids extras.
 */
public final class ArgsBinder {

    private ArgsBinder() {
    }

    /** One arg of an args class. */
    public record ArgField(String key, Field field, Arg rules) {
    }

    /**
     * Each args class's fields, found by reflection once: a service binds a task's args on every task, on the service
     * and on a node (a class's fields do not change; a ClassValue lets an unloaded app's classes go).
     */
    private static final ClassValue<List<ArgField>> FIELDS = new ClassValue<>() {
        @Override
        protected List<ArgField> computeValue(Class<?> type) {
            return List.copyOf(reflectFields(type));
        }
    };

    /** The args of a class, in declaration order (superclass fields first); the list cannot be changed. */
    public static List<ArgField> fields(Class<?> type) {
        return FIELDS.get(type);
    }

    private static List<ArgField> reflectFields(Class<?> type) {
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            hierarchy.add(0, c);
        }
        List<ArgField> fields = new ArrayList<>();
        for (Class<?> c : hierarchy) {
            for (Field field : c.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()) {
                    continue;
                }
                Arg rules = field.getAnnotation(Arg.class);
                String key = rules != null && !rules.key().isEmpty() ? rules.key() : snakeCase(field.getName());
                field.setAccessible(true);
                fields.add(new ArgField(key, field, rules));
            }
        }
        return fields;
    }

    /**
     * Why a value does not fit an arg (its type, then its {@code @Arg} rules), or null: what {@link #bind} checks for
     * one field, for forms that check as the user types.
     */
    public static String problem(ArgField field, Object value) {
        try {
            return checkRules(field, convert(value, field.field()));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Each arg's default: its initial value in a new instance of the args class. */
    public static Map<String, Object> defaults(Class<?> type) {
        Object args = newInstance(type);
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (ArgField field : fields(type)) {
            defaults.put(field.key(), get(field, args));
        }
        return defaults;
    }

    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /**
     * @throws AgilabException (settings) for the first key that is unknown, of the wrong type or against a rule
     */
    public static <A> A bind(Class<A> type, AppSettings settings) {
        A args = newInstance(type);
        Map<String, ArgField> byKey = new LinkedHashMap<>();
        for (ArgField field : fields(type)) {
            byKey.put(field.key(), field);
        }
        for (AppSettings.Setting setting : settings.all()) {
            if (setting.path().size() < 2 || !setting.path().get(0).equals("args")) {
                continue;
            }
            String key = String.join(".", setting.path().subList(1, setting.path().size()));
            ArgField field = byKey.get(key);
            if (field == null) {
                String closest = SettingsValidator.closest(key, List.copyOf(byKey.keySet()));
                throw error(setting.provenance(), key, setting.value(), "unknown arg for " + type.getSimpleName(),
                        (closest != null ? "did you mean '" + closest + "'? " : "") + "known args: " + String.join(", ", byKey.keySet()));
            }
            Object value;
            try {
                value = convert(setting.value(), field.field());
            } catch (IllegalArgumentException e) {
                throw error(setting.provenance(), key, setting.value(), e.getMessage(), null);
            }
            String broken = checkRules(field, value);
            if (broken != null) {
                throw error(setting.provenance(), key, setting.value(), broken, null);
            }
            set(field, args, value);
        }
        for (ArgField field : byKey.values()) {
            Object value = get(field, args);
            if (field.rules() != null && field.rules().required() && (value == null || value.toString().isBlank())) {
                Provenance where = settings.setting("args." + field.key()) == null ? Provenance.builtIn()
                        : settings.setting("args." + field.key()).provenance();
                throw error(where, field.key(), value, "is required and must not be empty", "set it in [args]");
            }
        }
        if (args instanceof ValidatedArgs validated) {
            try {
                validated.validate();
            } catch (InvalidArgException e) {
                AppSettings.Setting setting = settings.setting("args." + e.key());
                throw error(setting == null ? Provenance.builtIn() : setting.provenance(), e.key(), e.value(), e.rule(), null);
            } catch (RuntimeException e) {
                throw AgilabException.of(FailureClass.SETTINGS, type.getSimpleName() + ".validate() failed: " + e)
                        .cause(e).hint("validate() should throw InvalidArgException naming the key").build();
            }
        }
        return args;
    }

    /**
     * Rebuilds args from {@link #toMap} on another JVM (a cluster node); the values were validated where they were
     * bound, so only conversion happens here.
     */
    public static <A> A fromMap(Class<A> type, Map<String, Object> values) {
        A args = newInstance(type);
        Map<String, ArgField> byKey = new LinkedHashMap<>();
        for (ArgField field : fields(type)) {
            byKey.put(field.key(), field);
        }
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            ArgField field = byKey.get(entry.getKey());
            if (field == null) {
                throw AgilabException.of(FailureClass.INSTALL, "args." + entry.getKey() + " is not an arg of " + type.getName())
                        .hint("the node runs another version of the app than the manager: reinstall").build();
            }
            if (entry.getValue() != null) {
                set(field, args, convert(entry.getValue(), field.field()));
            }
        }
        return args;
    }

    private static AgilabException error(Provenance where, String key, Object value, String rule, String hint) {
        String message = "args." + key + " = " + show(value) + ": " + rule;
        AgilabException.Builder builder = AgilabException.of(FailureClass.SETTINGS, message).key("args." + key);
        if (where.file() != null) {
            builder.at(where.file(), where.line()).hint(hint);
        } else {
            builder.hint((hint == null ? "" : hint + "; ") + "the value came from " + where.describe());
        }
        return builder.build();
    }

    private static String show(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }

    private static <A> A newInstance(Class<A> type) {
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw AgilabException.of(FailureClass.INSTALL, type.getName() + " has no no-argument constructor")
                    .hint("give the args class a public no-argument constructor; fields hold the defaults").build();
        } catch (InvocationTargetException e) {
            throw AgilabException.of(FailureClass.INSTALL, "creating " + type.getName() + " failed: " + e.getCause())
                    .cause(e.getCause()).build();
        } catch (ReflectiveOperationException e) {
            throw AgilabException.of(FailureClass.INSTALL, "cannot create " + type.getName() + ": " + e).cause(e).build();
        }
    }

    /** Converts a TOML value to the field's type; IllegalArgumentException says which rule it breaks. */
    static Object convert(Object value, Field field) {
        Class<?> type = field.getType();
        if (type == String.class) {
            if (value instanceof String || value instanceof LocalDate) {
                return value.toString();
            }
            throw new IllegalArgumentException("must be a string");
        }
        if (type == Path.class) {
            if (value instanceof String text) {
                try {
                    return Path.of(text);
                } catch (InvalidPathException e) {
                    throw new IllegalArgumentException("is not a valid path: " + e.getReason());
                }
            }
            throw new IllegalArgumentException("must be a path (a string)");
        }
        if (type == int.class || type == Integer.class) {
            long number = wholeNumber(value);
            if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("is outside the range of an int");
            }
            return (int) number;
        }
        if (type == long.class || type == Long.class) {
            return wholeNumber(value);
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            if (value instanceof Number number) {
                return type == float.class || type == Float.class ? (Object) number.floatValue() : (Object) number.doubleValue();
            }
            throw new IllegalArgumentException("must be a number");
        }
        if (type == boolean.class || type == Boolean.class) {
            if (value instanceof Boolean) {
                return value;
            }
            throw new IllegalArgumentException("must be true or false");
        }
        if (type == LocalDate.class) {
            if (value instanceof LocalDate) {
                return value;
            }
            if (value instanceof String text) {
                try {
                    return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("must be a date written YYYY-MM-DD");
                }
            }
            throw new IllegalArgumentException("must be a date written YYYY-MM-DD");
        }
        if (type.isEnum()) {
            if (value instanceof String text) {
                for (Object constant : type.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equalsIgnoreCase(text)) {
                        return constant;
                    }
                }
            }
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException("must be one of " + String.join(", ", names));
        }
        if (type == List.class) {
            if (value instanceof List<?> list) {
                boolean strings = field.getGenericType() instanceof ParameterizedType parameterized
                        && parameterized.getActualTypeArguments()[0] == String.class;
                if (strings && !list.stream().allMatch(String.class::isInstance)) {
                    throw new IllegalArgumentException("must be an array of strings");
                }
                return List.copyOf(list);
            }
            throw new IllegalArgumentException("must be an array");
        }
        throw new IllegalArgumentException("has a type AGILab cannot bind (" + type.getSimpleName()
                + "); use String, Path, int, long, double, boolean, LocalDate, an enum or List<String>");
    }

    private static long wholeNumber(Object value) {
        if (value instanceof Long number) {
            return number;
        }
        if (value instanceof Double number && number == Math.rint(number) && !Double.isInfinite(number)) {
            return number.longValue();
        }
        throw new IllegalArgumentException("must be a whole number");
    }

    private static String checkRules(ArgField field, Object value) {
        Arg rules = field.rules();
        if (rules == null || value == null) {
            return null;
        }
        if (value instanceof Number number) {
            if (number.doubleValue() < rules.min()) {
                return "must be at least " + plain(rules.min());
            }
            if (number.doubleValue() > rules.max()) {
                return "must be at most " + plain(rules.max());
            }
        }
        String text = value instanceof String || value instanceof Path ? value.toString() : null;
        if (text != null) {
            if (rules.oneOf().length > 0 && !List.of(rules.oneOf()).contains(text)) {
                return "must be one of " + String.join(", ", rules.oneOf());
            }
            if (!rules.pattern().isEmpty() && !Pattern.compile(rules.pattern()).matcher(text).matches()) {
                return "must match the pattern " + rules.pattern();
            }
            if (rules.required() && text.isBlank()) {
                return "is required and must not be empty";
            }
        }
        return null;
    }

    private static String plain(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }

    private static void set(ArgField field, Object args, Object value) {
        try {
            field.field().set(args, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set " + field.field(), e);
        }
    }

    private static Object get(ArgField field, Object args) {
        try {
            return field.field().get(args);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field.field(), e);
        }
    }

    /** The bound args as JSON-like values (paths and dates as strings, enums by name), in declaration order. */
    public static Map<String, Object> toMap(Object args) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (ArgField field : fields(args.getClass())) {
            Object value = get(field, args);
            if (value instanceof Path || value instanceof LocalDate) {
                value = value.toString();
            } else if (value instanceof Enum<?> constant) {
                value = constant.name().toLowerCase(Locale.ROOT);
            } else if (value instanceof Integer number) {
                value = number.longValue();
            } else if (value instanceof Float number) {
                value = number.doubleValue();
            }
            map.put(field.key(), value);
        }
        return map;
    }
}
