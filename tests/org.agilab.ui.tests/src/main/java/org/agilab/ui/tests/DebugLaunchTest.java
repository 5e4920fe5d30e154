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

    /** Waits until a thread of {@code launch} is suspended at a breakpoint; returns it. */
    static IThread suspendedAtABreakpoint(ILaunch launch) {
        try {
            return waitForBreakpoint(launch);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + describe(launch), e);
        }
    }

    /** What a launch shows: its targets' threads (state, breakpoints, top frame) and its console's text. */
    static String describe(ILaunch launch) {
        StringBuilder text = new StringBuilder("mode " + launch.getLaunchMode() + ", processes: " + launch.getProcesses().length
                + ", debug targets: " + launch.getDebugTargets().length + "\n");
        for (org.eclipse.debug.core.model.IProcess process : launch.getProcesses()) {
            text.append("process ").append(process.getLabel()).append(process.isTerminated() ? " (terminated)" : "").append('\n');
        }
        // where the launch's threads are (a launch that never gets going is waiting somewhere)
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            String frames = Arrays.stream(stack).limit(25).map(StackTraceElement::toString).collect(java.util.stream.Collectors.joining("\n      "));
            if (frames.contains("org.agilab") || frames.contains("LaunchConfiguration") || thread.getName().startsWith("agilab")) {
                text.append("  thread ").append(thread.getName()).append(":\n      ").append(frames).append('\n');
            }
        });
        for (IDebugTarget target : launch.getDebugTargets()) {
            try {
                text.append(target.getName()).append(target.isTerminated() ? " (terminated)" : "").append('\n');
                for (IThread thread : target.getThreads()) {
                    text.append("  ").append(thread.getName()).append(thread.isSuspended() ? " suspended" : "").append(" breakpoints ")
                            .append(thread.getBreakpoints().length).append(thread.isSuspended() && thread.getTopStackFrame() != null
                                    ? " at " + thread.getTopStackFrame().getName() : "").append('\n');
                }
            } catch (org.eclipse.debug.core.DebugException e) {
                text.append("  (").append(e.getMessage()).append(")\n");
            }
        }
        for (org.eclipse.ui.console.IConsole console : org.eclipse.ui.console.ConsolePlugin.getDefault().getConsoleManager().getConsoles()) {
            if (console instanceof org.agilab.ui.internal.console.LaunchConsole own) {
                text.append("console ").append(own.getName()).append(own.source().launch() == launch ? " (this launch)" : "").append(":\n")
                        .append(own.getDocument().get()).append('\n');
            }
        }
        return text.toString();
    }

    private static IThread waitForBreakpoint(ILaunch launch) {
        IThread[] suspended = new IThread[1];
        Widgets.waitUntil(() -> {
            for (IDebugTarget target : launch.getDebugTargets()) {
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
            assertTrue(!launch.isTerminated(), "the launch ended before the breakpoint was hit");
            return false;
        }, 120_000, "the debugger to stop at the breakpoint in workDone");
        return suspended[0];
    }

    /** Whether {@code thread} is suspended at {@code breakpoint}, in workDone at {@code line}. */
    private static boolean atTheBreakpoint(IThread thread, IJavaLineBreakpoint breakpoint, int line) {
        try {
            return thread.isSuspended() && Arrays.asList(thread.getBreakpoints()).contains(breakpoint)
                    && thread.getTopStackFrame() instanceof IJavaStackFrame top && "workDone".equals(top.getMethodName())
                    && top.getLineNumber() == line;
        } catch (org.eclipse.debug.core.DebugException e) {
            return false; // resumed or gone meanwhile
        }
    }

    /** A copy of the flight app as a workspace project, built, with a line breakpoint on the first line of workDone. */
    IJavaLineBreakpoint[] flightWithBreakpoint(IProject[] project, int[] line) throws Exception {
        InstanceScope.INSTANCE.getNode("org.eclipse.debug.ui").put("org.eclipse.debug.ui.switch_perspective_on_suspend", "never");
        Path folder = dir.resolve("flight_telemetry_project");
        AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve("flight_telemetry_project"), folder);
        project[0] = AppProjectConfigurator.configure(folder, null);
        project[0].build(IncrementalProjectBuilder.FULL_BUILD, null);
        IFile worker = project[0].getFile("src/flight_telemetry_worker/FlightTelemetryWorker.java");
        List<String> lines = Files.readAllLines(worker.getLocation().toFile().toPath());
        line[0] = lines.indexOf("        PlaneRows plane = PlaneRows.of(results);") + 1;
        assertTrue(line[0] > 0, "the first line of workDone is where the test expects it");
        return new IJavaLineBreakpoint[] {JDIDebugModel.createLineBreakpoint(worker, "flight_telemetry_worker.FlightTelemetryWorker", line[0], -1,
                -1, 0, true, null)};
    }

    /**
     * Debug Chunk on a cluster run in the Runs view: chunk 1 of a real two-node run is replayed under the debugger, which
     * stops in workDone on one of that chunk's works.
     */
    @Test
    void debugChunkOnARunInTheRunsViewStopsInThatChunksWork() throws Exception {
        IProject[] project = new IProject[1];
        int[] line = new int[1];
        IJavaLineBreakpoint breakpoint = flightWithBreakpoint(project, line)[0];
        breakpoint.setEnabled(false); // not in the cluster run itself (it runs on the nodes anyway)
        Path home = Files.createDirectories(dir.resolve("home"));
        Path nodes = home.resolve("wenv/flight_telemetry_worker/nodes");
        try {
            ILaunchConfigurationWorkingCopy copy = AgilabLaunchShortcut.configurationFor(project[0], AgilabLaunchDelegate.RUN).getWorkingCopy();
            new LaunchAttributes(project[0].getName(), "dp", "127.0.0.1:2", Map.of()).write(copy);
            copy.setAttribute(ILaunchManager.ATTR_ENVIRONMENT_VARIABLES, Map.of("AGILAB_HOME", home.toString()));
            assertEquals(0, AgilabViewsTest.launchAndWait(copy.doSave()));
            org.agilab.ui.internal.view.RunsView runs = (org.agilab.ui.internal.view.RunsView) PlatformUI.getWorkbench().getActiveWorkbenchWindow()
                    .getActivePage().showView(org.agilab.ui.internal.view.RunsView.ID);
            runs.showLogs(home.resolve("log/execute"));
            Widgets.waitUntil(() -> runs.entries().size() == 1, 30_000, "the Runs view to list the cluster run");
            org.agilab.runtime.record.RunHistory.Entry run = runs.entries().get(0);
            assertEquals(List.of(0, 1), List.copyOf(org.agilab.runtime.record.RunHistory.chunks(run).keySet()));
            Map<String, Object> manifest = org.agilab.runtime.json.JsonCodec.readObject(Files.readString(run.folder().resolve("run_manifest.json")));
            @SuppressWarnings("unchecked")
            List<String> chunkWorks = ((List<Map<String, Object>>) manifest.get("chunks")).stream()
                    .filter(chunk -> ((Number) chunk.get("index")).intValue() == 1)
                    .flatMap(chunk -> ((List<Map<String, Object>>) chunk.get("works")).stream()).map(work -> (String) work.get("name")).toList();

            breakpoint.setEnabled(true);
            ILaunch launch = runs.debugChunk(run, 1);
            assertNotNull(launch);
            IThread suspended = suspendedAtABreakpoint(launch);
            IJavaStackFrame frame = (IJavaStackFrame) suspended.getTopStackFrame();
            assertEquals("workDone", frame.getMethodName());
            assertEquals(line[0], frame.getLineNumber());
            org.eclipse.jdt.debug.core.IJavaObject work = (org.eclipse.jdt.debug.core.IJavaObject) frame.findVariable("work").getValue();
            String name = work.getField("name", false).getValue().getValueString();
            assertTrue(chunkWorks.contains(name), "the work stopped in is one of chunk 1's " + chunkWorks + ": " + name);

            breakpoint.delete();
            suspended.getDebugTarget().resume();
            Widgets.waitUntil(launch::isTerminated, 240_000, "the replayed chunk to end");
            assertEquals(0, launch.getProcesses()[0].getExitValue());
        } finally {
            org.agilab.runtime.cluster.Coordinator.stop(nodes);
            org.agilab.runtime.cluster.NodeRegistry.stop(nodes);
        }
    }

    @Test
    void debugAsAgilabRunStopsAtABreakpointInTheWorkerAndTheDebugViewShowsTheSuspendedThread() throws Exception {
        // a suspend never asks to switch perspective here (flightWithBreakpoint): a modal question would stop the test
        IProject[] projects = new IProject[1];
        int[] lines = new int[1];
        IJavaLineBreakpoint breakpoint = flightWithBreakpoint(projects, lines)[0];
        IProject project = projects[0];
        int line = lines[0];
        IFile worker = project.getFile("src/flight_telemetry_worker/FlightTelemetryWorker.java");

        ILaunchConfigurationWorkingCopy copy = AgilabLaunchShortcut.configurationFor(project, AgilabLaunchDelegate.RUN).getWorkingCopy();
        new LaunchAttributes(project.getName(), "p", "", Map.of()).write(copy);
        copy.setAttribute(ILaunchManager.ATTR_ENVIRONMENT_VARIABLES, Map.of("AGILAB_HOME", Files.createDirectories(dir.resolve("home")).toString()));
        ILaunchConfiguration configuration = copy.doSave();
        // the Debug view is open (as in the Debug perspective) when the breakpoint is hit; a debug launch never asks to switch
        // perspective here: a modal question would stop the test
        InstanceScope.INSTANCE.getNode("org.eclipse.debug.ui").put("org.eclipse.debug.ui.switch_to_perspective", "never");
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().showView(IDebugUIConstants.ID_DEBUG_VIEW);
        DebugUITools.launch(configuration, ILaunchManager.DEBUG_MODE); // Debug As's own path
        ILaunch[] launch = new ILaunch[1];
        Widgets.waitUntil(() -> {
            launch[0] = Arrays.stream(DebugPlugin.getDefault().getLaunchManager().getLaunches())
                    .filter(l -> configuration.equals(l.getLaunchConfiguration()) && !l.isTerminated()).findFirst().orElse(null);
            return launch[0] != null;
        }, 60_000, "the debug launch");
        IThread[] suspended = {suspendedAtABreakpoint(launch[0])};
        assertEquals(ILaunchManager.DEBUG_MODE, launch[0].getLaunchMode());
        assertEquals(breakpoint, suspended[0].getBreakpoints()[0]);
        IJavaStackFrame frame = (IJavaStackFrame) suspended[0].getTopStackFrame();
        assertEquals("workDone", frame.getMethodName());
        assertEquals(line, frame.getLineNumber());
        assertNotNull(frame.findVariable("work"), "the work being done is a variable of the frame");
        org.eclipse.debug.core.model.ISourceLocator locator = launch[0].getSourceLocator();
        Object source = locator == null ? null : locator.getSourceElement(frame);
        assertTrue(source instanceof org.eclipse.core.resources.IFile file && file.equals(worker)
                || source instanceof org.eclipse.jdt.core.ICompilationUnit unit && worker.equals(unit.getResource()),
                "the source is the app project's worker: " + source);

        // the Debug view shows the launch with a suspended thread selected, as for any Java launch; the pool's other thread
        // may stop at the same breakpoint later, and the Debug view then selects that one (as JDT does for any
        // application): any thread of this launch stopped at the breakpoint, or its top frame, is the right selection
        org.eclipse.ui.IWorkbenchPage debugPage = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        debugPage.showView(IDebugUIConstants.ID_DEBUG_VIEW);
        Object[] context = new Object[1];
        try {
            Widgets.waitUntil(() -> {
                // the debug context is the active part's: a part activated meanwhile (a console shown by the launch's
                // output, a view refreshed by its events) takes it from the Debug view, as a user's click would; the user
                // looks at the Debug view, so the test brings it forward again
                org.eclipse.ui.IViewPart debugView = debugPage.findView(IDebugUIConstants.ID_DEBUG_VIEW);
                if (debugView != null && debugPage.getActivePart() != debugView) {
                    debugPage.activate(debugView);
                }
                context[0] = DebugUITools.getDebugContext();
                IThread thread = context[0] instanceof IThread selected ? selected
                        : context[0] instanceof IJavaStackFrame top ? top.getThread() : null;
                return thread != null && thread.getLaunch() == launch[0] && atTheBreakpoint(thread, breakpoint, line);
            }, 30_000, "the Debug view to select a thread suspended at the breakpoint");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the debug context is " + context[0] + " (active part "
                    + debugPage.getActivePart() + ")\n" + describe(launch[0]), e);
        }
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
