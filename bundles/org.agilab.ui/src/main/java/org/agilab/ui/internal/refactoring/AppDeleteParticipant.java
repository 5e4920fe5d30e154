package org.agilab.ui.internal.refactoring;

import org.agilab.core.internal.project.AgilabNature;
import org.agilab.core.internal.project.AppArchives;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.ltk.core.refactoring.Change;
import org.eclipse.ltk.core.refactoring.RefactoringStatus;
import org.eclipse.ltk.core.refactoring.participants.CheckConditionsContext;
import org.eclipse.ltk.core.refactoring.participants.DeleteParticipant;
import org.eclipse.osgi.util.NLS;

/**
 * Eclipse's Delete of an app project: its warm nodes and coordinator (which would otherwise keep running for an app
 * that is gone) are stopped before the project goes. The preview says so; the runtime does the stopping.
 */
public final class AppDeleteParticipant extends DeleteParticipant {

    private IProject project;

    @Override
    protected boolean initialize(Object element) {
        if (!(element instanceof IProject candidate) || !candidate.isOpen()) {
            return false;
        }
        try {
            if (!candidate.hasNature(AgilabNature.ID) || !AppArchives.hasNodes(candidate)) {
                return false;
            }
        } catch (CoreException e) {
            return false;
        }
        project = candidate;
        return true;
    }

    @Override
    public String getName() {
        return Messages.AppDelete_name;
    }

    @Override
    public RefactoringStatus checkConditions(IProgressMonitor monitor, CheckConditionsContext context) throws OperationCanceledException {
        return RefactoringStatus.createInfoStatus(NLS.bind(Messages.AppDelete_nodesUp, project.getName()));
    }

    @Override
    public Change createChange(IProgressMonitor monitor) {
        return null;
    }

    @Override
    public Change createPreChange(IProgressMonitor monitor) {
        return new StopNodesChange(project);
    }

    /** Stops the app's nodes; not undoable (a stopped node starts again with the next cluster run). */
    static final class StopNodesChange extends Change {

        private final IProject project;

        StopNodesChange(IProject project) {
            this.project = project;
        }

        @Override
        public String getName() {
            return NLS.bind(Messages.AppDelete_change, project.getName());
        }

        @Override
        public void initializeValidationData(IProgressMonitor monitor) {
        }

        @Override
        public RefactoringStatus isValid(IProgressMonitor monitor) {
            return new RefactoringStatus();
        }

        @Override
        public Change perform(IProgressMonitor monitor) throws CoreException {
            AppArchives.stopNodes(project);
            return null;
        }

        @Override
        public Object getModifiedElement() {
            return project;
        }
    }
}
