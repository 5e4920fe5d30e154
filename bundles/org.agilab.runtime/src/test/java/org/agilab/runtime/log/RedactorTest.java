package org.agilab.runtime.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.request.ManagerRequest;
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

    /** Secrets as hostile as a user may type them: quotes, backslashes, newlines, unicode, 10 kB. */
    static List<String> hostileSecrets() {
        StringBuilder tenKilobytes = new StringBuilder();
        for (int i = 0; tenKilobytes.length() < 10 * 1024; i++) {
            tenKilobytes.append("lo\"ng\\").append(i).append('\t');
        }
        tenKilobytes.append("-end"); // (surrounding white space is not masked: a secret is registered stripped)
        return List.of("Tok\"en\\Planted9", "first-line-planted\nsecond \"line\"\r\nplanted", "p\u00e4ssw\u00f6rd-\u79d8\u5bc6-\ud83d\udd11-planted",
                "it's-'quoted'-planted", tenKilobytes.toString());
    }

    /** The forms a secret takes once serialised: JSON (and TOML basic strings), a single-quoted shell word. */
    static List<String> serialisedForms(String secret) {
        return List.of(secret, secret.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t"), secret.replace("'", "'\\''"));
    }

    @Test
    void textThatIsAlreadySerialisedIsMaskedToo() {
        for (String secret : hostileSecrets()) {
            Redactor redactor = new Redactor();
            redactor.addSecret(secret);
            String json = JsonCodec.write(Map.of("argv", List.of("--set", "connectors.api_token=" + secret)));
            String masked = redactor.redact(json);
            for (String form : serialisedForms(secret)) {
                assertFalse(masked.contains(form), () -> "leaks " + form.length() + " chars: " + masked);
            }
            assertEquals(List.of("--set", "connectors.api_token=" + Redactor.MASK),
                    ((Map<?, ?>) JsonCodec.readValue(masked)).get("argv"), "the masked text is still valid JSON");
            String shell = "exec ./agilab '" + ("x=" + secret).replace("'", "'\\''") + "'";
            assertFalse(redactor.redact(shell).contains(secret.replace("'", "'\\''")), "the shell-quoted form");
        }
    }

    @Test
    void valuesAreMaskedBeforeSerialisation() {
        for (String secret : hostileSecrets()) {
            Redactor redactor = new Redactor();
            redactor.addSecret(secret);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("value", secret);
            fields.put("nested", List.of(Map.of("text", "before " + secret + " after", "count", 3L)));
            fields.put("key " + secret, true);
            fields.put("plain", "nothing to hide");
            Map<String, Object> masked = redactor.redactMap(fields);
            String json = JsonCodec.write(masked);
            for (String form : serialisedForms(secret)) {
                assertFalse(json.contains(form), () -> "leaks: " + json);
            }
            assertEquals(Redactor.MASK, masked.get("value"));
            assertEquals(List.of(Map.of("text", "before " + Redactor.MASK + " after", "count", 3L)), masked.get("nested"));
            assertEquals(true, masked.get("key " + Redactor.MASK));
            assertEquals("nothing to hide", masked.get("plain"));
        }
        Redactor none = new Redactor();
        none.addSecret("unused-secret");
        Map<String, Object> clean = Map.of("a", List.of("b", 1L));
        assertSame(clean, none.redactValue(clean), "what holds no secret is not copied");
    }

    @Test
    void setSecretsAreMaskedWholeOnTheCommandLineAsTyped() {
        Redactor redactor = new Redactor();
        List<String> argv = List.of("run", "--set", "connectors.api_token=\"Tok\\\"en\"", "--set=api_key=" + "k".repeat(10_240),
                "--set", "nfile=2", "--set", "note=mentions-planted-secret");
        redactor.addArguments(ManagerRequest.lex(argv));
        redactor.addSecret("planted-secret");
        assertEquals(List.of("run", "--set", "connectors.api_token=" + Redactor.MASK, "--set=api_key=" + Redactor.MASK,
                "--set", "nfile=2", "--set", "note=" + Redactor.MASK), redactor.redactArguments(ManagerRequest.lex(argv)));
        // the TOML literal as typed is a secret itself, wherever else it shows
        assertEquals("typed " + Redactor.MASK, redactor.redact("typed \"Tok\\\"en\""));
        List<Redactor.MaskedArgument> shown = redactor.maskArguments(ManagerRequest.lex(argv));
        assertEquals("connectors.api_token", shown.get(2).setKey());
        assertEquals("--set=", shown.get(3).setPrefix());
        assertFalse(shown.get(5).masked());
        assertTrue(shown.get(7).secretSet(), "a value holding a known secret is replayed from a variable too");
    }
}
