package org.agilab.runtime.log;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

import org.agilab.runtime.json.JsonCodec;

/**
 * Knows the secrets of one manager process (passwords, tokens, passphrases from .env, the environment, --set or the
 * control channel) and replaces them wherever text leaves the process: logs, events, records, replay commands.
 * <p>
 * Values are masked before they are serialised ({@link #redactValue} on maps and lists, {@link #redactArguments} on a
 * command line): a secret holding {@code "} or {@code \} no longer looks like itself once written as JSON, TOML or a
 * quoted shell word. As a second line, {@link #redact} on text also masks a secret's JSON-escaped (the same as
 * TOML's basic string) and single-quoted shell forms.
 */
public final class Redactor {

    public static final String MASK = "********";

    /** Names whose values are secrets. AGI_SSH_KEY_PATH is a path, not a key: *_PATH and *_FILE are excluded. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|secret|token|api_?key|passphrase|credential|private_?key).*");
    private static final Pattern NOT_SECRET_NAME = Pattern.compile("(?i).*(_path|_file|_dir)$");

    /** Shorter values would mask ordinary words; nobody uses such a password on purpose. */
    private static final int MIN_SECRET_LENGTH = 4;

    private final Set<String> secrets = new CopyOnWriteArraySet<>();
    /** The secrets and their serialised forms, longest first, so a secret containing another is masked whole. */
    private volatile List<String> forms = List.of();

    /**
     * One command-line argument as records show it: its text with secrets masked; for a {@code --set} assignment
     * whose value was masked, the option prefix ({@code ""} after a separate {@code --set}, or {@code "--set="}) and
     * the key, so a replay can ask for the value again.
     */
    public record MaskedArgument(String original, String text, String setPrefix, String setKey) {

        /** Whether the argument held a secret. */
        public boolean masked() {
            return !text.equals(original);
        }

        /** Whether it is a --set assignment whose value is a secret. */
        public boolean secretSet() {
            return setKey != null;
        }
    }

    public static boolean isSecretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_NAME.matcher(lower).matches() && !NOT_SECRET_NAME.matcher(lower).matches();
    }

    /** Registers a secret value; CLUSTER_CREDENTIALS style "user:password" also registers the password part. */
    public void addSecret(String value) {
        if (value == null) {
            return;
        }
        String trimmed = value.strip();
        List<String> added = new ArrayList<>();
        if (trimmed.length() >= MIN_SECRET_LENGTH) {
            added.add(trimmed);
        }
        int colon = trimmed.indexOf(':');
        if (colon > 0 && colon < trimmed.length() - 1) {
            String password = trimmed.substring(colon + 1);
            if (password.length() >= MIN_SECRET_LENGTH) {
                added.add(password);
            }
        }
        if (!added.isEmpty() && secrets.addAll(added)) {
            rebuildForms();
        }
    }

    private synchronized void rebuildForms() {
        Set<String> all = new java.util.HashSet<>();
        for (String secret : secrets) {
            all.add(secret);
            all.add(JsonCodec.escape(secret)); // in JSON text, and in TOML basic strings (the same escapes)
            all.add(secret.replace("'", "'\\''")); // inside a single-quoted shell word (replay.sh)
        }
        forms = all.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** Registers the value when the name says it is a secret; returns whether it did. */
    public boolean addIfSecret(String name, String value) {
        if (name != null && isSecretName(name)) {
            addSecret(value);
            return true;
        }
        return false;
    }

    /**
     * One command-line argument as {@code ManagerRequest.lex} splits it: for the value of a {@code --set}, the option
     * prefix ({@code ""} after a separate {@code --set}, or {@code "--set="}) and the assignment's key and value as typed.
     */
    public record Argument(String text, String setPrefix, String setKey, String setValue) {

        public static Argument plain(String text) {
            return new Argument(text, null, null, null);
        }

        public boolean isSet() {
            return setKey != null;
        }
    }

    /**
     * Registers the values of the {@code --set} assignments whose keys name secrets, as they were typed: a TOML
     * literal such as {@code "Tok\"en"} differs from the value it parses to, and both must be masked.
     */
    public void addArguments(List<Argument> arguments) {
        for (Argument argument : arguments) {
            if (argument.isSet()) {
                addIfSecret(argument.setKey(), argument.setValue());
            }
        }
    }

    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String result = text;
        for (String form : forms) {
            if (result.contains(form)) {
                result = result.replace(form, MASK);
            }
        }
        return result;
    }

    /**
     * The value with every secret masked, before it is serialised: strings (and map keys) are redacted, maps and
     * lists are walked, and anything else whose text holds a secret becomes the masked text. What holds no secret
     * is returned as it is (the same instance).
     */
    public Object redactValue(Object value) {
        if (value == null || secrets.isEmpty() || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            boolean changed = false;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                String maskedKey = redact(key);
                Object masked = redactValue(entry.getValue());
                changed |= !maskedKey.equals(key) || masked != entry.getValue() || !(entry.getKey() instanceof String);
                copy.put(maskedKey, masked);
            }
            return changed ? copy : value;
        }
        if (value instanceof Iterable<?> || value instanceof Object[]) {
            Iterable<?> items = value instanceof Object[] array ? java.util.Arrays.asList(array) : (Iterable<?>) value;
            List<Object> copy = new ArrayList<>();
            boolean changed = false;
            for (Object item : items) {
                Object masked = redactValue(item);
                changed |= masked != item;
                copy.add(masked);
            }
            return changed ? copy : value;
        }
        String text = value.toString();
        String masked = redact(text);
        return masked.equals(text) ? value : masked;
    }

    /** The fields of a map, secrets masked before serialisation (see {@link #redactValue}). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> redactMap(Map<String, Object> map) {
        return (Map<String, Object>) redactValue(map);
    }

    /**
     * A command line as records show it. A {@code --set} whose key names a secret, whose value holds a known secret,
     * or whose value is already {@link #MASK} (a replayed record's) shows its value as {@link #MASK} whole: a TOML
     * literal is written escaped, so the secret may not appear in it as itself.
     */
    public List<MaskedArgument> maskArguments(List<Argument> arguments) {
        List<MaskedArgument> shown = new ArrayList<>();
        for (Argument argument : arguments) {
            shown.add(argument.isSet() ? maskAssignment(argument) : new MaskedArgument(argument.text(), redact(argument.text()), null, null));
        }
        return shown;
    }

    /** The texts of {@link #maskArguments}. */
    public List<String> redactArguments(List<Argument> arguments) {
        return maskArguments(arguments).stream().map(MaskedArgument::text).toList();
    }

    private MaskedArgument maskAssignment(Argument argument) {
        String key = argument.setKey();
        String value = argument.setValue();
        if (isSecretName(key) || value.equals(MASK) || !redact(value).equals(value)) {
            String shownKey = redact(key);
            return new MaskedArgument(argument.text(), argument.setPrefix() + shownKey + "=" + MASK, argument.setPrefix(),
                    shownKey.equals(key) ? key : null);
        }
        return new MaskedArgument(argument.text(), redact(argument.text()), null, null);
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }
}
