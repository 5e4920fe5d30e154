package org.agilab.core.internal.preferences;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.equinox.security.storage.EncodingUtils;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;

/** SSH secrets in Eclipse Secure Storage, under {@code /org.agilab/ssh/<host>}: user in clear, password and passphrase encrypted. */
public final class SecureStorageSecrets implements SecretStore {

    static final String ROOT = "/org.agilab/ssh";

    private final java.util.function.Supplier<ISecurePreferences> storage;

    /** The user's default Secure Storage, as the IDE uses it. */
    public SecureStorageSecrets() {
        this(SecurePreferencesFactory::getDefault);
    }

    /** The given storage (a test's, opened with {@link SecurePreferencesFactory#open} on a file of its own); null when it cannot open. */
    public SecureStorageSecrets(java.util.function.Supplier<ISecurePreferences> storage) {
        this.storage = storage;
    }

    private ISecurePreferences root() throws SecretsUnavailableException {
        ISecurePreferences preferences = storage.get();
        if (preferences == null) {
            throw new SecretsUnavailableException("Eclipse Secure Storage cannot be opened (see Preferences > General > Security)", null);
        }
        return preferences.node(ROOT);
    }

    @Override
    public List<HostSecret> all() throws SecretsUnavailableException {
        List<HostSecret> secrets = new ArrayList<>();
        ISecurePreferences root = root();
        try {
            for (String child : root.childrenNames()) {
                ISecurePreferences node = root.node(child);
                secrets.add(new HostSecret(EncodingUtils.decodeSlashes(child), node.get("user", null), node.get("password", null),
                        node.get("passphrase", null)));
            }
        } catch (StorageException e) {
            throw new SecretsUnavailableException("Eclipse Secure Storage refused to decrypt the AGILab SSH secrets: " + e.getMessage(), e);
        }
        return secrets;
    }

    @Override
    public void put(HostSecret secret) throws SecretsUnavailableException {
        ISecurePreferences node = root().node(EncodingUtils.encodeSlashes(secret.host()));
        try {
            putOrRemove(node, "user", secret.user(), false);
            putOrRemove(node, "password", secret.password(), true);
            putOrRemove(node, "passphrase", secret.passphrase(), true);
            node.flush();
        } catch (StorageException | java.io.IOException e) {
            throw new SecretsUnavailableException("Eclipse Secure Storage could not save the secret for " + secret.host() + ": " + e.getMessage(), e);
        }
    }

    private static void putOrRemove(ISecurePreferences node, String key, String value, boolean encrypt) throws StorageException {
        if (value == null || value.isEmpty()) {
            node.remove(key);
        } else {
            node.put(key, value, encrypt);
        }
    }

    @Override
    public void remove(String host) throws SecretsUnavailableException {
        ISecurePreferences root = root();
        root.node(EncodingUtils.encodeSlashes(host)).removeNode();
        try {
            root.flush();
        } catch (java.io.IOException e) {
            throw new SecretsUnavailableException("Eclipse Secure Storage could not remove the secret for " + host + ": " + e.getMessage(), e);
        }
    }
}
