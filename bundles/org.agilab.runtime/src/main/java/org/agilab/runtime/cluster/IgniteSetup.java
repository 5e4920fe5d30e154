package org.agilab.runtime.cluster;

import java.nio.file.Path;
import java.util.List;

import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.configuration.SystemDataRegionConfiguration;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;

/**
 * How AGILab configures Ignite 2.x: server nodes and the manager's client on 127.0.0.1, static discovery over the
 * cluster's own port block (no multicast), peer class loading off (code reaches nodes only in the staged worker jar),
 * no thin-client or REST connectors, small lazily allocated memory regions.
 */
public final class IgniteSetup {

    static final int DISCOVERY_RANGE = 10;
    static final int COMMUNICATION_RANGE = 20;
    static final String ADDRESS = "127.0.0.1";

    private IgniteSetup() {
    }

    /** The ports of one cluster: a discovery block and a communication block. */
    public record PortBlock(int discovery, int communication) {

        /** A block chosen by the cluster's identity (home and target), so two apps' clusters never meet. */
        public static PortBlock of(Path home, String target) {
            int slot = Math.floorMod((home.toAbsolutePath().normalize() + "|" + target).hashCode(), 100);
            return new PortBlock(47_500 + slot * DISCOVERY_RANGE, 48_600 + slot * COMMUNICATION_RANGE);
        }
    }

    public static IgniteConfiguration configuration(String name, boolean client, PortBlock ports, Path workDirectory) {
        IgniteConfiguration configuration = new IgniteConfiguration();
        configuration.setIgniteInstanceName(name);
        configuration.setConsistentId(name);
        configuration.setClientMode(client);
        configuration.setPeerClassLoadingEnabled(false);
        configuration.setWorkDirectory(workDirectory.toAbsolutePath().toString());
        configuration.setMetricsLogFrequency(0);
        configuration.setClientConnectorConfiguration(null);
        configuration.setConnectorConfiguration(null);
        TcpDiscoveryVmIpFinder finder = new TcpDiscoveryVmIpFinder();
        finder.setAddresses(List.of(ADDRESS + ":" + ports.discovery() + ".." + (ports.discovery() + DISCOVERY_RANGE - 1)));
        TcpDiscoverySpi discovery = new TcpDiscoverySpi();
        discovery.setIpFinder(finder);
        discovery.setLocalAddress(ADDRESS);
        discovery.setLocalPort(ports.discovery());
        discovery.setLocalPortRange(DISCOVERY_RANGE - 1);
        configuration.setDiscoverySpi(discovery);
        TcpCommunicationSpi communication = new TcpCommunicationSpi();
        communication.setLocalAddress(ADDRESS);
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
