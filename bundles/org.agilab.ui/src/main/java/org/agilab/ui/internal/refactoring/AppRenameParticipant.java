package org.agilab.ui.internal.refactoring;

import java.nio.file.Files;
import java.nio.file.Path;

import org.agilab.core.internal.project.AppArchives;
import org.agilab.runtime.env.AppProject;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.ltk.core.refactoring.Change;
import org.eclipse.ltk.core.refactoring.RefactoringStatus;
import org.eclipse.ltk.core.refactoring.participants.CheckConditionsContext;
import org.eclipse.ltk.core.refactoring.participants.RenameParticipant;
import org.eclipse.osgi.util.NLS;

/**
 * Refactor > Rename on an app project: the AGILab rename follows Eclipse's ({@code agilab app rename}, through
 * {@link AppArchives#completeRename}), so the folder, the packages and classes derived from the name, the settings, the
 * user's overrides and the worker environment take the new name, and the app's nodes are stopped. A name the runtime
 * would refuse stops the refactoring before anything changes.
 */
public final class AppRenameParticipant extends RenameParticipant {

    private IProject project;

    @Override
    protected boolean initialize(Object element) {
        project = AppChanges.openAppProject(element);
        return project != null;
    }

    @Override
    public String getName() {
        return Messages.AppRename_name;
    }

    @Override
    public RefactoringStatus checkConditions(IProgressMonitor monitor, CheckConditionsContext context) throws OperationCanceledException {
        String to = getArguments().getNewName();
        String problem = AppProject.nameProblem(to);
        if (problem != null) {
            return RefactoringStatus.createFatalErrorStatus(NLS.bind(Messages.AppRename_badName, to, problem));
        }
        Path taken = project.getLocation().toPath().resolveSibling(to);
        if (Files.exists(taken)) {
            return RefactoringStatus.createFatalErrorStatus(NLS.bind(Messages.AppRename_taken, taken));
        }
        return RefactoringStatus.createInfoStatus(NLS.bind(Messages.AppRename_what, project.getName(), to));
    }

    @Override
    public Change createChange(IProgressMonitor monitor) {
        return new AgilabRenameChange(project.getName(), getArguments().getNewName());
    }

    /** After Eclipse's rename: the AGILab rename of the app; not undoable (the app's files were rewritten). */
    static final class AgilabRenameChange extends AppChanges.NotUndoable {

        private final String oldName;
        private final String newName;

        AgilabRenameChange(String oldName, String newName) {
            super(ResourcesPlugin.getWorkspace().getRoot().getProject(newName));
            this.oldName = oldName;
            this.newName = newName;
        }

        @Override
        public String getName() {
            return NLS.bind(Messages.AppRename_change, oldName, newName);
        }

        @Override
        public Change perform(IProgressMonitor monitor) throws CoreException {
            AppArchives.completeRename(project(), oldName, monitor);
            return null;
        }
    }
}
