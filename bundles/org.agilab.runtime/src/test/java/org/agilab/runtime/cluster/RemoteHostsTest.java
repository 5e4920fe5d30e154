package org.agilab.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.ssh.SshHost;
import org.junit.jupiter.api.Test;

/** The host checks that need no host: Java versions as `java -version` prints them, and errors of several hosts. */
class RemoteHostsTest {

    static final SshHost HOST = new SshHost("10.0.0.5", 22, "agi", "agilab", "java", null, null);

    @Test
    void javaSeventeenOrLaterPassesAndOlderOrMissingNamesTheHostAndTheFix() {
        RemoteHosts.checkJava("openjdk version \"17.0.15\" 2025-04-15", HOST);
        RemoteHosts.checkJava("openjdk version \"21\" 2023-09-19", HOST);
        AgilabException eight = assertThrows(AgilabException.class, () -> RemoteHosts.checkJava("java version \"1.8.0_292\"", HOST));
        assertEquals("Java 8 on 10.0.0.5 is too old: AGILab nodes need 17 or later", eight.getMessage());
        assertEquals("10.0.0.5", eight.host());
        AgilabException missing = assertThrows(AgilabException.class, () -> RemoteHosts.checkJava("", HOST));
        assertTrue(missing.getMessage().startsWith("no Java on 10.0.0.5"), missing.getMessage());
        assertTrue(missing.hint().contains("[cluster.hosts.\"10.0.0.5\"] java = "), missing.hint());
    }

    @Test
    void severalFailedHostsMakeOneErrorNamingEach() {
        Map<String, AgilabException> failed = new LinkedHashMap<>();
        failed.put("10.0.0.5", AgilabException.of(FailureClass.CLUSTER, "no Java on 10.0.0.5").host("10.0.0.5").hint("install one").build());
        failed.put("10.0.0.6", AgilabException.of(FailureClass.CLUSTER, "10.0.0.6 refused the connection").host("10.0.0.6").build());
        AgilabException both = RemoteHosts.combined(failed, 3);
        assertEquals("2 of 3 hosts failed: no Java on 10.0.0.5; 10.0.0.6 refused the connection", both.getMessage());
        assertEquals("10.0.0.5", both.host());
        assertEquals("install one", both.hint());
        Map<String, Long> workers = new LinkedHashMap<>();
        workers.put("127.0.0.1", 2L);
        workers.put("10.0.0.5", 4L);
        workers.put("10.0.0.6", 0L);
        workers.put("localhost", 1L);
        assertEquals(List.of("10.0.0.5"), RemoteHosts.remote(workers), "this machine and hosts without workers are no SSH hosts");
    }
}
