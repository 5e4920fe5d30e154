package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.core.internal.preferences.IdeSetting;
import org.agilab.core.internal.project.AgilabNature;
import org.agilab.core.internal.project.AppProjectConfigurator;
import org.agilab.runtime.env.AgilabHome;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.ltk.core.refactoring.CheckConditionsOperation;
import org.eclipse.ltk.core.refactoring.PerformRefactoringOperation;
import org.eclipse.ltk.core.refactoring.Refactoring;
import org.eclipse.ltk.core.refactoring.RefactoringCore;
import org.eclipse.ltk.core.refactoring.RefactoringStatus;
import org.eclipse.ltk.core.refactoring.resource.DeleteResourcesDescriptor;
import org.eclipse.ltk.core.refactoring.resource.RenameResourceDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app's lifecycle in the IDE. Refactor > Rename on an app project, through LTK as the Rename dialog runs it: the AGILab participant renames the
 * app's folder, packages and classes, settings, user overrides and worker environment, for a project outside the
 * workspace (imported in place) and one inside it; the renamed app builds. A name the runtime refuses stops the
 * refactoring before anything changes. Delete with the project's contents also removes the app's overrides and worker
 * environment (run records stay); without them, nothing of the app's goes. New App's "copy of an existing app" makes a
 * renamed copy that builds.
 */
class AppLifecycleIdeTest {

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        AgilabIdeTest.forgetHomeAndRemoveProjects();
    }

    /** Renames as Refactor > Rename does; the conditions' status (a fatal one means nothing was performed). */
    static RefactoringStatus rename(IProject project, String to) throws Exception {
        RenameResourceDescriptor descriptor = (RenameResourceDescriptor) RefactoringCore
                .getRefactoringContribution(RenameResourceDescriptor.ID).createDescriptor();
        descriptor.setResourcePath(project.getFullPath());
        descriptor.setNewName(to);
        return perform(descriptor);
    }

    /** Deletes as Edit > Delete does, with or without "Delete project contents on disk". */
    static RefactoringStatus delete(IProject project, boolean contents) throws Exception {
        DeleteResourcesDescriptor descriptor = (DeleteResourcesDescriptor) RefactoringCore
                .getRefactoringContribution(DeleteResourcesDescriptor.ID).createDescriptor();
        descriptor.setResourcePaths(new org.eclipse.core.runtime.IPath[] {project.getFullPath()});
        descriptor.setDeleteContents(contents);
        return perform(descriptor);
    }

    private static RefactoringStatus perform(org.eclipse.ltk.core.refactoring.RefactoringDescriptor descriptor) throws Exception {
        RefactoringStatus created = new RefactoringStatus();
        Refactoring refactoring = descriptor.createRefactoring(created);
        assertTrue(created.isOK(), created.toString());
        PerformRefactoringOperation operation = new PerformRefactoringOperation(refactoring, CheckConditionsOperation.ALL_CONDITIONS);
        ResourcesPlugin.getWorkspace().run(operation, null);
        if (operation.getValidationStatus() != null) {
            assertFalse(operation.getValidationStatus().hasFatalError(), operation.getValidationStatus().toString());
        }
        return operation.getConditionStatus();
    }

    @Test
    void deletingAnAppProjectWithItsContentsRemovesItsWorkerEnvironmentAndOverrides() throws Exception {
        AgilabHome home = home();
        Path overrides = home.userSettings("flight_telemetry_project");
        Path workerEnv = home.workerEnv("flight_telemetry");
        Path folder = dir.resolve("apps/flight_telemetry_project");
        AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve("flight_telemetry_project"), folder);
        Files.createDirectories(overrides.getParent());
        Files.writeString(overrides, "[args]\nnfile = 2\n");
        Files.createDirectories(workerEnv);
        Path records = Files.createDirectories(home.executeLogs("flight_telemetry").resolve("a-run"));

        RefactoringStatus kept = delete(AppProjectConfigurator.configure(folder, null), false);
        assertFalse(kept.hasError(), kept.toString());
        assertTrue(Files.isDirectory(folder) && Files.isRegularFile(overrides) && Files.isDirectory(workerEnv),
                "without its contents, the app's files and home stay");

        RefactoringStatus purged = delete(AppProjectConfigurator.configure(folder, null), true);
        assertFalse(purged.hasError(), purged.toString());
        assertTrue(purged.getMessageMatchingSeverity(RefactoringStatus.INFO).contains(workerEnv.toString()), "the preview names what goes: " + purged);
        assertFalse(Files.exists(folder));
        assertFalse(Files.exists(overrides.getParent()), "the overrides go with the contents");
        assertFalse(Files.exists(workerEnv), "the worker environment goes with the contents");
        assertTrue(Files.isDirectory(records), "run records stay");
    }

    @Test
    void renamingAnAppProjectOutsideTheWorkspaceRenamesTheAppAndItBuilds() throws Exception {
        AgilabHome home = home();
        Path folder = dir.resolve("apps/flight_telemetry_project");
        AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve("flight_telemetry_project"), folder);
        Path overrides = home.userSettings("flight_telemetry_project");
        Files.createDirectories(overrides.getParent());
        Files.writeString(overrides, "[args]\nnfile = 2\n");
        Path workerEnv = Files.createDirectories(home.workerEnv("flight_telemetry"));
        Files.writeString(workerEnv.resolve("kept.txt"), "the worker environment moves whole");
        IProject project = AppProjectConfigurator.configure(folder, null);

        RefactoringStatus refused = rename(project, "flight2");
        assertTrue(refused.hasFatalError(), "a name without _project is refused: " + refused);
        assertTrue(refused.getMessageMatchingSeverity(RefactoringStatus.FATAL).contains("'flight2' does not end with '_project'"), refused.toString());
        assertTrue(project.exists() && Files.isDirectory(folder), "nothing changed");

        RefactoringStatus status = rename(project, "flight2_project");
        assertFalse(status.hasError(), status.toString());
        assertTrue(status.getMessageMatchingSeverity(RefactoringStatus.INFO).contains("cannot be undone"), "the preview says what AGILab does");
        Path renamed = dir.resolve("apps/flight2_project");
        assertFalse(Files.exists(folder), "the old folder is gone");
        assertTrue(Files.isRegularFile(renamed.resolve("src/flight2/Flight2.java")), "packages and classes follow the name");
        assertTrue(Files.readString(renamed.resolve("src/flight2/Flight2Args.java")).contains("package flight2;"));
        assertEquals("[args]\nnfile = 2\n", Files.readString(home.userSettings("flight2_project")), "the user's overrides follow");
        assertFalse(Files.exists(overrides));
        assertEquals("the worker environment moves whole", Files.readString(home.workerEnv("flight2").resolve("kept.txt")));
        assertFalse(Files.exists(workerEnv));

        IProject project2 = ResourcesPlugin.getWorkspace().getRoot().getProject("flight2_project");
        assertTrue(project2.isOpen() && project2.hasNature(AgilabNature.ID), "the renamed project is an app project");
        assertEquals(renamed, project2.getLocation().toPath());
        assertFalse(ResourcesPlugin.getWorkspace().getRoot().getProject("flight_telemetry_project").exists());
        buildsClean(project2, renamed.resolve("bin/flight2/Flight2Args.class"));
    }

    @Test
    void renamingAnAppProjectInsideTheWorkspaceRenamesTheAppToo() throws Exception {
        home();
        Path root = ResourcesPlugin.getWorkspace().getRoot().getLocation().toPath();
        Path folder = root.resolve("flight_telemetry_project");
        AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve("flight_telemetry_project"), folder);
        IProject project = AppProjectConfigurator.configure(folder, null);
        assertTrue(project.getDescription().getLocationURI() == null, "a project at the workspace's default location");

        RefactoringStatus status = rename(project, "flight3_project");
        assertFalse(status.hasError(), status.toString());
        Path renamed = root.resolve("flight3_project");
        assertFalse(Files.exists(folder));
        assertTrue(Files.isRegularFile(renamed.resolve("src/flight3/Flight3.java")));
        IProject project3 = ResourcesPlugin.getWorkspace().getRoot().getProject("flight3_project");
        assertTrue(project3.isOpen() && project3.hasNature(AgilabNature.ID));
        assertTrue(project3.getDescription().getLocationURI() == null, "still at the default location");
        buildsClean(project3, renamed.resolve("bin/flight3/Flight3Args.class"));
    }

    @Test
    void theNewAppWizardCopiesAnExistingAppUnderANewName() throws Exception {
        home();
        Path folder = dir.resolve("apps/flight_telemetry_project");
        AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve("flight_telemetry_project"), folder);
        AppProjectConfigurator.configure(folder, null);
        org.agilab.ui.internal.wizard.NewAppWizard wizard = new org.agilab.ui.internal.wizard.NewAppWizard();
        wizard.init(org.eclipse.ui.PlatformUI.getWorkbench(), org.eclipse.jface.viewers.StructuredSelection.EMPTY);
        org.eclipse.jface.wizard.WizardDialog dialog = new org.eclipse.jface.wizard.WizardDialog(AgilabIdeTest.workbenchShell(), wizard);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            org.eclipse.swt.widgets.Shell shell = dialog.getShell();
            org.eclipse.swt.widgets.Button finish = Widgets.button(shell, org.eclipse.jface.dialogs.IDialogConstants.FINISH_LABEL);
            org.eclipse.swt.widgets.Text name = Widgets.afterLabel(shell, "App &name:", org.eclipse.swt.widgets.Text.class);
            name.setText("tracks");
            org.eclipse.swt.widgets.Combo template = Widgets.afterLabel(shell, "&Template:",
                    org.eclipse.swt.widgets.Combo.class);
            template.select(java.util.Arrays.asList(template.getItems()).indexOf("Copy of an existing app"));
            template.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
            Widgets.flush();
            assertFalse(finish.isEnabled(), "no app to copy chosen yet: Finish is off");
            org.eclipse.swt.widgets.Combo copyOf = Widgets.afterLabel(shell, "&Copy of:",
                    org.eclipse.swt.widgets.Combo.class);
            assertTrue(copyOf.isEnabled());
            copyOf.select(java.util.Arrays.asList(copyOf.getItems()).indexOf("flight_telemetry_project"));
            copyOf.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
            Widgets.flush();
            assertTrue(finish.isEnabled(), "a name and an app to copy: Finish is on");
            finish.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
            Widgets.waitUntil(shell::isDisposed, 60_000, "the wizard to finish");
        } finally {
            if (dialog.getShell() != null && !dialog.getShell().isDisposed()) {
                dialog.close();
            }
        }
        IProject tracks = ResourcesPlugin.getWorkspace().getRoot().getProject("tracks_project");
        assertTrue(tracks.exists() && tracks.hasNature(AgilabNature.ID));
        Path copy = tracks.getLocation().toPath();
        assertTrue(Files.isRegularFile(copy.resolve("src/tracks/Tracks.java")), "the copy's identifiers are renamed");
        assertTrue(Files.isRegularFile(copy.resolve("src/tracks_worker/TracksWorker.java")));
        assertEquals(Files.size(folder.resolve("dataset.zip")), Files.size(copy.resolve("dataset.zip")), "its data comes along");
        assertTrue(Files.isDirectory(folder.resolve("src/flight_telemetry")), "the copied app is untouched");
        buildsClean(tracks, copy.resolve("bin/tracks/TracksArgs.class"));
    }

    private AgilabHome home() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        IdePreferences.put(IdePreferences.workspace(), IdeSetting.HOME, home.toString());
        return AgilabHome.resolve(home, java.util.Map.of());
    }

    private static void buildsClean(IProject project, Path argsClass) throws Exception {
        ResourcesPlugin.getWorkspace().build(IncrementalProjectBuilder.FULL_BUILD, null);
        Widgets.waitUntil(() -> Files.isRegularFile(argsClass), 60_000, "the renamed app's args class");
        assertEquals(java.util.List.of(), AgilabIdeTest.errors(project).stream().map(marker -> marker.getAttribute("message", "")).toList(),
                "the renamed app builds without errors");
    }
}
