package org.agilab.runtime.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServiceHealthTest {

    static final ServiceState STATE = new ServiceState(42, Instant.parse("2026-12-05T12:00:00Z"), "app", "running",
            Instant.parse("2026-12-05T12:00:00Z"), null, 10, 0, List.of(), null);

    static ServiceHealth.WorkerRow node(String name, boolean up) {
        return new ServiceHealth.WorkerRow(name, up, up ? "ok" : "gone", null, null);
    }

    @Test
    void aRunningServiceWithItsWorkersUpPassesUpstreamsDefaults() {
        List<ServiceHealth.WorkerRow> rows = List.of(ServiceHealth.serviceRow(STATE, true, Duration.ofMillis(300)), node("node-1", true),
                node("node-2", true));
        ServiceHealth.Verdict verdict = ServiceHealth.judge(ServiceHealth.Gate.DEFAULT, rows, 1, 10);
        assertEquals("running", verdict.status());
        assertTrue(verdict.passed(), verdict.crossed().toString());
        assertEquals(1.0 / 11, verdict.restartRate(), 1e-9);
    }

    @Test
    void eachCrossedThresholdIsNamed() {
        List<ServiceHealth.WorkerRow> rows = List.of(ServiceHealth.serviceRow(STATE, true, Duration.ofSeconds(30)), node("node-1", true),
                node("node-2", false));
        ServiceHealth.Verdict verdict = ServiceHealth.judge(new ServiceHealth.Gate(false, 0, 0.1), rows, 3, 7);
        assertEquals("degraded", verdict.status());
        assertFalse(verdict.passed());
        assertEquals(2, verdict.crossed().size(), verdict.crossed().toString());
        assertTrue(verdict.crossed().get(0).startsWith("max_unhealthy=0: 2 unhealthy"), verdict.crossed().get(0));
        assertTrue(verdict.crossed().get(0).contains("stale-heartbeat(30s)") && verdict.crossed().get(0).contains("node-2 gone"),
                verdict.crossed().get(0));
        assertTrue(verdict.crossed().get(1).startsWith("max_restart_rate=0.1: 0.300 (3 of 10 attempts"), verdict.crossed().get(1));
        assertTrue(ServiceHealth.judge(new ServiceHealth.Gate(false, 2, 0.5), rows, 3, 7).passed());
    }

    @Test
    void aStoppedServiceIsIdleWhichFailsUnlessAllowed() {
        List<ServiceHealth.WorkerRow> rows = List.of(ServiceHealth.serviceRow(STATE, false, Duration.ZERO));
        ServiceHealth.Verdict verdict = ServiceHealth.judge(ServiceHealth.Gate.DEFAULT, rows, 0, 0);
        assertEquals("idle", verdict.status());
        assertEquals(List.of("allow_idle=false: the service is idle (not running)"), verdict.crossed());
        assertTrue(ServiceHealth.judge(ServiceHealth.Gate.of(Map.of("allow_idle", true)), rows, 0, 0).passed());
    }

    @Test
    void theGateReadsUpstreamsKeysAndKeepsItsDefaultsForMissingOnes() {
        assertEquals(ServiceHealth.Gate.DEFAULT, ServiceHealth.Gate.of(Map.of()));
        assertEquals(new ServiceHealth.Gate(true, 2, 0.5),
                ServiceHealth.Gate.of(Map.of("allow_idle", true, "max_unhealthy", 2L, "max_restart_rate", 0.5)));
    }
}
