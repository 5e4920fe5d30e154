package org.agilab.runtime.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.launch.ManagerClasspath;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.record.RunRecord;
import org.agilab.runtime.ssh.LoopbackSshd.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flight app on two stand-in SSH hosts: real OpenSSH servers on 127.0.0.2 and 127.0.0.3, each with its own remote
 * root, so the worker environment, the inputs and the outputs really travel over SFTP; nodes started over SSH, with TLS.
 * The tests run in order on one home: install, run, rerun, a host down, and the planted secret checked last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshHostsTest {

    static final Path APP = Path.of("../../apps/flight_telemetry_project").toAbsolutePath().normalize();
    /** Planted in .env as the SSH password: it must appear nowhere (the hosts accept keys only, so it is offered and refused). */
    static final String PLANTED = "planted-Secret-7f3a9";
    /** A key passphrase handed over on stdin (as the IDE does from Secure Storage): it must appear nowhere either. */
    static final String PASSPHRASE = "handed-Passphrase-" + java.util.UUID.randomUUID();

    @TempDir
    static Path folder;
    static Path home;
    static LoopbackSshd host2;
    static LoopbackSshd host3;
    static Path key;

    @BeforeAll
    static void startHosts() throws Exception {
        home = Files.createDirectories(folder.resolve("home"));
        List<LoopbackSshd> hosts = LoopbackSshd.startTwo(folder);
        host2 = hosts.get(0);
        host3 = hosts.get(1);
        key = host2.clientKey;
        Files.createDirectories(home.resolve(".agilab"));
        Files.writeString(home.resolve(".agilab/.env"), "CLUSTER_CREDENTIALS=" + System.getProperty("user.name") + ":" + PLANTED + "\n");
        writeSettings(key);
    }

    /** The user's overrides: the two hosts, each with its port, key, Java and own remote root; keys pinned on first use. */
    static void writeSettings(Path host3Key) throws IOException {
        writeSettings(host3Key, ManagerClasspath.currentJava().toString());
    }

    static void writeSettings(Path host3Key, String host3Java) throws IOException {
        writeSettings(host3Key, host3Java, null);
    }

    static void writeSettings(Path host3Key, String host3Java, Path host3Share) throws IOException {
        Path settings = home.resolve(".agilab/apps/flight_telemetry_project/app_settings.toml");
        Files.createDirectories(settings.getParent());
        String java = ManagerClasspath.currentJava().toString();
        StringBuilder toml = new StringBuilder("[args]\noutput_format = \"csv\"\nreset_target = true\n\n[cluster]\nssh_host_key_policy = \"accept-new\"\n"
                + "ssh_known_hosts = \"" + folder.resolve("known_hosts") + "\"\nidle_timeout = 5\n\n[cluster.workers]\n\"127.0.0.2\" = 1\n\"127.0.0.3\" = 1\n");
        for (LoopbackSshd host : List.of(host2, host3)) {
            toml.append("\n[cluster.hosts.\"").append(host.address).append("\"]\nport = ").append(host.port).append("\nuser = \"")
                    .append(System.getProperty("user.name")).append("\"\nroot = \"").append(host.root).append("\"\njava = \"")
                    .append(host == host3 ? host3Java : java)
                    .append("\"\nkey = \"").append(host == host3 ? host3Key : key).append("\"\n");
            if (host == host3 && host3Share != null) {
                toml.append("share = \"").append(host3Share).append("\"\n");
            }
        }
        Files.writeString(settings, toml);
    }

    @AfterAll
    static void stopAll() throws Exception {
        LoopbackSshd.stopAll(home == null ? null : () -> agilab("nodes", "stop"), folder, host2, host3);
    }

    static Outcome agilab(String... args) throws IOException {
        return agilabWithControl(List.of(), args);
    }

    /** A run whose caller first writes {@code control} lines on its stdin, as the IDE hands over its stored secrets. */
    static Outcome agilabWithControl(List<String> control, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args[0], "--app", APP.toString(), "--home", home.toString(), "--protocol"));
        all.addAll(List.of(args).subList(1, args.length));
        Outcome outcome = LoopbackSshd.manager("tester", control, all);
        assertFalse(outcome.stream().contains(PLANTED), "the planted secret reached the event stream");
        assertFalse(outcome.stream().contains(PASSPHRASE), "the handed-over passphrase reached the event stream");
        return outcome;
    }

    static Path dataOut() {
        return home.resolve("localshare/tester/flight_telemetry/dataframe");
    }

    static Map<String, byte[]> outputs() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dataOut())) {
            for (Path file : (Iterable<Path>) list::iterator) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> hostFigures(Outcome install) {
        return (Map<String, Map<String, Object>>) install.result().data().get("hosts");
    }

    @Test
    @Order(1)
    void installShipsToEachHostsOwnRootThenNothingWhenUnchanged() throws IOException {
        Outcome first = agilab("install");
        assertEquals(0, first.code(), first.last().toString());
        for (LoopbackSshd host : List.of(host2, host3)) {
            Map<String, Object> figures = hostFigures(first).get(host.address);
            assertTrue((Long) figures.get("filesShipped") > 5 && (Long) figures.get("bytesShipped") > 1_000_000, figures.toString());
            assertEquals(host.root.toString(), figures.get("root"));
            assertTrue(Files.isRegularFile(host.root.resolve("wenv/flight_telemetry_worker/dist/flight_telemetry_worker.jar")));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(host.root.resolve("tls/password"))));
            List<String> states = first.hostStates(host.address).stream().map(e -> Event.wireName(e.state())).distinct().toList();
            assertEquals(List.of("connecting", "checking", "shipping", "ready"), states);
        }
        String pinned = Files.readString(folder.resolve("known_hosts"));
        for (LoopbackSshd host : List.of(host2, host3)) {
            assertTrue(pinned.contains("[" + host.address + "]:" + host.port + " ssh-ed25519 "), "both hosts pinned, in parallel: " + pinned);
        }
        Outcome again = agilab("install");
        assertEquals(0, again.code(), again.last().toString());
        for (LoopbackSshd host : List.of(host2, host3)) {
            assertEquals(0L, hostFigures(again).get(host.address).get("bytesShipped"), "nothing changed: nothing shipped");
        }
    }

    @Test
    @Order(2)
    void aTwoHostRunGivesTheLocalOutputsAndARerunShipsNoInput() throws IOException {
        Outcome local = agilab("run", "--mode", "p", "--workers", "127.0.0.1:2");
        assertEquals(0, local.code(), local.last().toString());
        Map<String, byte[]> expected = outputs();

        Outcome remote = agilab("run", "--mode", "dp");
        assertEquals(0, remote.code(), remote.last().toString());
        Map<String, byte[]> distributed = outputs();
        assertEquals(csv(expected), csv(distributed));
        assertTrue(distributed.containsKey("reduce_summary_worker_0.json") && distributed.containsKey("reduce_summary_worker_1.json"),
                "each host's worker summary came back: " + distributed.keySet());
        for (String name : expected.keySet()) {
            if (name.endsWith(".csv")) {
                assertArrayEquals(expected.get(name), distributed.get(name), name);
            }
        }
        for (LoopbackSshd host : List.of(host2, host3)) {
            try (Stream<Path> shipped = Files.walk(host.root.resolve("share/flight_telemetry/dataset"))) {
                assertTrue(shipped.anyMatch(file -> file.toString().endsWith(".csv")), "inputs shipped to " + host.address);
            }
            try (Stream<Path> written = Files.list(host.root.resolve("share/flight_telemetry/dataframe"))) {
                assertTrue(written.anyMatch(file -> file.toString().endsWith(".csv")), host.address + " wrote into its own share");
            }
            assertTrue(remote.hostStates(host.address).stream().anyMatch(e -> e.state() == Event.HostState.STARTING));
        }
        // the record says which host produced each output
        Map<String, Object> manifest = latestManifest();
        List<String> producers = ((List<Map<String, Object>>) manifest.get("outputs")).stream().map(o -> (String) o.get("host")).distinct()
                .sorted().toList();
        assertEquals(List.of("127.0.0.2", "127.0.0.3"), producers);

        Outcome warm = agilab("run", "--mode", "dp");
        assertEquals(0, warm.code(), warm.last().toString());
        for (LoopbackSshd host : List.of(host2, host3)) {
            assertTrue(warm.hostStates(host.address).stream().anyMatch(e -> e.inputs() != null && e.inputs().shipped() == 0 && e.inputs().bytes() == 0),
                    "nothing to ship to a warm host: " + warm.hostStates(host.address));
            assertTrue(warm.hostStates(host.address).stream().anyMatch(e -> e.state() == Event.HostState.READY), warm.hostStates(host.address).toString());
        }
        assertTrue(warm.events().stream().anyMatch(e -> e instanceof Event.Nodes nodes && nodes.state() == Event.NodesState.REUSED && nodes.count() == 2
                && Boolean.TRUE.equals(nodes.tls())), "the nodes stay warm between runs: " + warm.events());
        assertEquals(csv(expected), csv(outputs()));

        // other hosts replace the nodes: those on the host left out are stopped there, not left to idle
        Outcome one = agilab("run", "--mode", "dp", "--workers", "127.0.0.2:1");
        assertEquals(0, one.code(), one.last().toString());
        assertEquals(List.of(), nodeProcessesOn("127.0.0.3"), "the nodes of 127.0.0.3 were stopped when the hosts changed");
        assertEquals(1, nodeProcessesOn("127.0.0.2").size());
    }

    @Test
    @Order(3)
    void warmRunsOnTheCoordinatorKeepTheirSessionsAndStartNoShellOnTheHosts() throws IOException {
        Outcome both = agilab("run", "--mode", "dp"); // both hosts again (the last run had one): fresh nodes
        assertEquals(0, both.code(), both.last().toString());
        assertEquals("coordinator", process(latestManifest()).get("role"), "the cold run of the previous test left a coordinator");
        Outcome warm = agilab("run", "--mode", "dp");
        assertEquals(0, warm.code(), warm.last().toString());
        Map<String, Long> logins = new TreeMap<>();
        Map<String, Long> shells = new TreeMap<>();
        for (LoopbackSshd host : List.of(host2, host3)) {
            logins.put(host.address, sshdLog(host, "Accepted publickey for "));
            shells.put(host.address, sshdLog(host, "Starting session: command "));
        }

        Outcome again = agilab("run", "--mode", "dp");
        assertEquals(0, again.code(), again.last().toString());
        assertTrue(again.events().stream().anyMatch(e -> e instanceof Event.Nodes nodes && nodes.state() == Event.NodesState.REUSED
                && nodes.count() == 2), "the warm nodes serve");
        Map<String, Object> manifest = latestManifest();
        assertEquals("coordinator", process(manifest).get("role"));
        @SuppressWarnings("unchecked")
        List<String> producers = ((List<Map<String, Object>>) manifest.get("outputs")).stream().map(o -> (String) o.get("host"))
                .filter(java.util.Objects::nonNull).distinct().sorted().toList();
        assertEquals(List.of("127.0.0.2", "127.0.0.3"), producers, "each host's outputs were fetched");
        for (LoopbackSshd host : List.of(host2, host3)) {
            assertEquals(logins.get(host.address), sshdLog(host, "Accepted publickey for "), host.address + ": the kept session served, no login");
            assertEquals(shells.get(host.address), sshdLog(host, "Starting session: command "),
                    host.address + ": no command (each starts a login shell): the check file, the inputs and the outputs went over SFTP");
        }
    }

    static Map<?, ?> process(Map<String, Object> manifest) {
        return (Map<?, ?>) manifest.get("process");
    }

    /** How many lines of the host's sshd log (LogLevel VERBOSE) hold {@code text}. */
    static long sshdLog(LoopbackSshd host, String text) throws IOException {
        try (Stream<String> lines = Files.lines(host.folder.resolve("sshd.log"))) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }

    static List<Long> nodeProcessesOn(String host) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(line -> line.contains(folder.toString())
                && line.contains("-Dagilab.address=" + host + " ")).orElse(false)).map(ProcessHandle::pid).toList();
    }

    static java.util.Set<String> csv(Map<String, byte[]> outputs) {
        return outputs.keySet().stream().filter(name -> name.endsWith(".csv")).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> latestManifest() throws IOException {
        Path records = home.resolve("log/execute/flight_telemetry");
        try (Stream<Path> list = Files.list(records)) {
            Path record = list.filter(p -> p.getFileName().toString().endsWith("_run")).sorted().reduce((a, b) -> b).orElseThrow();
            return JsonCodec.readObject(Files.readString(record.resolve(RunRecord.MANIFEST_FILE)));
        }
    }

    @Test
    @Order(4)
    void aHostDownOrRefusingTheKeyIsAClearErrorAndTheOtherHostIsUnharmed() throws Exception {
        Map<String, byte[]> before = outputs();
        host3.stop();
        try {
            Outcome down = agilab("run", "--mode", "dp");
            assertEquals(6, down.code());
            Event.Failure error = down.failure();
            assertEquals("127.0.0.3", error.host(), error.toString());
            assertTrue(error.message().equals("127.0.0.3:" + host3.port + " refused the connection: no SSH server listens on port "
                    + host3.port), error.toString());
            assertTrue(down.hostStates("127.0.0.2").stream().anyMatch(e -> e.state() == Event.HostState.READY), "the other host was readied");
            assertTrue(down.hostStates("127.0.0.3").stream().anyMatch(e -> e.state() == Event.HostState.FAILED));
            assertEquals(before.keySet(), outputs().keySet(), "a failed run leaves the outputs as they were");
        } finally {
            host3.restart();
        }
        Path stranger = LoopbackSshd.newKey(folder.resolve("stranger/id_ed25519"));
        writeSettings(stranger);
        try {
            Outcome refused = agilab("install");
            assertEquals(6, refused.code());
            assertEquals("127.0.0.3", refused.failure().host());
            assertTrue(refused.failure().message().startsWith("SSH authentication refused by 127.0.0.3:" + host3.port), refused.last().toString());
            assertTrue(refused.failure().hint().contains("authorized_keys"));
        } finally {
            writeSettings(key);
        }
        writeSettings(key, folder.resolve("no-jdk/bin/java").toString());
        try {
            Outcome noJava = agilab("install");
            assertEquals(6, noJava.code());
            assertEquals("127.0.0.3", noJava.failure().host());
            assertTrue(noJava.failure().message().startsWith("no Java on 127.0.0.3:" + host3.port), noJava.last().toString());
            assertTrue(noJava.failure().hint().contains("java = "), noJava.last().toString());
        } finally {
            writeSettings(key);
        }
    }

    @Test
    @Order(5)
    void aHostWithAPreMountedShareReadsAndWritesItDirectly() throws Exception {
        Path share = home.resolve("localshare/tester"); // the manager's share, as mounted on 127.0.0.3
        writeSettings(key, ManagerClasspath.currentJava().toString(), share);
        try {
            Outcome run = agilab("run", "--mode", "dp");
            assertEquals(0, run.code(), run.last().toString());
            assertTrue(run.hostStates("127.0.0.3").stream().anyMatch(e -> new Event.Inputs(0, 0, 0).equals(e.inputs())),
                    "a host that reads the share itself gets nothing shipped: " + run.hostStates("127.0.0.3"));
            assertTrue(Files.exists(dataOut().resolve("reduce_summary_worker_1.json")), "127.0.0.3 wrote into the share itself");
            Map<String, Object> manifest = latestManifest();
            @SuppressWarnings("unchecked")
            List<String> hosts = ((List<Map<String, Object>>) manifest.get("outputs")).stream().map(o -> (String) o.get("host")).distinct()
                    .sorted(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())).toList();
            assertEquals(java.util.Arrays.asList(null, "127.0.0.2"), hosts, "only 127.0.0.2's outputs were fetched");
        } finally {
            writeSettings(key);
        }
    }

    @Test
    @Order(6)
    void aKeyPassphraseHandedOverOnStdinUnlocksTheHostsKey() throws Exception {
        Path locked = LoopbackSshd.newKey(folder.resolve("locked/id_ed25519"), PASSPHRASE);
        host3.authorize(locked);
        writeSettings(locked);
        try {
            Outcome withoutIt = agilab("install");
            assertEquals(6, withoutIt.code());
            assertTrue(withoutIt.failure().message().contains(locked + " (it has a passphrase, and none was given)"), withoutIt.last().toString());
            String credentials = org.agilab.runtime.json.JsonCodec.write(Map.of("v", 1, "type", "credentials", "host", "127.0.0.3", "passphrase", PASSPHRASE));
            Outcome withIt = agilabWithControl(List.of(credentials), "install");
            assertEquals(0, withIt.code(), withIt.last().toString());
            assertTrue(withIt.hostStates("127.0.0.3").stream().anyMatch(e -> e.state() == Event.HostState.READY), withIt.hostStates("127.0.0.3").toString());
            assertTrue(withIt.events().contains(new Event.Credentials("127.0.0.3", false, true)), "the manager says what it received");
            // a run goes to the coordinator: the caller hands it the passphrase over its socket, which it keeps in memory only
            Outcome run = agilabWithControl(List.of(credentials), "run", "--mode", "dp");
            assertEquals(0, run.code(), run.last().toString());
            assertEquals("coordinator", process(latestManifest()).get("role"));
        } finally {
            writeSettings(key);
        }
    }

    @Test
    @Order(7)
    void nodesStopEndsTheNodesOnTheHostsAndThePlantedSecretIsNowhere() throws IOException {
        Outcome stop = agilab("nodes", "stop");
        assertEquals(0, stop.code(), stop.last().toString());
        List<String> left = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(line -> line.contains(folder.toString())
                && line.contains("NodeMain")).orElse(false)).map(p -> p.pid() + "").toList();
        assertEquals(List.of(), left, "nodes stop ends the nodes on the SSH hosts");
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().map(line -> line.contains(PLANTED)).orElse(false)));
        List<Path> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                if (file.equals(home.resolve(".agilab/.env")) || Files.size(file) > 50_000_000) {
                    continue;
                }
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (text.contains(PLANTED) || text.contains(PASSPHRASE) && !file.startsWith(folder.resolve("locked"))) {
                    leaks.add(file); // the passphrase may only be in the key it protects (as ssh-keygen's input, not even there)
                }
            }
        }
        assertEquals(List.of(), leaks, "the planted secret is only in .env, the handed-over passphrase nowhere");
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().map(line -> line.contains(PASSPHRASE)).orElse(false)));
    }
}
