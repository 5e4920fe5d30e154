package org.agilab.api;

import java.util.List;

/**
 * Rows of a query, column by column, for Java kernels over DuckDB results ({@link DuckDbContext#batches}). Integer
 * columns (TINYINT to BIGINT, and TIMESTAMP as epoch microseconds) come as {@code long[]}, floating ones (FLOAT,
 * DOUBLE, DECIMAL) as {@code double[]} with NULL as NaN, the others as {@code String[]} with NULL as null. Only the
 * first {@link #size()} entries of each array are this batch's.
 */
public final class ColumnBatch {

    private final List<String> names;
    private final Object[] columns;
    private final boolean[][] nulls;
    private int size;

    public ColumnBatch(List<String> names, Object[] columns, boolean[][] nulls) {
        this.names = List.copyOf(names);
        this.columns = columns;
        this.nulls = nulls;
    }

    public int size() {
        return size;
    }

    /** Set by the producer of the batch. */
    public void size(int rows) {
        this.size = rows;
    }

    public List<String> names() {
        return names;
    }

    public int column(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no column '" + name + "' in " + names);
        }
        return index;
    }

    public long[] longs(String name) {
        return (long[]) typed(name, long[].class);
    }

    public double[] doubles(String name) {
        return (double[]) typed(name, double[].class);
    }

    public String[] strings(String name) {
        return (String[]) typed(name, String[].class);
    }

    /** Whether row {@code row} of the column is NULL. */
    public boolean isNull(String name, int row) {
        return nulls[column(name)][row];
    }

    private Object typed(String name, Class<?> type) {
        Object values = columns[column(name)];
        if (!type.isInstance(values)) {
            throw new IllegalArgumentException("column '" + name + "' is " + values.getClass().getSimpleName() + ", not "
                    + type.getSimpleName());
        }
        return values;
    }
}
