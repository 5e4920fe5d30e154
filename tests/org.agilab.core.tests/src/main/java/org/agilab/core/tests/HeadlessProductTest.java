package org.agilab.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        assertTrue(run.out().contains("___p "), "the summary names the mode: " + run.out());
        Result equinox = equinox(apps, "run", "--app", mycode.toString(), "--mode", "0", "--json");
        assertEquals(0, equinox.code(), equinox.err());
        assertEquals("dag", ((java.util.Map<?, ?>) JsonCodec.readObject(equinox.out().strip()).get("data")).get("family"));
    }
}
