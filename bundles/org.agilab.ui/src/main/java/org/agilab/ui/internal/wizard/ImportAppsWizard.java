package org.agilab.ui.internal.wizard;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agilab.core.internal.project.AppFolders;
import org.agilab.core.internal.project.AppProjectConfigurator;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppCopier;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.error.AgilabException;
import org.agilab.ui.internal.BrowseButton;
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
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IImportWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.actions.WorkspaceModifyOperation;

/**
 * File > Import > AGILab Apps: app folders become app projects, copied into the workspace by default (without the
 * Eclipse metadata and build output a folder may hold: the checkout's apps stay as they are), or where they are.
 * The folder starts at the apps folder AGILab knows (APPS_PATH, else the checkout's {@code apps/} the IDE was started
 * from); templates are listed but not ticked: they are for File > New > AGILab App.
 */
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
        boolean copy = page.copy.getSelection();
        MultiStatus problems = new MultiStatus("org.agilab.ui", 0, Messages.ImportApps_failed);
        try {
            getContainer().run(true, false, new WorkspaceModifyOperation() {
                @Override
                protected void execute(org.eclipse.core.runtime.IProgressMonitor monitor) {
                    org.eclipse.core.runtime.SubMonitor progress = org.eclipse.core.runtime.SubMonitor.convert(monitor, chosen.size());
                    for (Path app : chosen) {
                        try {
                            AppProjectConfigurator.configure(copy ? copyIntoWorkspace(app) : app, progress.split(1));
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

    /**
     * A copy of the app in the workspace folder, its Eclipse metadata and build output left behind
     * ({@link AppCopier}, made in a hidden folder and renamed into place).
     *
     * @throws CoreException naming the folder that exists already, or why the copy failed
     */
    static Path copyIntoWorkspace(Path app) throws CoreException {
        Path workspace = ResourcesPlugin.getWorkspace().getRoot().getLocation().toFile().toPath();
        if (app.toAbsolutePath().normalize().getParent().equals(workspace)) {
            return app; // in the workspace folder already
        }
        try {
            return AppCopier.copy(AppProject.at(app), app.getFileName().toString(), workspace).folder();
        } catch (AgilabException e) {
            throw new CoreException(Status.error(e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")"), e));
        }
    }

    /** The apps folder AGILab knows, when there is one. */
    static Path knownAppsFolder() {
        try {
            Path apps = AgilabHome.resolve(null, System.getenv()).appsFolder().value();
            return java.nio.file.Files.isDirectory(apps) ? apps : null;
        } catch (RuntimeException e) {
            return null; // a home that cannot be read names no apps folder: the user chooses one
        }
    }

    /** Whether the app is a template of New AGILab App ({@code apps/templates/<name>_project}). */
    static boolean isTemplate(Path app) {
        return app.getParent() != null && app.getParent().getFileName() != null
                && app.getParent().getFileName().toString().equals("templates");
    }

    private static final class Page extends WizardPage {

        private Text folder;
        private Table apps;
        Button copy;

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
            BrowseButton.create(root, folder, BrowseButton.Kind.FOLDER);
            Label found = new Label(root, SWT.NONE);
            found.setText(Messages.ImportApps_found);
            found.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
            apps = new Table(root, SWT.CHECK | SWT.BORDER | SWT.V_SCROLL);
            GridData table = new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1);
            table.heightHint = 200;
            apps.setLayoutData(table);
            apps.addListener(SWT.Selection, event -> setPageComplete(!chosen().isEmpty()));
            copy = new Button(root, SWT.CHECK);
            copy.setText(Messages.ImportApps_copy);
            copy.setToolTipText(Messages.ImportApps_copyTip);
            copy.setSelection(true);
            copy.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
            setControl(root);
            org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(root, "org.agilab.ui.import_wizard");
            setPageComplete(false);
            Path known = knownAppsFolder();
            if (known != null) {
                folder.setText(known.toString()); // scans it: the apps are listed, and the page is complete when one is ticked
            }
            folder.setFocus();
        }

        private void scan() {
            apps.removeAll();
            Path root = folder.getText().isBlank() ? null : Path.of(folder.getText().strip());
            for (Path app : AppFolders.find(root)) {
                TableItem item = new TableItem(apps, SWT.NONE);
                item.setText(app.toString());
                item.setData(app);
                boolean inWorkspace = ResourcesPlugin.getWorkspace().getRoot().getProject(app.getFileName().toString()).exists();
                item.setChecked(!inWorkspace && !isTemplate(app));
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
