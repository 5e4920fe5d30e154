package org.agilab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output files on a real disk: whole or absent, never written through a link, temporary names only of their own form. */
class OutputFileTest {

    @TempDir
    Path folder;

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCommittedOutputReplacesALinkAtTheTargetAndNeverWritesThroughIt() throws IOException {
        Path victim = Files.createDirectories(folder.resolve("owner")).resolve("private.txt");
        Files.writeString(victim, "private");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        Path out = Files.createDirectories(folder.resolve("out"));
        Path target = out.resolve("result.json");
        Files.createSymbolicLink(target, victim);

        OutputFile.writeString(target, "{\"rows\": 3}\n");

        assertEquals("private", Files.readString(victim));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
        assertTrue(Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS));
        assertEquals("{\"rows\": 3}\n", Files.readString(target));
        assertEquals(List.of("result.json"), names(out), "no temporary file is left");
    }

    @Test
    void temporaryNamesAreUnpredictableHiddenAndOfTheirOwnForm() throws IOException {
        Path target = folder.resolve("F%2F01.parquet");
        try (OutputFile first = OutputFile.create(target); OutputFile second = OutputFile.create(target)) {
            String name = first.temporary().getFileName().toString();
            assertNotEquals(name, second.temporary().getFileName().toString());
            assertEquals(folder, first.temporary().getParent(), "beside the target: the rename stays on one disk");
            assertTrue(name.startsWith(".F%2F01.parquet.") && name.endsWith(OutputFile.TEMPORARY_SUFFIX), name);
            assertTrue(OutputFile.isTemporary(name), name);
            assertTrue(Files.isRegularFile(first.temporary(), LinkOption.NOFOLLOW_LINKS));
            assertEquals(0, Files.size(first.temporary()));
        }
        assertEquals(List.of(), names(folder), "an output never committed leaves nothing");
        for (String user : List.of(".notes.tmp", "draft.agilab.tmp", ".a.0123.agilab.tmp", ".a.0123456789ABCDEF.agilab.tmp", "a.csv")) {
            assertFalse(OutputFile.isTemporary(user), user);
        }
        Path longTarget = folder.resolve("x".repeat(240));
        try (OutputFile out = OutputFile.create(longTarget)) {
            assertTrue(out.temporary().getFileName().toString().length() < 255, "a long name still fits");
            out.writeString("long");
            out.commit();
        }
        assertEquals("long", Files.readString(longTarget));
    }

    @Test
    void anOutputLeftUncommittedLeavesTheOldFile() throws IOException {
        Path target = folder.resolve("a.csv");
        Files.writeString(target, "old\n");
        try (OutputFile out = OutputFile.create(target)) {
            out.writeString("half a fi");
        }
        assertEquals("old\n", Files.readString(target));
        assertEquals(List.of("a.csv"), names(folder));
    }
}
