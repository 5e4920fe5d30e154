package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.core.internal.preferences.IdeSetting;
import org.agilab.core.internal.project.AgilabNature;
import org.agilab.core.internal.project.AppProjectConfigurator;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.IWizard;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchWizard;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File > Export and File > Import > AGILab App Archive, as registered, filled in and finished as a user would: the export
 * writes upstream's zip of the app project (its default place in the project's home, build outputs left out), the
 * import makes it an app project under a new name with its identifiers renamed; a zip that exists is refused by the
 * page until Replace is ticked.
 */
class AppArchiveWizardsTest {

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        AgilabIdeTest.forgetHomeAndRemoveProjects();
    }

    /** The registered wizard, opened in a dialog on {@code selection}, not blocking. */
    static WizardDialog open(IWorkbenchWizard wizard, IProject selection) {
        wizard.init(PlatformUI.getWorkbench(), selection == null ? StructuredSelection.EMPTY : new StructuredSelection(selection));
        WizardDialog dialog = new WizardDialog(AgilabIdeTest.workbenchShell(), wizard);
        dialog.setBlockOnOpen(false);
        dialog.open();
        Widgets.flush();
        return dialog;
    }

    /** Finishes as the Finish button does, then waits for the Job the wizard scheduled. */
    static void finish(WizardDialog dialog, IWizard wizard) {
        assertTrue(wizard.canFinish(), dialog.getErrorMessage() == null ? "cannot finish" : dialog.getErrorMessage());
        Widgets.button((Composite) dialog.getShell(), "Finish").notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
        Widgets.waitUntil(AppArchiveWizardsTest::jobsIdle, 60_000, "the wizard's job");
    }

    static boolean jobsIdle() {
        return java.util.Arrays.stream(Job.getJobManager().find(null)).noneMatch(job -> job.getName().startsWith("Exporting")
                || job.getName().startsWith("Importing"));
    }

    static IWorkbenchWizard wizard(String point, String id) throws Exception {
        var registry = point.equals("export") ? PlatformUI.getWorkbench().getExportWizardRegistry() : PlatformUI.getWorkbench().getImportWizardRegistry();
        return registry.findWizard(id).createWizard();
    }

    @Test
    void anAppProjectExportedAndImportedUnderANewNameThroughTheWizards() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        IdePreferences.put(IdePreferences.workspace(), IdeSetting.HOME, home.toString());
        Path folder = dir.resolve("apps/flight_telemetry_project");
        AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve("flight_telemetry_project"), folder);
        IProject project = AppProjectConfigurator.configure(folder, null);
        Files.createDirectories(folder.resolve("bin"));
        Files.writeString(folder.resolve("bin/Stale.class"), "build output");

        IWorkbenchWizard export = wizard("export", "org.agilab.ui.exportArchive");
        WizardDialog exportDialog = open(export, project);
        Text zipField = Widgets.afterLabel((Composite) exportDialog.getShell(), "Zip file:", Text.class);
        Path zip = home.resolve("export/apps-zip/flight_telemetry_project.zip");
        assertEquals(zip.toString(), zipField.getText(), "upstream's default place, in the project's home");
        finish(exportDialog, export);
        Widgets.waitUntil(() -> Files.isRegularFile(zip), 60_000, "the zip");
        try (ZipFile file = new ZipFile(zip.toFile())) {
            List<String> members = Collections.list(file.entries()).stream().map(ZipEntry::getName).toList();
            assertTrue(members.contains("app_settings.toml") && members.contains("src/flight_telemetry/FlightTelemetry.java"), members.toString());
            assertTrue(members.stream().noneMatch(name -> name.startsWith("bin/") || name.startsWith(".settings/")), members.toString());
        }

        // again: the page refuses to write over the zip until Replace is ticked
        IWorkbenchWizard again = wizard("export", "org.agilab.ui.exportArchive");
        WizardDialog againDialog = open(again, project);
        assertFalse(again.canFinish());
        assertTrue(againDialog.getErrorMessage() != null && againDialog.getErrorMessage().contains(zip.toString()), againDialog.getErrorMessage());
        Button replace = Widgets.button((Composite) againDialog.getShell(), "Replace the zip if it exists");
        replace.setSelection(true);
        replace.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
        assertTrue(again.canFinish());
        againDialog.close();

        IWorkbenchWizard importWizard = wizard("import", "org.agilab.ui.importArchive");
        WizardDialog importDialog = open(importWizard, null);
        Composite shell = (Composite) importDialog.getShell();
        Widgets.afterLabel(shell, "Zip file:", Text.class).setText(zip.toString());
        Widgets.afterLabel(shell, "Name:", Text.class).setText("flight2_project");
        Widgets.afterLabel(shell, "Location:", Text.class).setText(dir.resolve("imported").toString());
        Widgets.flush();
        finish(importDialog, importWizard);
        IProject imported = ResourcesPlugin.getWorkspace().getRoot().getProject("flight2_project");
        Widgets.waitUntil(imported::exists, 60_000, "the imported project");
        assertTrue(AgilabNature.has(imported));
        assertEquals(dir.resolve("imported/flight2_project"), imported.getLocation().toPath());
        assertTrue(Files.isRegularFile(dir.resolve("imported/flight2_project/src/flight2_worker/Flight2Worker.java")));
    }
}
