package org.agilab.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.failure.StopNodeFailureHandler;
import org.apache.ignite.marshaller.IgniteMarshallerClassFilter;
import org.apache.ignite.marshaller.MarshallerUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.agilab.runtime.node.ChunkJob;
import org.agilab.runtime.node.IgniteSetup;
import org.agilab.runtime.node.NodeAdmission;
import org.agilab.runtime.node.NodeAdmissionTest;



/**
 * The manager's and the coordinator's Ignite clients deserialize no more than the nodes do: every JVM AGILab starts
 * with Ignite (nodes, the manager through ./agilab and the IDE's ManagerLauncher, the coordinator) gets the nodes'
 * marshaller allowlist from {@code ignite-jvm-options.txt}, and a JVM started otherwise gets it before its first Ignite
 * start. (LocalStrangersTest checks the running nodes' and coordinator's command lines.)
 */
class ClientAllowlistTest {

    @TempDir
    Path dir;

    @Test
    void everyIgniteJvmIsStartedWithTheNodesAllowlist() {
        assertTrue(ClusterJvm.options().contains("-DIGNITE_MARSHALLER_WHITELIST=" + NodeAdmission.ALLOWLIST_RESOURCE),
                "ignite-jvm-options.txt, read by the launchers and the coordinator's and nodes' starts: " + ClusterJvm.options());
        assertNotNull(ClusterJvm.class.getClassLoader().getResource(NodeAdmission.ALLOWLIST_RESOURCE), "the allowlist is in the runtime jar");
    }

    @Test
    void aClientsCriticalFailureStopsTheClientNotItsJvm() {
        IgniteConfiguration client = IgniteSetup.configuration("failing-client", IgniteSetup.CLIENT, new IgniteSetup.PortBlock(27500, 28600),
                dir.resolve("work"), "id", IgniteSetup.ADDRESS, List.of(IgniteSetup.ADDRESS + ":27500"),
                new PrintStream(OutputStream.nullOutputStream()), IgniteSetup.DEFAULT_FAILURE_DETECTION_MS, null);
        // Ignite's default handler halts the JVM with exit 130: the manager, the coordinator or a test JVM with it
        assertEquals(StopNodeFailureHandler.class, client.getFailureHandler().getClass());
    }

    @Test
    void aClientConfiguredInAJvmWithoutTheOptionRefusesWhatTheNodesRefuse() throws Exception {
        IgniteSetup.configuration("allowlist-client", IgniteSetup.CLIENT, new IgniteSetup.PortBlock(27500, 28600), dir.resolve("work"), "id",
                IgniteSetup.ADDRESS, List.of(IgniteSetup.ADDRESS + ":27500"), new PrintStream(OutputStream.nullOutputStream()),
                IgniteSetup.DEFAULT_FAILURE_DETECTION_MS, null);
        assertEquals(NodeAdmission.ALLOWLIST_RESOURCE, System.getProperty("IGNITE_MARSHALLER_WHITELIST"),
                "set before Ignite reads it at its start");
        IgniteMarshallerClassFilter filter = MarshallerUtils.classNameFilter(getClass().getClassLoader());
        assertFalse(filter.apply(NodeAdmissionTest.ForeignJob.class.getName()), "a class of the classpath outside the allowlist");
        assertFalse(filter.apply(Stranger.Closure.class.getName()), "a stranger's closure");
        assertTrue(filter.apply(ChunkJob.class.getName()), "the allowlist's own classes pass");
        assertTrue(filter.apply(String.class.getName()), "the JDK classes Ignite lists pass");
    }
}
