package org.agilab.ui.internal.editor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.agilab.runtime.env.Provenance;
import org.agilab.runtime.settings.AppSettings;
import org.agilab.runtime.settings.SettingsFileEditor;
import org.agilab.runtime.settings.TomlText;

/**
 * What the settings editor edits, without SWT: the app's {@code app_settings.toml} text (the Source page's document)
 * and the user's overrides ({@code ~/.agilab/apps/<app>/app_settings.toml}), read and changed through the runtime's
 * comment-preserving writer, so a value edited in a form changes only that value in its file. Which file a change
 * lands in is the user's choice ({@link #writeToOverrides}); a value is read as a run reads it (overrides win).
 */
final class SettingsModel {

    /** Where the app's text lives: the editor's document. */
    interface Document {
        String get();

        /** Replaces the text (the editor makes it one undoable change of the differing part). */
        void set(String text);
    }

    private final Document app;
    private final Path appFile;
    private final Path overridesFile;
    private String savedOverrides;
    private String overrides;
    private boolean writeToOverrides;

    SettingsModel(Document app, Path appFile, Path overridesFile) {
        this.app = app;
        this.appFile = appFile;
        this.overridesFile = overridesFile;
        this.savedOverrides = readOverrides();
        this.overrides = savedOverrides;
    }

    private String readOverrides() {
        try {
            return Files.isRegularFile(overridesFile) ? Files.readString(overridesFile, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null; // an unreadable overrides file is shown as none; the settings builder marks it
        }
    }

    /** The settings as a run would read the two texts now. */
    AppSettings settings() {
        return AppSettings.ofTexts(app.get(), appFile, overrides, overridesFile);
    }

    Path appFile() {
        return appFile;
    }

    Path overridesFile() {
        return overridesFile;
    }

    boolean writeToOverrides() {
        return writeToOverrides;
    }

    void writeToOverrides(boolean toOverrides) {
        this.writeToOverrides = toOverrides;
    }

    /** Whether the value of {@code dotted} comes from the user's overrides. */
    boolean fromOverrides(String dotted) {
        AppSettings.Setting setting = settings().setting(dotted);
        return setting != null && setting.provenance().kind() == Provenance.Kind.USER;
    }

    /**
     * Sets {@code table.key} in the chosen file; the text changes at that value only.
     *
     * @throws IllegalArgumentException when the value would make the file invalid TOML
     */
    void set(List<String> table, String key, Object value) {
        String literal = TomlText.literal(value);
        if (writeToOverrides) {
            overrides = SettingsFileEditor.set(overrides == null ? "" : overrides, table, key, literal);
        } else {
            app.set(SettingsFileEditor.set(app.get(), table, key, literal));
        }
    }

    /** Removes {@code table.key} from the chosen file (a worker host, say). */
    void remove(List<String> table, String key) {
        if (writeToOverrides) {
            if (overrides != null) {
                overrides = SettingsFileEditor.remove(overrides, table, key);
            }
        } else {
            app.set(SettingsFileEditor.remove(app.get(), table, key));
        }
    }

    /** Whether the overrides have changes not saved. */
    boolean overridesDirty() {
        return overrides != null && !overrides.equals(savedOverrides);
    }

    /** Writes the overrides (atomically, through the runtime) when they changed. */
    void saveOverrides() {
        if (overridesDirty()) {
            org.agilab.runtime.io.AtomicFiles.writeString(overridesFile, overrides);
            savedOverrides = overrides;
        }
    }

    void revertOverrides() {
        savedOverrides = readOverrides();
        overrides = savedOverrides;
    }

    String overridesText() {
        return overrides;
    }
}
