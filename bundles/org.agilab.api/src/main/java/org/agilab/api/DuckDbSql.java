package org.agilab.api;

import java.util.Collection;

/** SQL text for DuckDB workers: quoted literals and identifiers, file lists for {@code read_csv}/{@code read_parquet}. */
public final class DuckDbSql {

    private DuckDbSql() {
    }

    /** A string literal: {@code it's} becomes {@code 'it''s'}. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A quoted identifier: {@code a"b} becomes {@code "a""b"}. */
    public static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A list of string literals, {@code ['a.csv', 'b.csv']}: what read_csv and read_parquet take for several files. */
    public static String list(Collection<String> values) {
        StringBuilder list = new StringBuilder("[");
        for (String value : values) {
            if (list.length() > 1) {
                list.append(", ");
            }
            list.append(literal(value));
        }
        return list.append(']').toString();
    }

    /** {@code read_csv([files], options)}; {@code options} without parentheses, may be empty. */
    public static String readCsv(Collection<String> files, String options) {
        return "read_csv(" + list(files) + (options == null || options.isBlank() ? "" : ", " + options) + ")";
    }

    /** {@code read_parquet([files], options)}; {@code options} without parentheses, may be empty. */
    public static String readParquet(Collection<String> files, String options) {
        return "read_parquet(" + list(files) + (options == null || options.isBlank() ? "" : ", " + options) + ")";
    }
}
