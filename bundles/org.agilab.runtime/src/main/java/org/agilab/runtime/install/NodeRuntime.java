package org.agilab.runtime.install;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;

import org.agilab.api.ExecutionMode;
import org.agilab.runtime.RuntimeInfo;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.ContentHash;

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

    private static volatile String fingerprint;

    /**
     * The identity of the API and runtime builds that nodes get: a content hash of their jars (their size and time
     * per class file when they are class folders, as in tests). Part of every install hash, so a rebuilt runtime is
     * staged again and replaces warm nodes even when its version string did not change.
     */
    public static String fingerprint() {
        String known = fingerprint;
        if (known == null) {
            ContentHash hash = new ContentHash("agilab-node-runtime-v1");
            try {
                for (Path location : List.of(apiLocation(), runtimeLocation())) {
                    if (java.nio.file.Files.isDirectory(location)) {
                        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(location)) {
                            for (Path file : files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                                hash.text(location.relativize(file).toString(), java.nio.file.Files.size(file) + "@"
                                        + java.nio.file.Files.getLastModifiedTime(file).toMillis());
                            }
                        }
                    } else {
                        hash.file(location.getFileName().toString(), location);
                    }
                }
            } catch (java.io.IOException e) {
                throw AgilabException.of(FailureClass.INSTALL, "cannot read the AGILab runtime: " + e.getMessage()).cause(e)
                        .hint("the AGILab installation is incomplete: rebuild the product (./mvnw install)").build();
            }
            known = fingerprint = hash.hex();
        }
        return known;
    }

    /**
     * A cheap identity of the same builds: each jar's path, size and time (class folders as in {@link #fingerprint}).
     * A rebuild changes it; it costs a few stat calls where the content hash reads the jars, which matters to the CLI,
     * which checks it against the coordinator's before every warm run.
     */
    public static String stamp() {
        StringBuilder stamp = new StringBuilder();
        for (Path location : List.of(apiLocation(), runtimeLocation())) {
            try {
                if (java.nio.file.Files.isDirectory(location)) {
                    stamp.append(location).append('=').append(fingerprint()).append(';');
                } else {
                    stamp.append(location).append('=').append(java.nio.file.Files.size(location)).append('@')
                            .append(java.nio.file.Files.getLastModifiedTime(location).toMillis()).append(';');
                }
            } catch (java.io.IOException e) {
                stamp.append(location).append("=unreadable;");
            }
        }
        return stamp.toString();
    }

    /** What app code compiles against: the API and DuckDB (plus the app's own lib/ jars). */
    public static List<Path> compileClasspath() {
        return List.of(apiLocation(), duckdbLocation());
    }

    /** Gson, the JSON codec the node side of the runtime reads and writes with. */
    public static Path gsonLocation() {
        return locationOf(com.google.gson.Gson.class);
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
