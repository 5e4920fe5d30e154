package org.agilab.runtime.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.ArchiveMembers;
import org.agilab.runtime.io.FileTrees;

/**
 * Stages the sample dataset an app ships into the user's share ({@code ~/localshare/<user>/<target>/dataset}), as
 * upstream AGILab does with {@code dataset.7z} at install time. The sample is the app's {@code dataset/} folder, or
 * its {@code dataset.zip} when there is no such folder.
 *
 * <p>Guarantees:
 * <ul>
 * <li>a target that already holds anything is never touched: the user's data is not overwritten or mixed;</li>
 * <li>the target either appears complete or not at all: the sample is written into a hidden sibling folder
 * ({@code .dataset.staging-<random>}) that is then renamed into place, and removed on any failure;</li>
 * <li>an archive member that could land outside the target (absolute name, drive letter, {@code ..} segment,
 * backslash) makes the whole archive refused before anything is written;</li>
 * <li>symbolic links inside a sample folder are skipped, never followed.</li>
 * </ul>
 * Every failure is an {@link AgilabException} of class {@link FailureClass#INSTALL} naming the file involved.
 */
public final class DatasetStager {

    /** What {@link #stage} did. */
    public enum Status {
        /** The sample was copied or extracted into the target. */
        STAGED,
        /** The target already held something; it was left untouched. */
        ALREADY_PRESENT,
        /** The app ships no sample dataset; nothing was created. */
        NO_SAMPLE
    }

    /**
     * The outcome of {@link #stage}.
     *
     * @param source the sample folder or archive used, or {@code null} for {@link Status#NO_SAMPLE}
     * @param target the target as given
     * @param files regular files staged (0 unless {@link Status#STAGED})
     * @param bytes bytes staged (0 unless {@link Status#STAGED})
     */
    public record Result(Status status, Path source, Path target, long files, long bytes) {
    }

    private static final String SAMPLE_FOLDER = "dataset";
    private static final String SAMPLE_ARCHIVE = "dataset.zip";
    /** Archives are often built by zipping the dataset folder itself; its contents are what we want. */
    private static final String WRAPPER_PREFIX = "dataset/";
    private static final String UNSAFE_ARCHIVE_HINT =
            "the archive is unsafe; rebuild it with paths relative to the dataset root";
    private static final String IO_HINT =
            "check free disk space and permissions; the dataset folder was left as it was";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path source;
    private final Path target;
    private final Path destination;
    private final Path staging;
    private long files;
    private long bytes;

    private DatasetStager(Path source, Path target, Path destination, Path staging) {
        this.source = source;
        this.target = target;
        this.destination = destination;
        this.staging = staging;
    }

    /**
     * Stages the sample dataset of an app folder into {@code target} (e.g.
     * {@code ~/localshare/<user>/<target>/dataset}): the app's {@code dataset/} folder (copied) or, when there is no
     * such folder, its {@code dataset.zip} (extracted). An existing empty target folder is filled; a target holding
     * anything is left alone.
     *
     * @throws AgilabException of class {@link FailureClass#INSTALL} when the sample cannot be staged; the target is
     *         then as it was
     */
    public static Result stage(Path appFolder, Path target) {
        Path folder = appFolder.resolve(SAMPLE_FOLDER);
        Path archive = appFolder.resolve(SAMPLE_ARCHIVE);
        boolean fromFolder = Files.isDirectory(folder);
        if (!fromFolder && !Files.isRegularFile(archive)) {
            return new Result(Status.NO_SAMPLE, null, target, 0, 0);
        }
        Path source = fromFolder ? folder : archive;
        if (holdsAnything(target)) {
            return new Result(Status.ALREADY_PRESENT, source, target, 0, 0);
        }
        Path destination = placeToFill(target);
        DatasetStager stager = new DatasetStager(source, target, destination, createStagingFolder(destination));
        try {
            if (fromFolder) {
                stager.copyFolder();
            } else {
                stager.extractArchive();
            }
            stager.moveIntoPlace();
        } catch (RuntimeException | Error failure) {
            stager.removeStaging(failure);
            throw failure;
        }
        return new Result(Status.STAGED, source, target, stager.files, stager.bytes);
    }

    /** True when the target exists and holds any file or folder; a target that is not a folder is refused. */
    private static boolean holdsAnything(Path target) {
        if (!Files.exists(target)) {
            return false;
        }
        if (!Files.isDirectory(target)) {
            throw AgilabException.of(FailureClass.INSTALL, "the dataset location exists but is not a folder")
                    .file(target).hint("move or remove that file, then install again").build();
        }
        try (Stream<Path> entries = Files.list(target)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.INSTALL, "cannot read the dataset folder: " + e.getMessage())
                    .file(target).hint("check the permissions of the dataset folder").cause(e).build();
        }
    }

    /**
     * Where the staged folder goes. A link to an (empty) folder is kept and filled through, since users point the
     * dataset at a larger disk that way; otherwise the target itself.
     */
    private static Path placeToFill(Path target) {
        Path absolute = target.toAbsolutePath();
        if (!Files.isSymbolicLink(absolute)) {
            return absolute;
        }
        try {
            return absolute.toRealPath();
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.INSTALL, "cannot follow the dataset link: " + e.getMessage())
                    .file(target).hint("fix or remove the link, then install again").cause(e).build();
        }
    }

    /** A fresh hidden sibling of the destination, so that the final rename stays on one file system. */
    private static Path createStagingFolder(Path destination) {
        Path parent = destination.getParent();
        try {
            Files.createDirectories(parent);
            while (true) {
                Path candidate = parent.resolve(
                        "." + destination.getFileName() + ".staging-" + HexFormat.of().toHexDigits(RANDOM.nextLong()));
                try {
                    // Not createTempDirectory: its owner-only permissions would end up on the user's dataset.
                    return Files.createDirectory(candidate);
                } catch (FileAlreadyExistsException taken) {
                    // another stager drew the same name; draw again
                }
            }
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.INSTALL, "cannot create the staging folder: " + e.getMessage())
                    .file(parent).hint(IO_HINT).cause(e).build();
        }
    }

    private void copyFolder() {
        try {
            // The sample folder itself may be a link; links below it are skipped.
            Path root = source.toRealPath();
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes)
                        throws IOException {
                    Files.createDirectories(staging.resolve(root.relativize(folder).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (attributes.isRegularFile()) {
                        Path copy = staging.resolve(root.relativize(file).toString());
                        Files.copy(file, copy, LinkOption.NOFOLLOW_LINKS);
                        count(Files.size(copy));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw ioFailure(e, source);
        }
    }

    private void extractArchive() {
        try (ZipFile zip = new ZipFile(source.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            boolean unwrap = !entries.isEmpty()
                    && entries.stream().allMatch(entry -> entry.getName().startsWith(WRAPPER_PREFIX));
            // Every name is checked before anything is written: an unsafe archive is refused whole.
            List<Path> places = new ArrayList<>(entries.size());
            for (ZipEntry entry : entries) {
                places.add(placeOf(entry, unwrap));
            }
            for (int index = 0; index < entries.size(); index++) {
                ZipEntry entry = entries.get(index);
                Path place = places.get(index);
                if (entry.isDirectory()) {
                    Files.createDirectories(place);
                    continue;
                }
                Files.createDirectories(place.getParent());
                try (InputStream content = zip.getInputStream(entry)) {
                    count(Files.copy(content, place));
                }
            }
        } catch (ZipException | IllegalArgumentException e) {
            // ZipFile reports malformed entry names as IllegalArgumentException.
            throw AgilabException.of(FailureClass.INSTALL, "the sample archive is damaged: " + e.getMessage())
                    .file(source).hint("the archive is not a readable zip; download or rebuild it").cause(e).build();
        } catch (IOException e) {
            throw ioFailure(e, source);
        }
    }

    /** Where a member lands in the staging folder, or the INSTALL error if it could land anywhere else. */
    private Path placeOf(ZipEntry entry, boolean unwrap) {
        String name = entry.getName();
        if (ArchiveMembers.place(staging, name, entry.isDirectory()) == null) {
            throw unsafeMember(name);
        }
        Path place = ArchiveMembers.place(staging, unwrap ? name.substring(WRAPPER_PREFIX.length()) : name, entry.isDirectory());
        if (place == null) {
            throw unsafeMember(name);
        }
        return place;
    }

    private AgilabException unsafeMember(String name) {
        return AgilabException.of(FailureClass.INSTALL,
                "archive member '" + name + "' would land outside the dataset folder")
                .file(source).hint(UNSAFE_ARCHIVE_HINT).build();
    }

    private void moveIntoPlace() {
        boolean removedEmptyTarget = false;
        try {
            // The destination is known to be empty here; rename cannot portably replace a folder.
            if (Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(destination);
                removedEmptyTarget = true;
            }
            try {
                Files.move(staging, destination, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, destination);
            }
        } catch (IOException e) {
            AgilabException failure = ioFailure(e, destination);
            if (removedEmptyTarget) {
                restoreEmptyTarget(failure);
            }
            throw failure;
        }
    }

    private void restoreEmptyTarget(AgilabException failure) {
        try {
            Files.createDirectories(destination);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private void count(long size) {
        files++;
        bytes += size;
    }

    /** An IO failure as an INSTALL error naming the file; temporary paths are shown where they were headed. */
    private AgilabException ioFailure(IOException e, Path fallback) {
        Path file = fallback;
        if (e instanceof FileSystemException fileSystemFailure && fileSystemFailure.getFile() != null) {
            file = Path.of(fileSystemFailure.getFile());
            if (file.startsWith(staging)) {
                file = target.resolve(staging.relativize(file).toString());
            }
        }
        return AgilabException.of(FailureClass.INSTALL,
                "cannot stage the sample dataset from " + source + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()))
                .file(file).hint(IO_HINT).cause(e).build();
    }

    /** Deletes the staging folder and all it holds, without following links; problems go on the failure. */
    private void removeStaging(Throwable failure) {
        if (!Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            FileTrees.delete(staging);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
