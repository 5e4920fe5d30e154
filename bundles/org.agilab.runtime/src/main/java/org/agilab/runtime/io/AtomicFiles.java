package org.agilab.runtime.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;

/** File writes that never leave half a file behind, and the checksums records carry. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes a sibling temporary file, then renames it over the target: readers see the old or the new file. */
    public static void writeString(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #writeString}, for bytes (an image, say). */
    public static void write(Path file, byte[] bytes) {
        write(file, out -> out.write(bytes));
    }

    /** What writes a file's content to a stream; it may fail with an I/O error or any runtime exception. */
    @FunctionalInterface
    public interface Content {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /**
     * As {@link #writeString}, for content streamed as it is made (an export of many rows): the target is replaced only
     * when all of it was written; when {@code content} fails, the temporary file goes and the failure is thrown as it is
     * (an {@link AgilabException} or another runtime exception), the previous file unchanged.
     */
    public static void write(Path file, Content content) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
            try {
                try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                    content.writeTo(out);
                }
                try {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.INTERNAL, "cannot write: " + e.getMessage()).file(file)
                    .hint("check free disk space and permissions; the previous file is unchanged").cause(e).build();
        }
    }
}
