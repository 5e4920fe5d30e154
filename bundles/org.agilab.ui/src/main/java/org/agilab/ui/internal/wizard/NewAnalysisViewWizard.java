package org.agilab.ui.internal.wizard;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;

import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.actions.WorkspaceModifyOperation;
import org.eclipse.ui.ide.IDE;

/**
 * File > New > AGILab > AGILab Analysis View: upstream's "Create analysis view" as an Eclipse view in a plug-in project
 * ({@link AnalysisViewTemplate}); the class opens in the Java editor once written.
 */
public final class NewAnalysisViewWizard extends Wizard implements INewWizard {

    private IProject initial;
    private Page page;
    /** What the last finish wrote (tests). */
    AnalysisViewTemplate.Created created;

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        setWindowTitle(Messages.NewAnalysisView_title);
        setNeedsProgressMonitor(true);
        Object first = selection == null ? null : selection.getFirstElement();
        IResource resource = first == null ? null : Adapters.adapt(first, IResource.class);
        initial = resource == null ? null : resource.getProject();
    }

    @Override
    public void addPages() {
        page = new Page();
        addPage(page);
    }

    /** The page (tests fill it as a user does). */
    public Page page() {
        return page;
    }

    public AnalysisViewTemplate.Created created() {
        return created;
    }

    @Override
    public boolean performFinish() {
        AnalysisViewTemplate.Request request = page.request();
        try {
            // a workspace operation: one resource change, under the project's rule, with the wizard's progress
            getContainer().run(true, false, new WorkspaceModifyOperation(request.project()) {
                @Override
                protected void execute(org.eclipse.core.runtime.IProgressMonitor monitor) throws CoreException {
                    created = AnalysisViewTemplate.create(request, monitor);
                }
            });
        } catch (InvocationTargetException e) {
            CoreException failure = e.getCause() instanceof CoreException core ? core
                    : new CoreException(org.eclipse.core.runtime.Status.error(String.valueOf(e.getCause().getMessage()), e.getCause()));
            ErrorDialog.openError(getShell(), Messages.NewAnalysisView_title, null, failure.getStatus());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            IDE.openEditor(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage(), created.source());
        } catch (PartInitException e) {
            org.eclipse.core.runtime.ILog.of(NewAnalysisViewWizard.class).warn("cannot open " + created.source(), e);
        }
        return true;
    }

    /** The plug-in projects of the workspace, sorted by name. */
    static List<IProject> pluginProjects() {
        return Arrays.stream(ResourcesPlugin.getWorkspace().getRoot().getProjects()).filter(AnalysisViewTemplate::isPluginProject)
                .sorted(java.util.Comparator.comparing(IProject::getName)).toList();
    }

    /** Project, package, class, label and the view_module names. */
    public final class Page extends WizardPage {

        private Combo project;
        private List<IProject> projects;
        private Text packageName;
        private Text className;
        private Text label;
        private Text modules;
        /** The names were typed, not derived from the class: a new class name leaves them alone. */
        private boolean modulesTyped;

        Page() {
            super("analysisView");
            setTitle(Messages.NewAnalysisView_pageTitle);
            setDescription(Messages.NewAnalysisView_pageDescription);
        }

        @Override
        public void createControl(Composite parent) {
            Composite body = new Composite(parent, SWT.NONE);
            body.setLayout(new GridLayout(2, false));
            new Label(body, SWT.NONE).setText(Messages.NewAnalysisView_project);
            project = new Combo(body, SWT.READ_ONLY);
            project.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            project.setToolTipText(Messages.NewAnalysisView_projectTip);
            projects = pluginProjects();
            for (IProject each : projects) {
                project.add(each.getName());
            }
            project.select(Math.max(0, projects.indexOf(initial)));
            packageName = field(body, Messages.NewAnalysisView_package, Messages.NewAnalysisView_packageTip, defaultPackage());
            className = field(body, Messages.NewAnalysisView_class, Messages.NewAnalysisView_classTip, "MyAnalysisView");
            label = field(body, Messages.NewAnalysisView_label, Messages.NewAnalysisView_labelTip, "My Analysis");
            modules = field(body, Messages.NewAnalysisView_modules, Messages.NewAnalysisView_modulesTip,
                    AnalysisViewTemplate.moduleFor(className.getText()));
            modules.addListener(SWT.KeyDown, event -> modulesTyped = true);
            className.addListener(SWT.Modify, event -> {
                if (!modulesTyped) {
                    modules.setText(AnalysisViewTemplate.moduleFor(className.getText().strip()));
                }
            });
            project.addListener(SWT.Selection, event -> validate());
            Label note = new Label(body, SWT.WRAP);
            note.setText(Messages.NewAnalysisView_note);
            GridData noteData = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
            noteData.widthHint = 520;
            note.setLayoutData(noteData);
            setControl(body);
            validate();
        }

        private Text field(Composite body, String text, String tip, String initialValue) {
            new Label(body, SWT.NONE).setText(text);
            Text field = new Text(body, SWT.BORDER);
            field.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            field.setToolTipText(tip);
            field.setText(initialValue);
            field.addListener(SWT.Modify, event -> validate());
            return field;
        }

        /** The selected project's name as a package, as PDE names a plug-in's first package. */
        private String defaultPackage() {
            IProject chosen = chosen();
            String name = chosen == null ? "" : chosen.getName().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_.]", "_");
            return name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0)) ? "analysis.views" : name;
        }

        private IProject chosen() {
            int index = project == null ? -1 : project.getSelectionIndex();
            return index < 0 || index >= projects.size() ? null : projects.get(index);
        }

        AnalysisViewTemplate.Request request() {
            return new AnalysisViewTemplate.Request(chosen(), packageName.getText().strip(), className.getText().strip(),
                    label.getText().strip(), AnalysisViewTemplate.names(modules.getText()));
        }

        private void validate() {
            if (modules == null) {
                return; // still creating the fields
            }
            String problem = projects.isEmpty() ? Messages.NewAnalysisView_noProject : AnalysisViewTemplate.problem(request());
            setErrorMessage(problem);
            setPageComplete(problem == null);
        }

        /** Fills the page as a user types (tests). */
        public void fill(String projectName, String packageText, String classText, String labelText, String modulesText) {
            project.select(projects.stream().map(IProject::getName).toList().indexOf(projectName));
            packageName.setText(packageText);
            className.setText(classText);
            label.setText(labelText);
            if (modulesText != null) {
                modulesTyped = true;
                modules.setText(modulesText);
            }
            validate();
        }
    }
}
