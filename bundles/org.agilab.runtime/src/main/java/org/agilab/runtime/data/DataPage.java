package org.agilab.runtime.data;

import java.util.List;

/**
 * Rows {@code offset .. offset + rows.size() - 1} of a dataset's filtered and sorted view. A value is a
 * {@link Number}, a {@link Boolean}, null, or DuckDB's text for anything else (dates, lists, structs).
 */
public record DataPage(List<DataColumn> columns, long offset, List<Object[]> rows) {

    public DataPage {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
