package org.agilab.api;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a {@link DuckDbWorker} gets for one work: the worker's context, plus the work's DuckDB connection and helpers
 * that keep outputs atomic. The connection is plain JDBC ({@code java.sql}); app code that wants DuckDB's own API (the
 * appender, for rows computed in Java) unwraps it: {@code connection().unwrap(org.duckdb.DuckDBConnection.class)}.
 * Build SQL text with {@link DuckDbSql} (quoted literals and file lists), never by pasting raw names.
 */
public interface DuckDbContext<A> extends WorkerContext<A> {

    /** This work's connection to the worker's in-memory database; closed by AGILab, not by the app. */
    Connection connection();

    /** DuckDB's threads in this worker's database: 1, or the pool width in pool mode. */
    int threads();

    /**
     * Writes the rows of {@code query} to {@code target} with DuckDB's {@code COPY (query) TO ... (options)}, as an
     * {@link OutputFile} of this run: DuckDB writes the temporary file, which is renamed over the target only when
     * the copy succeeded. {@code options} is COPY's option list without parentheses, e.g. {@code "FORMAT csv, HEADER"}
     * or {@code "FORMAT parquet, COMPRESSION zstd"}; {@code holds} is as in {@link #output}.
     *
     * @return the number of rows written
     */
    long copy(String query, Path target, String holds, String options) throws IOException, SQLException;

    /**
     * Runs {@code query} and hands its rows to {@code handler} in batches of at most {@code batchRows}, column by
     * column (a Java kernel over DuckDB's rows). The batch's arrays are reused between calls: copy what you keep.
     */
    void batches(String query, int batchRows, BatchHandler handler) throws Exception;

    /** Receives one batch of a query's rows. */
    @FunctionalInterface
    interface BatchHandler {
        void batch(ColumnBatch batch) throws Exception;
    }
}
