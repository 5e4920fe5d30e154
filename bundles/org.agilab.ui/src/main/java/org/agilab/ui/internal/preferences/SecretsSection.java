package org.agilab.ui.internal.preferences;

import java.util.List;

import org.agilab.core.internal.preferences.SecretStore;
import org.agilab.core.internal.preferences.SecretStores;
import org.agilab.ui.internal.Messages;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/**
 * SSH passwords and key passphrases per host, saved straight to Secure Storage (never to preferences or launch
 * configurations); the table shows which secrets exist, never their values. "*" stands for every host.
 */
final class SecretsSection {

    private TableViewer table;
    private Text host;
    private Text user;
    private Text password;
    private Text passphrase;
    private Label status;

    Composite create(Composite parent) {
        Group group = new Group(parent, SWT.NONE);
        group.setText(Messages.Secrets_title);
        group.setLayout(new GridLayout(2, false));
        table = org.agilab.ui.internal.view.Tables.create(group, SWT.SINGLE);
        table.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        org.agilab.ui.internal.view.Tables.column(table, Messages.Secrets_host, 160, (SecretStore.HostSecret s) -> s.host());
        org.agilab.ui.internal.view.Tables.column(table, Messages.Secrets_user, 100, (SecretStore.HostSecret s) -> s.user() == null ? "" : s.user());
        org.agilab.ui.internal.view.Tables.column(table, Messages.Secrets_stored, 220, (SecretStore.HostSecret s) -> (s.password() != null ? Messages.Secrets_password + " " : "")
                + (s.passphrase() != null ? Messages.Secrets_passphrase : ""));
        host = field(group, Messages.Secrets_host, SWT.BORDER);
        user = field(group, Messages.Secrets_user, SWT.BORDER);
        password = field(group, Messages.Secrets_password, SWT.BORDER | SWT.PASSWORD);
        passphrase = field(group, Messages.Secrets_passphrase, SWT.BORDER | SWT.PASSWORD);
        Composite buttons = new Composite(group, SWT.NONE);
        buttons.setLayout(new GridLayout(2, true));
        buttons.setLayoutData(new GridData(SWT.END, SWT.CENTER, true, false, 2, 1));
        Button save = new Button(buttons, SWT.PUSH);
        save.setText(Messages.Secrets_save);
        save.addListener(SWT.Selection, event -> save());
        Button remove = new Button(buttons, SWT.PUSH);
        remove.setText(Messages.Secrets_remove);
        remove.addListener(SWT.Selection, event -> remove());
        status = new Label(group, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        table.addSelectionChangedListener(event -> {
            if (((IStructuredSelection) event.getSelection()).getFirstElement() instanceof SecretStore.HostSecret chosen) {
                host.setText(chosen.host());
                user.setText(chosen.user() == null ? "" : chosen.user());
                password.setText("");
                passphrase.setText("");
            }
        });
        reload();
        return group;
    }

    private static Text field(Composite parent, String label, int style) {
        new Label(parent, SWT.NONE).setText(label);
        Text text = new Text(parent, style);
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return text;
    }

    private void reload() {
        SecretStore store = SecretStores.current();
        if (store == null) {
            status.setText(Messages.Secrets_unavailable);
            return;
        }
        try {
            List<SecretStore.HostSecret> all = store.all();
            table.setInput(all);
            status.setText("");
        } catch (SecretStore.SecretsUnavailableException e) {
            status.setText(e.getMessage());
        }
    }

    /** Saves the fields' secret for their host; an empty password or passphrase keeps the stored one. */
    void save() {
        SecretStore store = SecretStores.current();
        String hostName = host.getText().strip();
        if (store == null || hostName.isEmpty()) {
            status.setText(store == null ? Messages.Secrets_unavailable : Messages.Secrets_noHost);
            return;
        }
        try {
            SecretStore.HostSecret old = store.all().stream().filter(s -> s.host().equals(hostName)).findFirst().orElse(null);
            store.put(new SecretStore.HostSecret(hostName, blankToNull(user.getText()),
                    password.getText().isEmpty() && old != null ? old.password() : blankToNull(password.getText()),
                    passphrase.getText().isEmpty() && old != null ? old.passphrase() : blankToNull(passphrase.getText())));
            password.setText("");
            passphrase.setText("");
            reload();
            status.setText(org.eclipse.osgi.util.NLS.bind(Messages.Secrets_saved, hostName));
        } catch (SecretStore.SecretsUnavailableException e) {
            status.setText(e.getMessage());
        }
    }

    private void remove() {
        SecretStore store = SecretStores.current();
        String hostName = host.getText().strip();
        if (store != null && !hostName.isEmpty()) {
            try {
                store.remove(hostName);
                reload();
            } catch (SecretStore.SecretsUnavailableException e) {
                status.setText(e.getMessage());
            }
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** Fills the fields as a user would type them (tests). */
    void type(String hostName, String userName, String secretPassword, String secretPassphrase) {
        host.setText(hostName);
        user.setText(userName);
        password.setText(secretPassword);
        passphrase.setText(secretPassphrase);
    }
}
