package org.agilab.ui.internal.wizard;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

import org.agilab.core.internal.project.NewAppController;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.actions.WorkspaceModifyOperation;

/** File > New > AGILab App: the page edits a {@link NewAppController}, which does the work. */
public final class NewAppWizard extends Wizard implements INewWizard {

    private NewAppController controller;
    private IProject created;
    private IWorkbench workbench;

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        this.workbench = workbench;
        setWindowTitle(Messages.NewAppWizard_title);
        setNeedsProgressMonitor(true);
        Path templates = AgilabHome.resolve(null, System.getenv()).appsFolder().value().resolve("templates");
        controller = new NewAppController(templates, ResourcesPlugin.getWorkspace().getRoot().getLocation().toFile().toPath());
    }

    @Override
    public void addPages() {
        addPage(new NewAppPage(controller));
    }

    @Override
    public boolean performFinish() {
        try {
            getContainer().run(true, false, new WorkspaceModifyOperation() {
                @Override
                protected void execute(org.eclipse.core.runtime.IProgressMonitor monitor) throws CoreException {
                    created = controller.create(monitor);
                }
            });
            // after the explorers' own refresh for the new project (queued while it was made), or there is nothing to select
            org.eclipse.swt.widgets.Display.getCurrent().asyncExec(this::showCreated);
            return true;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            IStatus status = cause instanceof CoreException core ? core.getStatus() : Status.error(String.valueOf(cause), cause);
            ErrorDialog.openError(getShell(), Messages.NewAppWizard_title, Messages.NewAppWizard_failed, status);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Selects the new app in the explorer views of the window, as New Java Project does, and opens its settings: what
     * the user edits first.
     */
    private void showCreated() {
        org.eclipse.ui.IWorkbenchWindow window = workbench == null ? null : workbench.getActiveWorkbenchWindow();
        if (window == null || window.getActivePage() == null) {
            return;
        }
        org.eclipse.ui.wizards.newresource.BasicNewResourceWizard.selectAndReveal(created, window);
        org.eclipse.core.resources.IFile settings = created.getFile(org.agilab.runtime.env.AppProject.SETTINGS_FILE);
        if (settings.exists()) {
            try {
                org.eclipse.ui.ide.IDE.openEditor(window.getActivePage(), settings);
            } catch (org.eclipse.ui.PartInitException e) {
                org.eclipse.core.runtime.ILog.of(NewAppWizard.class).log(e.getStatus());
            }
        }
    }

    /** The project the wizard made, or null. */
    public IProject created() {
        return created;
    }
}
