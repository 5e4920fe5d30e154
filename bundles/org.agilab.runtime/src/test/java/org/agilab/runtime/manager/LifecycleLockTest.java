package org.agilab.runtime.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.process.ProcessIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleLockTest {

    @TempDir
    Path workerEnv;

    @Test
    void secondHolderInAnotherProcessIsBusyAndNamesTheHolder() throws Exception {
        Process holder = LockHolder.start(workerEnv);
        try {
            assertTrue(LifecycleLock.isHeld(workerEnv));
            AgilabException busy = assertThrows(AgilabException.class, () -> LifecycleLock.acquire(workerEnv, "run"));
            assertEquals(FailureClass.BUSY, busy.failureClass());
            assertTrue(busy.getMessage().contains("process " + holder.pid()), busy.getMessage());
            assertTrue(busy.getMessage().contains("test-holder"), busy.getMessage());
        } finally {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(20, TimeUnit.SECONDS));
        }
        assertFalse(LifecycleLock.isHeld(workerEnv));
        try (LifecycleLock lock = LifecycleLock.acquire(workerEnv, "run")) {
            assertTrue(LifecycleLock.isHeld(workerEnv));
        }
    }

    @Test
    void aKilledHolderLeavesNoStaleLock() throws Exception {
        Process holder = LockHolder.start(workerEnv);
        holder.destroyForcibly();
        assertTrue(holder.waitFor(20, TimeUnit.SECONDS));
        try (LifecycleLock lock = LifecycleLock.acquire(workerEnv, "install")) {
            assertEquals("install", LifecycleLock.holder(workerEnv).orElseThrow().command());
        }
    }

    @Test
    void sameProcessSecondAcquireIsBusyToo() {
        try (LifecycleLock lock = LifecycleLock.acquire(workerEnv, "run")) {
            assertEquals(FailureClass.BUSY, assertThrows(AgilabException.class,
                    () -> LifecycleLock.acquire(workerEnv, "run")).failureClass());
        }
    }

    @Test
    void processIdentityRejectsAReusedPid() {
        ProcessIdentity self = ProcessIdentity.current();
        assertTrue(self.isAlive());
        assertFalse(new ProcessIdentity(self.pid(), self.started().minusSeconds(5)).isAlive());
        String json = org.agilab.runtime.json.JsonCodec.write(self);
        assertEquals("{\"pid\":" + self.pid() + ",\"started\":\"" + self.started() + "\"}", json, "the form the files have always had");
        assertEquals(self, org.agilab.runtime.json.JsonCodec.read(json, ProcessIdentity.class));
    }
}
