package org.agilab.ui.internal.refactoring;

import java.nio.file.Path;
import java.util.List;

import org.agilab.core.internal.project.AppArchives;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.ltk.core.refactoring.Change;
import org.eclipse.ltk.core.refactoring.CompositeChange;
import org.eclipse.ltk.core.refactoring.RefactoringStatus;
import org.eclipse.ltk.core.refactoring.participants.CheckConditionsContext;
import org.eclipse.ltk.core.refactoring.participants.DeleteParticipant;
import org.eclipse.osgi.util.NLS;

/**
 * Eclipse's Delete of an app project: its warm nodes and coordinator (which would otherwise keep running for an app
 * that is gone) are stopped before the project goes, and when the project's contents are deleted too ("Delete project
 * contents on disk"), so are the app's user overrides and worker environment in its AGILab home (as {@code agilab app
 * delete --purge}); outputs and run records stay. The preview says which; the runtime does the work.
 */
public final class AppDeleteParticipant extends DeleteParticipant {

    private IProject project;
    private boolean nodes;

    @Override
    protected boolean initialize(Object element) {
        project = AppChanges.openAppProject(element);
        if (project == null) {
            return false;
        }
        try {
            nodes = AppArchives.hasNodes(project);
        } catch (CoreException e) {
            nodes = false;
        }
        return true;
    }

    @Override
    public String getName() {
        return Messages.AppDelete_name;
    }

    @Override
    public RefactoringStatus checkConditions(IProgressMonitor monitor, CheckConditionsContext context) throws OperationCanceledException {
        RefactoringStatus status = new RefactoringStatus();
        if (nodes) {
            status.addInfo(NLS.bind(Messages.AppDelete_nodesUp, project.getName()));
        }
        List<Path> purged = purged();
        if (!purged.isEmpty()) {
            status.addInfo(NLS.bind(Messages.AppDelete_purged, project.getName(), String.join(", ", purged.stream().map(Path::toString).toList())));
        }
        return status;
    }

    /** What goes with the project's contents; nothing when the contents stay. */
    private List<Path> purged() {
        if (!getArguments().getDeleteProjectContents()) {
            return List.of();
        }
        try {
            return AppArchives.purgeable(project);
        } catch (CoreException e) {
            return List.of();
        }
    }

    @Override
    public Change createChange(IProgressMonitor monitor) {
        return null;
    }

    @Override
    public Change createPreChange(IProgressMonitor monitor) {
        List<Path> purged = purged();
        if (!nodes && purged.isEmpty()) {
            return null;
        }
        CompositeChange change = new CompositeChange(NLS.bind(Messages.AppDelete_changes, project.getName()));
        if (nodes) {
            change.add(new StopNodesChange(project));
        }
        if (!purged.isEmpty()) {
            change.add(new PurgeChange(project, purged));
        }
        return change;
    }

    /** Removes the app's overrides and worker environment, after its nodes stopped; not undoable. */
    static final class PurgeChange extends AppChanges.NotUndoable {

        private final List<Path> folders;

        PurgeChange(IProject project, List<Path> folders) {
            super(project);
            this.folders = List.copyOf(folders);
        }

        @Override
        public String getName() {
            return NLS.bind(Messages.AppDelete_purge, project().getName());
        }

        @Override
        public Change perform(IProgressMonitor monitor) throws CoreException {
            AppArchives.purge(folders);
            return null;
        }
    }

    /** Stops the app's nodes; not undoable (a stopped node starts again with the next cluster run). */
    static final class StopNodesChange extends AppChanges.NotUndoable {

        StopNodesChange(IProject project) {
            super(project);
        }

        @Override
        public String getName() {
            return NLS.bind(Messages.AppDelete_change, project().getName());
        }

        @Override
        public Change perform(IProgressMonitor monitor) throws CoreException {
            AppArchives.stopNodes(project());
            return null;
        }
    }
}
