package org.agilab.core.internal.preferences;

import java.util.List;

/**
 * Where SSH passwords and key passphrases live, per host ("*" for every host), as an OSGi service: the core registers
 * Eclipse Secure Storage ({@link SecureStorageSecrets}); a test registers an in-memory one of higher ranking. Values
 * leave it only for the manager's stdin (the protocol's {@code credentials} message): never a launch configuration,
 * a preference, a log or a record.
 */
public interface SecretStore {

    /** A host's user and secrets; any may be null. */
    record HostSecret(String host, String user, String password, String passphrase) {
        @Override
        public String toString() {
            return "HostSecret[" + host + ", user=" + user + ", password=" + (password == null ? "none" : "***") + ", passphrase="
                    + (passphrase == null ? "none" : "***") + "]";
        }
    }

    List<HostSecret> all() throws SecretsUnavailableException;

    void put(HostSecret secret) throws SecretsUnavailableException;

    void remove(String host) throws SecretsUnavailableException;

    /** The store could not be read or written (locked, no master password): the message says why. */
    final class SecretsUnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        public SecretsUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
