package org.agilab.runtime.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.AtomicFiles;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Changes one key of an app_settings.toml in place, keeping every other line as the user wrote it: comments, order,
 * and tables AGILab does not know (page and view tables). The result is parsed before it replaces the file, and the
 * file is replaced atomically, so a failed edit leaves the original untouched.
 */
public final class SettingsFileEditor {

    private static final Pattern TABLE_HEADER = Pattern.compile("^\\s*\\[([^\\[\\]]+)\\]\\s*(#.*)?$");

    private SettingsFileEditor() {
    }

    /**
     * Sets {@code table.key = literal}, creating the table or the file when missing.
     *
     * @param table the table path, e.g. ["cluster", "workers"]
     * @param literal the value as TOML, e.g. {@code 2}, {@code "text"}, {@code true}
     */
    public static void set(Path file, List<String> table, String key, String literal) {
        List<String> lines = read(file);
        String assignment = SettingKey.display(List.of(key)) + " = " + literal;
        int header = -1;
        int end = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            Matcher matcher = TABLE_HEADER.matcher(lines.get(i));
            if (!matcher.matches()) {
                continue;
            }
            if (header >= 0) {
                end = i;
                break;
            }
            if (sameKey(matcher.group(1), table)) {
                header = i;
            }
        }
        List<String> edited = new ArrayList<>(lines);
        if (header < 0) {
            if (!edited.isEmpty() && !edited.get(edited.size() - 1).isBlank()) {
                edited.add("");
            }
            edited.add("[" + SettingKey.display(table) + "]");
            edited.add(assignment);
        } else {
            int existing = -1;
            int lastContent = header;
            for (int i = header + 1; i < end; i++) {
                String line = edited.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    lastContent = i;
                    int equals = line.indexOf('=');
                    if (equals > 0 && sameKey(line.substring(0, equals), List.of(key))) {
                        existing = i;
                    }
                }
            }
            if (existing >= 0) {
                String indent = edited.get(existing).substring(0, edited.get(existing).indexOf(edited.get(existing).strip()));
                edited.set(existing, indent + assignment);
            } else {
                edited.add(lastContent + 1, assignment);
            }
        }
        String text = String.join("\n", edited) + "\n";
        TomlParseResult check = Toml.parse(text);
        if (check.hasErrors()) {
            throw AgilabException.of(FailureClass.SETTINGS, "the edit would make the file invalid: " + check.errors().get(0).getMessage())
                    .file(file).hint("the file was not changed; check the value '" + literal + "'").build();
        }
        AtomicFiles.writeString(file, text);
    }

    private static boolean sameKey(String written, List<String> expected) {
        try {
            return SettingKey.parse(written).equals(expected);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> read(Path file) {
        if (!Files.exists(file)) {
            return new ArrayList<>();
        }
        try {
            return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.SETTINGS, "cannot read: " + e.getMessage()).file(file).cause(e).build();
        }
    }
}
