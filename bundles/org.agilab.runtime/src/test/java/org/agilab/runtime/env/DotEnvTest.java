package org.agilab.runtime.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
