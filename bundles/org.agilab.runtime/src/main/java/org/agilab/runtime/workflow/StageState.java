package org.agilab.runtime.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.io.ContentHash;
import org.agilab.runtime.json.JsonCodec;

/**
 * What a lab remembers between runs, in {@code .agilab/workflow/state.json} beside its {@code lab_stages.toml}: for each
 * stage's last success, its fingerprint (code, settings, inputs, dependencies' outputs) and the hashes of its outputs;
 * and a cache of file hashes by size and modification time, so an unchanged file is not read again (as git and make
 * trust them). Written atomically after every stage that succeeds, so a cancelled run keeps what it finished.
 */
final class StageState {

    static final String SCHEMA = "agilab.workflow.state.v1";

    /** A stage's last success. */
    record Success(String fingerprint, Map<String, String> outputs, String finishedAt) {
    }

    /** A file's hash as last computed, valid while its size and modification time are the same. */
    record Hashed(long size, long mtimeNanos, String sha256) {
    }

    /** The file's JSON form. */
    record Json(String schema, Map<String, Success> stages, Map<String, Hashed> hashes) {
    }

    /** The hash of a path now: a file's SHA-256, a folder's tree hash, or a missing path. */
    record Digest(String kind, String sha256, Long size, Double mtime) {
        boolean exists() {
            return !kind.equals("missing");
        }
    }

    private final Path file;
    private final Map<String, Success> stages = new ConcurrentHashMap<>();
    private final Map<String, Hashed> hashes = new ConcurrentHashMap<>();

    private StageState(Path file) {
        this.file = file;
    }

    static StageState load(Path file) {
        StageState state = new StageState(file);
        if (Files.isRegularFile(file)) {
            try {
                Json json = JsonCodec.read(Files.readString(file), Json.class);
                if (json != null && SCHEMA.equals(json.schema())) {
                    if (json.stages() != null) {
                        state.stages.putAll(json.stages());
                    }
                    if (json.hashes() != null) {
                        state.hashes.putAll(json.hashes());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a damaged state only costs a rerun of every stage
            }
        }
        return state;
    }

    Success success(String stage) {
        return stages.get(stage);
    }

    void succeeded(String stage, Success success) {
        stages.put(stage, success);
    }

    void forget(String stage) {
        stages.remove(stage);
    }

    synchronized void save() {
        Map<String, Hashed> kept = new TreeMap<>(hashes);
        AtomicFiles.writeString(file, JsonCodec.writePretty(new Json(SCHEMA, new TreeMap<>(stages), kept)));
    }

    /** The digest of a path; files are hashed once per size and modification time. */
    Digest digest(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            double mtime = attributes.lastModifiedTime().toMillis() / 1000.0;
            if (attributes.isDirectory()) {
                return new Digest("directory", treeHash(path), null, mtime);
            }
            return new Digest("file", fileHash(path, attributes), attributes.size(), mtime);
        } catch (IOException e) {
            return new Digest("missing", "", null, null);
        }
    }

    private String fileHash(Path path, BasicFileAttributes attributes) throws IOException {
        String key = path.toAbsolutePath().normalize().toString();
        long mtime = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        Hashed known = hashes.get(key);
        if (known != null && known.size() == attributes.size() && known.mtimeNanos() == mtime) {
            return known.sha256();
        }
        String sha = ContentHash.sha256(path);
        hashes.put(key, new Hashed(attributes.size(), mtime, sha));
        return sha;
    }

    private String treeHash(Path folder) throws IOException {
        ContentHash hash = new ContentHash("agilab.workflow.tree");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
        for (Path f : files) {
            String name = folder.relativize(f).toString().replace('\\', '/');
            if (name.startsWith(".") || name.contains("/.")) {
                continue; // hidden files (temporary files of a writer) are not content
            }
            hash.text("name", name).text("sha256", fileHash(f, Files.readAttributes(f, BasicFileAttributes.class)));
        }
        return hash.hex();
    }

    static Map<String, String> emptyOutputs() {
        return new LinkedHashMap<>();
    }
}
