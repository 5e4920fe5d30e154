package org.agilab.ui.internal.wizard;

import java.nio.file.Files;
import java.nio.file.Path;

import org.agilab.core.internal.project.AppArchives;
import org.agilab.runtime.env.AppProject;
import org.agilab.ui.internal.BrowseButton;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
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
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IImportWizard;
import org.eclipse.ui.IWorkbench;

/**
 * File > Import > AGILab App Archive: an app zip (upstream's PROJECT export, or {@code agilab app export}) extracted
 * into a folder, optionally under a new name (identifiers renamed), then made an app project. Unsafe members and an
 * existing app (unless replacing is asked) are refused by the runtime before anything is written. Runs in a Job.
 */
public final class ImportAppArchiveWizard extends Wizard implements IImportWizard {

    private Page page;
    /** The Job the last finish scheduled (tests join it). */
    WorkspaceJob job;

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        setWindowTitle(Messages.ImportArchive_title);
    }

    @Override
    public void addPages() {
        page = new Page();
        addPage(page);
    }

    @Override
    public boolean performFinish() {
        Path zip = Path.of(page.zip.getText().strip());
        String name = page.name.getText().strip();
        Path into = Path.of(page.location.getText().strip());
        boolean replace = page.replace.getSelection();
        job = new WorkspaceJob(NLS.bind(Messages.ImportArchive_job, zip.getFileName())) {
            @Override
            public IStatus runInWorkspace(IProgressMonitor monitor) {
                try {
                    IProject project = AppArchives.importArchive(zip, name, into, replace, monitor);
                    return Status.info(NLS.bind(Messages.ImportArchive_done, project.getName(), project.getLocation()));
                } catch (CoreException e) {
                    return e.getStatus();
                }
            }
        };
        job.setUser(true);
        job.setRule(ResourcesPlugin.getWorkspace().getRoot());
        job.schedule();
        return true;
    }

    private static final class Page extends WizardPage {

        private Text zip;
        private Text name;
        private Text location;
        private Button replace;

        Page() {
            super("importAgilabAppArchive");
            setTitle(Messages.ImportArchive_title);
            setDescription(Messages.ImportArchive_description);
        }

        @Override
        public void createControl(Composite parent) {
            Composite root = new Composite(parent, SWT.NONE);
            root.setLayout(new GridLayout(3, false));
            new Label(root, SWT.NONE).setText(Messages.ImportArchive_file);
            zip = new Text(root, SWT.BORDER | SWT.SINGLE);
            zip.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            BrowseButton.create(root, zip, BrowseButton.Kind.FILE_TO_OPEN, "*.zip");
            new Label(root, SWT.NONE).setText(Messages.ImportArchive_name);
            name = new Text(root, SWT.BORDER | SWT.SINGLE);
            name.setMessage(Messages.ImportArchive_nameHint);
            name.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
            new Label(root, SWT.NONE).setText(Messages.NewAppPage_location);
            location = new Text(root, SWT.BORDER | SWT.SINGLE);
            location.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            location.setText(ResourcesPlugin.getWorkspace().getRoot().getLocation().toOSString());
            BrowseButton.create(root, location, BrowseButton.Kind.FOLDER);
            replace = new Button(root, SWT.CHECK);
            replace.setText(Messages.ImportArchive_replace);
            replace.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
            zip.addModifyListener(event -> validate());
            name.addModifyListener(event -> validate());
            location.addModifyListener(event -> validate());
            replace.addListener(SWT.Selection, event -> validate());
            setControl(root);
            org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(root, "org.agilab.ui.import_archive_wizard");
            validate();
        }

        /** What the form can tell before the runtime reads the archive: a file, a name, a free place. */
        private void validate() {
            String problem = null;
            String file = zip.getText().strip();
            if (file.isEmpty() || !Files.isRegularFile(Path.of(file))) {
                problem = Messages.ImportArchive_chooseFile;
            } else if (!name.getText().isBlank() && AppProject.nameProblem(name.getText().strip()) != null) {
                problem = AppProject.nameProblem(name.getText().strip());
            } else if (location.getText().isBlank()) {
                problem = Messages.ImportArchive_chooseLocation;
            } else {
                String given = name.getText().isBlank() ? Path.of(file).getFileName().toString().replaceFirst("(?i)\\.zip$", "") : name.getText().strip();
                if (Files.exists(Path.of(location.getText().strip()).resolve(given)) && !replace.getSelection()) {
                    problem = NLS.bind(Messages.ImportArchive_exists, given);
                }
            }
            setErrorMessage(problem);
            setPageComplete(problem == null);
        }
    }
}
