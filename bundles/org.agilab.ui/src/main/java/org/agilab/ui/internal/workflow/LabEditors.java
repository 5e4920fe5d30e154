package org.agilab.ui.internal.workflow;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.record.RunHistory;
import org.agilab.runtime.workflow.LabFile;
import org.agilab.runtime.workflow.StageImport;
import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.ide.IDE;

/** Opening a lab in the Workflow editor, and upstream's "import a run snippet as a stage" for a run record. */
public final class LabEditors {

    private LabEditors() {
    }

    /** Opens (or brings up) the Workflow editor on a lab file: the workspace's file when it is in the workspace. */
    public static WorkflowEditor open(IWorkbenchPage page, Path labFile) throws PartInitException {
        IFile[] files = ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(labFile.toUri());
        IEditorPart part = files.length > 0 && files[0].exists() ? IDE.openEditor(page, files[0], WorkflowEditor.ID, true)
                : IDE.openEditor(page, EFS.getLocalFileSystem().getStore(labFile.toUri()).toURI(), WorkflowEditor.ID, true);
        return part instanceof WorkflowEditor editor ? editor : null;
    }

    /**
     * "Add as Stage": appends an {@code agilab} stage running the recorded command (its app, mode, workers and
     * {@code --set} values) to its app's lab, {@code <export>/<target>/lab_stages.toml} of the home it ran in (created
     * with its {@code [__meta__]} when absent), and opens the lab with the new stage selected.
     *
     * @throws IllegalArgumentException naming why the record cannot become a stage
     */
    public static WorkflowEditor addAsStage(IWorkbenchPage page, RunHistory.Entry entry, AgilabHome preferredHome) throws PartInitException {
        List<String> argv = RunHistory.argv(entry);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("the record " + entry.folder() + " has no command line");
        }
        String line;
        try {
            line = StageImport.agilabLine(argv, RunHistory.appFolder(entry));
        } catch (org.agilab.runtime.error.AgilabException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Path recordedHome = RunHistory.home(entry);
        AgilabHome home = recordedHome == null ? preferredHome : AgilabHome.resolve(recordedHome, Map.copyOf(System.getenv()));
        Path labFile = StageImport.labFolder(home, entry.target()).resolve(LabFile.FILE_NAME);
        String mode = entry.mode() == null ? "" : entry.mode().replaceAll("[^A-Za-z0-9]", "");
        String baseId = entry.command() + (mode.isEmpty() ? "" : "_" + mode);
        StageImport.Added added;
        try {
            added = StageImport.addAgilabStage(labFile, entry.target(), baseId,
                    NLS.bind(WorkflowMessages.AddAsStage_description, new Object[] {entry.command(), entry.target(),
                            entry.mode() == null || entry.mode().isBlank() ? "-" : entry.mode(),
                            entry.started().length() > 19 ? entry.started().substring(0, 19) : entry.started()}), line);
        } catch (org.agilab.runtime.error.AgilabException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        WorkflowEditor editor = open(page, labFile);
        if (editor != null) {
            editor.revertIfClean(); // an editor already open on the lab reads the stage just added
            editor.setActivePage(StagesPage.ID);
            editor.stagesPage().select(added.stageId());
        }
        return editor;
    }
}
