package org.agilab.ui.internal.view;

import java.util.Optional;

import org.agilab.core.internal.project.AgilabNature;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;

/** The AGILab app project the user is on: the one selected (a project or a file in it) or the active editor's. */
public final class SelectedApp {

    private SelectedApp() {
    }

    /** The app project of the first selected element, if it is in one. */
    public static Optional<IProject> of(ISelection selection) {
        if (selection instanceof IStructuredSelection structured && !structured.isEmpty()) {
            IResource resource = Adapters.adapt(structured.getFirstElement(), IResource.class);
            if (resource != null && resource.getProject() != null && AgilabNature.has(resource.getProject())) {
                return Optional.of(resource.getProject());
            }
        }
        return Optional.empty();
    }

    /** The app the page is on: its selection's, else its active editor's. */
    public static Optional<IProject> of(IWorkbenchPage page) {
        Optional<IProject> selected = of(page.getSelection());
        if (selected.isPresent()) {
            return selected;
        }
        IEditorPart editor = page.getActiveEditor();
        IResource resource = editor == null ? null : Adapters.adapt(editor.getEditorInput(), IResource.class);
        return resource != null && AgilabNature.has(resource.getProject()) ? Optional.of(resource.getProject()) : Optional.empty();
    }
}
