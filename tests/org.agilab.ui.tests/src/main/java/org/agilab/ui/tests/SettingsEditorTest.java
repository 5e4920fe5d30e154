package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.core.internal.preferences.IdeSetting;
import org.agilab.core.internal.project.AppProjectConfigurator;
import org.agilab.ui.internal.editor.AppSettingsEditor;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AGILab settings editor on a copy of the flight app, driven as a user would in the workbench under Xvfb: typed
 * args fields edit the file at their value only (comments and everything else kept), a bad value is shown at its field
 * and never written, the cluster toggles, scheduler and workers table write [cluster], the Source page and the forms
 * follow each other, undo and revert work, and a change sent to the user's overrides lands in that file only.
 */
class SettingsEditorTest {

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        AgilabViewsTest.page().closeAllEditors(false);
        IdePreferences.put(IdePreferences.workspace(), IdeSetting.HOME, "");
        AgilabIdeTest.removeConfigurationsAndProjects();
    }

    /** Sets a field as typing or clicking does, and lets the editor react. */
    static void type(Text text, String value) {
        text.setText(value);
        Widgets.flush();
    }

    static void spin(Spinner spinner, int value) {
        spinner.setSelection(value);
        spinner.notifyListeners(SWT.Modify, new org.eclipse.swt.widgets.Event());
        Widgets.flush();
    }

    static void click(Button button, boolean selected) {
        button.setSelection(selected);
        button.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
        Widgets.flush();
    }

    /** The error the form shows at a field (its decoration), or null. */
    static String fieldMessage(AppSettingsEditor editor, org.eclipse.swt.widgets.Control control) {
        org.eclipse.ui.forms.IMessage[] messages = editor.form("arguments").getForm().getChildrenMessages();
        return messages == null ? null : java.util.Arrays.stream(messages)
                .filter(message -> message.getControl() == control).map(org.eclipse.ui.forms.IMessage::getMessage).findFirst().orElse(null);
    }

    @Test
    void theFormsEditTheTomlAtTheirValueOnlyAndKeepItsComments() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        IdePreferences.put(IdePreferences.workspace(), IdeSetting.HOME, home.toString());
        Path folder = dir.resolve("flight_telemetry_project");
        AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve("flight_telemetry_project"), folder);
        IProject project = AppProjectConfigurator.configure(folder, null);
        ResourcesPlugin.getWorkspace().build(IncrementalProjectBuilder.FULL_BUILD, null);
        Widgets.waitUntil(() -> Files.isRegularFile(folder.resolve("bin/flight_telemetry/FlightTelemetryArgs.class")), 60_000,
                "the args class to be compiled");
        Path settingsFile = folder.resolve("app_settings.toml");
        String original = Files.readString(settingsFile);

        IFile file = project.getFile("app_settings.toml");
        AppSettingsEditor editor = (AppSettingsEditor) IDE.openEditor(AgilabViewsTest.page(), file);
        assertEquals(AppSettingsEditor.ID, editor.getSite().getId(), "the default editor of app_settings.toml");
        editor.show("arguments");
        Widgets.flush();

        // generated from @Arg: nfile (int, min 0) a spinner, output_format (oneOf) a combo, reset_target a checkbox
        Spinner nfile = (Spinner) editor.argControl("nfile");
        assertEquals(0, nfile.getSelection());
        assertEquals(0, nfile.getMinimum(), "@Arg(min = 0)");
        Combo format = (Combo) editor.argControl("output_format");
        assertEquals(java.util.List.of("parquet", "csv"), java.util.List.of(format.getItems()));
        assertTrue(editor.argControl("reset_target") instanceof Button);
        assertTrue(editor.argOrigin("nfile").contains("line 10"), editor.argOrigin("nfile"));

        spin(nfile, 3);
        String expected = original.replace("nfile = 0  # all files", "nfile = 3  # all files");
        assertEquals(expected, editor.document().get(), "only the value changed, its comment kept");
        assertTrue(editor.isDirty());

        // a bad value is shown at its field and not written
        Text rate = (Text) editor.argControl("sampling_rate");
        type(rate, "-1");
        assertEquals(IMessageProvider.ERROR, editor.form("arguments").getMessageType());
        assertEquals("sampling_rate: must be at least 0", fieldMessage(editor, rate));
        assertEquals(expected, editor.document().get());
        type(rate, "fast");
        assertEquals("sampling_rate: must be a number", fieldMessage(editor, rate));
        Text files = (Text) editor.argControl("files");
        type(files, "a/b");
        assertEquals("files: must match the pattern [^/\\\\]+", fieldMessage(editor, files));
        assertEquals(expected, editor.document().get(), "the @Arg pattern refuses a slash");
        type(files, "*.csv");
        type(rate, "0.5");
        assertEquals(IMessageProvider.NONE, editor.form("arguments").getMessageType(), editor.form("arguments").getMessage());
        assertEquals(null, fieldMessage(editor, rate));
        expected = expected.replace("sampling_rate = 1.0", "sampling_rate = 0.5").replace("files = \"*\"", "files = \"*.csv\"");
        assertEquals(expected, editor.document().get());
        format.select(1);
        format.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
        Widgets.flush();
        expected = expected.replace("output_format = \"parquet\"", "output_format = \"csv\"");
        assertEquals(expected, editor.document().get());
        AgilabViewsTest.page().setPartState(AgilabViewsTest.page().getReference(editor), org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED);
        AgilabViewsTest.screenshotPart(editor, "settings-editor-arguments", () -> type(rate, "-2"));
        type(rate, "0.5");

        // undo is the document's: the last form edit goes back
        editor.getEditorSite().getActionBars().getGlobalActionHandler(ActionFactory.UNDO.getId()).run();
        Widgets.flush();
        assertEquals(expected.replace("output_format = \"csv\"", "output_format = \"parquet\""), editor.document().get());
        editor.getEditorSite().getActionBars().getGlobalActionHandler(ActionFactory.REDO.getId()).run();
        Widgets.flush();
        assertEquals(expected, editor.document().get());

        // Cluster: toggles and the resulting mode, scheduler, workers
        editor.show("cluster");
        Widgets.flush();
        assertTrue(editor.modeToggles().get("pool").getSelection());
        assertTrue(editor.modeText().contains("(pc)"), editor.modeText());
        click(editor.modeToggles().get("cython"), false);
        assertTrue(editor.modeText().contains("(p)"), editor.modeText());
        expected = expected.replace("cython = true", "cython = false");
        assertEquals(expected, editor.document().get());
        assertEquals(1, editor.workersTable().getItemCount());
        type(editor.workerHost(), "10.0.0.5");
        editor.workerSlots().setSelection(3);
        click(Widgets.button(editor.form("cluster").getBody(), "Add / Update"), true);
        expected = expected.replace("\"127.0.0.1\" = 2\n", "\"127.0.0.1\" = 2\n\"10.0.0.5\" = 3\n");
        assertEquals(expected, editor.document().get());
        assertEquals(2, editor.workersTable().getItemCount());
        AgilabViewsTest.screenshotPart(editor, "settings-editor-cluster", () -> { });
        AgilabViewsTest.screenshotPart(editor, "settings-editor-source", editor::showSource);
        editor.show("cluster");

        // Save: the file is the document, every comment of the original kept
        editor.doSave(null);
        assertFalse(editor.isDirty());
        assertEquals(expected, Files.readString(settingsFile));
        String saved = expected;
        original.lines().filter(line -> line.contains("#")).map(line -> line.substring(line.indexOf('#')))
                .forEach(comment -> assertTrue(saved.contains(comment), comment));

        // Source to forms: the text edited by hand shows in the fields
        editor.showSource();
        int at = editor.document().get().indexOf("nfile = 3");
        editor.document().replace(at + "nfile = ".length(), 1, "7");
        editor.show("arguments");
        Widgets.waitUntil(() -> ((Spinner) editor.argControl("nfile")).getSelection() == 7, 5_000, "the form to follow the text");
        editor.revert();
        assertFalse(editor.isDirty());
        assertEquals(expected, editor.document().get());
        assertEquals(3, ((Spinner) editor.argControl("nfile")).getSelection());

        // the user's overrides: the app file untouched, the overrides file written on save, the field says where from
        Path overrides = home.resolve(".agilab/apps/flight_telemetry_project/app_settings.toml");
        assertFalse(Files.exists(overrides));
        editor.writeToOverrides(true);
        spin((Spinner) editor.argControl("nfile"), 9);
        assertEquals(expected, editor.document().get());
        assertTrue(editor.isDirty());
        assertEquals("from my overrides", editor.argOrigin("nfile"));
        editor.doSave(null);
        assertEquals("[args]\nnfile = 9\n", Files.readString(overrides));
        assertEquals(expected, Files.readString(settingsFile));
        assertFalse(editor.isDirty());
    }
}
