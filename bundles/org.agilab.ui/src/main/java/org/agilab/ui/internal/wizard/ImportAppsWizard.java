package org.agilab.ui.internal.wizard;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agilab.core.internal.project.AppFolders;
import org.agilab.core.internal.project.AppProjectConfigurator;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.MultiStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IImportWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.actions.WorkspaceModifyOperation;

/** File > Import > AGILab Apps: existing app folders become app projects where they are (nothing is copied). */
public final class ImportAppsWizard extends Wizard implements IImportWizard {

    private Page page;

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        setWindowTitle(Messages.ImportApps_title);
        setNeedsProgressMonitor(true);
    }

    @Override
    public void addPages() {
        page = new Page();
        addPage(page);
    }

    @Override
    public boolean performFinish() {
        List<Path> chosen = page.chosen();
        MultiStatus problems = new MultiStatus("org.agilab.ui", 0, Messages.ImportApps_failed);
        try {
            getContainer().run(true, false, new WorkspaceModifyOperation() {
                @Override
                protected void execute(org.eclipse.core.runtime.IProgressMonitor monitor) {
                    for (Path app : chosen) {
                        try {
                            AppProjectConfigurator.configure(app, monitor);
                        } catch (CoreException e) {
                            problems.add(e.getStatus());
                        }
                    }
                }
            });
        } catch (InvocationTargetException e) {
            problems.add(Status.error(String.valueOf(e.getCause()), e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!problems.isOK()) {
            ErrorDialog.openError(getShell(), Messages.ImportApps_title, null, problems);
        }
        return problems.getSeverity() < IStatus.ERROR || problems.getChildren().length < chosen.size();
    }

    private static final class Page extends WizardPage {

        private Text folder;
        private Table apps;

        Page() {
            super("importAgilabApps");
            setTitle(Messages.ImportApps_title);
            setDescription(Messages.ImportApps_description);
        }

        @Override
        public void createControl(Composite parent) {
            Composite root = new Composite(parent, SWT.NONE);
            root.setLayout(new GridLayout(3, false));
            new Label(root, SWT.NONE).setText(Messages.ImportApps_folder);
            folder = new Text(root, SWT.BORDER | SWT.SINGLE);
            folder.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            folder.addModifyListener(event -> scan());
            Button browse = new Button(root, SWT.PUSH);
            browse.setText(Messages.NewAppPage_browse);
            browse.addListener(SWT.Selection, event -> {
                String chosen = new DirectoryDialog(getShell()).open();
                if (chosen != null) {
                    folder.setText(chosen);
                }
            });
            Label found = new Label(root, SWT.NONE);
            found.setText(Messages.ImportApps_found);
            found.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
            apps = new Table(root, SWT.CHECK | SWT.BORDER | SWT.V_SCROLL);
            GridData table = new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1);
            table.heightHint = 200;
            apps.setLayoutData(table);
            apps.addListener(SWT.Selection, event -> setPageComplete(!chosen().isEmpty()));
            setControl(root);
            org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(root, "org.agilab.ui.import_wizard");
            setPageComplete(false);
        }

        private void scan() {
            apps.removeAll();
            Path root = folder.getText().isBlank() ? null : Path.of(folder.getText().strip());
            for (Path app : AppFolders.find(root)) {
                TableItem item = new TableItem(apps, SWT.NONE);
                item.setText(app.toString());
                item.setData(app);
                boolean inWorkspace = ResourcesPlugin.getWorkspace().getRoot().getProject(app.getFileName().toString()).exists();
                item.setChecked(!inWorkspace);
                item.setGrayed(inWorkspace);
            }
            setErrorMessage(root != null && apps.getItemCount() == 0 ? NLS.bind(Messages.ImportApps_none, root) : null);
            setPageComplete(!chosen().isEmpty());
        }

        List<Path> chosen() {
            List<Path> chosen = new ArrayList<>();
            for (TableItem item : apps.getItems()) {
                if (item.getChecked() && !item.getGrayed()) {
                    chosen.add((Path) item.getData());
                }
            }
            return chosen;
        }
    }
}
