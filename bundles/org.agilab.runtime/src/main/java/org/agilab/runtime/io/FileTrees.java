package org.agilab.runtime.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Whole folder trees: deleted bottom-up without ever following a link out of the tree; built in a hidden sibling and
 * moved into place whole, so a reader sees the old tree or the new one, never half of one.
 */
public final class FileTrees {

    private static final SecureRandom RANDOM = new SecureRandom();

    private FileTrees() {
    }

    /** Deletes a file or a folder and everything in it; a link is deleted, never what it points to. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path folder, IOException failed) throws IOException {
                if (failed != null) {
                    throw failed;
                }
                Files.delete(folder);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * A new hidden folder beside {@code destination} ({@code .<name>.<purpose>-<random>}), on the same file system so
     * that the final move is a rename. Made with the default permissions, as the tree it becomes.
     */
    public static Path stagingFolder(Path destination, String purpose) throws IOException {
        Path parent = destination.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        while (true) {
            Path candidate = parent.resolve("." + destination.getFileName() + "." + purpose + "-"
                    + HexFormat.of().toHexDigits(RANDOM.nextLong()));
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException taken) {
                // drawn twice: draw again
            }
        }
    }

    /**
     * Moves a staged tree to {@code destination}. With {@code replace}, an existing destination is first moved aside and
     * removed only once the new tree is in place; if the move fails it is put back.
     *
     * @throws FileAlreadyExistsException when the destination exists and {@code replace} is false
     */
    public static void moveIntoPlace(Path staged, Path destination, boolean replace) throws IOException {
        Path aside = null;
        if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
            if (!replace) {
                throw new FileAlreadyExistsException(destination.toString());
            }
            aside = destination.resolveSibling("." + destination.getFileName() + ".replaced-" + HexFormat.of().toHexDigits(RANDOM.nextLong()));
            Files.move(destination, aside, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            move(staged, destination);
        } catch (IOException e) {
            if (aside != null) {
                try {
                    Files.move(aside, destination, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException restore) {
                    e.addSuppressed(restore);
                }
            }
            throw e;
        }
        if (aside != null) {
            delete(aside);
        }
    }

    /**
     * A folder only its owner may enter ({@code rwx------}): created with its missing parents, or tightened when it
     * exists with wider permissions (a queue of another user's making must not stay readable to strangers).
     */
    public static Path privateFolder(Path folder) throws IOException {
        java.util.Set<java.nio.file.attribute.PosixFilePermission> owner =
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder.toAbsolutePath().getParent());
            try {
                Files.createDirectory(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(owner));
            } catch (FileAlreadyExistsException raced) {
                // made meanwhile by another process: tightened below
            }
        }
        if (!Files.getPosixFilePermissions(folder).equals(owner)) {
            Files.setPosixFilePermissions(folder, owner);
        }
        return folder;
    }

    /** A rename when the file system can, else a copy and delete (another file system). */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
