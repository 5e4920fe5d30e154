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
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
            try {
                Files.write(temporary, bytes);
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
