package org.agilab.runtime.settings;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.tomlj.Toml;

/** Key paths in TOML notation: {@code cluster.workers."127.0.0.1"}. */
public final class SettingKey {

    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_-]+");

    private SettingKey() {
    }

    public static String display(List<String> path) {
        return path.stream().map(SettingKey::quoteIfNeeded).collect(Collectors.joining("."));
    }

    private static final java.util.regex.Pattern DOTTED_BARE = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private static String quoteIfNeeded(String part) {
        return BARE.matcher(part).matches() ? part : '"' + part.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * Parses a dotted key as TOML does; throws IllegalArgumentException with tomlj's reason when it is not one.
     */
    public static List<String> parse(String dotted) {
        String key = dotted.strip();
        if (DOTTED_BARE.matcher(key).matches()) {
            return List.of(key.split("\\.")); // bare parts only: no need for the TOML parser (costly to set up in a CLI)
        }
        try {
            return Toml.parseDottedKey(dotted.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + dotted + "' is not a TOML key: " + e.getMessage(), e);
        }
    }
}
