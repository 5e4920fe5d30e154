package org.agilab.ui.internal.preferences;

import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.IProject;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PropertyPage;

/**
 * Project > Properties > AGILab: this app project's own AGILab settings, over the workspace's; kept in the project's
 * {@code .settings/org.agilab.core.prefs} so they travel with it.
 */
public final class AgilabPropertyPage extends PropertyPage {

    private final SettingsBlock settings = new SettingsBlock();

    private IProject project() {
        return getElement().getAdapter(IProject.class);
    }

    @Override
    protected Control createContents(Composite parent) {
        setDescription(Messages.Properties_description);
        Composite block = settings.create(parent, Messages.Preferences_unsetProject);
        settings.load(IdePreferences.project(project()));
        settings.onChange(() -> {
            String error = settings.validate();
            setErrorMessage(error);
            setValid(error == null);
        });
        PlatformUI.getWorkbench().getHelpSystem().setHelp(block, "org.agilab.ui.project_properties");
        block.setLayoutData(new org.eclipse.swt.layout.GridData(SWT.FILL, SWT.TOP, true, false));
        return block;
    }

    @Override
    public boolean performOk() {
        return settings.saveOn(IdePreferences.project(project()), this);
    }

    @Override
    protected void performDefaults() {
        settings.clear();
        super.performDefaults();
    }
}
