package org.agilab.api;

/**
 * The DuckDB family, beside the data and DAG families (upstream's pandas/polars/fireducks workers, in the Java world's
 * columnar engine): a work's items (files) are read by DuckDB ({@code read_csv}, {@code read_parquet}: its parallel
 * readers), the kernel runs as SQL or in Java over batches ({@link DuckDbContext#batches}), and the outputs are written
 * by DuckDB ({@link DuckDbContext#copy}: {@code COPY ... TO} a file written whole or not at all).
 *
 * <p>Each worker has one in-memory DuckDB database with {@link DuckDbContext#threads()} threads: 1 without the pool
 * bit, the pool's width with it ({@code p}), when up to that many works also run at once, each on its own connection.
 * {@link #workDuckDb} is called once per work with a context whose {@link DuckDbContext#connection() connection} is
 * the work's own: temporary tables made there are the work's (drop them when done, or name them after the work).
 *
 * <p>A worker may implement {@link DataWorker} too and choose per run: {@link #runsOnDuckDb} says whether this run
 * takes the DuckDB family (say, from an {@code engine} arg); when it says no, the data family runs.
 *
 * @param <A> the app's typed args
 */
public interface DuckDbWorker<A> extends Worker<A> {

    /**
     * Processes one work in DuckDB. In pool mode, works of the same worker run at the same time on different
     * connections, so state shared across works must be thread-safe.
     *
     * @return the number of rows the work produced, reported in the run's events
     */
    long workDuckDb(DuckDbContext<A> context, Work work) throws Exception;

    /** Whether this run uses the DuckDB family (the default); a worker that is also a {@link DataWorker} may say no. */
    default boolean runsOnDuckDb(A args) {
        return true;
    }
}
