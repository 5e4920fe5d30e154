package org.agilab.runtime.launch;

import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts a manager in this JVM straight from an installed product, without Equinox: {@code ./agilab} runs
 * {@code java -cp plugins/org.agilab.runtime_*.jar org.agilab.runtime.launch.ManagerBoot <args>}. It finds the
 * product from its own jar, computes the classpath from bundles.info and calls the manager's main in a class loader
 * over exactly those jars, so this path and the Equinox path run the same classes.
 */
public final class ManagerBoot {

    private ManagerBoot() {
    }

    public static void main(String[] args) throws Throwable {
        Path ownJar;
        try {
            ownJar = Path.of(ManagerBoot.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the runtime jar", e);
        }
        Path productRoot = ownJar.toAbsolutePath().getParent().getParent();
        List<Path> classpath;
        try {
            classpath = ManagerClasspath.fromProduct(productRoot);
        } catch (IllegalStateException e) {
            System.err.println("agilab: internal error: " + e.getMessage());
            System.exit(10);
            return;
        }
        System.setProperty(ManagerClasspath.CLASSPATH_PROPERTY,
                String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        URL[] urls = classpath.stream().map(ManagerBoot::url).toArray(URL[]::new);
        URLClassLoader loader = new URLClassLoader("agilab-manager", urls, ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        try {
            loader.loadClass(ManagerClasspath.MAIN_CLASS).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(jar + " is not a valid location", e);
        }
    }
}
