package org.agilab.runtime.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvTest {

    @TempDir
    Path dir;

    @Test
    void readsValuesWithTheirLines() throws Exception {
        Path file = dir.resolve(".env");
        Files.writeString(file, "# comment\n\nAGI_LOG_DIR=logs\nexport APPS_PATH = \"/opt/apps\"\nQUOTED='a # not comment'\nTRAIL=value # comment\nEMPTY=\n");
        DotEnv env = DotEnv.load(file);
        assertEquals("logs", env.get("AGI_LOG_DIR"));
        assertEquals(3, env.entry("AGI_LOG_DIR").line());
        assertEquals("/opt/apps", env.get("APPS_PATH"));
        assertEquals(4, env.entry("APPS_PATH").line());
        assertEquals("a # not comment", env.get("QUOTED"));
        assertEquals("value", env.get("TRAIL"));
        assertEquals("", env.get("EMPTY"));
        assertNull(env.get("MISSING"));
    }

    @Test
    void doubleQuotedValuesKeepEscapedQuotesAndBackslashes() throws Exception {
        Path file = dir.resolve(".env");
        Files.writeString(file, "MULTI_SECRET=\"first-line\\nsecond \\\"line\\\" \\\\ end\" # comment\nWIN=\"C:\\dir\"\n");
        DotEnv env = DotEnv.load(file);
        assertEquals("first-line\nsecond \"line\" \\ end", env.get("MULTI_SECRET"), "the value is not cut at an escaped quote");
        assertEquals("C:\\dir", env.get("WIN"), "any other backslash stays");
    }

    @Test
    void missingFileIsEmpty() {
        assertTrue(DotEnv.load(dir.resolve("none")).entries().isEmpty());
    }

    @Test
    void badLineNamesFileAndLine() throws Exception {
        Path file = dir.resolve(".env");
        Files.writeString(file, "GOOD=1\nthis is not an assignment\n");
        AgilabException error = assertThrows(AgilabException.class, () -> DotEnv.load(file));
        assertEquals(FailureClass.SETTINGS, error.failureClass());
        assertEquals(file, error.file());
        assertEquals(2, error.line());
        assertTrue(error.oneLine().contains(file + ":2"), error.oneLine());
        Files.writeString(file, "OPEN=\"never closed\n");
        assertEquals(1, assertThrows(AgilabException.class, () -> DotEnv.load(file)).line());
    }

    @Test
    void aMalformedLineNamesFileLineAndKeyButNeverItsValue() throws Exception {
        Path file = dir.resolve(".env");
        String password = "Pla\"nted\\p\u00e4ss-\ud83d\udd11";
        for (String line : List.of("CLUSTER_CREDENTIALS user:" + password, "CLUSTER_CREDENTIALS user:" + password + "=x",
                "export CLUSTER_CREDENTIALS\tuser:" + password)) {
            Files.writeString(file, "GOOD=1\n# comment\n" + line + "\n");
            AgilabException error = assertThrows(AgilabException.class, () -> DotEnv.load(file));
            assertEquals(FailureClass.SETTINGS, error.failureClass());
            assertEquals(file, error.file());
            assertEquals(3, error.line());
            assertEquals("CLUSTER_CREDENTIALS", error.key());
            String text = error.oneLine() + " " + error.getMessage();
            assertTrue(text.contains(file + ":3") && text.contains("CLUSTER_CREDENTIALS"), text);
            for (String part : List.of(password, "user:", "Pla", "nted")) {
                assertFalse(text.contains(part), "echoes " + part + ": " + text);
            }
        }
        // a line of one word may be a value alone: not even named
        String secret = "planted" + "x".repeat(10_240);
        Files.writeString(file, secret + "\n");
        AgilabException alone = assertThrows(AgilabException.class, () -> DotEnv.load(file));
        assertEquals(1, alone.line());
        assertFalse(alone.oneLine().contains("planted"), alone.oneLine());
        Files.writeString(file, "API_TOKEN=\"unclosed-planted-p\u00e4ss\n");
        AgilabException open = assertThrows(AgilabException.class, () -> DotEnv.load(file));
        assertEquals("API_TOKEN", open.key());
        assertFalse(open.oneLine().contains("planted"), open.oneLine());
    }
}
