package org.agilab.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agilab.runtime.json.JsonCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the materialized headless product as a user would: through the Equinox launcher and the
 * org.agilab.core.headless application, and through ManagerBoot (the ./agilab path, no Equinox).
 */
class HeadlessProductTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private static Path product() {
        Path product = Path.of(System.getProperty("agilab.product"));
        assertTrue(Files.isDirectory(product.resolve("plugins")), "the product is built at " + product);
        return product;
    }

    private static Path plugin(String prefix) throws IOException {
        try (Stream<Path> plugins = Files.list(product().resolve("plugins"))) {
            return plugins.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + "*.jar in the product"));
        }
    }

    private Result java(TestApps apps, List<String> command) throws Exception {
        List<String> full = new ArrayList<>();
        full.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(product().toFile());
        builder.environment().put("AGILAB_HOME", apps.home.toString());
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the product answers within two minutes");
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private Result equinox(TestApps apps, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("-jar", plugin("org.eclipse.equinox.launcher_").toString(),
                "-application", "org.agilab.core.headless", "-nosplash", "-data", "@none"));
        command.addAll(List.of(args));
        return java(apps, command);
    }

    private Result boot(TestApps apps, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("-cp", plugin("org.agilab.runtime_").toString(),
                "org.agilab.runtime.launch.ManagerBoot"));
        command.addAll(List.of(args));
        return java(apps, command);
    }

    /** The checkout this test runs in: its {@code ./agilab} is the launcher users run. */
    private static Path checkout() {
        return Path.of(System.getProperty("agilab.repo.apps")).toAbsolutePath().normalize().getParent();
    }

    /**
     * Runs {@code launcher} (a checkout's {@code ./agilab}) as a user would from a shell, with {@code AGILAB_NO_BUILD=1}
     * (this build made the product; the launcher must not start another build) and {@code environment} added.
     */
    private Result launcher(Path launcher, TestApps apps, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("AGILAB_HOME", apps.home.toString());
        builder.environment().put("AGILAB_NO_BUILD", "1");
        builder.environment().putAll(environment);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "./agilab answers within two minutes");
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theLauncherExitsWithTheInstallNotBuiltAndInternalCodes() throws Exception {
        TestApps apps = new TestApps(dir);
        Path agilab = checkout().resolve("agilab");

        // 5, install: an app whose worker does not compile
        Path broken = dir.resolve("apps/minimal_app_project");
        copyTree(checkout().resolve("apps/minimal_app_project"), broken);
        Path worker = broken.resolve("src/minimal_app_worker/MinimalAppWorker.java");
        Files.writeString(worker, Files.readString(worker) + "\nthis is not Java\n");
        Result install = launcher(agilab, apps, Map.of(), "install", "--app", broken.toString());
        assertEquals(5, install.code(), install.out() + install.err());
        assertTrue(install.err().contains("install error: " + worker + ":"), "the line names the file: " + install.err());
        assertTrue(install.err().contains("does not compile"), install.err());

        // 10, internal: the log folder cannot be made (a file is in its place), so no run record can be opened
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "");
        Result internal = launcher(agilab, apps, Map.of("AGI_LOG_DIR", notAFolder.toString()), "install", "--app", broken.toString());
        assertEquals(10, internal.code(), internal.out() + internal.err());
        assertTrue(internal.err().contains("agilab: internal error: ") && internal.err().contains(": cannot create the run record: "),
                internal.err());

        // 9, not built: a checkout whose headless product was never built, with the build skipped
        Path fresh = Files.createDirectories(dir.resolve("fresh-checkout/tools"));
        Files.copy(agilab, fresh.getParent().resolve("agilab"));
        Files.copy(checkout().resolve("tools/build"), fresh.resolve("build"));
        Files.copy(checkout().resolve("tools/build-rules.sh"), fresh.resolve("build-rules.sh"));
        Result notBuilt = launcher(fresh.getParent().resolve("agilab"), apps, Map.of(), "doctor", "--app", "probe");
        assertEquals(9, notBuilt.code(), notBuilt.out() + notBuilt.err());
        assertTrue(notBuilt.err().contains("the headless product is not built"), notBuilt.err());
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void equinoxApplicationRunsDoctor() throws Exception {
        TestApps apps = new TestApps(dir);
        Result result = equinox(apps, "doctor", "--app", "probe", "--json");
        assertEquals(0, result.code(), result.err());
        var json = JsonCodec.readObject(result.out().strip());
        assertEquals("result", json.get("type"));
        assertEquals(true, ((java.util.Map<String, Object>) json.get("data")).get("healthy"));
    }

    @Test
    void equinoxApplicationExitsWithTheClassCode() throws Exception {
        TestApps apps = new TestApps(dir);
        Files.writeString(apps.settings, "[args]\n[cluster.workers]\n\"127.0.0.1\" = -1\n");
        Result result = equinox(apps, "run", "--app", "probe");
        assertEquals(3, result.code(), result.out() + result.err());
        assertTrue(result.err().contains("settings error: " + apps.settings + ":3:"), result.err());
    }

    @Test
    void managerBootRunsTheSameManagerWithoutEquinox() throws Exception {
        TestApps apps = new TestApps(dir);
        Result healthy = boot(apps, "doctor", "--app", "probe");
        assertEquals(0, healthy.code(), healthy.err());
        assertTrue(healthy.out().contains("doctor: healthy"), healthy.out());
        assertTrue(healthy.out().contains("args.nfile = 2  <- project " + apps.settings + ":2"), healthy.out());
        Result nodes = boot(apps, "nodes", "status", "--app", "probe");
        assertEquals(0, nodes.code(), nodes.err());
        assertTrue(nodes.out().contains("no warm nodes for probe_project"), nodes.out());
    }

    @Test
    void productCompilesAndRunsTheDagDemo() throws Exception {
        TestApps apps = new TestApps(dir);
        Path mycode = Path.of(System.getProperty("agilab.repo.apps")).resolve("mycode_project").toAbsolutePath().normalize();
        Result run = boot(apps, "run", "--app", mycode.toString(), "--mode", "p");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("algo_C: 3 * (algo_A + algo_B) = 585"), run.out());
        assertTrue(run.out().contains("; mode ___p (pool)"), "the summary names the mode: " + run.out());
        Result equinox = equinox(apps, "run", "--app", mycode.toString(), "--mode", "0", "--json");
        assertEquals(0, equinox.code(), equinox.err());
        assertEquals("dag", ((java.util.Map<?, ?>) JsonCodec.readObject(equinox.out().strip()).get("data")).get("family"));
    }
}
