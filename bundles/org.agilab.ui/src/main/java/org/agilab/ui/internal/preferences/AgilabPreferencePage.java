package org.agilab.ui.internal.preferences;

import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.ui.internal.Messages;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.PlatformUI;

/** Window > Preferences > AGILab: the workspace's AGILab settings, and the SSH secrets kept in Secure Storage. */
public final class AgilabPreferencePage extends PreferencePage implements IWorkbenchPreferencePage {

    public static final String ID = "org.agilab.ui.preferences";

    private final SettingsBlock settings = new SettingsBlock();
    private SecretsSection secrets;

    @Override
    public void init(IWorkbench workbench) {
        setDescription(Messages.Preferences_description);
    }

    @Override
    protected Control createContents(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(1, false));
        settings.create(page, Messages.Preferences_unsetWorkspace).setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        settings.load(IdePreferences.workspace());
        settings.onChange(this::validate);
        secrets = new SecretsSection();
        secrets.create(page).setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        PlatformUI.getWorkbench().getHelpSystem().setHelp(page, "org.agilab.ui.preferences");
        return page;
    }

    private void validate() {
        String error = settings.validate();
        setErrorMessage(error);
        setValid(error == null);
    }

    @Override
    public boolean performOk() {
        return settings.saveOn(IdePreferences.workspace(), this);
    }

    @Override
    protected void performDefaults() {
        settings.clear();
        super.performDefaults();
    }

    SecretsSection secrets() {
        return secrets;
    }
}
