package org.agilab.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An output file written whole or not at all. {@link #create} makes a new temporary file beside the target, with an
 * unpredictable name and exclusively (it never opens a file or a symbolic link that is already there); the app writes
 * it ({@link #writeString}, {@link #write}, or any library given {@link #temporary()}); {@link #commit} renames it over
 * the target in one step, which replaces a link found at the target instead of writing through it. Readers and reruns
 * see the old file or the new one, never half a file; {@link #close} removes the temporary file of an output that was
 * not committed.
 *
 * <pre>
 * try (OutputFile out = context.output(dataOut.resolve(name + ".csv"), "partition " + name)) {
 *     out.writeString(csv);
 *     out.commit();
 * }
 * </pre>
 *
 * Workers get one from {@link WorkerContext#output}, which also refuses two outputs of one run on one file. Temporary
 * names are {@code .<target name>.<16 hex digits>.agilab.tmp}: AGILab removes names of that form (and only those) that
 * a killed run left in {@code data_out}, at the next run.
 */
public final class OutputFile implements AutoCloseable {

    /** The end of every temporary file name this class makes. */
    public static final String TEMPORARY_SUFFIX = ".agilab.tmp";

    private static final Pattern TEMPORARY = Pattern.compile("\\..*\\.[0-9a-f]{16}\\.agilab\\.tmp");
    /** Target names longer than this are cut in the temporary name, which must stay within the usual 255-byte limit. */
    private static final int NAME_KEPT = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path target;
    private final Path temporary;
    /** The temporary file as created, kept open for {@link #write} until {@link #commit} or {@link #close}. */
    private SeekableByteChannel channel;
    private boolean committed;

    private OutputFile(Path target, Path temporary, SeekableByteChannel channel) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
    }

    /**
     * Creates the temporary file of a new output at {@code target} (the target's folder must exist). Nothing is written
     * at {@code target} until {@link #commit}.
     */
    public static OutputFile create(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        String name = absolute.getFileName().toString();
        String kept = name.length() > NAME_KEPT ? name.substring(0, NAME_KEPT) : name;
        for (;;) {
            byte[] random = new byte[8];
            RANDOM.nextBytes(random);
            Path temporary = folder.resolve("." + kept + "." + HexFormat.of().formatHex(random) + TEMPORARY_SUFFIX);
            try {
                // CREATE_NEW fails on anything already at that name, a symbolic link included: nothing is followed
                return new OutputFile(absolute, temporary, Files.newByteChannel(temporary, Set.of(StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)));
            } catch (FileAlreadyExistsException e) {
                // 2^64 names: someone took this one; draw another
            }
        }
    }

    /** Writes {@code target} whole: a temporary file, then one rename. */
    public static void writeString(Path target, CharSequence text) throws IOException {
        try (OutputFile out = create(target)) {
            out.writeString(text);
            out.commit();
        }
    }

    /** True for the temporary names {@link #create} makes (and only for those). */
    public static boolean isTemporary(String fileName) {
        return TEMPORARY.matcher(fileName).matches();
    }

    /** Where the output goes. */
    public Path target() {
        return target;
    }

    /** The file to write, for libraries that write to a path (DuckDB's COPY, image writers): it exists, empty. */
    public Path temporary() {
        return temporary;
    }

    /** Replaces the temporary file's content with {@code text} in UTF-8. */
    public void writeString(CharSequence text) throws IOException {
        write(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces the temporary file's content with {@code bytes}, through the file created (never reopened by name). */
    public void write(byte[] bytes) throws IOException {
        if (committed) {
            throw new IllegalStateException(target + " is committed already");
        }
        if (channel == null || !channel.isOpen()) {
            channel = Files.newByteChannel(temporary, Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
        }
        channel.truncate(0).position(0);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Renames the temporary file over the target: the target is the new file, whole. */
    public void commit() throws IOException {
        if (committed) {
            return;
        }
        closeChannel();
        try {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    /** Removes the temporary file unless {@link #commit} moved it. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                closeChannel();
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            SeekableByteChannel open = channel;
            channel = null;
            open.close();
        }
    }
}
