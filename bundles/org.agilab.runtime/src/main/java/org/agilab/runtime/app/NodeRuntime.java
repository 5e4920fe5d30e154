package org.agilab.runtime.app;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;

import org.agilab.api.ExecutionMode;
import org.agilab.runtime.RuntimeInfo;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;

/**
 * What every worker gets from AGILab: the app API, the runtime (the node entry point, later) and DuckDB for tabular
 * I/O. Found where the manager loaded them from, so the product, an IDE install and a test run stage the same thing.
 */
public final class NodeRuntime {

    static final String DUCKDB_DRIVER = "org.duckdb.DuckDBDriver";

    private NodeRuntime() {
    }

    /** The jar (or classes folder) holding the app API. */
    public static Path apiLocation() {
        return locationOf(ExecutionMode.class);
    }

    public static Path runtimeLocation() {
        return locationOf(RuntimeInfo.class);
    }

    /** @throws AgilabException (install) when DuckDB is not on the manager's classpath */
    public static Path duckdbLocation() {
        try {
            return locationOf(Class.forName(DUCKDB_DRIVER, false, NodeRuntime.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            throw AgilabException.of(FailureClass.INSTALL, "DuckDB JDBC is not on the manager's classpath")
                    .hint("the AGILab installation is incomplete: rebuild the product (./mvnw install)").build();
        }
    }

    /** What app code compiles against: the API and DuckDB (plus the app's own lib/ jars). */
    public static List<Path> compileClasspath() {
        return List.of(apiLocation(), duckdbLocation());
    }

    /** Ignite for node JVMs: ignite-core and its JCache API. */
    public static List<Path> igniteLocations() {
        try {
            ClassLoader loader = NodeRuntime.class.getClassLoader();
            return List.of(locationOf(Class.forName("org.apache.ignite.Ignition", false, loader)),
                    locationOf(Class.forName("javax.cache.Cache", false, loader)));
        } catch (ClassNotFoundException e) {
            throw AgilabException.of(FailureClass.INSTALL, "Apache Ignite is not on the manager's classpath")
                    .hint("the AGILab installation is incomplete: rebuild the product (./mvnw install)").build();
        }
    }

    static Path locationOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IllegalStateException(type.getName() + " has no code source");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + type.getName(), e);
        }
    }
}
