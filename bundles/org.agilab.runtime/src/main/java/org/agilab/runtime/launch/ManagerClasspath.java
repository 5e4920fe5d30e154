package org.agilab.runtime.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain classpath of a manager JVM, computed from installed bundles: the runtime, the API and the libraries the
 * runtime uses, each one jar. Two ways to find them, one list of names:
 * <ul>
 * <li>a product (the headless {@code agilab} product, or any p2 install): read
 * {@code configuration/org.eclipse.equinox.simpleconfigurator/bundles.info}, which lists every installed bundle with
 * its version and location, and take the highest version of each required bundle;</li>
 * <li>a running Equinox (the IDE, the headless application): ask the framework for each bundle's file
 * ({@code org.agilab.core}'s ManagerLauncher does this with FileLocator).</li>
 * </ul>
 * This class uses only the JDK, because {@link ManagerBoot} runs it before anything else is on the classpath.
 */
public final class ManagerClasspath {

    /** Bundles whose jars make the manager classpath, in classpath order. Add a bundle here when the runtime needs it. */
    public static final List<String> REQUIRED_BUNDLES = List.of(
            "org.agilab.runtime",
            "org.agilab.api",
            "wrapped.org.tomlj.tomlj",
            "org.antlr.antlr4-runtime",
            // the one JSON codec (events, records, plans); staged for the nodes
            "com.google.gson",
            // the Eclipse compiler, reached through javax.tools to compile apps
            "org.eclipse.jdt.core.compiler.batch",
            // tabular I/O for apps; staged beside every worker
            "org.duckdb.duckdb_jdbc",
            // the cluster client in the manager, staged for the nodes
            "wrapped.org.apache.ignite.ignite-core",
            "javax.cache.api",
            // SSH to worker hosts: the manager only, never staged for the nodes
            "com.github.mwiede.jsch");

    public static final String MAIN_CLASS = "org.agilab.runtime.manager.ManagerMain";
    /** The main class of a coordinator process: the manager serving callers' requests ({@code cluster.Coordinator.spawn}). */
    public static final String COORDINATOR_CLASS = "org.agilab.runtime.manager.CoordinatorMain";
    /** The main class of an app's service process ({@code serve start}): it runs the service queue's tasks. */
    public static final String SERVICE_CLASS = "org.agilab.runtime.manager.ServiceMain";

    /** Set by ManagerBoot to the jars it loaded, so a manager can start another JVM (the coordinator) like itself. */
    public static final String CLASSPATH_PROPERTY = "agilab.manager.classpath";

    static final String BUNDLES_INFO = "configuration/org.eclipse.equinox.simpleconfigurator/bundles.info";

    private ManagerClasspath() {
    }

    /**
     * The required jars of an installed product.
     *
     * @param productRoot the folder holding {@code plugins/} and {@code configuration/}
     * @throws IllegalStateException naming the file and the missing bundle
     */
    public static List<Path> fromProduct(Path productRoot) {
        Path info = productRoot.resolve(BUNDLES_INFO);
        List<String> lines;
        try {
            lines = Files.readAllLines(info, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + info + ": " + e.getMessage()
                    + " (is this an AGILab product folder? rebuild it with ./mvnw install)", e);
        }
        Map<String, String[]> best = new HashMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            // symbolicName,version,location,startLevel,autoStart
            String[] fields = line.split(",");
            if (fields.length < 3 || !REQUIRED_BUNDLES.contains(fields[0])) {
                continue;
            }
            String[] current = best.get(fields[0]);
            if (current == null || compareVersions(fields[1], current[1]) > 0) {
                best.put(fields[0], fields);
            }
        }
        List<Path> jars = new ArrayList<>();
        for (String bundle : REQUIRED_BUNDLES) {
            String[] fields = best.get(bundle);
            if (fields == null) {
                throw new IllegalStateException(info + " lists no bundle " + bundle + ": the product is incomplete; rebuild it");
            }
            String location = fields[2].startsWith("file:") ? fields[2].substring("file:".length()) : fields[2];
            Path jar = productRoot.resolve(location).normalize();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(info + " names " + jar + " for " + bundle + ", which is not a jar file");
            }
            jars.add(jar);
        }
        return jars;
    }

    /** The java command line that starts a manager: no secrets ever go here (they use stdin or the environment). */
    public static List<String> command(Path javaExecutable, List<Path> classpath, List<String> jvmOptions, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable.toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        command.add(MAIN_CLASS);
        command.addAll(arguments);
        return command;
    }

    /** The java of the running JVM. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** OSGi-style comparison: numeric major.minor.micro, then the qualifier as text. */
    static int compareVersions(String a, String b) {
        String[] left = a.split("\\.", 4);
        String[] right = b.split("\\.", 4);
        for (int i = 0; i < 3; i++) {
            int l = i < left.length ? parse(left[i]) : 0;
            int r = i < right.length ? parse(right[i]) : 0;
            if (l != r) {
                return Integer.compare(l, r);
            }
        }
        return (left.length > 3 ? left[3] : "").compareTo(right.length > 3 ? right[3] : "");
    }

    private static int parse(String number) {
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
