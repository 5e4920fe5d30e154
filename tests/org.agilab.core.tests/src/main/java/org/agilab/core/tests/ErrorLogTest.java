package org.agilab.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.agilab.core.internal.console.ConsoleOutputs;
import org.agilab.runtime.log.AgiLog;
import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.Test;

/** The runtime's warnings in the IDE process land in the Error Log, redacted; its info lines do not. */
class ErrorLogTest {

    @Test
    void runtimeWarningsReachTheErrorLog() {
        ConsoleOutputs.current(); // any core class: the core is active, its log sink installed
        List<IStatus> logged = new CopyOnWriteArrayList<>();
        ILogListener listener = (status, plugin) -> logged.add(status);
        Platform.addLogListener(listener);
        try {
            AgiLog.get(ErrorLogTest.class).info("an info line stays out");
            AgiLog.get(ErrorLogTest.class).warn("the settings of probe_project could not be read");
        } finally {
            Platform.removeLogListener(listener);
        }
        List<IStatus> ours = logged.stream().filter(s -> "org.agilab.core".equals(s.getPlugin())).toList();
        assertEquals(1, ours.size(), ours.toString());
        assertEquals(IStatus.WARNING, ours.get(0).getSeverity());
        assertTrue(ours.get(0).getMessage().equals("ErrorLogTest: the settings of probe_project could not be read"), ours.get(0).getMessage());
    }
}
