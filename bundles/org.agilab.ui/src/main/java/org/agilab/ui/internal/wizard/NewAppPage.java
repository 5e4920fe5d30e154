package org.agilab.ui.internal.wizard;

import java.nio.file.Path;

import org.agilab.core.internal.project.AgilabNature;
import org.agilab.core.internal.project.NewAppController;
import org.agilab.ui.internal.BrowseButton;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/** Name, template (or the app to copy) and location of a new app; every change is validated by the controller. */
final class NewAppPage extends WizardPage {

    private final NewAppController controller;
    private Text name;
    private Combo template;
    private Combo copyOf;
    private Button defaultLocation;
    private Text location;
    private Button browse;
    private final Path workspaceFolder = ResourcesPlugin.getWorkspace().getRoot().getLocation().toFile().toPath();

    NewAppPage(NewAppController controller) {
        super("newAgilabApp");
        this.controller = controller;
        setTitle(Messages.NewAppPage_title);
        setDescription(Messages.NewAppPage_description);
    }

    @Override
    public void createControl(Composite parent) {
        Composite root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(3, false));
        new Label(root, SWT.NONE).setText(Messages.NewAppPage_name);
        name = new Text(root, SWT.BORDER | SWT.SINGLE);
        name.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        name.addModifyListener(event -> update());

        new Label(root, SWT.NONE).setText(Messages.NewAppPage_template);
        template = new Combo(root, SWT.DROP_DOWN | SWT.READ_ONLY);
        template.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        for (NewAppController.Template choice : NewAppController.Template.values()) {
            template.add(choice.label);
        }
        template.select(0);
        template.addListener(SWT.Selection, event -> update());

        new Label(root, SWT.NONE).setText(Messages.NewAppPage_copyFrom);
        copyOf = new Combo(root, SWT.DROP_DOWN | SWT.READ_ONLY);
        copyOf.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        for (IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
            if (AgilabNature.has(project)) {
                copyOf.add(project.getName());
            }
        }
        copyOf.addListener(SWT.Selection, event -> update());

        defaultLocation = new Button(root, SWT.CHECK);
        defaultLocation.setText(Messages.NewAppPage_defaultLocation);
        defaultLocation.setSelection(true);
        defaultLocation.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        defaultLocation.addListener(SWT.Selection, event -> update());
        new Label(root, SWT.NONE).setText(Messages.NewAppPage_location);
        location = new Text(root, SWT.BORDER | SWT.SINGLE);
        location.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        location.setText(workspaceFolder.toString());
        location.addModifyListener(event -> update());
        browse = BrowseButton.create(root, location, BrowseButton.Kind.FOLDER);
        setControl(root);
        org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(root, "org.agilab.ui.new_app_wizard");
        update();
        setErrorMessage(null); // an empty name is no error yet: the message says what to enter
    }

    @Override
    public void setVisible(boolean visible) {
        super.setVisible(visible);
        if (visible) {
            name.setFocus(); // the name is what the user types first, as in New Java Project
        }
    }

    private void update() {
        NewAppController.Template chosen = NewAppController.Template.values()[Math.max(0, template.getSelectionIndex())];
        copyOf.setEnabled(chosen == NewAppController.Template.COPY);
        location.setEnabled(!defaultLocation.getSelection());
        browse.setEnabled(!defaultLocation.getSelection());
        if (defaultLocation.getSelection() && !location.getText().equals(workspaceFolder.toString())) {
            location.setText(workspaceFolder.toString()); // fires update() again, once
            return;
        }
        controller.setName(name.getText());
        controller.setTemplate(chosen);
        IProject source = copyOf.getText().isBlank() ? null : ResourcesPlugin.getWorkspace().getRoot().getProject(copyOf.getText());
        controller.setCopyOf(source == null || source.getLocation() == null ? null : source.getLocation().toFile().toPath());
        controller.setLocation(location.getText().isBlank() ? null : Path.of(location.getText().strip()));
        String problem = controller.validate();
        if (name.getText().isBlank()) {
            setErrorMessage(null);
            setMessage(problem);
        } else {
            setErrorMessage(problem);
            setMessage(null);
        }
        setPageComplete(problem == null);
    }
}
