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
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.osgi.service.prefs.BackingStoreException;

/**
 * The AGILab settings as fields, for the workspace preference page and a project's property page alike: each field
 * edits one {@link IdeSetting} of one preference node; an empty field means "not set here" (the message under each
 * field says what applies then). Paths have a Browse button; the host key policy is a choice of its two values.
 */
final class SettingsBlock {

    /** The values the SSH host key policy takes (the runtime's), after "not set here". */
    static final String[] POLICIES = {"", "strict", "accept-new"};

    private enum Browse {
        NONE, FOLDER, FILE
    }

    private final Map<IdeSetting, Text> fields = new EnumMap<>(IdeSetting.class);
    private final java.util.List<Control> controls = new java.util.ArrayList<>();
    private Combo policy;
    private final java.util.List<Runnable> listeners = new java.util.ArrayList<>();

    Composite create(Composite parent, String unsetMeans) {
        Composite block = new Composite(parent, SWT.NONE);
        block.setLayout(new GridLayout(1, false));
        Group general = group(block, Messages.Preferences_general);
        field(general, IdeSetting.HOME, Messages.Preferences_home, unsetMeans, Browse.FOLDER);
        field(general, IdeSetting.WORKERS, Messages.Preferences_workers, Messages.Preferences_workersHint, Browse.NONE);
        field(general, IdeSetting.MANAGER_JAVA, Messages.Preferences_managerJava, unsetMeans, Browse.FILE);
        field(general, IdeSetting.NODE_JAVA, Messages.Preferences_nodeJava, Messages.Preferences_appFirstHint, Browse.FILE);
        field(general, IdeSetting.IDLE_TIMEOUT, Messages.Preferences_idleTimeout, Messages.Preferences_appFirstHint, Browse.NONE);
        Group ssh = group(block, Messages.Preferences_ssh);
        field(ssh, IdeSetting.SSH_USER, Messages.Preferences_sshUser, unsetMeans, Browse.NONE);
        field(ssh, IdeSetting.SSH_KEY, Messages.Preferences_sshKey, unsetMeans, Browse.FILE);
        field(ssh, IdeSetting.SSH_PORT, Messages.Preferences_sshPort, unsetMeans, Browse.NONE);
        field(ssh, IdeSetting.SSH_KNOWN_HOSTS, Messages.Preferences_sshKnownHosts, unsetMeans, Browse.FILE);
        controls.add(label(ssh, Messages.Preferences_sshPolicy));
        policy = new Combo(ssh, SWT.DROP_DOWN | SWT.READ_ONLY);
        policy.setItems(new String[] {Messages.Preferences_policyUnset, Messages.Preferences_policyStrict, Messages.Preferences_policyAcceptNew});
        policy.select(0);
        policy.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        policy.setToolTipText(unsetMeans);
        policy.setData(IdeSetting.SSH_HOST_KEY_POLICY.key());
        policy.addListener(SWT.Selection, event -> listeners.forEach(Runnable::run));
        controls.add(policy);
        return block;
    }

    private static Group group(Composite parent, String title) {
        Group group = new Group(parent, SWT.NONE);
        group.setText(title);
        group.setLayout(new GridLayout(3, false));
        group.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return group;
    }

    private static Label label(Composite parent, String text) {
        Label label = new Label(parent, SWT.NONE);
        label.setText(text);
        return label;
    }

    private void field(Composite parent, IdeSetting setting, String label, String hint, Browse browse) {
        controls.add(label(parent, label));
        Text text = new Text(parent, SWT.BORDER);
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, browse == Browse.NONE ? 2 : 1, 1));
        text.setMessage(hint);
        text.setToolTipText(hint);
        text.setData(setting.key()); // tests and accessibility find a field by its key
        text.addModifyListener(event -> listeners.forEach(Runnable::run));
        fields.put(setting, text);
        controls.add(text);
        if (browse != Browse.NONE) {
            Button button = org.agilab.ui.internal.BrowseButton.create(parent, text,
                    browse == Browse.FOLDER ? org.agilab.ui.internal.BrowseButton.Kind.FOLDER : org.agilab.ui.internal.BrowseButton.Kind.FILE_TO_OPEN);
            button.setToolTipText(NLS.bind(Messages.Preferences_browseTip, label.replace(":", "").replace("&", "")));
            controls.add(button);
        }
    }

    /** The value a setting has in the block: a field's text, or the policy chosen ("" when not set here). */
    private String value(IdeSetting setting) {
        return setting == IdeSetting.SSH_HOST_KEY_POLICY ? POLICIES[Math.max(0, policy.getSelectionIndex())]
                : fields.get(setting).getText();
    }

    private void setValue(IdeSetting setting, String value) {
        if (setting == IdeSetting.SSH_HOST_KEY_POLICY) {
            int index = java.util.Arrays.asList(POLICIES).indexOf(value == null ? "" : value.strip());
            policy.select(Math.max(0, index)); // a value the runtime does not know shows as not set; validate() never sees it
        } else {
            fields.get(setting).setText(value == null ? "" : value);
        }
    }

    /** Every field and its label and button enabled or not (a project page without project-specific settings). */
    void setEnabled(boolean enabled) {
        controls.forEach(control -> control.setEnabled(enabled));
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
        return null;
    }

    void load(IEclipsePreferences node) {
        for (IdeSetting setting : IdeSetting.values()) {
            setValue(setting, node.get(setting.key(), ""));
        }
    }

    /** Whether the node sets any of the block's settings. */
    boolean setsAny(IEclipsePreferences node) {
        return java.util.Arrays.stream(IdeSetting.values()).anyMatch(setting -> !node.get(setting.key(), "").isBlank());
    }

    void clear() {
        fields.values().forEach(text -> text.setText(""));
        policy.select(0);
    }

    void save(IEclipsePreferences node) throws BackingStoreException {
        Map<IdeSetting, String> values = new EnumMap<>(IdeSetting.class);
        for (IdeSetting setting : IdeSetting.values()) {
            values.put(setting, value(setting));
        }
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
        listeners.add(listener);
    }
}
