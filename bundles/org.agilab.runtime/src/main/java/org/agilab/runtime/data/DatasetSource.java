package org.agilab.runtime.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a dataset reads: one file, every data file under a folder, or the files a glob matches ({@code
 * out/**}{@code /*.parquet}), resolved once to a sorted list of absolute, real paths. The list is also what the engine
 * is allowed to open, so a dataset never reads a file that was not in it when it was opened.
 *
 * @param spec  what the user gave (a path or a glob), for titles and messages
 * @param files the data files, sorted, at least one
 */
public record DatasetSource(String spec, List<Path> files) {

    /** Beyond this many files a folder is most likely not a dataset (a home folder chosen by mistake). */
    static final int MAX_FILES = 100_000;

    public DatasetSource {
        files = List.copyOf(files);
    }

    /** Resolves a file, a folder or a glob; relative ones from {@code base}. */
    public static DatasetSource resolve(String spec, Path base) {
        if (spec == null || spec.isBlank()) {
            throw new DataQueryException(DataQueryException.Kind.SOURCE, "no dataset given: name a file, a folder or a glob");
        }
        String trimmed = spec.strip();
        int glob = firstGlobCharacter(trimmed);
        List<Path> files;
        if (glob >= 0) {
            files = matching(trimmed, glob, base);
        } else {
            Path path = base.resolve(trimmed).toAbsolutePath().normalize();
            if (Files.isDirectory(path)) {
                files = under(path, file -> true, trimmed);
            } else if (Files.isRegularFile(path)) {
                if (DataFormat.of(path) == null) {
                    throw new DataQueryException(DataQueryException.Kind.SOURCE,
                            path + " is not a data file: a dataset is made of " + DataFormat.known() + " files");
                }
                files = List.of(real(path));
            } else {
                throw new DataQueryException(DataQueryException.Kind.SOURCE, "no such file or folder: " + path);
            }
        }
        if (files.isEmpty()) {
            throw new DataQueryException(DataQueryException.Kind.SOURCE,
                    "no " + DataFormat.known() + " file in " + trimmed + (glob >= 0 ? " (the glob matched none)" : ""));
        }
        return new DatasetSource(trimmed, files);
    }

    /** The formats present, in {@link DataFormat} order. */
    public List<DataFormat> formats() {
        return files.stream().map(DataFormat::of).distinct().sorted().toList();
    }

    /** The files of one format. */
    public List<Path> files(DataFormat format) {
        return files.stream().filter(file -> DataFormat.of(file) == format).toList();
    }

    private static int firstGlobCharacter(String spec) {
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return -1;
    }

    /** The folder before the first glob character is walked; the whole glob is matched against absolute paths. */
    private static List<Path> matching(String spec, int glob, Path base) {
        String head = spec.substring(0, glob);
        int slash = head.lastIndexOf('/');
        Path root;
        String pattern;
        try {
            root = base.resolve(slash < 0 ? "." : head.substring(0, slash + 1)).toAbsolutePath().normalize();
            pattern = root + "/" + spec.substring(slash + 1);
        } catch (InvalidPathException e) {
            throw new DataQueryException(DataQueryException.Kind.SOURCE, "not a path or glob: " + spec + ": " + e.getMessage());
        }
        if (!Files.isDirectory(root)) {
            throw new DataQueryException(DataQueryException.Kind.SOURCE, "no such folder: " + root + " (in the glob " + spec + ")");
        }
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (IllegalArgumentException e) {
            throw new DataQueryException(DataQueryException.Kind.SOURCE, "not a valid glob: " + spec + ": " + e.getMessage());
        }
        return under(root, matcher::matches, spec);
    }

    /** Data files under a folder, hidden ones (temporary outputs being written) left out, links not followed. */
    private static List<Path> under(Path root, PathMatcher accept, String spec) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(file -> !hidden(root, file))
                    .filter(file -> DataFormat.of(file) != null)
                    .filter(accept::matches)
                    .forEach(file -> {
                        if (files.size() >= MAX_FILES) {
                            throw new DataQueryException(DataQueryException.Kind.SOURCE, spec + " has more than " + MAX_FILES
                                    + " data files: choose a folder or glob closer to the data");
                        }
                        files.add(real(file));
                    });
        } catch (IOException | UncheckedIOException e) {
            throw new DataQueryException(DataQueryException.Kind.SOURCE, "cannot list " + root + ": " + e.getMessage(), -1, e);
        }
        files.sort(Comparator.naturalOrder());
        return files;
    }

    private static boolean hidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static Path real(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            throw new DataQueryException(DataQueryException.Kind.SOURCE, "cannot read " + file + ": " + e.getMessage(), -1, e);
        }
    }
}
