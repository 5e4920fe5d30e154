package org.agilab.runtime.data;

import java.util.Locale;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.agilab.runtime.json.JsonCodec;

/**
 * Keeps a user's filter an expression over the dataset's columns, in three steps, each enough to stop a statement
 * from being run:
 * <ol>
 * <li>a scan of its text (strings and quoted names skipped) refuses what can only leave an expression: {@code ;},
 * comments, a {@code )} closing more than was opened, {@code $} (dollar-quoted strings, parameters), and a statement
 * keyword (COPY, ATTACH, SET...) where a statement could begin; its messages name what was refused and where;</li>
 * <li>DuckDB's own parser reads {@code SELECT 1 FROM dataset WHERE (<filter>)} ({@code json_serialize_sql}): it must be
 * exactly one SELECT, with no subquery in it (a subquery could read other tables or files);</li>
 * <li>the engine itself: external access off, only the dataset's own files allowed, configuration locked
 * ({@link Dataset}), so even a query that got past the first two could neither write nor read anything else.</li>
 * </ol>
 */
final class FilterGuard {

    /** Words that begin a statement that writes, loads code or reaches outside the dataset. */
    private static final Set<String> STATEMENTS = Set.of("COPY", "ATTACH", "DETACH", "INSTALL", "LOAD", "FORCE", "PRAGMA",
            "SET", "RESET", "CREATE", "INSERT", "UPDATE", "DELETE", "DROP", "ALTER", "EXPORT", "IMPORT", "CALL", "CHECKPOINT",
            "VACUUM", "USE", "TRUNCATE", "BEGIN", "COMMIT", "ROLLBACK", "PREPARE", "EXECUTE", "DEALLOCATE", "MERGE",
            "UPSERT", "SUMMARIZE", "DESCRIBE", "SHOW", "EXPLAIN", "WITH", "FROM", "SELECT", "VALUES", "TABLE", "PIVOT", "UNPIVOT");

    /** What precedes the filter in the query DuckDB's parser checks; positions it reports are relative to this. */
    static final String PARSE_PREFIX = "SELECT 1 FROM dataset WHERE (";

    private FilterGuard() {
    }

    /** Refuses what cannot be part of one expression; null or blank means no filter. */
    static void scan(String filter) {
        int depth = 0;
        boolean statementMayStart = true;
        int i = 0;
        int length = filter.length();
        while (i < length) {
            char c = filter.charAt(i);
            if (c == '\'' || c == '"') {
                int end = filter.indexOf(c, i + 1);
                while (end >= 0 && end + 1 < length && filter.charAt(end + 1) == c) {
                    end = filter.indexOf(c, end + 2);
                }
                if (end < 0) {
                    throw invalid(c == '\'' ? "a string is not closed: add the closing '" : "a quoted name is not closed: add the closing \"", i);
                }
                i = end + 1;
                statementMayStart = false;
                continue;
            }
            if (c == ';') {
                throw refused("';' ends the filter and would start another statement: a filter is one expression, such as speed > 100", i);
            }
            if (c == '$' || c == '?') {
                throw refused("'" + c + "' (parameters, dollar-quoted strings) is not allowed in a filter: write values, and quote strings with '...'", i);
            }
            if ((c == '-' && i + 1 < length && filter.charAt(i + 1) == '-') || (c == '/' && i + 1 < length && filter.charAt(i + 1) == '*')) {
                throw refused("comments are not allowed in a filter (they could hide the rest of the query)", i);
            }
            if (c == '(') {
                depth++;
                statementMayStart = true;
                i++;
                continue;
            }
            if (c == ')') {
                if (--depth < 0) {
                    throw refused("this ')' closes more than the filter opened: a filter cannot leave its WHERE clause", i);
                }
                statementMayStart = false;
                i++;
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < length && (Character.isLetterOrDigit(filter.charAt(i)) || filter.charAt(i) == '_')) {
                    i++;
                }
                String word = filter.substring(start, i).toUpperCase(Locale.ROOT);
                if (word.equals("E") && i < length && filter.charAt(i) == '\'') {
                    throw refused("E'...' strings (backslash escapes) are not allowed in a filter: write '...' and double a quote ('')", start);
                }
                if (statementMayStart && STATEMENTS.contains(word)) {
                    throw refused(word + " begins a statement, and the data service only reads: a filter is an expression over the"
                            + " dataset's columns, such as speed > 100" + (writes(word) ? " (" + word + " would write or reach outside the dataset)" : "")
                            + "; for a column of that name write it in double quotes: \"" + filter.substring(start, i) + "\"", start);
                }
                statementMayStart = false;
                continue;
            }
            if (!Character.isWhitespace(c)) {
                statementMayStart = false;
            }
            i++;
        }
        if (depth > 0) {
            throw invalid("a '(' is not closed: add " + depth + " ')'", length);
        }
    }

    private static boolean writes(String word) {
        return !Set.of("SELECT", "WITH", "FROM", "VALUES", "TABLE", "SUMMARIZE", "DESCRIBE", "SHOW", "EXPLAIN", "PIVOT", "UNPIVOT").contains(word);
    }

    /**
     * Checks DuckDB's parse of {@code SELECT 1 FROM dataset WHERE (<filter>)}, given as {@code json_serialize_sql}'s
     * answer: one SELECT, no subquery; a syntax error is reported at its place in the filter.
     */
    static void checkParse(String filter, String serialized) {
        JsonElement tree = JsonCodec.readTree(serialized);
        JsonObject root = tree.getAsJsonObject();
        if (root.has("error") && root.get("error").getAsBoolean()) {
            String message = root.has("error_message") ? root.get("error_message").getAsString() : serialized;
            int position = -1;
            if (root.has("position")) {
                position = Math.max(0, Math.min(filter.length(), Integer.parseInt(root.get("position").getAsString()) - PARSE_PREFIX.length()));
            }
            if (message.contains("Only SELECT statements")) {
                throw refused("the filter would add a statement to the query: a filter is one expression, such as speed > 100", position);
            }
            throw invalid("not a valid filter: " + message, position);
        }
        if (root.getAsJsonArray("statements").size() != 1) {
            throw refused("the filter would add a statement to the query: a filter is one expression, such as speed > 100", -1);
        }
        if (serialized.contains("\"class\":\"SUBQUERY\"") || serialized.contains("\"type\":\"TABLE_FUNCTION\"")) {
            throw refused("subqueries are not allowed in a filter: it is an expression over the dataset's own columns", -1);
        }
    }

    private static DataQueryException refused(String message, int position) {
        return new DataQueryException(DataQueryException.Kind.REFUSED, message, position, null);
    }

    private static DataQueryException invalid(String message, int position) {
        return new DataQueryException(DataQueryException.Kind.INVALID, message, position, null);
    }
}
