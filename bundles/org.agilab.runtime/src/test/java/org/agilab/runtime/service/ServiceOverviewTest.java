package org.agilab.runtime.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.process.ProcessIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the IDE's Apps view reads of a service: nothing without a queue, its depths, its state while its process lives. */
class ServiceOverviewTest {

    @TempDir
    Path temp;

    @Test
    void noQueueFolderMeansNoServiceAndReadingMakesNone() {
        Path root = temp.resolve("wenv/app_worker/service");
        assertTrue(ServiceOverview.read(root).isEmpty());
        assertFalse(Files.exists(root), "reading made no folder");
    }

    @Test
    void aQueueWithoutAServiceIsStoppedWithItsDepths() {
        Path root = temp.resolve("service");
        ServiceQueue queue = ServiceQueue.open(root);
        queue.submit("task", Map.of("k", 1L), List.of());
        queue.submit("task", Map.of("k", 2L), List.of());
        ServiceTask claimed = queue.claim("node-1").orElseThrow();
        queue.complete(claimed, Map.of("rows", 3L));
        ServiceOverview overview = ServiceOverview.read(root).orElseThrow();
        assertEquals("stopped", overview.state());
        assertFalse(overview.alive());
        assertEquals(0, overview.pid());
        assertEquals(new ServiceQueue.Counts(1, 0, 1, 0), overview.counts());
        assertEquals("1 pending, 0 running, 1 done, 0 failed", overview.depths());
    }

    @Test
    void aLiveServiceShowsItsStateAndOneWhoseProcessIsGoneIsStopped() {
        Path root = temp.resolve("service");
        ServiceQueue.open(root);
        ProcessIdentity self = ProcessIdentity.current();
        new ServiceState(self.pid(), self.started(), "app", "draining", Instant.now(), null, 0, 0, List.of(), null).write(root);
        ServiceOverview live = ServiceOverview.read(root).orElseThrow();
        assertEquals("draining", live.state());
        assertTrue(live.alive());
        assertEquals(self.pid(), live.pid());
        // the same PID started at another time: a recycled PID, not the service
        new ServiceState(self.pid(), self.started().minusSeconds(3600), "app", "running", Instant.now(), null, 0, 0, List.of(), null).write(root);
        ServiceOverview gone = ServiceOverview.read(root).orElseThrow();
        assertEquals("stopped", gone.state());
        assertFalse(gone.alive());
    }
}
