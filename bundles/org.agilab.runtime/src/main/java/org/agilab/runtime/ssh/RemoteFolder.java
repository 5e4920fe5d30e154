package org.agilab.runtime.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;

/**
 * A folder on an SSH host kept equal to a set of local files, content-hashed: the host keeps a manifest
 * ({@value #MANIFEST}: hash, size and path of each file shipped), and a file is shipped again only when its hash
 * differs or the host's copy is gone or has another size. Files the set does not name are left alone.
 */
public final class RemoteFolder {

    public static final String MANIFEST = ".agilab-shipped.tsv";

    private RemoteFolder() {
    }

    /** What a sync did. */
    public record Shipped(int files, long bytes, int unchanged) {
    }

    /**
     * @param folder an absolute folder on the host
     * @param files local files by their path relative to {@code folder} ('/'-separated)
     * @param privateFiles relative paths made readable by their owner only (key stores, passwords)
     */
    public static Shipped sync(SshConnection ssh, String folder, Map<String, Path> files, java.util.Set<String> privateFiles) {
        return sync(ssh, folder, files, privateFiles, FileHashes.inMemory());
    }

    /** @param hashes where the local files' hashes are looked up first (shared by a run's hosts, kept between runs) */
    public static Shipped sync(SshConnection ssh, String folder, Map<String, Path> files, java.util.Set<String> privateFiles,
            FileHashes hashes) {
        Map<String, String> local = new TreeMap<>();
        files.entrySet().parallelStream().forEach(entry -> {
            String hash = hashes.of(entry.getValue());
            synchronized (local) {
                local.put(entry.getKey(), hash);
            }
        });
        Map<String, String[]> remote = remoteState(ssh, folder, local.keySet());
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> file : local.entrySet()) {
            String[] there = remote.get(file.getKey());
            long size = size(files.get(file.getKey()));
            if (there == null || !file.getValue().equals(there[0]) || !Long.toString(size).equals(there[1])) {
                stale.add(file.getKey());
            }
        }
        TreeSet<String> parents = new TreeSet<>();
        for (String relative : stale) {
            int slash = relative.lastIndexOf('/');
            parents.add(slash < 0 ? folder : folder + "/" + relative.substring(0, slash));
        }
        if (!stale.isEmpty() || remote.isEmpty()) {
            parents.add(folder);
            ssh.mkdirs(new ArrayList<>(parents)); // a command: only when something is shipped (or the folder may be missing)
        }
        long bytes = 0;
        for (String relative : stale) {
            Path source = files.get(relative);
            ssh.upload(source, folder + "/" + relative, privateFiles.contains(relative));
            bytes += size(source);
        }
        if (!stale.isEmpty() || !remote.keySet().containsAll(local.keySet())) {
            writeManifest(ssh, folder, local, files, remote);
        }
        return new Shipped(stale.size(), bytes, local.size() - stale.size());
    }

    /**
     * The host's manifest entries (hash, size), those of {@code wanted} only when their file is still there with the
     * size the manifest says; others as the manifest has them (kept when it is written again). Read over SFTP (the
     * manifest, then one listing per folder of a wanted file): no command, so no login shell on the host.
     */
    private static Map<String, String[]> remoteState(SshConnection ssh, String folder, java.util.Set<String> wanted) {
        String text = ssh.readFile(folder + "/" + MANIFEST);
        Map<String, String[]> manifest = new HashMap<>();
        if (text == null) {
            return manifest;
        }
        for (String line : text.split("\n")) {
            String[] fields = line.split("\t", 3);
            if (fields.length == 3) {
                manifest.put(fields[2], new String[] {fields[0], fields[1]});
            }
        }
        Map<String, Map<String, Long>> listings = new HashMap<>();
        Map<String, String[]> present = new HashMap<>();
        manifest.forEach((path, entry) -> {
            if (!wanted.contains(path)) {
                present.put(path, entry);
                return;
            }
            int slash = path.lastIndexOf('/');
            String parent = slash < 0 ? "" : path.substring(0, slash);
            Map<String, Long> sizes = listings.computeIfAbsent(parent, dir -> ssh.sizes(dir.isEmpty() ? folder : folder + "/" + dir));
            Long size = sizes.get(path.substring(slash + 1));
            if (size != null && entry[1].equals(Long.toString(size))) {
                present.put(path, entry);
            }
        });
        return present;
    }

    private static void writeManifest(SshConnection ssh, String folder, Map<String, String> local, Map<String, Path> files,
            Map<String, String[]> remote) {
        StringBuilder text = new StringBuilder();
        Map<String, String[]> merged = new TreeMap<>(remote); // files shipped earlier by other syncs into this folder stay known
        local.forEach((path, hash) -> merged.put(path, new String[] {hash, Long.toString(size(files.get(path)))}));
        merged.forEach((path, entry) -> text.append(entry[0]).append('\t').append(entry[1]).append('\t').append(path).append('\n'));
        try {
            Path temporary = Files.createTempFile("agilab-manifest", ".tsv");
            try {
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                ssh.upload(temporary, folder + "/" + MANIFEST, false);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.CLUSTER, "cannot write the shipping manifest for " + ssh.host().label() + ": "
                    + e.getMessage()).host(ssh.host().address()).cause(e).build();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
