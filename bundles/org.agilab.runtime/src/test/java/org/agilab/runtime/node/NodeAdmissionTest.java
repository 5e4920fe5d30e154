package org.agilab.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.agilab.api.ExecutionMode;
import org.agilab.api.Work;
import org.agilab.runtime.cluster.ClusterJvm;
import org.agilab.runtime.cluster.PortLeases;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.settings.ClusterSettings;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.Ignition;
import org.apache.ignite.lang.IgniteCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node JVM started as the manager starts one (the staged worker jar named, the marshaller allowlist on) refuses
 * code it was not started for. The test classes are on its classpath, so a refusal is the node's doing, not a missing
 * class.
 */
public class NodeAdmissionTest {

    @TempDir
    static Path dir;
    static Process node;
    static Ignite client;
    static Path workerJar;
    static Path nodeLog;
    static ClusterTls.Material tls;

    /** A job that would run anything: it exists on the node's classpath, but no AGILab node may deserialize it. */
    public static final class ForeignJob implements IgniteCallable<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call() {
            return "ran on " + ProcessHandle.current().pid();
        }
    }

    @BeforeAll
    static void startNode() throws Exception {
        workerJar = dir.resolve("staged/dist/admitted_worker.jar");
        Files.createDirectories(workerJar.getParent());
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue(Installer.MANIFEST_WORKER, "admitted.AdmittedWorker");
        attributes.putValue(Installer.MANIFEST_MANAGER, "admitted.Admitted");
        attributes.putValue(Installer.MANIFEST_HASH, "a1b2c3");
        try (OutputStream out = Files.newOutputStream(workerJar); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            // the manifest is what counts here
        }
        IgniteSetup.PortBlock ports = PortLeases.acquire(dir.resolve("leases.json"), "admission", ClusterSettings.DEFAULT_DISCOVERY,
                ClusterSettings.DEFAULT_COMMUNICATION, IgniteSetup.ADDRESS);
        String clusterId = "admission-test";
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ClusterJvm.options());
        command.addAll(NodeAdmission.jvmOptions(workerJar));
        tls = ClusterTls.ensure(dir.resolve("tls"));
        command.add("-D" + NodeMain.TLS_PROPERTY + "=" + tls.folder());
        Path ready = dir.resolve("node-0.ready");
        command.addAll(List.of("-cp", workerJar + File.pathSeparator + System.getProperty("java.class.path"), NodeMain.class.getName(),
                "node-0", Integer.toString(ports.discovery()), Integer.toString(ports.communication()), dir.resolve("node-0.work").toString(),
                ready.toString(), "600", dir.resolve("last-used").toString(), clusterId, "0"));
        nodeLog = dir.resolve("node-0.log");
        node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(nodeLog.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.exists(ready)) {
            assertTrue(node.isAlive(), () -> "the node exited: " + read(nodeLog));
            assertTrue(System.nanoTime() < deadline, () -> "the node was not ready in 90 s: " + read(nodeLog));
            Thread.sleep(50);
        }
        client = Ignition.start(IgniteSetup.configuration("admission-client", IgniteSetup.CLIENT, ports, dir.resolve("client"), clusterId,
                IgniteSetup.ADDRESS, IgniteSetup.clientFinder(java.util.List.of(IgniteSetup.ADDRESS), ports),
                new PrintStream(Files.newOutputStream(dir.resolve("client.log")), true),
                IgniteSetup.DEFAULT_FAILURE_DETECTION_MS, tls));
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.destroy();
            if (!node.waitFor(20, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    static Map<String, Object> send(String workerClass, String hash, Path jar, List<Path> classpath) {
        Installer.Result install = new Installer.Result(jar.getParent().getParent(), jar, classpath, hash, false, 0, 0, "admitted.Admitted",
                workerClass, null);
        ChunkJob job = new ChunkJob("admitted_project", install, Map.of(), List.of(new Work("w", List.of("a"), null, List.of())),
                ExecutionMode.of(0), 0, 1, IgniteSetup.ADDRESS, dir, client.cluster().localNode().id(), "agilab.events.test", 0);
        return JsonCodec.readObject(client.compute(client.cluster().forServers()).call(job));
    }

    static String refusal(Map<String, Object> answer) {
        Object error = answer.get("error");
        return error instanceof Map<?, ?> map && String.valueOf(map.get("message")).startsWith("refused by node-0") ? (String) map.get("message")
                : null;
    }

    @Test
    void aChunkJobNamingAnotherClassHashOrJarIsRefused() {
        String other = refusal(send("java.lang.ProcessBuilder", "a1b2c3", workerJar, List.of(workerJar)));
        assertTrue(other != null && other.contains("admitted.AdmittedWorker"), "another worker class: " + other);
        String hash = refusal(send("admitted.AdmittedWorker", "ffff", workerJar, List.of(workerJar)));
        assertTrue(hash != null && hash.contains("a1b2c3"), "another install: " + hash);
        Path elsewhere = dir.resolve("elsewhere/dist/admitted_worker.jar");
        String jar = refusal(send("admitted.AdmittedWorker", "a1b2c3", elsewhere, List.of(elsewhere)));
        assertTrue(jar != null && jar.contains(elsewhere.toString()), "another jar: " + jar);
        String classpath = refusal(send("admitted.AdmittedWorker", "a1b2c3", workerJar, List.of(workerJar, dir.resolve("extra.jar"))));
        assertTrue(classpath != null && classpath.contains("extra.jar"), "an extra classpath entry: " + classpath);
        assertTrue(read(nodeLog).contains("refused a chunk job"), "the node's log says it refused");
        Map<String, Object> admitted = send("admitted.AdmittedWorker", "a1b2c3", workerJar, List.of(workerJar));
        assertNull(refusal(admitted), "the node's own app passes admission (and then fails to load, the jar being empty): " + admitted);
    }

    @Test
    void aJobOfAClassOutsideTheAllowlistIsNeverDeserialized() {
        IgniteException refused = assertThrows(IgniteException.class,
                () -> client.compute(client.cluster().forServers()).call(new ForeignJob()));
        assertTrue(node.isAlive(), "the node survives the attempt");
        assertTrue(read(nodeLog).contains(ForeignJob.class.getName()), "the node's log names the refused class: " + refused);
        assertEquals(1, client.cluster().forServers().nodes().size());
    }
}
