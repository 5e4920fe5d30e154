package org.agilab.api;

import java.nio.file.Path;

/**
 * Input data that an app cannot use: a malformed row, a missing column, an empty folder. AGILab reports it as a
 * {@code data} error naming the file, the line and the column, so the user can fix the data.
 */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;
    private final String column;

    /**
     * @param file the file or folder at fault
     * @param line the 1-based line in the file, or 0 when the problem is not on one line
     * @param column the column at fault, or null
     */
    public DataException(Path file, long line, String column, String message) {
        super(message);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Path file() {
        return file;
    }

    public long line() {
        return line;
    }

    public String column() {
        return column;
    }
}
