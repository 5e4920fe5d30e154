package org.agilab.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

/** SSH secrets go to a coordinator's port only while a socket of this OS user listens there. */
class CoordinatorListenerTest {

    @Test
    void aListenerOfThisUserIsOursAPortNobodyListensOnIsNot() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            port = server.getLocalPort();
            assertTrue(Coordinator.listenerIsOurs(port), "this process listens on 127.0.0.1:" + port);
        }
        assertFalse(Coordinator.listenerIsOurs(port), "closed: nobody listens there, so no secret may go");
    }
}
