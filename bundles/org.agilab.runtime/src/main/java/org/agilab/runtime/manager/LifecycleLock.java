package org.agilab.runtime.manager;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.process.ProcessIdentity;

/**
 * One mutating operation per {@code ~/wenv/<target>_worker} at a time, across processes: an OS file lock on
 * {@code .agilab.lock}, released by the OS if the holder dies, so a crash never leaves a stale lock. Beside it,
 * {@code .agilab.lock.json} names the holder (PID + start time, command, since) so a second caller gets a busy error
 * that says who to wait for.
 */
public final class LifecycleLock implements AutoCloseable {

    public static final String LOCK_FILE = ".agilab.lock";
    public static final String HOLDER_FILE = ".agilab.lock.json";

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private LifecycleLock(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock or fails at once.
     *
     * @throws AgilabException (busy) naming the holder when another operation has it
     */
    public static LifecycleLock acquire(Path workerEnv, String command) {
        FileChannel channel = null;
        try {
            Files.createDirectories(workerEnv);
            channel = FileChannel.open(workerEnv.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw busy(workerEnv);
            }
            ProcessIdentity self = ProcessIdentity.current();
            AtomicFiles.writeString(workerEnv.resolve(HOLDER_FILE),
                    JsonCodec.writePretty(new Holder(self.pid(), self.started(), command, Instant.now().toString())));
            return new LifecycleLock(workerEnv, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw AgilabException.of(FailureClass.INTERNAL, "cannot take the lifecycle lock: " + e.getMessage())
                    .file(workerEnv.resolve(LOCK_FILE)).hint("check that the folder is writable").cause(e).build();
        }
    }

    private static AgilabException busy(Path workerEnv) {
        Optional<Holder> holder = holder(workerEnv);
        String who = holder.map(h -> "process " + h.pid() + " (" + h.command() + ", since " + h.since() + ")")
                .orElse("another process");
        return AgilabException.of(FailureClass.BUSY, who + " is already working on this app").file(workerEnv)
                .hint("wait for it to finish, or cancel it; only one install, distribute, run or benchmark per app at a time")
                .build();
    }

    /** Who took the lock, as {@value #HOLDER_FILE} records it: the process, the command, since when. */
    public record Holder(long pid, Instant started, String command, String since) {
    }

    /** The holder last recorded, if any; it is current only while the lock is held. */
    public static Optional<Holder> holder(Path workerEnv) {
        Path file = workerEnv.resolve(HOLDER_FILE);
        try {
            return Files.exists(file) ? Optional.of(JsonCodec.read(Files.readString(file), Holder.class)) : Optional.empty();
        } catch (IOException | JsonCodec.Malformed e) {
            return Optional.empty();
        }
    }

    /** Whether some process holds the lock now (tested by trying it). */
    public static boolean isHeld(Path workerEnv) {
        Path file = workerEnv.resolve(LOCK_FILE);
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            try (FileLock lock = channel.tryLock()) {
                return lock == null;
            } catch (OverlappingFileLockException sameProcess) {
                return true;
            }
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(folder.resolve(HOLDER_FILE));
            lock.release();
        } catch (IOException e) {
            // the OS drops the lock with the channel below anyway
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
