package org.agilab.runtime.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void masksSecretsByName() {
        Redactor redactor = new Redactor();
        assertTrue(redactor.addIfSecret("OPENAI_API_KEY", "sk-123456"));
        assertTrue(redactor.addIfSecret("CLUSTER_CREDENTIALS", "agi:hunter22"));
        assertFalse(redactor.addIfSecret("AGI_SSH_KEY_PATH", "/home/u/.ssh/id_ed25519"));
        assertFalse(redactor.addIfSecret("APPS_PATH", "/opt/apps"));
        assertEquals("key " + Redactor.MASK + " and " + Redactor.MASK + " and user agi",
                redactor.redact("key sk-123456 and hunter22 and user agi"));
        assertEquals("path /home/u/.ssh/id_ed25519", redactor.redact("path /home/u/.ssh/id_ed25519"));
    }

    @Test
    void longerSecretsAreMaskedWhole() {
        Redactor redactor = new Redactor();
        redactor.addSecret("abcd");
        redactor.addSecret("abcdefgh");
        assertEquals(Redactor.MASK + "!", redactor.redact("abcdefgh!"));
    }
}
