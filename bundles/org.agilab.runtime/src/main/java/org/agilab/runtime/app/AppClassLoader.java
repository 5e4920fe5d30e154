package org.agilab.runtime.app;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;

/**
 * Loads an installed app (its worker jar and its own {@code lib/} jars) so that app code sees the JDK, the app API
 * and DuckDB, and nothing else of AGILab: no tomlj, no runtime internals leak into app code, and an app's libraries
 * cannot clash with ours.
 */
public final class AppClassLoader extends URLClassLoader {

    /** Packages the manager's own loader shares with app code. */
    static final List<String> SHARED_PACKAGES = List.of("org.agilab.api.", "org.duckdb.");

    public AppClassLoader(String appName, List<Path> jars, ClassLoader manager) {
        super("agilab-app-" + appName, urls(jars), new SharedOnly(manager));
    }

    private static URL[] urls(List<Path> jars) {
        return jars.stream().map(jar -> {
            try {
                return jar.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(jar + " is not a valid location", e);
            }
        }).toArray(URL[]::new);
    }

    /** The parent: the platform's classes, plus the shared packages from the manager's loader. */
    private static final class SharedOnly extends ClassLoader {
        private final ClassLoader manager;

        SharedOnly(ClassLoader manager) {
            super("agilab-shared", ClassLoader.getPlatformClassLoader());
            this.manager = manager;
        }

        private static boolean shared(String name) {
            for (String prefix : SHARED_PACKAGES) {
                if (name.startsWith(prefix) || name.replace('/', '.').startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (shared(name)) {
                return manager.loadClass(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            return shared(name) ? manager.getResource(name) : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return shared(name) ? manager.getResources(name) : super.getResources(name);
        }
    }
}
