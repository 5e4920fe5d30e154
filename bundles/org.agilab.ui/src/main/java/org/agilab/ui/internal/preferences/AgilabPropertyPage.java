package org.agilab.ui.internal.preferences;

import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.IProject;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Link;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.eclipse.ui.dialogs.PropertyPage;

/**
 * Project > Properties > AGILab: this app project's own AGILab settings, over the workspace's; kept in the project's
 * {@code .settings/org.agilab.core.prefs} so they travel with it. As JDT's project pages: "Enable project specific
 * settings" (off: the fields show the workspace's values, greyed, and OK removes the project's own), and a link to the
 * workspace page.
 */
public final class AgilabPropertyPage extends PropertyPage {

    private final SettingsBlock settings = new SettingsBlock();
    private Button enable;

    private IProject project() {
        return getElement().getAdapter(IProject.class);
    }

    @Override
    protected Control createContents(Composite parent) {
        setDescription(Messages.Properties_description);
        Composite page = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(2, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        page.setLayout(layout);
        enable = new Button(page, SWT.CHECK);
        enable.setText(Messages.Properties_enable);
        enable.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, true, false));
        Link workspace = new Link(page, SWT.NONE);
        workspace.setText(Messages.Properties_configureWorkspace);
        workspace.setLayoutData(new GridData(SWT.END, SWT.CENTER, false, false));
        workspace.addListener(SWT.Selection, event -> PreferencesUtil.createPreferenceDialogOn(getShell(), AgilabPreferencePage.ID,
                new String[] {AgilabPreferencePage.ID}, null).open());
        Composite block = settings.create(page, Messages.Preferences_unsetProject);
        block.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        enable.setSelection(settings.setsAny(IdePreferences.project(project())));
        enable.addListener(SWT.Selection, event -> showEnabled());
        showEnabled();
        settings.onChange(() -> {
            String error = enable.getSelection() ? settings.validate() : null;
            setErrorMessage(error);
            setValid(error == null);
        });
        PlatformUI.getWorkbench().getHelpSystem().setHelp(page, "org.agilab.ui.project_properties");
        return page;
    }

    /** The project's own values to edit, or the workspace's, greyed, when the project has none of its own. */
    private void showEnabled() {
        settings.load(enable.getSelection() ? IdePreferences.project(project()) : IdePreferences.workspace());
        settings.setEnabled(enable.getSelection());
    }

    @Override
    public boolean performOk() {
        if (!enable.getSelection()) {
            settings.clear(); // no project-specific settings: the project's own are removed
        }
        return settings.saveOn(IdePreferences.project(project()), this);
    }

    @Override
    protected void performDefaults() {
        enable.setSelection(false);
        showEnabled();
        super.performDefaults();
    }
}
