package org.agilab.runtime.cluster;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.agilab.api.ExecutionMode;
import org.agilab.api.Work;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.node.ChunkJob;
import org.agilab.runtime.node.ClusterTls;
import org.agilab.runtime.node.IgniteSetup;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.ssl.SslContextFactory;

/**
 * A local stranger, in its own JVM (run by the test as this OS user, or as another one): it knows everything about a warm
 * cluster that can be learnt without the home's secret material (its ports, its identity, the staged worker's path,
 * classes and hash, the nodes' command lines) and tries to make the nodes work for it. For each way in (its own TLS
 * material, its own key trusting any server, the home's folder it may not read, plain TCP) it (a) joins, (b) submits a
 * closure, (c) submits the app's own {@link ChunkJob} with its own items and {@code data_out}; it also probes every
 * listening port of the cluster with a raw TLS handshake under its own key, to see whether the peer asks for and checks a
 * client certificate. What happened is written as JSON for the test to judge. Argument: the spec file (JSON).
 */
public final class Stranger {

    private Stranger() {
    }

    /** A closure a member might send: if it ever ran, its marker file would exist. */
    public static final class Closure implements IgniteCallable<String> {
        private static final long serialVersionUID = 1L;
        private final String marker;

        Closure(String marker) {
            this.marker = marker;
        }

        @Override
        public String call() throws Exception {
            Files.writeString(Path.of(marker), "ran in pid " + ProcessHandle.current().pid());
            return "ran";
        }
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Map<String, Object> spec = JsonCodec.readObject(Files.readString(Path.of(args[0])));
        Path folder = Path.of((String) spec.get("folder"));
        IgniteSetup.PortBlock ports = new IgniteSetup.PortBlock(((Number) spec.get("discovery")).intValue(),
                ((Number) spec.get("communication")).intValue());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("user", System.getProperty("user.name"));
        List<Object> attempts = new ArrayList<>();
        for (Object way : (List<Object>) spec.get("ways")) {
            attempts.add(attempt((String) way, spec, ports, folder));
        }
        result.put("attempts", attempts);
        if (spec.get("probeKey") instanceof String keyFolder) {
            result.put("probes", probes(ports, ClusterTls.ensure(Path.of(keyFolder))));
        }
        Files.writeString(Path.of((String) spec.get("result")), JsonCodec.writePretty(result));
        System.exit(0); // Ignite's threads of a failed join must not keep this JVM
    }

    /**
     * One way in: {@code material:<folder>} (TLS with that folder's key and trust store), {@code trust-all:<folder>}
     * (that folder's key, any server trusted), {@code plain} (no TLS).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> attempt(String way, Map<String, Object> spec, IgniteSetup.PortBlock ports, Path folder) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("way", way);
        String name = way.replaceAll("[^a-z-]", "").replaceAll("-+$", "");
        ClusterTls.Material tls;
        try {
            tls = way.equals("plain") ? null : ClusterTls.ensure(Path.of(way.substring(way.indexOf(':') + 1)));
        } catch (RuntimeException e) {
            outcome.put("joined", false);
            outcome.put("refused", "no material: " + e.getMessage());
            return outcome;
        }
        IgniteConfiguration configuration = IgniteSetup.configuration("stranger-" + name + "-" + ProcessHandle.current().pid(),
                IgniteSetup.CLIENT, ports, folder.resolve("work-" + name), (String) spec.get("clusterId"), IgniteSetup.ADDRESS,
                IgniteSetup.clientFinder(List.of(IgniteSetup.ADDRESS), ports), log(folder.resolve("ignite-" + name + ".log")),
                IgniteSetup.DEFAULT_FAILURE_DETECTION_MS, tls);
        if (way.startsWith("trust-all:")) {
            SslContextFactory ssl = new SslContextFactory();
            ssl.setKeyStoreType("PKCS12");
            ssl.setKeyStoreFilePath(tls.keyStore().toString());
            ssl.setKeyStorePassword(tls.password());
            ssl.setTrustManagers(SslContextFactory.getDisabledTrustManager());
            ssl.setProtocol("TLSv1.3");
            configuration.setSslContextFactory(ssl);
        }
        ((TcpDiscoverySpi) configuration.getDiscoverySpi()).setJoinTimeout(((Number) spec.get("joinTimeoutMs")).longValue());
        Ignite ignite;
        try {
            ignite = Ignition.start(configuration);
        } catch (RuntimeException e) {
            outcome.put("joined", false);
            outcome.put("refused", String.valueOf(e));
            return outcome;
        }
        outcome.put("joined", true);
        outcome.put("servers", ignite.cluster().forServers().nodes().size());
        try {
            String marker = folder.resolve("closure-" + name + ".ran").toString();
            outcome.put("closure", ignite.compute(ignite.cluster().forServers()).call(new Closure(marker)));
        } catch (RuntimeException e) {
            outcome.put("closureRefused", String.valueOf(e));
        }
        try {
            Installer.Result install = new Installer.Result(Path.of((String) spec.get("workerEnv")), Path.of((String) spec.get("workerJar")),
                    List.of(Path.of((String) spec.get("workerJar"))), (String) spec.get("installHash"), false, 0, 0,
                    (String) spec.get("managerClass"), (String) spec.get("workerClass"), null);
            Map<String, Object> appArgs = new LinkedHashMap<>((Map<String, Object>) spec.get("args"));
            appArgs.put("data_out", folder.resolve("out-" + name).toString());
            List<Work> works = new ArrayList<>();
            for (Object item : (List<Object>) spec.get("items")) {
                works.add(Work.partition(Path.of((String) item).getFileName().toString(), List.of((String) item)));
            }
            ChunkJob job = new ChunkJob((String) spec.get("appName"), install, appArgs, works, ExecutionMode.parse("dp"), 0, 1,
                    IgniteSetup.ADDRESS, folder, ignite.cluster().localNode().id(), "agilab.events." + UUID.randomUUID(), 0);
            outcome.put("chunk", ignite.compute(ignite.cluster().forServers()).call(job));
        } catch (RuntimeException e) {
            outcome.put("chunkRefused", String.valueOf(e));
        }
        ignite.close();
        return outcome;
    }

    /**
     * A raw TLS handshake under {@code key} on every listening port of the cluster's blocks, trusting any server: the
     * certificate the peer presented, and whether it then refused us (an alert or a close before any data) or took us.
     */
    static List<Object> probes(IgniteSetup.PortBlock ports, ClusterTls.Material key) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(key.keyStore())) {
            store.load(in, key.password());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, key.password());
        List<Object> probes = new ArrayList<>();
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < IgniteSetup.DISCOVERY_RANGE; i++) {
            candidates.add(ports.discovery() + i);
        }
        for (int i = 0; i < IgniteSetup.COMMUNICATION_RANGE; i++) {
            candidates.add(ports.communication() + i);
        }
        for (int port : candidates) {
            Socket plain = new Socket();
            try {
                plain.connect(new InetSocketAddress(IgniteSetup.ADDRESS, port), 1_000);
            } catch (java.io.IOException e) {
                plain.close();
                continue; // nobody listens there
            }
            Map<String, Object> probe = new LinkedHashMap<>();
            probe.put("port", port);
            probe.put("kind", port < ports.communication() ? "discovery" : "communication");
            List<String> presented = new ArrayList<>();
            X509TrustManager anyServer = new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String type) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String type) {
                    try {
                        presented.add(fingerprint(chain[0]));
                    } catch (Exception e) {
                        presented.add("unreadable: " + e);
                    }
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            };
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys.getKeyManagers(), new TrustManager[] {anyServer}, null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, IgniteSetup.ADDRESS, port, true)) {
                socket.setSoTimeout(3_000);
                socket.startHandshake();
                probe.put("handshake", true);
                int read = socket.getInputStream().read();
                probe.put("outcome", read < 0 ? "closed" : "data");
            } catch (SocketTimeoutException e) {
                probe.put("outcome", "silence");
            } catch (javax.net.ssl.SSLException e) {
                probe.put("outcome", "refused: " + e.getMessage());
            } catch (java.io.IOException e) {
                probe.put("outcome", "closed: " + e);
            }
            probe.put("certificate", presented.isEmpty() ? null : presented.get(0));
            probes.add(probe);
        }
        return probes;
    }

    static String fingerprint(Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    private static PrintStream log(Path file) {
        try {
            return new PrintStream(Files.newOutputStream(file), true);
        } catch (java.io.IOException e) {
            return new PrintStream(java.io.OutputStream.nullOutputStream());
        }
    }
}
