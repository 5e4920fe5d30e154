package org.agilab.runtime.io;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * DuckDB connections, reached by class name: the runtime does not compile against DuckDB (it is on every manager
 * classpath and, in the IDE, an optional import of this bundle), and the driver is called directly rather than
 * through {@code DriverManager}, which refuses drivers its caller's class loader did not load (OSGi).
 */
public final class DuckDb {

    private static final String DRIVER = "org.duckdb.DuckDBDriver";

    private DuckDb() {
    }

    /** Opens {@code url} ({@code jdbc:duckdb:} is an in-memory database) with the driver's properties. */
    public static Connection connect(String url, Properties properties) throws SQLException {
        Driver driver;
        try {
            driver = (Driver) Class.forName(DRIVER, true, DuckDb.class.getClassLoader()).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new SQLException("DuckDB is not on the classpath (org.duckdb.duckdb_jdbc): " + e, e);
        }
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            throw new SQLException("DuckDB refused the URL " + url);
        }
        return connection;
    }

    /**
     * Another connection to the same database ({@code DuckDBConnection.duplicate}): it shares the catalog and the
     * settings, while its statements run and are cancelled independently of the first connection's.
     */
    public static Connection duplicate(Connection connection) throws SQLException {
        try {
            return (Connection) connection.getClass().getMethod("duplicate").invoke(connection);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException("cannot duplicate the DuckDB connection: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new SQLException("not a DuckDB connection: " + connection.getClass().getName(), e);
        }
    }
}
