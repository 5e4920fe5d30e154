package org.agilab.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.spec.PBEKeySpec;

import org.agilab.core.internal.preferences.SecretStore.HostSecret;
import org.agilab.core.internal.preferences.SecretStore.SecretsUnavailableException;
import org.agilab.core.internal.preferences.SecureStorageSecrets;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.provider.IProviderHints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IDE's SSH secrets in a real Equinox Secure Storage: a storage file of the test's own, opened with a password
 * given as an option, so nothing prompts (the default storage would ask for its master password). What the IDE stores
 * comes back, the password and passphrase are encrypted (the user is not), removal removes, a storage read
 * again from its file gives the same secrets, and one opened with another password does not give them.
 */
class SecureStorageSecretsTest {

    @TempDir
    Path dir;

    static ISecurePreferences open(Path file, String password) throws Exception {
        URL location = file.toUri().toURL();
        Map<Object, Object> options = Map.of(IProviderHints.PROMPT_USER, Boolean.FALSE, IProviderHints.DEFAULT_PASSWORD,
                new PBEKeySpec(password.toCharArray()));
        ISecurePreferences storage = SecurePreferencesFactory.open(location, options);
        assertNotNull(storage, "Equinox opens a storage at " + file);
        return storage;
    }

    static HostSecret of(List<HostSecret> secrets, String host) {
        return secrets.stream().filter(s -> s.host().equals(host)).findFirst().orElseThrow(() -> new AssertionError("no " + host + " in " + secrets));
    }

    @Test
    void secretsGoEncryptedIntoSecureStorageAndComeBack() throws Exception {
        Path file = dir.resolve("secure_storage");
        String master = "master-" + UUID.randomUUID();
        ISecurePreferences storage = open(file, master);
        SecureStorageSecrets secrets = new SecureStorageSecrets(() -> storage);
        String password = "pw-" + UUID.randomUUID();
        String passphrase = "pp-" + UUID.randomUUID();
        secrets.put(new HostSecret("10.0.0.5", "agi", password, null));
        secrets.put(new HostSecret("*", null, null, passphrase));
        secrets.put(new HostSecret("gpu/01", "ops", "other-" + password, null)); // a slash in a host name is not a node path

        List<HostSecret> all = secrets.all();
        assertEquals(3, all.size(), all.toString());
        assertEquals(new HostSecret("10.0.0.5", "agi", password, null), of(all, "10.0.0.5"));
        assertEquals(new HostSecret("*", null, null, passphrase), of(all, "*"));
        assertEquals("other-" + password, of(all, "gpu/01").password());
        ISecurePreferences node = storage.node("/org.agilab/ssh/10.0.0.5");
        assertTrue(node.isEncrypted("password"), "the password is encrypted");
        assertFalse(node.isEncrypted("user"), "the user is not a secret");
        assertTrue(storage.node("/org.agilab/ssh/*").isEncrypted("passphrase"), "the passphrase is encrypted");

        // on disk: the secrets neither in clear nor merely encoded (Equinox stores a value it does not encrypt in Base64)
        String stored = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertTrue(stored.contains("org.agilab/ssh/10.0.0.5/password"), "the storage was written: " + stored);
        for (String secret : List.of(password, passphrase, master)) {
            String encoded = java.util.Base64.getEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
            assertFalse(stored.contains(secret) || stored.contains(encoded), "a secret is readable in " + file);
        }

        // a password cleared in the form is removed, a host removed is gone
        secrets.put(new HostSecret("10.0.0.5", "agi", "", null));
        assertEquals(new HostSecret("10.0.0.5", "agi", null, null), of(secrets.all(), "10.0.0.5"));
        secrets.remove("gpu/01");
        assertEquals(List.of("*", "10.0.0.5"), secrets.all().stream().map(HostSecret::host).sorted().toList());

        // read again from the file (a copy: Equinox keeps the storage it opened), with its password
        Path copy = Files.copy(file, dir.resolve("secure_storage_copy"));
        List<HostSecret> reread = new SecureStorageSecrets(() -> {
            try {
                return open(copy, master);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).all();
        assertEquals(new HostSecret("*", null, null, passphrase), of(reread, "*"));
        assertEquals(2, reread.size(), reread.toString());
    }

    @Test
    void anotherMasterPasswordDoesNotGiveTheSecrets() throws Exception {
        Path file = dir.resolve("secure_storage");
        String password = "pw-" + UUID.randomUUID();
        new SecureStorageSecrets(() -> {
            try {
                return open(file, "right-" + UUID.randomUUID());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).put(new HostSecret("10.0.0.5", "agi", password, null));
        ISecurePreferences wrong = open(Files.copy(file, dir.resolve("secure_storage_copy")), "wrong-" + UUID.randomUUID());
        try {
            List<HostSecret> read = new SecureStorageSecrets(() -> wrong).all();
            // a wrong key whose padding happens to check out decrypts to noise, never to the secret
            assertTrue(read.stream().noneMatch(s -> password.equals(s.password())), "the secret came out under another password");
        } catch (SecretsUnavailableException e) {
            assertTrue(e.getMessage().startsWith("Eclipse Secure Storage refused to decrypt the AGILab SSH secrets"), e.getMessage());
        }
    }

    @Test
    void aStorageThatCannotOpenIsAnErrorThatSaysWhereToLook() {
        SecureStorageSecrets unavailable = new SecureStorageSecrets(() -> null);
        try {
            unavailable.all();
            throw new AssertionError("no storage, yet secrets were listed");
        } catch (SecretsUnavailableException e) {
            assertTrue(e.getMessage().contains("Preferences > General > Security"), e.getMessage());
        }
    }
}
