package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.agilab.core.internal.operation.ManagerJob;
import org.agilab.core.internal.operation.ManagerOperation;
import org.agilab.core.internal.operation.WorkflowJob;
import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.core.internal.preferences.IdeSetting;
import org.agilab.core.launch.ManagerProcess;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.record.RunHistory;
import org.agilab.runtime.workflow.AutomationManifest;
import org.agilab.runtime.workflow.LabFile;
import org.agilab.runtime.workflow.Stage;
import org.agilab.runtime.workflow.StageKind;
import org.agilab.ui.internal.console.StageConsole;
import org.agilab.ui.internal.view.RunsView;
import org.agilab.ui.internal.workflow.LabEditors;
import org.agilab.ui.internal.workflow.WorkflowEditor;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.texteditor.ITextEditorActionConstants;
import org.eclipse.core.runtime.jobs.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Workflow editor in a real workbench under Xvfb: a lab opens with its stages (kind icons, status), a stage's SQL is
 * edited in the form's code editor (dirty, undo, redo, save: the file keeps its comments and unknown keys), a cycle
 * typed in the Source page is a problem marker at its line, Run All runs the lab in a manager JVM and each stage's
 * status and console follow; and "Add as Stage" turns a real run's record into an agilab stage that runs.
 */
class WorkflowEditorTest {

    static final String LAB = """
            [__meta__]
            schema = "agilab.lab_stages.v1"
            version = 1

            # the numbers 0..n-1
            [[demo]]
            id = "numbers"
            D = "Numbers"
            R = "sql"
            C = "SELECT range AS n FROM range(3)"
            produces = ["numbers.csv"]

            # a shell stage and a SQL stage, both after it
            [[demo]]
            id = "count"
            D = "Lines of numbers.csv"
            R = "shell"
            C = "wc -l < numbers.csv | tr -d ' ' > count.txt"
            depends_on = ["numbers"]
            consumes = ["numbers.csv"]
            produces = ["count.txt"]

            [[demo]]
            id = "total"
            D = "Their sum"
            R = "sql"
            C = "SELECT sum(n) AS total FROM 'numbers.csv'"
            depends_on = ["numbers"]
            consumes = ["numbers.csv"]
            produces = ["total.csv"]
            notebook_cell = "kept"

            [[demo]]
            id = "legacy"
            D = "An upstream Python stage"
            R = "runpy"
            C = "print('hello')"
            """;

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().closeAllEditors(false);
        Job.getJobManager().cancel(ManagerJob.FAMILY);
        Widgets.waitUntil(() -> Job.getJobManager().find(ManagerJob.FAMILY).length == 0, 60_000, "AGILab jobs to end");
        for (IdeSetting setting : IdeSetting.values()) {
            IdePreferences.put(IdePreferences.workspace(), setting, null);
        }
        AgilabIdeTest.removeConfigurationsAndProjects();
    }

    static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    /** A workspace project whose folder is the lab folder, so the editor's problems are markers. */
    static IFile labInProject(Path folder) throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(folder.getFileName().toString());
        IProjectDescription description = ResourcesPlugin.getWorkspace().newProjectDescription(project.getName());
        description.setLocation(org.eclipse.core.runtime.Path.fromOSString(folder.toString()));
        project.create(description, null);
        project.open(null);
        return project.getFile(LabFile.FILE_NAME);
    }

    static String text(Path file) throws Exception {
        return Files.readString(file);
    }

    @Test
    void aStageEditedInTheFormIsSavedWithTheFileKeptAndTheLabRunsWithEachStatusShown() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        IdePreferences.put(IdePreferences.workspace(), IdeSetting.HOME, home.toString());
        Path folder = Files.createDirectories(dir.resolve("demo"));
        Path labFile = folder.resolve(LabFile.FILE_NAME);
        Files.writeString(labFile, LAB);
        IFile file = labInProject(folder);

        WorkflowEditor editor = LabEditors.open(page(), labFile);
        assertNotNull(editor, "the lab opens in the Workflow editor");
        assertEquals(WorkflowEditor.ID, editor.getSite().getId());
        Widgets.flush();
        TableItem[] rows = editor.stagesPage().stageList().getTable().getItems();
        assertEquals(List.of("numbers", "count", "total", "legacy"), Arrays.stream(rows).map(row -> row.getText(0)).toList());
        assertTrue(Arrays.stream(rows).allMatch(row -> row.getImage(0) != null), "each stage has its kind's icon");
        assertTrue(rows[3].getText(1).contains("not runnable here"), rows[3].getText(1));
        assertFalse(editor.isDirty());

        // the SQL stage's code, typed in the form's code editor
        editor.stagesPage().select("numbers");
        Widgets.flush();
        org.eclipse.jface.text.IDocument code = editor.stagesPage().codeViewer().getDocument();
        assertEquals("SELECT range AS n FROM range(3)", code.get());
        code.replace(code.get().indexOf("3"), 1, "5");
        Widgets.waitUntil(editor::isDirty, 10_000, "the form's edit to reach the text");
        assertTrue(editor.document().get().contains("C = \"SELECT range AS n FROM range(5)\""), editor.document().get());
        // undo and redo are the text editor's, on the form page too
        editor.sourceEditor().getAction(ITextEditorActionConstants.UNDO).run();
        Widgets.waitUntil(() -> editor.document().get().contains("range(3)"), 5_000, "undo");
        Widgets.waitUntil(() -> "SELECT range AS n FROM range(3)".equals(code.get()), 5_000, "the form to follow the undo");
        editor.sourceEditor().getAction(ITextEditorActionConstants.REDO).run();
        Widgets.waitUntil(() -> code.get().contains("range(5)"), 5_000, "redo");
        // the description of another stage, in its field
        editor.stagesPage().select("total");
        Widgets.flush();
        org.eclipse.swt.widgets.Text description = editor.stagesPage().field("D");
        description.setFocus();
        description.setText("The sum of the numbers");
        editor.doSave(null);
        assertFalse(editor.isDirty());
        String saved = text(labFile);
        assertEquals(LAB.replace("range(3)", "range(5)").replace("D = \"Their sum\"", "D = \"The sum of the numbers\""), saved,
                "only the two values changed: comments, order and the unknown key are kept");

        // a cycle typed in the Source page: a marker at the stage's line, and the form says it
        editor.showPage(WorkflowEditor.SOURCE_PAGE);
        org.eclipse.jface.text.IDocument source = editor.document();
        int at = source.get().indexOf("produces = [\"numbers.csv\"]");
        source.replace(at, 0, "depends_on = [\"total\"]\n");
        Widgets.waitUntil(() -> markers(file).length == 1, 10_000, "the cycle's marker");
        IMarker cycle = markers(file)[0];
        assertTrue(cycle.getAttribute(IMarker.MESSAGE, "").contains("depend on each other"), cycle.getAttribute(IMarker.MESSAGE, ""));
        int numbersLine = LabFile.parse(labFile, source.get()).stage("numbers").line();
        int totalLine = LabFile.parse(labFile, source.get()).stage("total").line();
        assertTrue(List.of(numbersLine, totalLine).contains(cycle.getAttribute(IMarker.LINE_NUMBER, -1)), "the marker is at a stage of the cycle");
        editor.revert();
        Widgets.waitUntil(() -> markers(file).length == 0, 10_000, "the marker to go with the cycle");
        // a dependency on no stage: its marker is at the stage's line
        source.replace(source.get().indexOf("produces = [\"numbers.csv\"]"), 0, "depends_on = [\"nowhere\"]\n");
        Widgets.waitUntil(() -> markers(file).length == 1 && markers(file)[0].getAttribute(IMarker.MESSAGE, "").contains("'nowhere'"), 10_000,
                "the unknown dependency's marker");
        assertEquals(LabFile.parse(labFile, source.get()).stage("numbers").line(), markers(file)[0].getAttribute(IMarker.LINE_NUMBER, -1));
        editor.revert();
        Widgets.waitUntil(() -> markers(file).length == 0, 10_000, "the marker to go");
        assertEquals(saved, editor.document().get());
        assertFalse(editor.isDirty());

        // Run All: a manager JVM runs the lab; each stage's status and console follow its events
        editor.showPage(WorkflowEditor.STAGES_PAGE);
        List<String> seen = new CopyOnWriteArrayList<>();
        WorkflowJob job = editor.run(WorkflowJob.Selection.ALL, null);
        assertNotNull(job, "the lab runs");
        Widgets.waitUntil(() -> {
            String status = editor.statusLabel("numbers");
            if (!status.isEmpty() && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status))) {
                seen.add(status);
            }
            return job.getResult() != null;
        }, 180_000, "the lab's run");
        Widgets.waitUntil(() -> !editor.isRunning(), 10_000, "the editor to see the end");
        Widgets.flush();
        assertEquals(0, job.exitCode(), String.valueOf(job.outcome()));
        for (String stage : List.of("numbers", "count", "total")) {
            assertTrue(editor.statusLabel(stage).startsWith("ok"), stage + ": " + editor.statusLabel(stage));
        }
        assertTrue(editor.statusLabel("legacy").startsWith("not-runnable"), editor.statusLabel("legacy"));
        rows = editor.stagesPage().stageList().getTable().getItems();
        assertTrue(rows[0].getText(2).startsWith("ok"), "the list shows the status: " + rows[0].getText(2));
        assertEquals("6", text(folder.resolve("count.txt")).strip(), "numbers.csv: a header and the five rows of the edited query");
        assertTrue(text(folder.resolve("total.csv")).contains("10"), text(folder.resolve("total.csv")));
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("ok")), "statuses seen: " + seen);
        String console = StageConsole.of(labFile, "total").getDocument().get();
        assertTrue(console.contains("total: ok"), console);
        StageConsole.of(labFile, null).show(); // the lab's console: each stage's status line and the run's summary
        Widgets.flush();
        AgilabViewsTest.screenshot(editor, "workflow-editor");
        editor.showPage(WorkflowEditor.GRAPH_PAGE);
        Widgets.flush();
        assertEquals(4, editor.graphPage().boxes().size());
        assertTrue(editor.graphPage().boxes().get("numbers").x < editor.graphPage().boxes().get("count").x, "waves are columns");
        assertEquals(editor.graphPage().boxes().get("count").x, editor.graphPage().boxes().get("total").x, "count and total share wave 2");
        AgilabViewsTest.screenshot(editor, "workflow-graph");

        // a second Run All: the manifest, read again, says every stage is unchanged
        WorkflowJob again = editor.run(WorkflowJob.Selection.ALL, null);
        Widgets.waitUntil(() -> again.getResult() != null && !editor.isRunning(), 180_000, "the second run");
        Widgets.flush();
        assertTrue(editor.statusLabel("total").startsWith("skipped"), editor.statusLabel("total"));
        assertTrue(String.valueOf(AutomationManifest.read(folder).get("stages")).contains("skipped_unchanged"));
        // an editor opened later reads each stage's status from the manifest
        page().closeEditor(editor, false);
        WorkflowEditor reopened = LabEditors.open(page(), labFile);
        Widgets.flush();
        assertTrue(reopened.statusLabel("numbers").startsWith("skipped"), reopened.statusLabel("numbers"));
        assertTrue(reopened.stagesPage().stageList().getTable().getItem(0).getText(2).startsWith("skipped"));
    }

    static IMarker[] markers(IFile file) {
        try {
            return file.findMarkers(WorkflowEditor.MARKER, false, IResource.DEPTH_ZERO);
        } catch (org.eclipse.core.runtime.CoreException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRunRecordAddedAsAStageRunsAgainFromTheLab() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        IdePreferences.put(IdePreferences.workspace(), IdeSetting.HOME, home.toString());
        Path app = dir.resolve("minimal_app_project");
        AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve("minimal_app_project"), app);
        // a real run, recorded under the home's log/execute
        List<String> output = new ArrayList<>();
        ManagerJob run = new ManagerJob(new ManagerOperation("run", app, "0", null, Map.of(), Map.of("AGILAB_HOME", home.toString()), app),
                new ManagerProcess.Listener() {
                    @Override
                    public void event(EventEnvelope event) {
                    }

                    @Override
                    public void output(String line) {
                        output.add(line);
                    }
                });
        run.schedule();
        Widgets.waitUntil(() -> run.getResult() != null, 240_000, "the app's run");
        assertEquals(0, run.exitCode(), String.valueOf(run.outcome()) + output);
        AgilabHome agilabHome = AgilabHome.resolve(home, Map.of());
        RunsView runs = (RunsView) page().showView(RunsView.ID);
        runs.showLogs(agilabHome.logRoot().value().resolve("execute"));
        Widgets.waitUntil(() -> !runs.entries().isEmpty(), 30_000, "the run's record");
        RunHistory.Entry entry = runs.entries().get(0);
        assertEquals("run", entry.command());

        WorkflowEditor editor = runs.addAsStage(entry);
        assertNotNull(editor, "the lab opens");
        Path labFile = agilabHome.path().resolve("export").resolve(entry.target()).resolve(LabFile.FILE_NAME);
        assertEquals(labFile, editor.labFile());
        LabFile lab = LabFile.load(labFile);
        assertFalse(lab.legacy(), "a new lab file has its [__meta__]");
        Stage stage = lab.stages().get(0);
        assertEquals(StageKind.AGILAB, stage.kind());
        assertEquals("run --app " + app + " --mode 0", stage.code());
        assertEquals(entry.target(), stage.array());
        Widgets.flush();
        assertEquals(stage.id(), editor.stagesPage().selected().map(Stage::id).orElse(null), "the new stage is selected");

        WorkflowJob job = editor.run(WorkflowJob.Selection.STAGE, stage.id());
        Widgets.waitUntil(() -> job.getResult() != null && !editor.isRunning(), 240_000, "the stage's run");
        Widgets.flush();
        assertEquals(0, job.exitCode(), String.valueOf(job.outcome()));
        assertTrue(editor.statusLabel(stage.id()).startsWith("ok"), editor.statusLabel(stage.id()));
        String console = StageConsole.of(labFile, stage.id()).getDocument().get();
        assertTrue(console.contains("run ok") && console.contains("== " + stage.id() + ": ok"), "the stage's console has its log: " + console);
        AgilabViewsTest.screenshot(editor, "workflow-add-as-stage");

        // a second Add as Stage: the same lab, a fresh id
        editor.doSave(null);
        runs.addAsStage(entry);
        Widgets.flush();
        assertEquals(List.of(stage.id(), stage.id() + "_2"), LabFile.load(labFile).stages().stream().map(Stage::id).toList());
    }

    @Test
    void stopCancelsTheRunningStageAndWhatWaitsForIt() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        IdePreferences.put(IdePreferences.workspace(), IdeSetting.HOME, home.toString());
        Path folder = Files.createDirectories(dir.resolve("slow"));
        Path labFile = folder.resolve(LabFile.FILE_NAME);
        Files.writeString(labFile, """
                [[slow]]
                id = "wait"
                R = "shell"
                C = "echo waiting; sleep 600"

                [[slow]]
                id = "after"
                R = "sql"
                C = "SELECT 1"
                depends_on = ["wait"]
                """);
        WorkflowEditor editor = LabEditors.open(page(), labFile);
        WorkflowJob job = editor.run(WorkflowJob.Selection.ALL, null);
        Widgets.waitUntil(() -> editor.statusLabel("wait").startsWith("running"), 60_000, "the stage to start");
        Widgets.waitUntil(() -> StageConsole.of(labFile, "wait").getDocument().get().contains("waiting"), 30_000,
                "the stage's console to follow its log");
        editor.stop();
        Widgets.waitUntil(() -> job.getResult() != null && !editor.isRunning(), 60_000, "the run to stop");
        Widgets.flush();
        assertEquals(org.eclipse.core.runtime.IStatus.CANCEL, job.getResult().getSeverity(), String.valueOf(job.getResult()));
        assertTrue(editor.statusLabel("wait").startsWith("cancelled"), editor.statusLabel("wait"));
        assertTrue(editor.statusLabel("after").startsWith("cancelled"), editor.statusLabel("after"));
    }
}
