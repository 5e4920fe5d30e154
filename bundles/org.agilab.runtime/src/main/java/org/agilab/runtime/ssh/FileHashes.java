package org.agilab.runtime.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.io.ContentHash;

/**
 * Content hashes of local files, kept on disk between runs while a file's size and modification time stay the same: a
 * run that ships nothing new to its hosts then reads no file (the staged runtime alone is 33 MB). One instance per
 * run, shared by its hosts, so each file is hashed once however many hosts get it; {@link #save()} keeps only what
 * this run used.
 */
public final class FileHashes {

    private final Path file;
    private final Map<String, String> known = new ConcurrentHashMap<>();
    private final Map<String, String> used = new ConcurrentHashMap<>();

    private FileHashes(Path file) {
        this.file = file;
    }

    /** The hashes kept in {@code file} (none when it is missing or unreadable: they are computed again). */
    public static FileHashes load(Path file) {
        FileHashes hashes = new FileHashes(file);
        if (file != null && Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file)) {
                    int tab = line.lastIndexOf('\t');
                    if (tab > 0) {
                        hashes.known.put(line.substring(0, tab), line.substring(tab + 1));
                    }
                }
            } catch (IOException e) {
                // a lost cache costs one hashing
            }
        }
        return hashes;
    }

    /** A cache that is not kept on disk. */
    public static FileHashes inMemory() {
        return new FileHashes(null);
    }

    public String of(Path path) {
        try {
            String identity = path.toAbsolutePath() + "\u0000" + Files.size(path) + "\u0000" + Files.getLastModifiedTime(path).toMillis();
            String hash = known.computeIfAbsent(identity, key -> compute(path));
            used.put(identity, hash);
            return hash;
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.CLUSTER, "cannot read " + path + " to ship it: " + e.getMessage()).file(path).cause(e)
                    .build();
        }
    }

    private static String compute(Path path) {
        try {
            return ContentHash.sha256(path);
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.CLUSTER, "cannot read " + path + " to ship it: " + e.getMessage()).file(path).cause(e)
                    .build();
        }
    }

    /** Writes the hashes this run used (atomically); nothing when kept in memory only. */
    public synchronized void save() {
        if (file == null || used.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        new java.util.TreeMap<>(used).forEach((identity, hash) -> text.append(identity).append('\t').append(hash).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.writeString(file, text.toString());
        } catch (IOException | RuntimeException e) {
            // the next run hashes again: slower, never wrong
        }
    }
}
