package org.agilab.runtime.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A SQL text split into its statements at the semicolons that end them: not those inside quotes ({@code '...'},
 * {@code "..."}), dollar-quoted strings ({@code $$...$$}) or comments ({@code --}, {@code /* *}{@code /}). Empty
 * statements are dropped.
 */
final class SqlScript {

    private SqlScript() {
    }

    static List<String> split(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < n) {
                    if (sql.charAt(end) == c) {
                        if (end + 1 < n && sql.charAt(end + 1) == c) {
                            end += 2; // '' inside a string
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                current.append(sql, i, Math.min(n, end + 1));
                i = end + 1;
            } else if (c == '$' && i + 1 < n && sql.charAt(i + 1) == '$') {
                int end = sql.indexOf("$$", i + 2);
                end = end < 0 ? n : end + 2;
                current.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                current.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                current.append(sql, i, end);
                i = end;
            } else if (c == ';') {
                add(statements, current);
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!withoutComments(text).isBlank()) {
            statements.add(text);
        }
    }

    /** Whether a statement returns rows (so its result can be written to a file with COPY). */
    static boolean isQuery(String statement) {
        String head = withoutComments(statement).stripLeading().toLowerCase(Locale.ROOT);
        for (String word : List.of("select", "with", "from", "values", "table", "pivot", "unpivot", "summarize", "describe", "(")) {
            if (head.startsWith(word)) {
                return true;
            }
        }
        return false;
    }

    private static String withoutComments(String text) {
        return text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\n]*", " ");
    }
}
