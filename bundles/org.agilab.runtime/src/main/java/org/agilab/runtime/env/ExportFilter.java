package org.agilab.runtime.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;

/**
 * What an app export leaves out: upstream's export filter, the app's {@code .gitignore} read with git's rules
 * ({@code #} comments, {@code !} to take a path back, a trailing {@code /} for folders only, a pattern with a
 * {@code /} anchored at the app's root, {@code *}, {@code ?}, {@code [..]} and {@code **}). Build outputs and IDE
 * caches ({@link #DEFAULTS}) are left out before the file's own lines, which may take them back with {@code !}.
 * A folder left out takes everything under it along, as in git.
 */
public final class ExportFilter {

    public static final String FILE_NAME = ".gitignore";
    /** Never an app's content: build outputs, IDE caches, version control. */
    public static final List<String> DEFAULTS = List.of("target/", "bin/", ".settings/", ".git/", ".DS_Store");

    private record Rule(Pattern pattern, boolean negated, boolean foldersOnly) {
    }

    private final List<Rule> rules;

    private ExportFilter(List<Rule> rules) {
        this.rules = rules;
    }

    /** The filter of an app folder: the defaults, then its {@code .gitignore} when it has one. */
    public static ExportFilter of(Path appFolder) {
        List<String> lines = new ArrayList<>(DEFAULTS);
        Path file = appFolder.resolve(FILE_NAME);
        if (Files.isRegularFile(file)) {
            try {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw AgilabException.of(FailureClass.SETTINGS, "cannot read the export filter: " + e.getMessage()).file(file)
                        .cause(e).hint("the export filter is a .gitignore-style text file in UTF-8").build();
            }
        }
        return parse(lines);
    }

    /** A filter of {@code .gitignore} lines. */
    public static ExportFilter parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : lines) {
            String line = stripTrailingSpaces(raw);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean negated = line.startsWith("!");
            if (negated || line.startsWith("\\!") || line.startsWith("\\#")) {
                line = line.substring(1);
            }
            boolean foldersOnly = line.endsWith("/");
            if (foldersOnly) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                continue;
            }
            // a slash at the start or in the middle anchors the pattern at the root; otherwise it matches at any depth
            boolean anchored = line.contains("/");
            if (line.startsWith("/")) {
                line = line.substring(1);
            }
            String regex = (anchored ? "" : "(?:.*/)?") + translate(line);
            rules.add(new Rule(Pattern.compile(regex), negated, foldersOnly));
        }
        return new ExportFilter(rules);
    }

    /**
     * Whether a path is left out by its own rules (the caller skips the inside of a folder left out).
     *
     * @param relative the path relative to the app folder, with {@code /} separators
     */
    public boolean excludes(String relative, boolean folder) {
        boolean excluded = false;
        for (Rule rule : rules) {
            if ((!rule.foldersOnly() || folder) && rule.pattern().matcher(relative).matches()) {
                excluded = !rule.negated();
            }
        }
        return excluded;
    }

    private static String stripTrailingSpaces(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ' && !(end > 1 && line.charAt(end - 2) == '\\')) {
            end--;
        }
        return line.substring(0, end);
    }

    /** A glob as a regular expression over a whole relative path. */
    private static String translate(String glob) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*' && glob.startsWith("**", i)) {
                boolean atStart = i == 0 || glob.charAt(i - 1) == '/';
                boolean atEnd = i + 2 == glob.length();
                boolean beforeSlash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                if (atStart && beforeSlash) {
                    regex.append("(?:.*/)?"); // "**/": any folders, or none
                    i += 3;
                    continue;
                }
                if (atStart && atEnd) {
                    regex.append(".*");
                    i += 2;
                    continue;
                }
                regex.append("[^/]*"); // elsewhere ** is two stars
                i += 2;
                continue;
            }
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                case '[' -> {
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) {
                        regex.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, close);
                        if (set.startsWith("!")) {
                            set = "^" + set.substring(1);
                        }
                        regex.append('[').append(set.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                        i = close;
                    }
                }
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        return regex.toString();
    }
}
