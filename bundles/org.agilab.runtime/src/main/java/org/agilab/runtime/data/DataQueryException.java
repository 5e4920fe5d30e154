package org.agilab.runtime.data;

/**
 * A data service query that did not give an answer: why ({@link Kind}), what to do about it, and for a filter the
 * offset in the user's expression where the problem is (so an editor can mark it), or -1.
 */
public final class DataQueryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a query gave no answer. */
    public enum Kind {
        /** The text writes, or reaches outside the dataset (a statement, a subquery, a file of its own). */
        REFUSED,
        /** The filter is not a valid expression over the dataset's columns. */
        INVALID,
        /** The caller cancelled it. */
        CANCELLED,
        /** It ran longer than the dataset's timeout and was cancelled. */
        TIMEOUT,
        /** The dataset's files are missing, unreadable or of no known format. */
        SOURCE,
        /** DuckDB failed otherwise (bad data, out of memory). */
        FAILED
    }

    private final Kind kind;
    private final int position;

    public DataQueryException(Kind kind, String message, int position, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.position = position;
    }

    public DataQueryException(Kind kind, String message) {
        this(kind, message, -1, null);
    }

    public Kind kind() {
        return kind;
    }

    /** 0-based offset in the filter expression, or -1 when the problem has no place there. */
    public int position() {
        return position;
    }
}
