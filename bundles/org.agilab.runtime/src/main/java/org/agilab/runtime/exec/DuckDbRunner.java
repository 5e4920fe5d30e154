package org.agilab.runtime.exec;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.agilab.api.AppLog;
import org.agilab.api.ColumnBatch;
import org.agilab.api.DuckDbContext;
import org.agilab.api.DuckDbWorker;
import org.agilab.api.ExecutionMode;
import org.agilab.api.OutputFile;
import org.agilab.api.Work;
import org.agilab.runtime.app.AppFailures;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.Events;

/**
 * Runs the works of a {@link DuckDbWorker}: one in-memory DuckDB database per worker, with as many DuckDB threads as
 * the pool is wide (1 without the pool bit), and up to that many works at once, each on its own connection. DuckDB is
 * reached through JDBC by class name (the runtime does not compile against it): it is on every manager and node
 * classpath, and app code sees the same classes.
 */
final class DuckDbRunner {

    static final String DRIVER = "org.duckdb.DuckDBDriver";

    private DuckDbRunner() {
    }

    /** Works that may run at once, which is also DuckDB's thread count: 1, or the CPUs (capped) in pool mode. */
    static int width(ExecutionMode mode, List<Work> works) {
        return LocalRunner.poolWidth(mode, List.of(Work.partition("all", works.stream().map(Work::name).toList())), false);
    }

    /** An in-memory database with {@code threads} threads. */
    static Connection open(int threads) throws SQLException {
        Driver driver;
        try {
            driver = (Driver) Class.forName(DRIVER, true, DuckDbRunner.class.getClassLoader()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw AgilabException.of(FailureClass.INSTALL, "DuckDB JDBC cannot be loaded: " + e).cause(e)
                    .hint("DuckDB JDBC must be on the manager's and the nodes' classpath (reinstall AGILab)").build();
        }
        Connection database = driver.connect("jdbc:duckdb:", new Properties());
        try (Statement statement = database.createStatement()) {
            statement.execute("SET threads = " + threads);
        } catch (SQLException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /** Another connection to the same database (DuckDB's {@code duplicate()}), for a work running beside others. */
    static Connection duplicate(Connection database) throws SQLException {
        try {
            return (Connection) database.getClass().getMethod("duplicate").invoke(database);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException("duplicate failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new SQLException("this DuckDB connection cannot be duplicated: " + e, e);
        }
    }

    static long run(DuckDbWorker<Object> worker, List<Work> works, LocalWorkerContext context, int width, Events events) {
        String id = Integer.toString(context.workerId());
        Connection database;
        try {
            database = open(width);
        } catch (SQLException e) {
            throw AgilabException.of(FailureClass.INSTALL, "DuckDB could not open an in-memory database: " + e.getMessage()).cause(e).build();
        }
        List<Connection> connections = new ArrayList<>();
        ThreadLocal<Connection> own = new ThreadLocal<>();
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(width, task -> {
            Thread thread = new Thread(task, "agilab-duckdb-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (Work work : works) {
                done.add(pool.submit(() -> {
                    if (context.isCancelled()) {
                        throw AgilabException.of(FailureClass.CANCELLED, "cancelled before work " + work.name()).build();
                    }
                    Connection connection = own.get();
                    if (connection == null) {
                        synchronized (connections) {
                            connection = connections.isEmpty() && width == 1 ? database : duplicate(database);
                            connections.add(connection);
                        }
                        own.set(connection);
                    }
                    events.emit(Event.Item.started(id, work.name()));
                    long start = System.nanoTime();
                    long rows = worker.workDuckDb(new Context(context, connection, width), work);
                    events.emit(Event.Item.finished(id, work.name(), rows, (System.nanoTime() - start) / 1_000_000));
                    return rows;
                }));
            }
            long rows = 0;
            for (int i = 0; i < done.size(); i++) {
                try {
                    rows += done.get(i).get();
                } catch (ExecutionException e) {
                    done.forEach(f -> f.cancel(true));
                    throw AppFailures.classify(e.getCause(), "work " + works.get(i).name());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw AgilabException.of(FailureClass.CANCELLED, "interrupted").build();
                }
            }
            return rows;
        } finally {
            pool.shutdownNow();
            synchronized (connections) {
                for (Connection connection : connections) {
                    closeQuietly(connection);
                }
            }
            closeQuietly(database);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing an in-memory database cannot lose anything
        }
    }

    /** The context of one work: the worker's, plus the work's connection. */
    private record Context(LocalWorkerContext worker, Connection connection, int threads) implements DuckDbContext<Object> {

        @Override
        public Object args() {
            return worker.args();
        }

        @Override
        public int workerId() {
            return worker.workerId();
        }

        @Override
        public int workerCount() {
            return worker.workerCount();
        }

        @Override
        public String host() {
            return worker.host();
        }

        @Override
        public ExecutionMode mode() {
            return worker.mode();
        }

        @Override
        public Path resolveInput(String path) {
            return worker.resolveInput(path);
        }

        @Override
        public Path resolveOutput(String path) {
            return worker.resolveOutput(path);
        }

        @Override
        public AppLog log() {
            return worker.log();
        }

        @Override
        public OutputFile output(Path target, String holds) throws IOException {
            return worker.output(target, holds);
        }

        @Override
        public boolean isCancelled() {
            return worker.isCancelled();
        }

        @Override
        public long copy(String query, Path target, String holds, String options) throws IOException, SQLException {
            try (OutputFile out = output(target, holds); Statement statement = connection.createStatement()) {
                String file = out.temporary().toString().replace("'", "''");
                long rows = statement.executeLargeUpdate("COPY (" + query + ") TO '" + file + "' (" + options + ")");
                out.commit();
                return rows;
            }
        }

        @Override
        public void batches(String query, int batchRows, BatchHandler handler) throws Exception {
            if (batchRows < 1) {
                throw new IllegalArgumentException("batchRows must be at least 1, not " + batchRows);
            }
            try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
                ResultSetMetaData meta = result.getMetaData();
                int columns = meta.getColumnCount();
                List<String> names = new ArrayList<>(columns);
                Object[] arrays = new Object[columns];
                boolean[][] nulls = new boolean[columns][batchRows];
                int[] kinds = new int[columns];
                for (int c = 0; c < columns; c++) {
                    names.add(meta.getColumnLabel(c + 1));
                    kinds[c] = kind(meta.getColumnType(c + 1));
                    arrays[c] = switch (kinds[c]) {
                        case LONG, TIMESTAMP -> new long[batchRows];
                        case DOUBLE -> new double[batchRows];
                        default -> new String[batchRows];
                    };
                }
                ColumnBatch batch = new ColumnBatch(names, arrays, nulls);
                int size = 0;
                while (result.next()) {
                    for (int c = 0; c < columns; c++) {
                        switch (kinds[c]) {
                            case LONG -> {
                                ((long[]) arrays[c])[size] = result.getLong(c + 1);
                                nulls[c][size] = result.wasNull();
                            }
                            case TIMESTAMP -> {
                                java.time.LocalDateTime value = result.getObject(c + 1, java.time.LocalDateTime.class);
                                nulls[c][size] = value == null;
                                ((long[]) arrays[c])[size] = value == null ? 0
                                        : value.toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L + value.getNano() / 1_000L;
                            }
                            case DOUBLE -> {
                                double value = result.getDouble(c + 1);
                                boolean isNull = result.wasNull();
                                ((double[]) arrays[c])[size] = isNull ? Double.NaN : value;
                                nulls[c][size] = isNull;
                            }
                            default -> {
                                String value = result.getString(c + 1);
                                ((String[]) arrays[c])[size] = value;
                                nulls[c][size] = value == null;
                            }
                        }
                    }
                    if (++size == batchRows) {
                        batch.size(size);
                        handler.batch(batch);
                        size = 0;
                    }
                }
                if (size > 0) {
                    batch.size(size);
                    handler.batch(batch);
                }
            }
        }
    }

    private static final int LONG = 0;
    private static final int DOUBLE = 1;
    private static final int TIMESTAMP = 2;
    private static final int OTHER = 3;

    private static int kind(int sqlType) {
        return switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> LONG;
            case Types.FLOAT, Types.REAL, Types.DOUBLE, Types.DECIMAL, Types.NUMERIC -> DOUBLE;
            case Types.TIMESTAMP -> TIMESTAMP;
            default -> OTHER;
        };
    }

}
