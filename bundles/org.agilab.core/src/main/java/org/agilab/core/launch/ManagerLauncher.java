package org.agilab.core.launch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.agilab.runtime.launch.ManagerClasspath;
import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.Platform;
import org.osgi.framework.Bundle;

/**
 * Starts manager JVMs from inside Equinox (the headless application now, the IDE's launches later): the classpath is
 * the files of the bundles {@link ManagerClasspath#REQUIRED_BUNDLES} names, as the running framework installed them.
 * The manager always runs with {@code --protocol}: events come back on its stdout, control goes to its stdin.
 */
public final class ManagerLauncher {

    private final Path javaExecutable;
    private final List<String> jvmOptions;

    public ManagerLauncher(Path javaExecutable, List<String> jvmOptions) {
        this.javaExecutable = javaExecutable;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** A launcher using the JVM that runs Eclipse, with the options the manager's Ignite client needs. */
    public static ManagerLauncher withCurrentJava() {
        return new ManagerLauncher(ManagerClasspath.currentJava(), org.agilab.runtime.cluster.ClusterJvm.options());
    }

    /**
     * The manager classpath from the installed bundles.
     *
     * @throws IllegalStateException naming a required bundle that is missing or not a plain jar
     */
    public static List<Path> classpath() {
        List<Path> jars = new ArrayList<>();
        for (String symbolicName : ManagerClasspath.REQUIRED_BUNDLES) {
            jars.add(bundleLocation(symbolicName));
        }
        return jars;
    }

    /**
     * The jar of an installed bundle, or its output folder when it is unpacked (a self-hosted IDE, the tests).
     *
     * @throws IllegalStateException naming the bundle when it is missing or has no file
     */
    public static Path bundleLocation(String symbolicName) {
        Bundle bundle = Platform.getBundle(symbolicName);
        if (bundle == null) {
            throw new IllegalStateException("bundle " + symbolicName + " is not installed: the AGILab installation is incomplete");
        }
        Optional<File> file;
        try {
            file = Optional.ofNullable(FileLocator.getBundleFile(bundle));
        } catch (IOException e) {
            throw new IllegalStateException("cannot locate bundle " + symbolicName + ": " + e.getMessage(), e);
        }
        if (file.isEmpty()) {
            throw new IllegalStateException("bundle " + symbolicName + " has no file location");
        }
        return jarOrClassesFolder(file.get().toPath());
    }

    /** An unpacked bundle (as in a self-hosted IDE) contributes its output folder; a jar contributes itself. */
    private static Path jarOrClassesFolder(Path location) {
        if (location.toFile().isDirectory()) {
            Path classes = location.resolve("target").resolve("classes");
            return classes.toFile().isDirectory() ? classes : location;
        }
        return location;
    }

    /**
     * Starts a manager.
     *
     * @param arguments the command and its options; secrets must not be among them
     * @param environment extra environment variables (e.g. AGILAB_HOME); the manager inherits the rest
     * @param workingDirectory the manager's working directory
     */
    public ManagerProcess start(List<String> arguments, Map<String, String> environment, Path workingDirectory,
            ManagerProcess.Listener listener) throws IOException {
        List<String> withProtocol = new ArrayList<>(arguments);
        withProtocol.add("--protocol");
        ProcessBuilder builder = new ProcessBuilder(ManagerClasspath.command(javaExecutable, classpath(), jvmOptions, withProtocol));
        builder.directory(workingDirectory.toFile());
        builder.environment().putAll(environment);
        return new ManagerProcess(builder.start(), listener);
    }
}
