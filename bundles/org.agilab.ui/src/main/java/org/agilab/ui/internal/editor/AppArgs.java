package org.agilab.ui.internal.editor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.agilab.runtime.app.AppClassLoader;
import org.agilab.runtime.app.ArgsBinder;
import org.agilab.runtime.env.AppProject;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jdt.core.IJavaProject;
import org.eclipse.jdt.core.JavaCore;

/**
 * An app's typed args as the runtime's binder reads them ({@link ArgsBinder#fields}): the args class
 * {@code <target>.<Manager>Args} loaded from the project's compiled classes (and its {@code lib/} jars) in the
 * runtime's app class loader, which shows app code the JDK and the API only, as install does.
 */
record AppArgs(Class<?> type, List<ArgsBinder.ArgField> fields, java.util.Map<String, Object> defaults, AppClassLoader loader) {

    /** The app's args, or null when its classes are not built yet (the form then shows the file's keys as text). */
    static AppArgs load(IProject project, AppProject app) {
        try {
            IJavaProject java = JavaCore.create(project);
            if (java == null || !java.exists()) {
                return null;
            }
            IPath output = java.getOutputLocation();
            Path classes = project.getWorkspace().getRoot().getFolder(output).getLocation().toPath();
            if (!Files.isDirectory(classes)) {
                return null;
            }
            List<Path> path = new ArrayList<>(List.of(classes));
            Path lib = app.folder().resolve("lib");
            if (Files.isDirectory(lib)) {
                try (Stream<Path> jars = Files.list(lib)) {
                    jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().forEach(path::add);
                }
            }
            AppClassLoader loader = new AppClassLoader(app.name(), path, AppArgs.class.getClassLoader());
            Class<?> type = Class.forName(app.target() + "." + app.managerClass() + "Args", false, loader);
            return new AppArgs(type, ArgsBinder.fields(type), ArgsBinder.defaults(type), loader);
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    void close() {
        try {
            loader.close();
        } catch (java.io.IOException ignored) {
            // the loader only read class files
        }
    }
}
