package org.agilab.runtime.workflow;

import java.util.Map;
import java.util.TreeMap;

import org.agilab.runtime.log.Redactor;

/**
 * The environment of a {@code shell}, {@code java} or Python stage: the caller's, without secrets. Dropped: every
 * variable whose name says it is a secret (password, token, api key, passphrase, credential, private key, as
 * {@link Redactor#isSecretName} reads names), {@code CLUSTER_CREDENTIALS}, every {@code AGILAB_SET_*} (the values of
 * masked {@code --set} secrets), and any variable whose value holds a secret the redactor knows (from {@code .env},
 * the environment or the command line), whatever its name. Stage code that needs a secret reads it itself.
 */
public final class SafeEnvironment {

    private SafeEnvironment() {
    }

    public static Map<String, String> of(Map<String, String> environment, Redactor redactor) {
        Map<String, String> safe = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name == null || value == null || Redactor.isSecretName(name) || name.equals("CLUSTER_CREDENTIALS")
                    || name.startsWith("AGILAB_SET_")) {
                return;
            }
            if (redactor != null && !redactor.redact(value).equals(value)) {
                return;
            }
            safe.put(name, value);
        });
        return safe;
    }
}
