package org.agilab.runtime.app;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;

import org.agilab.api.AppManager;
import org.agilab.api.Worker;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.install.Installer;

/** An installed app loaded in its own class loader: its manager, its args type, and a way to create workers. */
public final class LoadedApp implements AutoCloseable {

    private final Installer.Result install;
    private final AppClassLoader loader;
    private final AppManager<Object> manager;
    private final Class<?> workerClass;
    /** Kept between runs ({@link #kept}): closing it after a run is a no-op, a newer install closes it. */
    private boolean keptBetweenRuns;
    /** Runs a coordinator's warm-up has made of these classes: their compiled code stays with them, so they need no more. */
    private final java.util.concurrent.atomic.AtomicInteger warmUpRuns = new java.util.concurrent.atomic.AtomicInteger();

    /** The app loaded for its latest install, by app name: a coordinator's runs share it while the install is the same. */
    private static final java.util.Map<String, LoadedApp> KEPT = new java.util.HashMap<>();

    private LoadedApp(Installer.Result install, AppClassLoader loader, AppManager<Object> manager, Class<?> workerClass) {
        this.install = install;
        this.loader = loader;
        this.manager = manager;
        this.workerClass = workerClass;
    }

    /** Counts the warm-up runs made of these classes ({@code Operations.warmUp}); returns how many there are now. */
    public int warmedUp(int runs) {
        return warmUpRuns.addAndGet(runs);
    }

    /** How many warm-up runs these classes have had. */
    public int warmUpRuns() {
        return warmUpRuns.get();
    }

    @SuppressWarnings("unchecked")
    public static LoadedApp load(String appName, Installer.Result install) {
        AppClassLoader loader = new AppClassLoader(appName, install.appClasspath(), LoadedApp.class.getClassLoader());
        try {
            Object manager = instantiate(loader, install.managerClass(), AppManager.class, "manager");
            Class<?> workerClass = loader.loadClass(install.workerClass());
            if (!Worker.class.isAssignableFrom(workerClass)) {
                throw AgilabException.of(FailureClass.INSTALL, install.workerClass() + " does not implement " + Worker.class.getName())
                        .hint("a worker implements DataWorker, DagWorker or DuckDbWorker from org.agilab.api").build();
            }
            return new LoadedApp(install, loader, (AppManager<Object>) manager, workerClass);
        } catch (ClassNotFoundException | LinkageError e) {
            close(loader);
            throw AgilabException.of(FailureClass.INSTALL, "cannot load the installed app: " + e).cause(e)
                    .file(install.workerJar()).hint("reinstall the app: ./agilab install --app " + appName).build();
        } catch (RuntimeException e) {
            close(loader);
            throw e;
        }
    }

    /**
     * The app as {@link #load} gives it, but kept for the next run while its install hash (its sources, libraries and
     * runtime) stays the same and nothing was rebuilt: a coordinator's runs then reuse classes the JIT has compiled. A new install hash gets a
     * new class loader and the previous one is closed (runs on a coordinator are one at a time, so none uses it).
     */
    public static synchronized LoadedApp kept(String appName, Installer.Result install) {
        LoadedApp current = KEPT.get(appName);
        if (current != null && current.install.hash().equals(install.hash()) && !install.rebuilt()) {
            return current;
        }
        if (current != null) {
            KEPT.remove(appName);
            close(current.loader);
        }
        LoadedApp loaded = load(appName, install);
        loaded.keptBetweenRuns = true;
        KEPT.put(appName, loaded);
        return loaded;
    }

    private static Object instantiate(ClassLoader loader, String className, Class<?> expected, String role)
            throws ClassNotFoundException {
        Class<?> type = loader.loadClass(className);
        if (!expected.isAssignableFrom(type)) {
            throw AgilabException.of(FailureClass.INSTALL, className + " does not implement " + expected.getName())
                    .hint("the " + role + " class must implement " + expected.getSimpleName()).build();
        }
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw AgilabException.of(FailureClass.INSTALL, className + " has no no-argument constructor")
                    .hint("give the " + role + " a public no-argument constructor").build();
        } catch (InvocationTargetException e) {
            throw AgilabException.of(FailureClass.DATA, "creating the " + role + " " + className + " failed: " + e.getCause())
                    .cause(e.getCause()).build();
        } catch (ReflectiveOperationException e) {
            throw AgilabException.of(FailureClass.INSTALL, "cannot create " + className + ": " + e).cause(e).build();
        }
    }

    public Installer.Result install() {
        return install;
    }

    public AppManager<Object> manager() {
        return manager;
    }

    public Class<?> argsType() {
        return manager.argsType();
    }

    public Class<?> workerClass() {
        return workerClass;
    }

    @SuppressWarnings("unchecked")
    public Worker<Object> newWorker() {
        try {
            return (Worker<Object>) instantiate(loader, workerClass.getName(), Worker.class, "worker");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    public ClassLoader loader() {
        return loader;
    }

    @Override
    public void close() {
        if (!keptBetweenRuns) {
            close(loader);
        }
    }

    private static void close(AppClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // the jars are only read
        }
    }
}
