package org.agilab.runtime.workflow;

import java.util.ArrayList;
import java.util.List;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;

/**
 * A command line written as one string, split into words as a POSIX shell would without expanding anything: blanks
 * separate words, {@code '...'} keeps everything, {@code "..."} keeps everything but {@code \"} and {@code \\}, a
 * backslash outside quotes keeps the next character. No variables, globs or substitutions: an {@code agilab} stage is a
 * command line, not a script.
 */
final class CommandWords {

    private CommandWords() {
    }

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw unclosed("'");
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end;
            } else if (c == '"') {
                int j = i + 1;
                while (j < n && line.charAt(j) != '"') {
                    if (line.charAt(j) == '\\' && j + 1 < n && (line.charAt(j + 1) == '"' || line.charAt(j + 1) == '\\')) {
                        j++;
                    }
                    word.append(line.charAt(j));
                    j++;
                }
                if (j >= n) {
                    throw unclosed("\"");
                }
                inWord = true;
                i = j;
            } else if (c == '\\' && i + 1 < n) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * Words written as one line that {@link #split} reads back to the same words: a word of letters, digits and
     * {@code - _ . / , : = + @ %} as it is, any other in single quotes ({@code '} itself as {@code '"'"'}).
     */
    static String join(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            if (!word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./,:=+@%".indexOf(c) >= 0)) {
                line.append(word);
            } else {
                line.append('\'').append(word.replace("'", "'\"'\"'")).append('\'');
            }
        }
        return line.toString();
    }

    private static AgilabException unclosed(String quote) {
        return AgilabException.of(FailureClass.USAGE, "a " + quote + " is not closed").hint("close the quote in the stage's C").build();
    }
}
