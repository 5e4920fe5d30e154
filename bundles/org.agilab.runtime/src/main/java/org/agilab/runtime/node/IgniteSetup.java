package org.agilab.runtime.node;

import java.nio.file.Path;
import java.util.List;

import org.agilab.runtime.io.ContentHash;
import org.agilab.runtime.settings.ClusterSettings;

import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.failure.StopNodeFailureHandler;
import org.apache.ignite.configuration.SystemDataRegionConfiguration;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.apache.ignite.ssl.SslContextFactory;

/**
 * How AGILab configures Ignite 2.x: server nodes and the manager's client on 127.0.0.1, static discovery over the
 * cluster's own port block (no multicast), peer class loading off (code reaches nodes only in the staged worker jar),
 * no thin-client or REST connectors, small lazily allocated memory regions.
 */
public final class IgniteSetup {

    public static final int DISCOVERY_RANGE = 10;
    public static final int COMMUNICATION_RANGE = 20;
    public static final String ADDRESS = "127.0.0.1";
    /** Every node and client of one AGILab cluster carries its identity under this attribute; a stranger is refused. */
    static final String CLUSTER_ATTRIBUTE = "agilab.cluster";
    /** The node index of the manager's client, which is no server node. */
    public static final int CLIENT = -1;
    /** Server nodes per cluster on one host: one discovery port each. */
    public static final int MAX_NODES = DISCOVERY_RANGE;
    static final long JOIN_TIMEOUT_MS = 90_000;
    /** Ignite's own default: a frozen node is dropped after 10 s. */
    public static final long DEFAULT_FAILURE_DETECTION_MS = ClusterSettings.DEFAULT_FAILURE_DETECTION_MS;

    private IgniteSetup() {
    }

    /** The ports of one cluster: a discovery block and a communication block (see the cluster's {@code PortLeases}). */
    public record PortBlock(int discovery, int communication) {
    }

    /** A server's finder: the seed only, node 0 on the first node host (see {@link #configuration}). */
    static List<String> serverFinder(String seedHost, PortBlock ports) {
        return List.of(seedHost + ":" + ports.discovery());
    }

    /** A client's finder: the whole discovery block of every host with nodes, so it joins through any node. */
    public static List<String> clientFinder(java.util.Collection<String> nodeHosts, PortBlock ports) {
        return nodeHosts.stream().distinct().map(host -> host + ":" + ports.discovery() + ".." + (ports.discovery() + DISCOVERY_RANGE - 1))
                .toList();
    }

    /** The identity of the cluster of (home, target): nodes of any other cluster are strangers. */
    public static String clusterId(Path home, String target) {
        return new ContentHash("agilab-cluster-v1")
                .text("home", home.toAbsolutePath().normalize().toString()).text("target", target).hex().substring(0, 16);
    }

    /** The server nodes that do not belong to cluster {@code id}: after a join, anything here means ports were shared. */
    public static java.util.List<String> strangers(org.apache.ignite.Ignite ignite, String id) {
        return ignite.cluster().forServers().nodes().stream()
                .filter(node -> !id.equals(node.attribute(CLUSTER_ATTRIBUTE)))
                .map(node -> node.consistentId() + " at " + node.addresses() + " (cluster " + node.attribute(CLUSTER_ATTRIBUTE) + ")")
                .toList();
    }

    static final String ALLOWLIST_PROPERTY = "IGNITE_MARSHALLER_WHITELIST";

    /**
     * The nodes' marshaller allowlist ({@link NodeAdmission#ALLOWLIST_RESOURCE}) for every Ignite this JVM starts, the
     * manager's and the coordinator's clients included, so a hostile member cannot make a client deserialize arbitrary
     * classes either. Every JVM AGILab starts gets it on its command line ({@code ignite-jvm-options.txt}, read by the
     * launchers); a JVM started otherwise (a test JVM, an embedding) gets it here, before Ignite reads it at its start.
     * An allowlist or a blocklist already set is left alone.
     */
    static void allowlistOnly() {
        if (System.getProperty(ALLOWLIST_PROPERTY) == null && System.getProperty("IGNITE_MARSHALLER_BLACKLIST") == null) {
            System.setProperty(ALLOWLIST_PROPERTY, NodeAdmission.ALLOWLIST_RESOURCE);
        }
    }

    /**
     * @param node the server node's index in the cluster (0 is the seed), or {@link #CLIENT}
     * @param tls the home's TLS material ({@link ClusterTls}); AGILab's nodes and clients always pass it (null, plain TCP,
     *            is left for tests playing a stranger without it, whom every node refuses)
     * @param address where this JVM binds discovery and communication: 127.0.0.1 for local nodes, its host's address for
     *            a node on an SSH host, the {@code [cluster] scheduler} host for the manager's client (nodes reach the
     *            manager there)
     * @param finder the discovery addresses this JVM joins through: the seed for a server ({@link #serverFinder}),
     *            every node host's block for a client ({@link #clientFinder})
     */
    public static IgniteConfiguration configuration(String name, int node, PortBlock ports, Path workDirectory,
            String clusterId, String address, List<String> finder, java.io.PrintStream log, long failureDetectionMs,
            ClusterTls.Material tls) {
        allowlistOnly();
        IgniteConfiguration configuration = new IgniteConfiguration();
        if (tls != null) {
            // discovery and communication both: each side presents the home's certificate and trusts only it. Ignite asks
            // the peer for its certificate on both (needClientAuth on the communication SSL filter and on the discovery
            // server socket): a JVM without the home's key is refused, whatever it trusts (LocalStrangersTest)
            SslContextFactory ssl = new SslContextFactory();
            ssl.setKeyStoreType("PKCS12");
            ssl.setKeyStoreFilePath(tls.keyStore().toString());
            ssl.setKeyStorePassword(tls.password());
            ssl.setTrustStoreType("PKCS12");
            ssl.setTrustStoreFilePath(tls.trustStore().toString());
            ssl.setTrustStorePassword(tls.password());
            ssl.setProtocol("TLSv1.3");
            configuration.setSslContextFactory(ssl);
        }
        configuration.setFailureDetectionTimeout(failureDetectionMs);
        configuration.setClientFailureDetectionTimeout(Math.max(failureDetectionMs, 2_000));
        configuration.setGridLogger(new IgniteLogs(log));
        configuration.setUserAttributes(java.util.Map.of(CLUSTER_ATTRIBUTE, clusterId));
        configuration.setIgniteInstanceName(name);
        configuration.setConsistentId(name);
        configuration.setClientMode(node == CLIENT);
        if (node == CLIENT) {
            // a critical failure of the manager's client (its nodes gone, an Ignite thread blocked on a loaded machine)
            // stops that client, never its JVM: Ignite's default halts the process with exit 130, which ended a
            // manager, a coordinator or a test JVM mid-run; the run then fails as a cluster error instead
            configuration.setFailureHandler(new StopNodeFailureHandler());
        }
        if (node != CLIENT) {
            configuration.setCollisionSpi(new ChunkJobsOnly()); // a node runs chunk jobs and nothing else
        }
        configuration.setPeerClassLoadingEnabled(false);
        configuration.setWorkDirectory(workDirectory.toAbsolutePath().toString());
        configuration.setMetricsLogFrequency(0);
        configuration.setClientConnectorConfiguration(null);
        configuration.setConnectorConfiguration(null);
        // Node 0 is the seed: the only address in a server's finder, on the block's first port. It forms the cluster
        // at once, without probing its siblings (nodes started together otherwise stall each other for seconds), and
        // the others, whose own address is not in their finder, wait for it instead of forming a cluster alone.
        // Clients list the whole block, so they can join through any node.
        TcpDiscoveryVmIpFinder ipFinder = new TcpDiscoveryVmIpFinder();
        ipFinder.setAddresses(finder);
        TcpDiscoverySpi discovery = new TcpDiscoverySpi();
        discovery.setIpFinder(ipFinder);
        discovery.setLocalAddress(address);
        discovery.setReconnectDelay(100);
        if (node != CLIENT) {
            discovery.setLocalPort(ports.discovery() + node);
            discovery.setLocalPortRange(0);
        } else {
            discovery.setJoinTimeout(JOIN_TIMEOUT_MS); // a client whose nodes never come up gives up instead of waiting forever
        }
        configuration.setDiscoverySpi(discovery);
        TcpCommunicationSpi communication = new TcpCommunicationSpi();
        communication.setLocalAddress(address);
        communication.setLocalPort(ports.communication());
        communication.setLocalPortRange(COMMUNICATION_RANGE - 1);
        configuration.setCommunicationSpi(communication);
        DataStorageConfiguration storage = new DataStorageConfiguration();
        storage.setDefaultDataRegionConfiguration(new DataRegionConfiguration().setName("default")
                .setInitialSize(16L << 20).setMaxSize(64L << 20));
        storage.setSystemDataRegionConfiguration(new SystemDataRegionConfiguration().setInitialSize(16L << 20).setMaxSize(32L << 20));
        configuration.setDataStorageConfiguration(storage);
        return configuration;
    }
}
