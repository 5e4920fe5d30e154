package org.agilab.runtime.node;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.agilab.runtime.install.Installer;

/**
 * What code a node runs: only the app it was started for. The manager names the staged worker jar when it starts the
 * node; the jar's manifest (written by the installer) names the worker and manager classes and the install hash. A
 * chunk job naming another class, hash, jar or classpath entry is refused before any of it is loaded. Below that,
 * Ignite's marshaller accepts only its own classes, the JDK's it lists, and {@link #ALLOWLIST_RESOURCE} (peer class
 * loading is off, so no class travels either).
 */
public final class NodeAdmission {

    /**
     * Ignite reads the allowed classes from this classpath resource (one class name per line), named by
     * {@code -DIGNITE_MARSHALLER_WHITELIST} in {@code ignite-jvm-options.txt}.
     */
    public static final String ALLOWLIST_RESOURCE = "org/agilab/runtime/node/marshaller-allowlist.txt";
    /** The staged worker jar this node serves, given by the manager at start. */
    public static final String WORKER_JAR_PROPERTY = "agilab.workerJar";

    /** The app a node was started for, from its staged worker jar's manifest. */
    record Staged(String workerJar, String workerClass, String managerClass, String installHash, Set<String> classpath) {
    }

    private static volatile Staged staged;

    private NodeAdmission() {
    }

    /**
     * The JVM options of every node started for {@code workerJar}; the marshaller allowlist comes with
     * {@code ClusterJvm.options()}, which every JVM running Ignite gets (nodes, the manager, the coordinator).
     */
    public static List<String> jvmOptions(Path workerJar) {
        return List.of("-D" + WORKER_JAR_PROPERTY + "=" + workerJar);
    }

    /** Reads the staged manifest named by {@link #WORKER_JAR_PROPERTY}; a node without one admits no chunk. */
    static void load() throws IOException {
        String jar = System.getProperty(WORKER_JAR_PROPERTY);
        if (jar == null) {
            return;
        }
        try (JarFile file = new JarFile(jar)) {
            Attributes attributes = file.getManifest() == null ? new Attributes() : file.getManifest().getMainAttributes();
            staged = new Staged(jar, attributes.getValue(Installer.MANIFEST_WORKER), attributes.getValue(Installer.MANIFEST_MANAGER),
                    attributes.getValue(Installer.MANIFEST_HASH),
                    Set.of(System.getProperty("java.class.path", "").split(File.pathSeparator)));
        }
    }

    /** The app this node was started for, or null before {@link #load()} or without a staged worker. */
    static Staged staged() {
        return staged;
    }

    /** Why this node refuses a chunk job naming these, or null when it is the node's own app. */
    static String refusal(String workerJar, String workerClass, String managerClass, String installHash, List<String> appClasspath) {
        Staged own = staged;
        if (own == null) {
            return "this node was started without a staged worker and runs no chunk";
        }
        if (!own.workerJar().equals(workerJar)) {
            return "the job names the worker jar " + workerJar + "; this node serves " + own.workerJar();
        }
        if (!own.workerClass().equals(workerClass) || !own.managerClass().equals(managerClass)) {
            return "the job names the classes " + workerClass + " and " + managerClass + "; this node runs only " + own.workerClass()
                    + " and " + own.managerClass() + " (its staged manifest)";
        }
        if (!own.installHash().equals(installHash)) {
            return "the job is for install " + installHash + "; this node was started for " + own.installHash();
        }
        for (String entry : appClasspath) {
            if (!own.classpath().contains(entry)) {
                return "the job names " + entry + ", which is not on this node's classpath";
            }
        }
        return null;
    }
}
