package org.agilab.ui.internal.refactoring;

import org.agilab.core.internal.project.AgilabNature;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.ltk.core.refactoring.Change;
import org.eclipse.ltk.core.refactoring.RefactoringStatus;

/** What the AGILab refactoring participants share: which elements are theirs, and their changes' common part. */
final class AppChanges {

    private AppChanges() {
    }

    /** The element as an open AGILab app project on disk, else null (the participant then stays out). */
    static IProject openAppProject(Object element) {
        if (!(element instanceof IProject project) || !project.isOpen() || project.getLocation() == null) {
            return null;
        }
        try {
            return project.hasNature(AgilabNature.ID) ? project : null;
        } catch (CoreException e) {
            return null;
        }
    }

    /**
     * A change on an app's files outside the workspace's knowledge (its nodes, its home): always valid, and not undoable
     * ({@code perform} returns null), as the preview says.
     */
    abstract static class NotUndoable extends Change {

        private final IProject project;

        NotUndoable(IProject project) {
            this.project = project;
        }

        IProject project() {
            return project;
        }

        @Override
        public void initializeValidationData(IProgressMonitor monitor) {
        }

        @Override
        public RefactoringStatus isValid(IProgressMonitor monitor) {
            return new RefactoringStatus();
        }

        @Override
        public Object getModifiedElement() {
            return project;
        }
    }
}
