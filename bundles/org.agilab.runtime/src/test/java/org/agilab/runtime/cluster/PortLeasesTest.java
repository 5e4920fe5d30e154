package org.agilab.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.node.IgniteSetup;
import org.agilab.runtime.settings.ClusterSettings.PortRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Port leases on real sockets: kept while free, moved when a stranger holds a port, refused when nothing fits. */
class PortLeasesTest {

    // three blocks, away from the default ranges so a user's clusters are not disturbed
    static final PortRange DISCOVERY = new PortRange(25_200, 25_229);
    static final PortRange COMMUNICATION = new PortRange(25_300, 25_359);

    @TempDir
    Path dir;

    @Test
    void aLeaseIsKeptWhileItsPortsAreFreeAndTargetsNeverShareABlock() {
        Path leases = dir.resolve(PortLeases.FILE);
        IgniteSetup.PortBlock alpha = PortLeases.acquire(leases, "alpha", DISCOVERY, COMMUNICATION, "127.0.0.1");
        IgniteSetup.PortBlock beta = PortLeases.acquire(leases, "beta", DISCOVERY, COMMUNICATION, "127.0.0.1");
        assertNotEquals(alpha, beta);
        assertEquals(alpha, PortLeases.acquire(leases, "alpha", DISCOVERY, COMMUNICATION, "127.0.0.1"), "the lease is kept");
        assertTrue(Files.isRegularFile(leases));
    }

    @Test
    void aLeaseMovesWhenAnotherProgramHoldsOneOfItsPorts() throws Exception {
        Path leases = dir.resolve(PortLeases.FILE);
        IgniteSetup.PortBlock first = PortLeases.acquire(leases, "alpha", DISCOVERY, COMMUNICATION, "127.0.0.1");
        try (ServerSocket stranger = new ServerSocket()) {
            // the last communication port of the block: Ignite would list it, so the whole block is unsafe
            stranger.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), first.communication() + IgniteSetup.COMMUNICATION_RANGE - 1));
            IgniteSetup.PortBlock moved = PortLeases.acquire(leases, "alpha", DISCOVERY, COMMUNICATION, "127.0.0.1");
            assertNotEquals(first, moved);
            assertEquals(moved, PortLeases.acquire(leases, "alpha", DISCOVERY, COMMUNICATION, "127.0.0.1"), "the new lease is recorded");
        }
    }

    @Test
    void rangesSmallerThanABlockAreASettingsError() {
        AgilabException error = assertThrows(AgilabException.class, () -> PortLeases.acquire(dir.resolve(PortLeases.FILE), "alpha",
                new PortRange(25_200, 25_204), COMMUNICATION, "127.0.0.1"));
        assertEquals(FailureClass.SETTINGS, error.failureClass());
        assertTrue(error.getMessage().contains("25200-25204"), error.getMessage());
    }

    @Test
    void rangesAreParsedWithAClearReason() {
        assertEquals(new PortRange(27_500, 28_499), PortRange.parse(" 27500 - 28499 "));
        for (String bad : new String[] {"47500", "a-b", "48499-47500", "80-90", "65000-70000"}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> PortRange.parse(bad));
            assertTrue(error.getMessage().contains(bad), error.getMessage());
        }
    }
}
