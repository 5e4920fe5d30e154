package org.agilab.runtime.data;

import java.util.Locale;
import java.util.Set;

/**
 * A column of a dataset: its name and DuckDB type ({@code BIGINT}, {@code DOUBLE}, {@code VARCHAR},
 * {@code TIMESTAMP}...).
 */
public record DataColumn(String name, String type) {

    private static final Set<String> NUMERIC = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
            "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "REAL");

    /** Whether it has a mean and equal-width histogram bins (numbers, decimals). */
    public boolean numeric() {
        String upper = type.toUpperCase(Locale.ROOT);
        return NUMERIC.contains(upper) || upper.startsWith("DECIMAL");
    }

    /** Whether it is a date or a timestamp (charted as milliseconds since the epoch). */
    public boolean temporal() {
        String upper = type.toUpperCase(Locale.ROOT);
        return upper.equals("DATE") || upper.startsWith("TIMESTAMP");
    }

    /** The name as a DuckDB identifier, quoted, so any name (spaces, keywords, quotes) is taken literally. */
    public String quoted() {
        return quote(name);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
