package org.agilab.core.internal.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.agilab.core.launch.ManagerLauncher;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jdt.core.ClasspathContainerInitializer;
import org.eclipse.jdt.core.IClasspathContainer;
import org.eclipse.jdt.core.IClasspathEntry;
import org.eclipse.jdt.core.IJavaProject;
import org.eclipse.jdt.core.JavaCore;
import org.eclipse.core.runtime.CoreException;

/**
 * "AGILab API": what app code compiles against, as {@code agilab install} compiles it: the {@code org.agilab.api}
 * bundle and DuckDB (the runtime's compile classpath), plus the jars in the app's {@code lib/}.
 */
public final class ApiClasspathContainer implements IClasspathContainer {

    public static final String ID = "org.agilab.core.API";
    public static final IPath PATH = IPath.fromOSString(ID);
    /** The bundles of the runtime's compile classpath (NodeRuntime.compileClasspath), by symbolic name. */
    static final List<String> BUNDLES = List.of("org.agilab.api", "org.duckdb.duckdb_jdbc");

    private final IPath path;
    private final IClasspathEntry[] entries;

    ApiClasspathContainer(IPath path, IJavaProject project) {
        this.path = path;
        List<IClasspathEntry> list = new ArrayList<>();
        for (String bundle : BUNDLES) {
            list.add(JavaCore.newLibraryEntry(IPath.fromPath(ManagerLauncher.bundleLocation(bundle)), null, null));
        }
        Path lib = project.getProject().getLocation().toFile().toPath().resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(jar -> jar.getFileName().toString().endsWith(".jar")).sorted()
                        .forEach(jar -> list.add(JavaCore.newLibraryEntry(IPath.fromPath(jar), null, null)));
            } catch (IOException e) {
                // an unreadable lib/ shows as missing classes: the build names them
            }
        }
        this.entries = list.toArray(IClasspathEntry[]::new);
    }

    @Override
    public IClasspathEntry[] getClasspathEntries() {
        return entries;
    }

    @Override
    public String getDescription() {
        return "AGILab API";
    }

    @Override
    public int getKind() {
        return K_APPLICATION;
    }

    @Override
    public IPath getPath() {
        return path;
    }

    /** Makes the container of a project when JDT first asks for it. */
    public static final class Initializer extends ClasspathContainerInitializer {
        @Override
        public void initialize(IPath containerPath, IJavaProject project) throws CoreException {
            JavaCore.setClasspathContainer(containerPath, new IJavaProject[] {project},
                    new IClasspathContainer[] {new ApiClasspathContainer(containerPath, project)}, null);
        }
    }
}
