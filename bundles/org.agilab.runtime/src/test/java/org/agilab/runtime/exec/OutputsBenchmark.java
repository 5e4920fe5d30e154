package org.agilab.runtime.exec;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;

import org.agilab.api.OutputFile;

/**
 * What writing an output through {@link OutputFile} and a run's {@link OutputClaims} costs per file, against the
 * predictable temporary name and rename apps used before. Not a test: a harness whose figures go into
 * docs/benchmarks.md. Each round writes {@code files} small files (one flight summary's size) into a fresh folder on
 * the given disk (default: java.io.tmpdir).
 */
public final class OutputsBenchmark {

    private OutputsBenchmark() {
    }

    interface Writer {
        void write(Path target, String text, OutputClaims claims, int index) throws IOException;
    }

    public static void main(String[] args) throws IOException {
        Path base = Files.createTempDirectory(args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir")),
                "outputs-bench");
        int files = 2000;
        int rounds = 15;
        String text = "{\"rows\": 1234, \"aircraft\": [\"F-01A\"]}\n".repeat(20);
        Writer predictable = (target, content, claims, index) -> {
            Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
            Files.writeString(temporary, content);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        };
        Writer outputFile = (target, content, claims, index) -> OutputFile.writeString(target, content);
        Writer claimed = (target, content, claims, index) -> {
            claims.claim(target, "output " + index, "worker 0@127.0.0.1");
            try (OutputFile out = OutputFile.create(target)) {
                out.writeString(content);
                out.commit();
            }
        };
        System.out.println("disk: " + base + ", " + files + " files per round, " + rounds + " rounds after 3 warm-up rounds");
        System.out.println("| way | median us/file | min us/file |");
        System.out.println("|---|---:|---:|");
        for (String name : new String[] { "predictable name + rename (before)", "OutputFile", "claim + OutputFile (a worker's output)" }) {
            Writer writer = name.startsWith("predictable") ? predictable : name.startsWith("OutputFile") ? outputFile : claimed;
            double[] perFile = new double[rounds];
            for (int round = -3; round < rounds; round++) {
                Path folder = Files.createDirectories(base.resolve(name.substring(0, 5) + round));
                OutputClaims claims = OutputClaims.fresh();
                long start = System.nanoTime();
                for (int i = 0; i < files; i++) {
                    writer.write(folder.resolve("out-" + i + ".json"), text, claims, i);
                }
                claims.release();
                long nanos = System.nanoTime() - start;
                if (round >= 0) {
                    perFile[round] = nanos / 1000.0 / files;
                }
            }
            Arrays.sort(perFile);
            System.out.println(String.format(Locale.ROOT, "| %s | %.1f | %.1f |", name, perFile[rounds / 2], perFile[0]));
        }
    }
}
