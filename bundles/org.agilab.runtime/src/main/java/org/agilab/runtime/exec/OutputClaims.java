package org.agilab.runtime.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.agilab.api.OutputFile;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.ContentHash;
import org.agilab.runtime.log.AgiLog;

/**
 * The output files of one run, each claimed on disk before it is written: a hidden
 * {@code .<file name>.<run>.agilab-claim} beside it, holding what the output holds. Claims are made exclusively (a
 * hard link to a complete file, which fails when the name is taken), so two writers of one run, in this JVM or on
 * other nodes sharing the folder, cannot both claim one file; and the disk decides what "one file" is, so two names
 * that a case-insensitive disk folds together collide too. A second claim with the same {@code holds} is the same
 * output written again (a summary rewritten after each work, a chunk run again after a failover); with another one it
 * is a {@code data} error naming both, raised before anything is written, so the first file stays.
 */
public final class OutputClaims {

    private static final AgiLog LOG = AgiLog.get(OutputClaims.class);
    static final String SUFFIX = ".agilab-claim";
    private static final Pattern CLAIM = Pattern.compile("\\..*\\.[0-9a-f]{16}\\.agilab-claim");
    /** Longer file names are claimed by their hash, to stay within the usual 255-byte name limit. */
    private static final int NAME_KEPT = 150;

    private final String run;
    private final List<Path> made = new ArrayList<>();
    /** Every output this object claimed (made, or found holding the same): what its writer wrote, in claim order. */
    private final java.util.Set<Path> claimed = new java.util.LinkedHashSet<>();

    private OutputClaims(String run) {
        this.run = run;
    }

    /** Claims of a new run. */
    public static OutputClaims fresh() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        return new OutputClaims(HexFormat.of().formatHex(random));
    }

    /** Claims of the run named {@code runId}: every node of a cluster run passes the same id, so they share claims. */
    public static OutputClaims of(String runId) {
        return new OutputClaims(ContentHash.sha256(runId).substring(0, 16));
    }

    /** True for the names claims take (and only for those). */
    public static boolean isClaim(String fileName) {
        return CLAIM.matcher(fileName).matches();
    }

    /**
     * Claims {@code target} for an output holding {@code holds}, written by {@code writer}.
     *
     * @throws AgilabException ({@code data}) when another output of this run holding something else has the file
     */
    public void claim(Path target, String holds, String writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        String name = absolute.getFileName().toString();
        Path claim = absolute.resolveSibling("." + (name.length() > NAME_KEPT ? ContentHash.sha256(name) : name) + "." + run + SUFFIX);
        String mine = holds + "\n" + writer;
        String theirs = claimOrRead(claim, mine);
        if (theirs != null) {
            String[] other = theirs.split("\n", 2);
            if (!other[0].equals(holds)) {
                throw AgilabException.of(FailureClass.DATA, "two outputs of this run land on one file, " + absolute + ": " + other[0] + " ("
                        + (other.length > 1 ? other[1] : "another writer") + ") and " + holds + " (" + writer + "); the first is kept")
                        .file(absolute).hint("give each output its own file name (a reversible encoding of what it holds, distinct also "
                                + "on disks that ignore case)").build();
            }
            // else the same output again
        }
        synchronized (claimed) {
            claimed.add(absolute.normalize());
        }
    }

    /** The outputs this object claimed, in the order first claimed: the files its writer wrote (a chunk's, on a node). */
    public List<Path> claimed() {
        synchronized (claimed) {
            return List.copyOf(claimed);
        }
    }

    /** @return null when {@code claim} is now ours, else what the existing claim holds */
    private String claimOrRead(Path claim, String mine) throws IOException {
        String theirs;
        try (OutputFile content = OutputFile.create(claim)) {
            content.writeString(mine);
            try {
                Files.createLink(claim, content.temporary());
                synchronized (made) {
                    made.add(claim);
                }
                return null;
            } catch (FileAlreadyExistsException e) {
                theirs = read(claim);
            } catch (UnsupportedOperationException | FileSystemException e) {
                // no hard links on this disk (some network and FAT disks): an exclusive create, read back with patience
                theirs = createOrRead(claim, mine);
            }
        }
        return theirs;
    }

    private String createOrRead(Path claim, String mine) throws IOException {
        try {
            Files.write(claim, mine.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            synchronized (made) {
                made.add(claim);
            }
            return null;
        } catch (FileAlreadyExistsException e) {
            return read(claim);
        }
    }

    /** A claim's content; one made without hard links may be empty for the moment its maker takes to write it. */
    private static String read(Path claim) throws IOException {
        for (int attempt = 0;; attempt++) {
            String text;
            try (java.io.InputStream in = Files.newInputStream(claim, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8); // a link planted there is not followed
            }
            if (!text.isEmpty() || attempt == 100) {
                return text;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return text;
            }
        }
    }

    /** Removes the claims this object made (a local run, once it is over). */
    public void release() {
        synchronized (made) {
            for (Path claim : made) {
                try {
                    Files.deleteIfExists(claim);
                } catch (IOException e) {
                    LOG.warn("could not remove the output claim " + claim + ": " + e.getMessage());
                }
            }
            made.clear();
        }
    }

    /**
     * Removes what runs leave in an output folder when they are killed or run on other JVMs: {@link OutputFile}'s
     * temporary files (with {@code temporaries}) and claims. Only names of exactly those forms are touched, never a
     * user's file. The caller holds the app's lifecycle lock, so no run of the app is writing there.
     *
     * @return how many files were removed
     */
    public static int sweep(Path folder, boolean temporaries) {
        if (folder == null || !Files.isDirectory(folder)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if ((isClaim(name) || temporaries && OutputFile.isTemporary(name))
                        && !Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        removed += Files.deleteIfExists(file) ? 1 : 0;
                    } catch (NoSuchFileException e) {
                        // gone meanwhile
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("could not clear leftover temporary files in " + folder + ": " + e.getMessage());
        }
        return removed;
    }
}
