package org.agilab.ui.internal.preferences;

import java.util.EnumMap;
import java.util.Map;

import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.core.internal.preferences.IdeSetting;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.osgi.service.prefs.BackingStoreException;

/**
 * The AGILab settings as fields, for the workspace preference page and a project's property page alike: each field
 * edits one {@link IdeSetting} of one preference node; an empty field means "not set here" (the message under each
 * field says what applies then).
 */
final class SettingsBlock {

    private final Map<IdeSetting, Text> fields = new EnumMap<>(IdeSetting.class);

    Composite create(Composite parent, String unsetMeans) {
        Composite block = new Composite(parent, SWT.NONE);
        block.setLayout(new GridLayout(1, false));
        Group general = group(block, Messages.Preferences_general);
        field(general, IdeSetting.HOME, Messages.Preferences_home, unsetMeans);
        field(general, IdeSetting.WORKERS, Messages.Preferences_workers, Messages.Preferences_workersHint);
        field(general, IdeSetting.MANAGER_JAVA, Messages.Preferences_managerJava, unsetMeans);
        field(general, IdeSetting.NODE_JAVA, Messages.Preferences_nodeJava, Messages.Preferences_appFirstHint);
        field(general, IdeSetting.IDLE_TIMEOUT, Messages.Preferences_idleTimeout, Messages.Preferences_appFirstHint);
        Group ssh = group(block, Messages.Preferences_ssh);
        field(ssh, IdeSetting.SSH_USER, Messages.Preferences_sshUser, unsetMeans);
        field(ssh, IdeSetting.SSH_KEY, Messages.Preferences_sshKey, unsetMeans);
        field(ssh, IdeSetting.SSH_PORT, Messages.Preferences_sshPort, unsetMeans);
        field(ssh, IdeSetting.SSH_KNOWN_HOSTS, Messages.Preferences_sshKnownHosts, unsetMeans);
        field(ssh, IdeSetting.SSH_HOST_KEY_POLICY, Messages.Preferences_sshPolicy, unsetMeans);
        return block;
    }

    private static Group group(Composite parent, String title) {
        Group group = new Group(parent, SWT.NONE);
        group.setText(title);
        group.setLayout(new GridLayout(2, false));
        group.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return group;
    }

    private void field(Composite parent, IdeSetting setting, String label, String hint) {
        new Label(parent, SWT.NONE).setText(label);
        Text text = new Text(parent, SWT.BORDER);
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        text.setMessage(hint);
        text.setToolTipText(hint);
        text.setData(setting.key()); // tests and accessibility find a field by its key
        fields.put(setting, text);
    }

    /** An error for a value that cannot work, or null. */
    String validate() {
        for (IdeSetting number : new IdeSetting[] {IdeSetting.IDLE_TIMEOUT, IdeSetting.SSH_PORT}) {
            String value = fields.get(number).getText().strip();
            if (!value.isEmpty() && !value.matches("\\d+(\\.\\d+)?")) {
                return org.eclipse.osgi.util.NLS.bind(Messages.Preferences_notANumber, number.key(), value);
            }
        }
        String workers = fields.get(IdeSetting.WORKERS).getText().strip();
        if (!workers.isEmpty() && !workers.matches("[^,:\\s]+:\\d+(\\s*,\\s*[^,:\\s]+:\\d+)*")) {
            return org.eclipse.osgi.util.NLS.bind(Messages.Preferences_badWorkers, workers);
        }
        String policy = fields.get(IdeSetting.SSH_HOST_KEY_POLICY).getText().strip();
        if (!policy.isEmpty() && !policy.equals("strict") && !policy.equals("accept-new")) {
            return org.eclipse.osgi.util.NLS.bind(Messages.Preferences_badPolicy, policy);
        }
        return null;
    }

    void load(IEclipsePreferences node) {
        fields.forEach((setting, text) -> text.setText(node.get(setting.key(), "")));
    }

    void clear() {
        fields.values().forEach(text -> text.setText(""));
    }

    void save(IEclipsePreferences node) throws BackingStoreException {
        Map<IdeSetting, String> values = new EnumMap<>(IdeSetting.class);
        fields.forEach((setting, text) -> values.put(setting, text.getText()));
        IdePreferences.putAll(node, values); // one write: never half the settings saved
    }

    /** Saves to {@code node}; false, with the page's error message set, when the preferences could not be written. */
    boolean saveOn(IEclipsePreferences node, org.eclipse.jface.dialogs.DialogPage page) {
        try {
            save(node);
            return true;
        } catch (BackingStoreException e) {
            page.setErrorMessage(org.eclipse.osgi.util.NLS.bind(Messages.Preferences_cannotSave, e.getMessage()));
            return false;
        }
    }

    void onChange(Runnable listener) {
        fields.values().forEach(text -> text.addModifyListener(event -> listener.run()));
    }
}
