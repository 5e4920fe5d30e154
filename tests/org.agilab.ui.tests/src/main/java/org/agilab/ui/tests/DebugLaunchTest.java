package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.agilab.core.internal.launch.AgilabLaunchDelegate;
import org.agilab.core.internal.launch.LaunchAttributes;
import org.agilab.core.internal.project.AppProjectConfigurator;
import org.agilab.ui.internal.launch.AgilabLaunchShortcut;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.jdt.debug.core.IJavaLineBreakpoint;
import org.eclipse.jdt.debug.core.IJavaStackFrame;
import org.eclipse.jdt.debug.core.JDIDebugModel;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debug As > AGILab Run on the flight app in a local mode: the manager's JVM starts under JDWP on 127.0.0.1, the JDT
 * debugger attaches to it, a line breakpoint in the worker's per-work method is hit, and the Debug view shows the
 * suspended thread, with the worker's source found in the app's project.
 */
class DebugLaunchTest {

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        for (var breakpoint : DebugPlugin.getDefault().getBreakpointManager().getBreakpoints()) {
            breakpoint.delete();
        }
        AgilabIdeTest.endLaunches();
        AgilabIdeTest.removeConfigurationsAndProjects();
    }

    @Test
    void debugAsAgilabRunStopsAtABreakpointInTheWorkerAndTheDebugViewShowsTheSuspendedThread() throws Exception {
        // a suspend never asks to switch perspective here: a modal question would stop the test
        InstanceScope.INSTANCE.getNode("org.eclipse.debug.ui").put("org.eclipse.debug.ui.switch_perspective_on_suspend", "never");
        Path folder = dir.resolve("flight_telemetry_project");
        AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve("flight_telemetry_project"), folder);
        IProject project = AppProjectConfigurator.configure(folder, null);
        project.build(IncrementalProjectBuilder.FULL_BUILD, null);
        IFile worker = project.getFile("src/flight_telemetry_worker/FlightTelemetryWorker.java");
        List<String> lines = Files.readAllLines(worker.getLocation().toFile().toPath());
        int line = lines.indexOf("        PlaneRows plane = PlaneRows.of(results);") + 1;
        assertTrue(line > 0, "the first line of workDone is where the test expects it");
        IJavaLineBreakpoint breakpoint = JDIDebugModel.createLineBreakpoint(worker, "flight_telemetry_worker.FlightTelemetryWorker", line, -1,
                -1, 0, true, null);

        ILaunchConfigurationWorkingCopy copy = AgilabLaunchShortcut.configurationFor(project, AgilabLaunchDelegate.RUN).getWorkingCopy();
        new LaunchAttributes(project.getName(), "p", "", Map.of()).write(copy);
        copy.setAttribute(ILaunchManager.ATTR_ENVIRONMENT_VARIABLES, Map.of("AGILAB_HOME", Files.createDirectories(dir.resolve("home")).toString()));
        ILaunchConfiguration configuration = copy.doSave();
        List<ILaunch> before = List.of(DebugPlugin.getDefault().getLaunchManager().getLaunches());
        DebugUITools.launch(configuration, ILaunchManager.DEBUG_MODE);
        ILaunch[] launch = new ILaunch[1];
        IThread[] suspended = new IThread[1];
        Widgets.waitUntil(() -> {
            for (ILaunch candidate : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
                if (before.contains(candidate)) {
                    continue;
                }
                launch[0] = candidate;
                for (IDebugTarget target : candidate.getDebugTargets()) {
                    try {
                        for (IThread thread : target.getThreads()) {
                            if (thread.isSuspended() && thread.getBreakpoints().length > 0) {
                                suspended[0] = thread;
                                return true;
                            }
                        }
                    } catch (org.eclipse.debug.core.DebugException e) {
                        // the target is starting or going: look again
                    }
                }
                assertTrue(!candidate.isTerminated(), "the launch ended before the breakpoint was hit");
            }
            return false;
        }, 240_000, "the debugger to stop at the breakpoint in workDone");
        assertEquals(ILaunchManager.DEBUG_MODE, launch[0].getLaunchMode());
        assertEquals(breakpoint, suspended[0].getBreakpoints()[0]);
        IJavaStackFrame frame = (IJavaStackFrame) suspended[0].getTopStackFrame();
        assertEquals("workDone", frame.getMethodName());
        assertEquals(line, frame.getLineNumber());
        assertNotNull(frame.findVariable("work"), "the work being done is a variable of the frame");
        Object source = launch[0].getSourceLocator() instanceof org.eclipse.debug.core.model.ISourceLocator locator
                ? locator.getSourceElement(frame) : null;
        assertTrue(source instanceof org.eclipse.core.resources.IFile file && file.equals(worker)
                || source instanceof org.eclipse.jdt.core.ICompilationUnit unit && worker.equals(unit.getResource()),
                "the source is the app project's worker: " + source);

        // the Debug view shows the launch with its suspended thread, as for any Java launch
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().showView(IDebugUIConstants.ID_DEBUG_VIEW);
        Widgets.waitUntil(() -> {
            var context = DebugUITools.getDebugContext();
            return context != null && (context.equals(frame) || context.equals(suspended[0])
                    || context instanceof IJavaStackFrame top && top.getThread().equals(suspended[0]));
        }, 30_000, "the Debug view to select the suspended thread");
        AgilabViewsTest.screenshot(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().findView(IDebugUIConstants.ID_DEBUG_VIEW),
                "debug-view");

        // resumed without the breakpoint, the run finishes as a run would
        breakpoint.delete();
        suspended[0].getDebugTarget().resume();
        Widgets.waitUntil(launch[0]::isTerminated, 240_000, "the debugged run to end");
        assertEquals(0, launch[0].getProcesses()[0].getExitValue());
        assertTrue(Arrays.stream(launch[0].getDebugTargets()).allMatch(IDebugTarget::isTerminated));
    }
}
