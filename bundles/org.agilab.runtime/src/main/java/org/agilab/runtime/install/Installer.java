package org.agilab.runtime.install;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;

import org.agilab.api.AgilabApi;
import org.agilab.runtime.RuntimeInfo;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.io.ContentHash;
import org.agilab.runtime.io.FileTrees;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.Events;

/**
 * Upstream's install (egg build + worker venv), for Java: compiles the app's {@code src/} with the Eclipse compiler
 * (found through {@code javax.tools}), jars it with a manifest naming the manager and worker classes, and stages
 * {@code dist/<target>_worker.jar}, the app's {@code lib/} and the node runtime under {@code ~/wenv/<target>_worker/}.
 * Everything is keyed by a content hash (sources, libs, runtime and API versions, Java release, node JVM options):
 * an unchanged app is not rebuilt. Also stages the app's sample dataset into the local share.
 */
public final class Installer {

    public static final String DIST = "dist";
    public static final String LIB = "lib";
    public static final String RUNTIME = "runtime";
    public static final String STAMP = "install.json";
    public static final String JAVA_RELEASE = "17";

    public static final String MANIFEST_APP = "AGILab-App";
    public static final String MANIFEST_MANAGER = "AGILab-Manager-Class";
    public static final String MANIFEST_WORKER = "AGILab-Worker-Class";
    public static final String MANIFEST_HASH = "AGILab-Install-Hash";

    private static final AgiLog LOG = AgiLog.get(Installer.class);

    /** What an install left in place. */
    public record Result(Path workerEnv, Path workerJar, List<Path> appClasspath, String hash, boolean rebuilt,
            int sourceFiles, long compileMs, String managerClass, String workerClass, DatasetStager.Result dataset) {

        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("workerEnv", workerEnv.toString());
            json.put("workerJar", workerJar.toString());
            json.put("hash", hash);
            json.put("rebuilt", rebuilt);
            json.put("sourceFiles", sourceFiles);
            json.put("compileMs", compileMs);
            json.put("managerClass", managerClass);
            json.put("workerClass", workerClass);
            if (dataset != null) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("status", dataset.status().name().toLowerCase(Locale.ROOT));
                data.put("target", dataset.target() == null ? null : dataset.target().toString());
                data.put("files", dataset.files());
                data.put("bytes", dataset.bytes());
                json.put("dataset", data);
            }
            return json;
        }
    }

    private Installer() {
    }

    /** Installs when the staged worker is missing or stale (or {@code force}); otherwise reports it up to date. */
    public static Result install(AppProject app, AgilabHome home, Events events, Cancellation cancellation, boolean force) {
        Path workerEnv = home.workerEnv(app.target());
        Path sourceRoot = app.folder().resolve("src");
        List<Path> sources = files(sourceRoot, null);
        List<Path> libs = files(app.folder().resolve(LIB), ".jar");
        if (sources.stream().noneMatch(p -> p.toString().endsWith(".java"))) {
            throw AgilabException.of(FailureClass.INSTALL, "the app has no Java sources").file(sourceRoot)
                    .hint("put the manager in src/" + app.target() + "/" + app.managerClass() + ".java and the worker in src/"
                            + app.workerPackage() + "/" + app.workerClass() + ".java")
                    .build();
        }
        String hash;
        try (Events.Phase phase = events.phase("fingerprint")) {
            hash = hashUnlessListingUnchanged(app, sourceRoot, sources, libs);
            phase.ok();
        }
        String managerClass = app.target() + "." + app.managerClass();
        String workerClass = app.workerPackage() + "." + app.workerClass();
        Path workerJar = workerEnv.resolve(DIST).resolve(app.workerPackage() + ".jar");
        boolean upToDate = !force && installedHash(workerEnv).filter(hash::equals).isPresent() && Files.isRegularFile(workerJar);
        long compileMs = 0;
        if (upToDate) {
            LOG.info(app.name() + " is installed and up to date (" + hash.substring(0, 12) + ")");
        } else {
            LOG.info("installing " + app.name() + ": " + (force ? "forced" : installedHash(workerEnv).isPresent()
                    ? "sources, libraries or runtime changed" : "first install"));
            cancellation.throwIfCancelled();
            Path build = workerEnv.resolveSibling("." + workerEnv.getFileName() + ".build-" + UUID.randomUUID());
            try {
                Path classes = build.resolve("classes");
                long start = System.nanoTime();
                try (Events.Phase phase = events.phase("compile")) {
                    compile(app, sourceRoot, sources, libs, classes);
                    requireClass(app, classes, managerClass, "manager", app.target(), app.managerClass());
                    requireClass(app, classes, workerClass, "worker", app.workerPackage(), app.workerClass());
                    phase.ok();
                }
                compileMs = (System.nanoTime() - start) / 1_000_000;
                cancellation.throwIfCancelled();
                try (Events.Phase phase = events.phase("package")) {
                    Path stage = build.resolve("stage");
                    writeJar(classes, stage.resolve(DIST).resolve(workerJar.getFileName()), app, hash, managerClass, workerClass);
                    for (Path lib : libs) {
                        copy(lib, stage.resolve(LIB).resolve(lib.getFileName()));
                    }
                    Files.createDirectories(stage.resolve(LIB));
                    stageNodeRuntime(stage.resolve(RUNTIME));
                    swapInto(stage, workerEnv);
                    writeStamp(workerEnv, app, hash, managerClass, workerClass, sources.size(), libs);
                    phase.ok();
                }
            } catch (IOException e) {
                throw AgilabException.of(FailureClass.INSTALL, "staging the worker failed: " + e.getMessage()).file(workerEnv)
                        .hint("check free disk space and permissions under " + workerEnv.getParent()).cause(e).build();
            } finally {
                deleteTree(build);
            }
        }
        DatasetStager.Result dataset;
        try (Events.Phase phase = events.phase("dataset")) {
            Path target = home.localShare().value().resolve(app.target()).resolve("dataset");
            dataset = DatasetStager.stage(app.folder(), target);
            switch (dataset.status()) {
                case STAGED -> LOG.info("staged the sample dataset into " + target + " (" + dataset.files() + " files)");
                case ALREADY_PRESENT -> LOG.debug("the dataset at " + target + " is kept as it is");
                default -> LOG.debug(app.name() + " ships no sample dataset");
            }
            phase.ok();
        }
        List<Path> appClasspath = new ArrayList<>();
        appClasspath.add(workerJar);
        appClasspath.addAll(files(workerEnv.resolve(LIB), ".jar"));
        return new Result(workerEnv, workerJar, appClasspath, hash, !upToDate, sources.size(), compileMs, managerClass,
                workerClass, dataset);
    }

    /** The hash recorded by the last successful install, if any. */
    public static Optional<String> installedHash(Path workerEnv) {
        Path stamp = workerEnv.resolve(STAMP);
        try {
            if (Files.isRegularFile(stamp)) {
                return Optional.ofNullable(JsonCodec.read(Files.readString(stamp), Stamp.class).hash());
            }
        } catch (IOException | JsonCodec.Malformed e) {
            LOG.warn("ignoring an unreadable " + stamp + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /** The last hash of each app folder, with the listing (paths, sizes, times, file keys) it was computed from. */
    private record HashedListing(String listing, String hash) {
    }

    private static final Map<Path, HashedListing> HASHED = new java.util.concurrent.ConcurrentHashMap<>();

    /** A file touched this recently may still change within its time's granularity: its listing is not trusted. */
    private static final long SETTLED_MILLIS = 2_000;

    /**
     * The install hash, kept by a long-lived manager (the warm coordinator checks the install before every run) while
     * the files' listing is unchanged; any change of a path, size, time or file key (a replaced file) hashes them
     * again. A listing with a file modified in the last {@link #SETTLED_MILLIS} is never kept (as git's "racily
     * clean" rule): a same-size change within its time's granularity would not show in it.
     */
    static String hashUnlessListingUnchanged(AppProject app, Path sourceRoot, List<Path> sources, List<Path> libs) {
        String runtimeVersion = RuntimeInfo.VERSION + "+" + NodeRuntime.fingerprint();
        long listedAt = System.currentTimeMillis();
        StringBuilder listing = new StringBuilder(app.name()).append('\n').append(runtimeVersion).append('\n');
        boolean settled = true;
        try {
            for (Path file : concat(sources, libs)) {
                java.nio.file.attribute.BasicFileAttributes attributes = Files.readAttributes(file,
                        java.nio.file.attribute.BasicFileAttributes.class);
                long modified = attributes.lastModifiedTime().toMillis();
                settled &= modified < listedAt - SETTLED_MILLIS;
                listing.append(file).append('|').append(attributes.size()).append('|')
                        .append(attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)).append('|')
                        .append(attributes.fileKey()).append('\n');
            }
        } catch (IOException e) {
            return hash(app, sourceRoot, sources, libs, runtimeVersion); // reports what cannot be read
        }
        Path key = app.folder().toAbsolutePath().normalize();
        HashedListing known = HASHED.get(key);
        if (known != null && known.listing().contentEquals(listing)) {
            return known.hash();
        }
        String hash = hash(app, sourceRoot, sources, libs, runtimeVersion);
        if (settled) {
            HASHED.put(key, new HashedListing(listing.toString(), hash));
        } else {
            HASHED.remove(key);
        }
        return hash;
    }

    private static List<Path> concat(List<Path> first, List<Path> second) {
        List<Path> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    static String hash(AppProject app, Path sourceRoot, List<Path> sources, List<Path> libs) {
        return hash(app, sourceRoot, sources, libs, RuntimeInfo.VERSION + "+" + NodeRuntime.fingerprint());
    }

    static String hash(AppProject app, Path sourceRoot, List<Path> sources, List<Path> libs, String runtimeVersion) {
        ContentHash hash = new ContentHash("agilab-install-v1").text("runtime", runtimeVersion)
                .text("api", AgilabApi.VERSION).text("release", JAVA_RELEASE).text("app", app.name())
                .text("node-jvm-options", "");
        try {
            for (Path source : sources) {
                hash.file("src/" + sourceRoot.relativize(source).toString().replace('\\', '/'), source);
            }
            for (Path lib : libs) {
                hash.file("lib/" + lib.getFileName(), lib);
            }
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.INSTALL, "cannot read the app's files: " + e.getMessage())
                    .file(app.folder()).cause(e).build();
        }
        return hash.hex();
    }

    /** Regular files under a folder, sorted by path, hidden ones left out; optionally only with a suffix. */
    static List<Path> files(Path folder, String suffix) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(folder.relativize(p)))
                    .filter(p -> suffix == null || p.getFileName().toString().endsWith(suffix))
                    .sorted(Comparator.comparing(p -> folder.relativize(p).toString().replace('\\', '/')))
                    .toList();
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.INSTALL, "cannot list " + folder + ": " + e.getMessage()).file(folder).cause(e).build();
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** The Eclipse compiler, through javax.tools: the same compiler as the IDE, and no org.eclipse import here. */
    static JavaCompiler eclipseCompiler() {
        for (JavaCompiler compiler : ServiceLoader.load(JavaCompiler.class, Installer.class.getClassLoader())) {
            if (compiler.getClass().getName().startsWith("org.eclipse.jdt")) {
                return compiler;
            }
        }
        throw AgilabException.of(FailureClass.INSTALL, "the Eclipse compiler (ECJ) is not on the manager's classpath")
                .hint("the AGILab installation is incomplete: rebuild the product (./mvnw install)").build();
    }

    private static void compile(AppProject app, Path sourceRoot, List<Path> sources, List<Path> libs, Path classes)
            throws IOException {
        Files.createDirectories(classes);
        List<Path> javaFiles = sources.stream().filter(p -> p.toString().endsWith(".java")).toList();
        List<Path> classpath = new ArrayList<>(NodeRuntime.compileClasspath());
        classpath.addAll(libs);
        JavaCompiler compiler = eclipseCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter compilerOutput = new StringWriter();
        boolean ok;
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-source", JAVA_RELEASE, "-target", JAVA_RELEASE, "-encoding", "UTF-8", "-g",
                    "-proc:none", "-nowarn", "-d", classes.toString(), "-classpath",
                    String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList()));
            ok = compiler.getTask(new PrintWriter(compilerOutput), files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(javaFiles)).call();
        }
        List<Diagnostic<? extends JavaFileObject>> errors = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
        for (Diagnostic<? extends JavaFileObject> error : errors) {
            LOG.warn(where(error) + ": " + error.getMessage(Locale.ROOT));
        }
        if (!ok || !errors.isEmpty()) {
            if (errors.isEmpty()) {
                throw AgilabException.of(FailureClass.INSTALL, "compiling the app failed: " + compilerOutput.toString().strip())
                        .file(sourceRoot).build();
            }
            Diagnostic<? extends JavaFileObject> first = errors.get(0);
            Path file = first.getSource() == null ? sourceRoot : Path.of(first.getSource().toUri());
            throw AgilabException.of(FailureClass.INSTALL, "does not compile: " + first.getMessage(Locale.ROOT).strip()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more errors in the run log)" : ""))
                    .at(file, (int) Math.max(0, first.getLineNumber()))
                    .hint("fix the Java error; app code compiles against the AGILab API, DuckDB and the jars in lib/").build();
        }
        for (Path resource : sources) {
            if (!resource.toString().endsWith(".java")) {
                copy(resource, classes.resolve(sourceRoot.relativize(resource).toString()));
            }
        }
    }

    private static String where(Diagnostic<? extends JavaFileObject> diagnostic) {
        String file = diagnostic.getSource() == null ? "?" : Path.of(diagnostic.getSource().toUri()).toString();
        return file + ":" + diagnostic.getLineNumber();
    }

    private static void requireClass(AppProject app, Path classes, String className, String role, String pkg, String simple) {
        if (!Files.isRegularFile(classes.resolve(className.replace('.', '/') + ".class"))) {
            throw AgilabException.of(FailureClass.INSTALL, "the app has no " + role + " class " + className)
                    .file(app.folder().resolve("src").resolve(pkg).resolve(simple + ".java"))
                    .hint("upstream's naming rules: " + app.name() + " needs " + app.target() + "." + app.managerClass()
                            + " (AppManager) and " + app.workerPackage() + "." + app.workerClass() + " (a Worker)")
                    .build();
        }
    }

    /** A jar with sorted entries and fixed times, so the same classes always give the same bytes. */
    private static void writeJar(Path classes, Path jar, AppProject app, String hash, String managerClass, String workerClass)
            throws IOException {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Created-By", "AGILab " + RuntimeInfo.VERSION);
        attributes.putValue(MANIFEST_APP, app.name());
        attributes.putValue(MANIFEST_MANAGER, managerClass);
        attributes.putValue(MANIFEST_WORKER, workerClass);
        attributes.putValue(MANIFEST_HASH, hash);
        Files.createDirectories(jar.getParent());
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(classes)) {
            entries = walk.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> classes.relativize(p).toString().replace('\\', '/'))).toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            for (Path entry : entries) {
                JarEntry jarEntry = new JarEntry(classes.relativize(entry).toString().replace('\\', '/'));
                jarEntry.setTime(315532800000L); // 1980-01-01: reproducible jars
                jarOut.putNextEntry(jarEntry);
                Files.copy(entry, jarOut);
                jarOut.closeEntry();
            }
        }
    }

    /** The API, runtime, DuckDB, Gson and Ignite jars for node JVMs, under stable names. */
    private static void stageNodeRuntime(Path runtimeDir) throws IOException {
        Files.createDirectories(runtimeDir);
        Map<String, Path> jars = new LinkedHashMap<>();
        jars.put("agilab-api", NodeRuntime.apiLocation());
        jars.put("agilab-runtime", NodeRuntime.runtimeLocation());
        jars.put("duckdb_jdbc", NodeRuntime.duckdbLocation());
        jars.put("gson", NodeRuntime.gsonLocation());
        jars.put("ignite-core", NodeRuntime.igniteLocations().get(0));
        jars.put("cache-api", NodeRuntime.igniteLocations().get(1));
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
            Path source = jar.getValue();
            if (Files.isDirectory(source)) {
                copyTree(source, runtimeDir.resolve(jar.getKey()));
            } else {
                copy(source, runtimeDir.resolve(jar.getKey() + ".jar"));
            }
        }
    }

    /** The install stamp: what was installed from where, and the hash that says whether it is up to date. */
    record Stamp(String schema, String app, String folder, String hash, String installed, String runtime, String managerClass,
            String workerClass, int sources, List<String> libs) {
    }

    /** Replaces dist/, lib/ and runtime/ with the staged ones; the stamp is removed first and written last. */
    private static void swapInto(Path stage, Path workerEnv) throws IOException {
        Files.createDirectories(workerEnv);
        Files.deleteIfExists(workerEnv.resolve(STAMP));
        for (String part : List.of(DIST, LIB, RUNTIME)) {
            Path target = workerEnv.resolve(part);
            deleteTree(target);
            Files.move(stage.resolve(part), target);
        }
    }

    private static void writeStamp(Path workerEnv, AppProject app, String hash, String managerClass, String workerClass,
            int sourceCount, List<Path> libs) {
        AtomicFiles.writeString(workerEnv.resolve(STAMP), JsonCodec.writePretty(new Stamp("agilab.install.v1", app.name(),
                app.folder().toString(), hash, java.time.Instant.now().toString(), RuntimeInfo.VERSION, managerClass, workerClass, sourceCount,
                libs.stream().map(p -> p.getFileName().toString()).toList())));
    }

    private static void copy(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else if (Files.isRegularFile(path)) {
                    copy(path, destination);
                }
            }
        }
    }

    static void deleteTree(Path root) {
        try {
            FileTrees.delete(root);
        } catch (IOException e) {
            LOG.warn("could not delete " + root + ": " + e.getMessage());
        }
    }
}
