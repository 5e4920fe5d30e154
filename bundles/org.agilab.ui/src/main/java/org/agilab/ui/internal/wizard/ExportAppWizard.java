package org.agilab.ui.internal.wizard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agilab.core.internal.project.AgilabNature;
import org.agilab.core.internal.project.AppArchives;
import org.agilab.runtime.env.AppArchive;
import org.agilab.ui.internal.BrowseButton;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IExportWizard;
import org.eclipse.ui.IWorkbench;

/**
 * File > Export > AGILab App Archive: upstream's {@code <app>.zip} (the app's files, less what its {@code .gitignore}
 * export filter, build outputs and IDE caches leave out), by default in {@code ~/export/apps-zip/}. The export runs
 * in a Job; an existing zip is replaced only when asked.
 */
public final class ExportAppWizard extends Wizard implements IExportWizard {

    private IProject initial;
    private Page page;
    /** The Job the last finish scheduled (tests join it). */
    Job job;

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        setWindowTitle(Messages.ExportApp_title);
        Object first = selection == null ? null : selection.getFirstElement();
        org.eclipse.core.resources.IResource resource = first == null ? null : Adapters.adapt(first, org.eclipse.core.resources.IResource.class);
        initial = resource == null ? null : resource.getProject();
    }

    @Override
    public void addPages() {
        page = new Page();
        addPage(page);
    }

    @Override
    public boolean performFinish() {
        IProject project = page.project();
        Path zip = Path.of(page.zip.getText().strip());
        boolean replace = page.replace.getSelection();
        job = Job.create(NLS.bind(Messages.ExportApp_job, project.getName()), monitor -> {
            try {
                AppArchive.Exported exported = AppArchives.export(project, zip, replace);
                return Status.info(NLS.bind(Messages.ExportApp_done, exported.files(), exported.zip()));
            } catch (CoreException e) {
                return e.getStatus();
            }
        });
        job.setUser(true);
        job.schedule();
        return true;
    }

    /** App projects of the workspace, sorted. */
    static List<IProject> appProjects() {
        List<IProject> apps = new ArrayList<>();
        for (IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
            try {
                if (project.isOpen() && project.hasNature(AgilabNature.ID)) {
                    apps.add(project);
                }
            } catch (CoreException e) {
                // a project that cannot say its natures is not offered
            }
        }
        return apps;
    }

    private final class Page extends WizardPage {

        private Combo projects;
        private Text zip;
        private Button replace;
        private List<IProject> apps;

        Page() {
            super("exportAgilabApp");
            setTitle(Messages.ExportApp_title);
            setDescription(Messages.ExportApp_description);
        }

        @Override
        public void createControl(Composite parent) {
            Composite root = new Composite(parent, SWT.NONE);
            root.setLayout(new GridLayout(3, false));
            new Label(root, SWT.NONE).setText(Messages.ExportApp_app);
            projects = new Combo(root, SWT.READ_ONLY);
            projects.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
            apps = appProjects();
            apps.forEach(app -> projects.add(app.getName()));
            new Label(root, SWT.NONE).setText(Messages.ExportApp_file);
            zip = new Text(root, SWT.BORDER | SWT.SINGLE);
            zip.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            BrowseButton.create(root, zip, BrowseButton.Kind.FILE_TO_SAVE, "*.zip");
            replace = new Button(root, SWT.CHECK);
            replace.setText(Messages.ExportApp_replace);
            replace.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
            projects.addListener(SWT.Selection, event -> {
                try {
                    zip.setText(AppArchives.defaultZip(project()).toString());
                } catch (CoreException e) {
                    setErrorMessage(e.getMessage());
                }
                validate();
            });
            zip.addModifyListener(event -> validate());
            replace.addListener(SWT.Selection, event -> validate());
            setControl(root);
            org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(root, "org.agilab.ui.export_wizard");
            int index = initial == null ? -1 : apps.indexOf(initial);
            if (index >= 0 || apps.size() == 1) {
                projects.select(Math.max(index, 0));
                projects.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
            }
            validate();
        }

        IProject project() {
            return projects.getSelectionIndex() < 0 ? null : apps.get(projects.getSelectionIndex());
        }

        private void validate() {
            String problem = null;
            if (apps.isEmpty()) {
                problem = Messages.ExportApp_noApps;
            } else if (project() == null) {
                problem = Messages.ExportApp_chooseApp;
            } else if (zip.getText().isBlank()) {
                problem = Messages.ExportApp_chooseFile;
            } else if (java.nio.file.Files.exists(Path.of(zip.getText().strip())) && !replace.getSelection()) {
                problem = NLS.bind(Messages.ExportApp_exists, zip.getText().strip());
            }
            setErrorMessage(problem);
            setPageComplete(problem == null);
        }
    }

    /** For tests: the page's fields. */
    void set(String zipFile, boolean replaceExisting) {
        page.zip.setText(zipFile);
        page.replace.setSelection(replaceExisting);
        page.replace.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
    }

    IStatus result() {
        return job == null ? null : job.getResult();
    }
}
