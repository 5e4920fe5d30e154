package org.agilab.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.agilab.api.Work;
import org.agilab.runtime.app.SharePaths;
import org.agilab.runtime.settings.ClusterSettings.NodeCompilerChoice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCompilerTest {

    @TempDir
    Path share;

    Path file(String name, long bytes) throws Exception {
        Path file = share.resolve(name);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(bytes); // sparse: the size is what counts
        }
        return file;
    }

    static List<List<Work>> chunks(String... items) {
        return List.of(List.of(new Work("w", List.of(items), null, List.of())));
    }

    @Test
    void autoPicksTheOptimisingCompilerOnlyForEnoughInputPerNode() throws Exception {
        file("small.csv", 3L << 20);
        file("big.csv", 40L << 20);
        SharePaths paths = new SharePaths(share);
        assertEquals(NodeCompiler.QUICK, NodeCompiler.choose(NodeCompilerChoice.AUTO, chunks("small.csv"), paths, 1));
        assertEquals(NodeCompiler.FULL, NodeCompiler.choose(NodeCompilerChoice.AUTO, chunks("big.csv"), paths, 2), "20 MiB per node");
        assertEquals(NodeCompiler.QUICK, NodeCompiler.choose(NodeCompilerChoice.AUTO, chunks("big.csv"), paths, 4), "10 MiB per node");
        assertEquals(NodeCompiler.FULL, NodeCompiler.choose(null, chunks("big.csv", share.resolve("small.csv").toString()), paths, 2),
                "relative and absolute items both count; no setting is auto");
        assertEquals(NodeCompiler.QUICK, NodeCompiler.choose(NodeCompilerChoice.AUTO, chunks("not-a-file", "SELECT 1"), paths, 1), "non-files weigh nothing");
    }

    @Test
    void theSettingWinsAndFullNodesServeQuickRuns() throws Exception {
        file("big.csv", 40L << 20);
        SharePaths paths = new SharePaths(share);
        assertEquals(NodeCompiler.QUICK, NodeCompiler.choose(NodeCompilerChoice.QUICK, chunks("big.csv"), paths, 1));
        assertEquals(NodeCompiler.FULL, NodeCompiler.choose(NodeCompilerChoice.FULL, chunks(), paths, 1));
        assertTrue(NodeCompiler.FULL.serves(NodeCompiler.QUICK));
        assertFalse(NodeCompiler.QUICK.serves(NodeCompiler.FULL));
        assertTrue(NodeCompiler.QUICK.jvmOptions().contains("-XX:TieredStopAtLevel=1"));
        assertFalse(NodeCompiler.FULL.jvmOptions().stream().anyMatch(o -> o.startsWith("-XX:TieredStopAtLevel")));
        assertTrue(Files.exists(share.resolve("big.csv")));
    }
}
