package org.agilab.runtime.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.AtomicFiles;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Changes one key of an app_settings.toml in place, keeping every other character as the user wrote it: comments (a
 * trailing one on the edited line too), order, and tables AGILab does not know (page and view tables). Where tables,
 * keys and values are comes from {@link TomlText}, so a value over several lines (a multi-line string, an array) is
 * replaced whole and a line inside one is never taken for a table header. The result is parsed before it replaces the file, and the
 * file is replaced atomically, so a failed edit leaves the original untouched.
 */
public final class SettingsFileEditor {

    private SettingsFileEditor() {
    }

    /**
     * Sets {@code table.key = literal}, creating the table or the file when missing.
     *
     * @param table the table path, e.g. ["cluster", "workers"]
     * @param literal the value as TOML, e.g. {@code 2}, {@code "text"}, {@code true}
     */
    public static void set(Path file, List<String> table, String key, String literal) {
        String edited;
        try {
            edited = set(read(file), table, key, literal);
        } catch (IllegalArgumentException e) {
            throw AgilabException.of(FailureClass.SETTINGS, "the edit would make the file invalid: " + e.getMessage())
                    .file(file).hint("the file was not changed; check the value '" + literal + "'").build();
        }
        AtomicFiles.writeString(file, edited);
    }

    /**
     * The text with {@code table.key = literal} set, every other character kept (the IDE's settings editor edits its
     * document with this, and saves it as any text).
     *
     * @throws IllegalArgumentException with the parser's message when the result would not be valid TOML
     */
    public static String set(String text, List<String> table, String key, String literal) {
        String assignment = SettingKey.display(List.of(key)) + " = " + literal;
        TomlText.Layout layout = TomlText.layout(text);
        int section = -1;
        for (int i = 1; i < layout.sections().size(); i++) {
            TomlText.Section candidate = layout.sections().get(i);
            if (!candidate.arrayOfTables() && candidate.key().equals(table)) {
                section = i;
                break;
            }
        }
        String edited;
        if (section < 0) {
            String separator = text.isEmpty() ? "" : text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
            edited = text + separator + "[" + SettingKey.display(table) + "]\n" + assignment + "\n";
        } else {
            List<TomlText.Entry> entries = layout.entriesOf(section);
            TomlText.Entry existing = entries.stream().filter(e -> e.key().equals(List.of(key))).findFirst().orElse(null);
            if (existing != null) {
                // only the value: the key as written, its indentation and a trailing comment stay
                edited = text.substring(0, existing.valueStart()) + literal + text.substring(existing.valueEnd());
            } else {
                int at = entries.isEmpty() ? layout.sections().get(section).start() : entries.get(entries.size() - 1).lineEnd();
                String before = at > 0 && text.charAt(at - 1) != '\n' ? "\n" : "";
                edited = text.substring(0, at) + before + assignment + "\n" + text.substring(at);
            }
        }
        TomlParseResult check = Toml.parse(edited);
        if (check.hasErrors()) {
            throw new IllegalArgumentException(check.errors().get(0).getMessage());
        }
        return edited;
    }

    /**
     * The text without {@code table.key} (its whole line, a trailing comment with it), or the text itself when the key
     * is not there: how the editor hands a value back to the other file.
     */
    public static String remove(String text, List<String> table, String key) {
        TomlText.Layout layout = TomlText.layout(text);
        for (int i = 1; i < layout.sections().size(); i++) {
            TomlText.Section candidate = layout.sections().get(i);
            if (!candidate.arrayOfTables() && candidate.key().equals(table)) {
                for (TomlText.Entry entry : layout.entriesOf(i)) {
                    if (entry.key().equals(List.of(key))) {
                        return text.substring(0, entry.lineStart()) + text.substring(entry.lineEnd());
                    }
                }
            }
        }
        return text;
    }

    /**
     * The text with {@code table.key} renamed {@code newKey}: only the key as written changes (its value, indentation
     * and trailing comment stay); the text itself when the key is not there.
     *
     * @throws IllegalArgumentException with the parser's message when the result would not be valid TOML (the new key
     *         is in the table already)
     */
    public static String renameKey(String text, List<String> table, String key, String newKey) {
        TomlText.Layout layout = TomlText.layout(text);
        for (int i = 0; i < layout.sections().size(); i++) {
            TomlText.Section candidate = layout.sections().get(i);
            if (candidate.arrayOfTables() || !candidate.key().equals(table)) {
                continue;
            }
            for (TomlText.Entry entry : layout.entriesOf(i)) {
                if (entry.key().equals(List.of(key))) {
                    int equals = text.lastIndexOf('=', entry.valueStart() - 1); // a quoted key may hold '=' itself
                    int keyEnd = entry.keyStart() + text.substring(entry.keyStart(), equals).stripTrailing().length();
                    String edited = text.substring(0, entry.keyStart()) + SettingKey.display(List.of(newKey)) + text.substring(keyEnd);
                    TomlParseResult check = Toml.parse(edited);
                    if (check.hasErrors()) {
                        throw new IllegalArgumentException(check.errors().get(0).getMessage());
                    }
                    return edited;
                }
            }
        }
        return text;
    }

    private static String read(Path file) {
        if (!Files.exists(file)) {
            return "";
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.SETTINGS, "cannot read: " + e.getMessage()).file(file).cause(e).build();
        }
    }
}
