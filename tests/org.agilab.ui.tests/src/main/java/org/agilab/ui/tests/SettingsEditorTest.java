package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.core.internal.preferences.IdeSetting;
import org.agilab.core.internal.project.AppProjectConfigurator;
import org.agilab.runtime.env.AppCopier;
import org.agilab.runtime.env.AppProject;
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
        AgilabIdeTest.forgetHomeAndRemoveProjects();
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

    /** A fresh AGILab home for the IDE, in the test's folder. */
    private Path useHome() throws Exception {
        return useHome(dir);
    }

    /** A fresh AGILab home for the IDE, in {@code dir}. */
    static Path useHome(Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        IdePreferences.put(IdePreferences.workspace(), IdeSetting.HOME, home.toString());
        return home;
    }

    /** A copy of the flight app at {@code folder}, as an app project. */
    static IProject flightCopy(Path folder) throws Exception {
        AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve("flight_telemetry_project"), folder);
        return AppProjectConfigurator.configure(folder, null);
    }

    /** The error the form shows at a field (its decoration), or null. */
    static String fieldMessage(AppSettingsEditor editor, org.eclipse.swt.widgets.Control control) {
        return pageMessage(editor, "arguments", control);
    }

    @Test
    void theFormsEditTheTomlAtTheirValueOnlyAndKeepItsComments() throws Exception {
        Path home = useHome();
        Path folder = dir.resolve("flight_telemetry_project");
        IProject project = flightCopy(folder);
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

    /** The Cluster page's node options and per-host SSH facts write [cluster] and [cluster.hosts."h"], checked as typed. */
    @Test
    void theClusterPageEditsNodeOptionsAndAHostsSshFacts() throws Exception {
        useHome();
        Path folder = dir.resolve("flight_telemetry_project");
        IProject project = flightCopy(folder);
        String original = Files.readString(folder.resolve("app_settings.toml"));
        AppSettingsEditor editor = (AppSettingsEditor) IDE.openEditor(AgilabViewsTest.page(), project.getFile("app_settings.toml"));
        editor.show("cluster");
        Widgets.flush();

        Text idle = (Text) editor.nodeOption("idle_timeout");
        type(idle, "soon");
        assertEquals("idle_timeout: must be a number", pageMessage(editor, "cluster", idle));
        type(idle, "-5");
        assertEquals("idle_timeout: must be a number of seconds above 0", pageMessage(editor, "cluster", idle));
        assertEquals(original, editor.document().get(), "refused values are not written");
        type(idle, "600");
        assertEquals(null, pageMessage(editor, "cluster", idle));
        click((Button) editor.nodeOption("tls"), true);
        Combo policy = (Combo) editor.nodeOption("ssh_host_key_policy");
        policy.select(1);
        policy.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
        Widgets.flush();

        Text user = editor.hostFact("user");
        assertFalse(user.isEnabled(), "no host chosen yet");
        type(editor.workerHost(), "127.0.0.2");
        assertTrue(user.isEnabled());
        type(user, "agi");
        Text port = editor.hostFact("port");
        type(port, "70000");
        assertEquals("port: must be a port from 1 to 65535", pageMessage(editor, "cluster", port));
        type(port, "2222");
        String text = editor.document().get();
        assertTrue(text.startsWith(original.substring(0, original.indexOf("[cluster]"))), "what comes before [cluster] is untouched");
        org.tomlj.TomlParseResult toml = org.tomlj.Toml.parse(text);
        assertEquals(600L, toml.getLong("cluster.idle_timeout"));
        assertEquals(Boolean.TRUE, toml.getBoolean("cluster.tls"));
        assertEquals("accept-new", toml.getString("cluster.ssh_host_key_policy"));
        assertEquals("agi", toml.getString(List.of("cluster", "hosts", "127.0.0.2", "user")));
        assertEquals(2222L, toml.getLong(List.of("cluster", "hosts", "127.0.0.2", "port")));
        assertEquals(List.of(), org.agilab.runtime.settings.AppSettings.ofTexts(text, folder.resolve("app_settings.toml"), null, null).problems()
                .stream().filter(org.agilab.runtime.settings.SettingsProblem::isError).map(Object::toString).toList(), "the validator accepts it");

        AgilabViewsTest.screenshotPart(editor, "settings-editor-cluster-hosts", () -> editor.form("cluster").showControl(editor.hostFact("share")));
        type(idle, "");
        assertFalse(org.tomlj.Toml.parse(editor.document().get()).contains("cluster.idle_timeout"), "an emptied option leaves the file");
        editor.revert();
        assertEquals(original, editor.document().get());
    }

    /** The error a form page shows at a field (its decoration), or null. */
    static String pageMessage(AppSettingsEditor editor, String page, org.eclipse.swt.widgets.Control control) {
        org.eclipse.ui.forms.IMessage[] messages = editor.form(page).getForm().getChildrenMessages();
        return messages == null ? null : java.util.Arrays.stream(messages)
                .filter(message -> message.getControl() == control).map(org.eclipse.ui.forms.IMessage::getMessage).findFirst().orElse(null);
    }

    /**
     * Sections contributed through {@code org.agilab.ui.argsSections} (this bundle's plugin.xml) for two clones of the
     * flight app: one above the generated fields that writes through the same checked path (a refused value shown at
     * its control, never written), a broken one that says so in its place while the editor goes on, and one that
     * replaces the generated fields.
     */
    @Test
    void anAppsPluginContributesItsOwnArgsSection() throws Exception {
        useHome();
        AppProject flight = AppProject.at(AgilabIdeTest.APPS.resolve("flight_telemetry_project"));
        Path contributedFolder = AppCopier.copy(flight, "contributed_project", dir).folder();
        Path customFolder = AppCopier.copy(flight, "custom_form_project", dir).folder();
        IProject contributed = AppProjectConfigurator.configure(contributedFolder, null);
        IProject custom = AppProjectConfigurator.configure(customFolder, null);
        ResourcesPlugin.getWorkspace().build(IncrementalProjectBuilder.FULL_BUILD, null);
        Widgets.waitUntil(() -> Files.isRegularFile(contributedFolder.resolve("bin/contributed/ContributedArgs.class"))
                && Files.isRegularFile(customFolder.resolve("bin/custom_form/CustomFormArgs.class")), 60_000, "the clones' args classes");
        String original = Files.readString(contributedFolder.resolve("app_settings.toml"));

        AppSettingsEditor editor = (AppSettingsEditor) IDE.openEditor(AgilabViewsTest.page(), contributed.getFile("app_settings.toml"));
        editor.show("arguments");
        Widgets.flush();
        Text count = (Text) contributedControl(editor, "contributed_project:nfile");
        assertEquals("0", count.getText(), "the section shows the arg's value");
        type(count, "4");
        String expected = original.replace("nfile = 0  # all files", "nfile = 4  # all files");
        assertEquals(expected, editor.document().get(), "written through the comment-keeping writer");
        assertEquals(4, ((Spinner) editor.argControl("nfile")).getSelection(), "the generated field follows");
        type(count, "-2");
        assertEquals("nfile: must be at least 0", fieldMessage(editor, count), "the @Arg rule, shown at the section's control");
        assertEquals(expected, editor.document().get(), "a refused value is not written");
        spin((Spinner) editor.argControl("nfile"), 6);
        assertEquals("6", count.getText(), "the section is refreshed when the settings change");
        assertEquals(null, fieldMessage(editor, count), "and the refusal shown before is gone with the refused value");
        assertTrue(labels(editor.form("arguments").getBody()).stream().anyMatch(text -> text.contains("a planted failure")),
                "the broken section says why in its place");
        AgilabViewsTest.screenshotPart(editor, "settings-editor-contributed", () -> { });
        editor.doSave(null);
        assertEquals(original.replace("nfile = 0  # all files", "nfile = 6  # all files"), Files.readString(contributedFolder.resolve("app_settings.toml")));
        AgilabViewsTest.page().closeEditor(editor, false);

        AppSettingsEditor customEditor = (AppSettingsEditor) IDE.openEditor(AgilabViewsTest.page(), custom.getFile("app_settings.toml"));
        customEditor.show("arguments");
        Widgets.flush();
        assertTrue(contributedControl(customEditor, "custom_form_project:nfile") instanceof Text);
        assertThrows(java.util.NoSuchElementException.class, () -> customEditor.argControl("nfile"), "replacesGenerated: no generated fields");
    }

    private static org.eclipse.swt.widgets.Control contributedControl(AppSettingsEditor editor, String key) {
        List<org.eclipse.swt.widgets.Control> found = new java.util.ArrayList<>();
        collect(editor.form("arguments").getBody(), control -> key.equals(control.getData(ContributedArgsSections.KEY)), found);
        assertEquals(1, found.size(), "one contributed control " + key);
        return found.get(0);
    }

    private static List<String> labels(org.eclipse.swt.widgets.Composite parent) {
        List<org.eclipse.swt.widgets.Control> found = new java.util.ArrayList<>();
        collect(parent, control -> control instanceof org.eclipse.swt.widgets.Label, found);
        return found.stream().map(label -> ((org.eclipse.swt.widgets.Label) label).getText()).toList();
    }

    private static void collect(org.eclipse.swt.widgets.Composite parent, java.util.function.Predicate<org.eclipse.swt.widgets.Control> wanted,
            List<org.eclipse.swt.widgets.Control> found) {
        for (org.eclipse.swt.widgets.Control child : parent.getChildren()) {
            if (wanted.test(child)) {
                found.add(child);
            }
            if (child instanceof org.eclipse.swt.widgets.Composite composite) {
                collect(composite, wanted, found);
            }
        }
    }
}
