package org.agilab.runtime.log;

import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

/**
 * Knows the secrets of one manager process (passwords, tokens, passphrases from .env, the environment, --set or the
 * control channel) and replaces them wherever text leaves the process: logs, events, records, replay commands.
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
        if (trimmed.length() >= MIN_SECRET_LENGTH) {
            secrets.add(trimmed);
        }
        int colon = trimmed.indexOf(':');
        if (colon > 0 && colon < trimmed.length() - 1) {
            String password = trimmed.substring(colon + 1);
            if (password.length() >= MIN_SECRET_LENGTH) {
                secrets.add(password);
            }
        }
    }

    /** Registers the value when the name says it is a secret; returns whether it did. */
    public boolean addIfSecret(String name, String value) {
        if (name != null && isSecretName(name)) {
            addSecret(value);
            return true;
        }
        return false;
    }

    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String result = text;
        // longest first, so a secret containing another is masked whole
        for (String secret : secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }
}
