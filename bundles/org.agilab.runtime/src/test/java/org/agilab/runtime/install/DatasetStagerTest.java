package org.agilab.runtime.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.install.DatasetStager.Result;
import org.agilab.runtime.install.DatasetStager.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetStagerTest {

    @TempDir
    Path dir;

    Path app;
    Path share;
    Path target;

    @BeforeEach
    void layout() throws IOException {
        app = Files.createDirectories(dir.resolve("apps/flight_telemetry_project"));
        share = dir.resolve("localshare/jane/flight_telemetry");
        target = share.resolve("dataset");
    }

    @Test
    void folderSampleIsCopiedWithNestedFoldersAndCounted() throws IOException {
        write(app.resolve("dataset/a.csv"), "t,x\n1,2\n");
        write(app.resolve("dataset/sub/deeper/b.csv"), "t,y\n3,4\n5,6\n");
        Files.createDirectories(app.resolve("dataset/empty"));

        Result result = DatasetStager.stage(app, target);

        assertEquals(Status.STAGED, result.status());
        assertEquals(app.resolve("dataset"), result.source());
        assertEquals(target, result.target());
        assertEquals(2, result.files());
        assertEquals("t,x\n1,2\n".length() + "t,y\n3,4\n5,6\n".length(), result.bytes());
        assertEquals(Map.of("a.csv", "t,x\n1,2\n", "sub/deeper/b.csv", "t,y\n3,4\n5,6\n"), filesUnder(target));
        assertTrue(Files.isDirectory(target.resolve("empty")));
        assertEquals(List.of("dataset"), names(share));
    }

    @Test
    void symbolicLinksInTheSampleFolderAreSkipped() throws IOException {
        write(app.resolve("dataset/a.csv"), "kept");
        Path secret = write(dir.resolve("outside/secret.txt"), "not part of the sample");
        assumeTrue(trySymbolicLink(app.resolve("dataset/linked.txt"), secret), "symbolic links unsupported here");
        assumeTrue(trySymbolicLink(app.resolve("dataset/linked-folder"), secret.getParent()));

        Result result = DatasetStager.stage(app, target);

        assertEquals(Status.STAGED, result.status());
        assertEquals(Map.of("a.csv", "kept"), filesUnder(target));
        assertEquals(List.of("a.csv"), names(target));
        assertEquals(1, result.files());
        assertEquals(4, result.bytes());
    }

    @Test
    void folderIsPreferredOverZip() throws IOException {
        write(app.resolve("dataset/from-folder.csv"), "folder");
        zip(app.resolve("dataset.zip"), entries("from-zip.csv", "zip"));

        Result result = DatasetStager.stage(app, target);

        assertEquals(app.resolve("dataset"), result.source());
        assertEquals(Map.of("from-folder.csv", "folder"), filesUnder(target));
    }

    @Test
    void zipWrappedInOneDatasetFolderIsUnwrapped() throws IOException {
        Path archive = zip(app.resolve("dataset.zip"),
                entries("dataset/", null, "dataset/a.csv", "aa", "dataset/sub/", null, "dataset/sub/b.csv", "bbb"));

        Result result = DatasetStager.stage(app, target);

        assertEquals(Status.STAGED, result.status());
        assertEquals(archive, result.source());
        assertEquals(2, result.files());
        assertEquals(5, result.bytes());
        assertEquals(Map.of("a.csv", "aa", "sub/b.csv", "bbb"), filesUnder(target));
        assertFalse(Files.exists(target.resolve("dataset")));
    }

    @Test
    void zipWithOtherTopLevelMembersIsExtractedAsIs() throws IOException {
        zip(app.resolve("dataset.zip"),
                entries("a.csv", "aa", "dataset/b.csv", "bbb", "empty/", null, "deep/er/c.csv", "c"));

        Result result = DatasetStager.stage(app, target);

        assertEquals(Status.STAGED, result.status());
        assertEquals(3, result.files());
        assertEquals(6, result.bytes());
        assertEquals(Map.of("a.csv", "aa", "dataset/b.csv", "bbb", "deep/er/c.csv", "c"), filesUnder(target));
        assertTrue(Files.isDirectory(target.resolve("empty")));
    }

    @Test
    void nonEmptyTargetIsLeftUntouched() throws IOException {
        write(app.resolve("dataset/mine.csv"), "sample");
        write(app.resolve("dataset/extra.csv"), "sample extra");
        write(target.resolve("mine.csv"), "the user's own data");

        Result result = DatasetStager.stage(app, target);

        assertEquals(Status.ALREADY_PRESENT, result.status());
        assertEquals(app.resolve("dataset"), result.source());
        assertEquals(0, result.files());
        assertEquals(Map.of("mine.csv", "the user's own data"), filesUnder(target));
        assertEquals(List.of("dataset"), names(share));
    }

    @Test
    void targetHoldingOnlyAnEmptyFolderCountsAsPresent() throws IOException {
        zip(app.resolve("dataset.zip"), entries("a.csv", "aa"));
        Files.createDirectories(target.resolve("user-folder"));

        Result result = DatasetStager.stage(app, target);

        assertEquals(Status.ALREADY_PRESENT, result.status());
        assertEquals(List.of("user-folder"), names(target));
        assertEquals(List.of("dataset"), names(share));
    }

    @Test
    void emptyTargetFolderIsFilled() throws IOException {
        zip(app.resolve("dataset.zip"), entries("a.csv", "aa"));
        Files.createDirectories(target);

        Result result = DatasetStager.stage(app, target);

        assertEquals(Status.STAGED, result.status());
        assertEquals(Map.of("a.csv", "aa"), filesUnder(target));
        assertEquals(List.of("dataset"), names(share));
    }

    @Test
    void linkToAnEmptyFolderIsFilledThroughAndKept() throws IOException {
        write(app.resolve("dataset/a.csv"), "aa");
        Path bigDisk = Files.createDirectories(dir.resolve("big-disk/dataset"));
        Files.createDirectories(share);
        assumeTrue(trySymbolicLink(target, bigDisk), "symbolic links unsupported here");

        Result result = DatasetStager.stage(app, target);

        assertEquals(Status.STAGED, result.status());
        assertTrue(Files.isSymbolicLink(target));
        assertEquals(Map.of("a.csv", "aa"), filesUnder(bigDisk));
        assertEquals(List.of("dataset"), names(bigDisk.getParent()));
    }

    @Test
    void noSampleCreatesNothing() throws IOException {
        write(app.resolve("dataset"), "a file, not a sample folder");

        Result result = DatasetStager.stage(app, target);

        assertEquals(Status.NO_SAMPLE, result.status());
        assertNull(result.source());
        assertEquals(target, result.target());
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(dir.resolve("localshare")));
    }

    @Test
    void targetThatIsAFileIsRefusedAndKept() throws IOException {
        write(app.resolve("dataset/a.csv"), "aa");
        write(target, "not a folder");

        AgilabException failure = assertThrows(AgilabException.class, () -> DatasetStager.stage(app, target));

        assertEquals(FailureClass.INSTALL, failure.failureClass());
        assertEquals(target, failure.file());
        assertEquals("not a folder", Files.readString(target));
        assertEquals(List.of("dataset"), names(share));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.txt", "/abs.txt", "/evil.txt", "a/../../evil.txt", "a\\..\\evil.txt",
            "C:/evil.txt", "c:evil.txt", "sub/../evil.txt"})
    void unsafeMemberIsRefusedAndNothingIsLeft(String member) throws IOException {
        Path archive = zip(app.resolve("dataset.zip"), entries(member, "pwned"));
        assertRefusedAsUnsafe(archive, member);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.txt", "a/../../evil.txt", "/evil.txt"})
    void unsafeSecondMemberLeavesNoTraceOfTheFirst(String member) throws IOException {
        Path archive = zip(app.resolve("dataset.zip"), entries("good.csv", "fine", member, "pwned"));
        assertRefusedAsUnsafe(archive, member);
        assertFalse(Files.exists(share.resolve("good.csv")));
    }

    @Test
    void dotDotBehindTheWrapperFolderIsRefused() throws IOException {
        Path archive = zip(app.resolve("dataset.zip"),
                entries("dataset/a.csv", "aa", "dataset/../evil.txt", "pwned"));
        assertRefusedAsUnsafe(archive, "dataset/../evil.txt");
    }

    @Test
    void failureWhileExtractingRemovesEverythingAndKeepsTheEmptyTarget() throws IOException {
        // "b" is written as a file, so the folder "b/" for the third member cannot be created.
        Path archive = zip(app.resolve("dataset.zip"), entries("a.csv", "aa", "b", "a file", "b/c.csv", "c"));
        Files.createDirectories(target);

        AgilabException failure = assertThrows(AgilabException.class, () -> DatasetStager.stage(app, target));

        assertEquals(FailureClass.INSTALL, failure.failureClass());
        assertTrue(failure.getMessage().contains(archive.toString()), failure.getMessage());
        assertEquals(target.resolve("b"), failure.file(), "the path is shown where it was headed, not in staging");
        assertTrue(failure.hint().contains("disk space"), failure.hint());
        assertTrue(Files.isDirectory(target));
        assertEquals(List.of(), names(target));
        assertEquals(List.of("dataset"), names(share));
    }

    @Test
    void damagedZipIsRefusedNamingIt() throws IOException {
        Path archive = write(app.resolve("dataset.zip"), "this is not a zip archive");

        AgilabException failure = assertThrows(AgilabException.class, () -> DatasetStager.stage(app, target));

        assertEquals(FailureClass.INSTALL, failure.failureClass());
        assertEquals(archive, failure.file());
        assertFalse(Files.exists(target));
        assertEquals(List.of(), names(share));
    }

    private void assertRefusedAsUnsafe(Path archive, String member) throws IOException {
        AgilabException failure = assertThrows(AgilabException.class, () -> DatasetStager.stage(app, target));

        assertEquals(FailureClass.INSTALL, failure.failureClass());
        assertEquals("archive member '" + member + "' would land outside the dataset folder", failure.getMessage());
        assertEquals(archive, failure.file());
        assertEquals("the archive is unsafe; rebuild it with paths relative to the dataset root", failure.hint());
        assertFalse(Files.exists(target));
        // The parent may have been created, but must hold no staging folder nor anything extracted.
        assertEquals(List.of(), names(share));
        assertFalse(Files.exists(share.resolve("evil.txt")));
        assertFalse(Files.exists(share.getParent().resolve("evil.txt")));
        try (Stream<Path> everything = Files.walk(dir)) {
            List<String> stray = everything
                    .map(path -> String.valueOf(path.getFileName()))
                    .filter(name -> name.contains("evil.txt") || name.contains("abs.txt"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), stray);
        }
    }

    private static Map<String, String> entries(String... namesAndContents) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int index = 0; index < namesAndContents.length; index += 2) {
            entries.put(namesAndContents[index], namesAndContents[index + 1]);
        }
        return entries;
    }

    /** Writes a zip with the given members in order; a null content makes a folder member. */
    private static Path zip(Path archive, Map<String, String> members) throws IOException {
        Files.createDirectories(archive.getParent());
        try (OutputStream file = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, String> member : members.entrySet()) {
                zip.putNextEntry(new ZipEntry(member.getKey()));
                if (member.getValue() != null) {
                    zip.write(member.getValue().getBytes(StandardCharsets.UTF_8));
                }
                zip.closeEntry();
            }
        }
        return archive;
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private static boolean trySymbolicLink(Path link, Path existing) {
        try {
            Files.createSymbolicLink(link, existing);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Every regular file under a folder, by '/'-separated relative path, with its content. */
    private static Map<String, String> filesUnder(Path root) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        for (Path path : paths) {
            List<String> parts = new ArrayList<>();
            root.relativize(path).forEach(part -> parts.add(part.toString()));
            files.put(String.join("/", parts), Files.readString(path));
        }
        return files;
    }

    /** The sorted names directly in a folder, hidden ones included; empty when the folder does not exist. */
    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(path -> path.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
