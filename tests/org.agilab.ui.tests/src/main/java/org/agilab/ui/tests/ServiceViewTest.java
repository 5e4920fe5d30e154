package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.core.internal.preferences.IdeSetting;
import org.agilab.core.internal.project.AppProjectConfigurator;
import org.agilab.runtime.cluster.Coordinator;
import org.agilab.runtime.cluster.NodeRegistry;
import org.agilab.runtime.process.ProcessIdentity;
import org.agilab.runtime.service.ServiceOverview;
import org.agilab.runtime.service.ServiceState;
import org.agilab.ui.internal.view.AppsView;
import org.agilab.ui.internal.view.ViewMessages;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.action.ActionContributionItem;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IContributionItem;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service mode from the Apps view, in the workbench under Xvfb, on the flight app with a real service: Start Service
 * (its dialog: mode dp on two workers of 127.0.0.1) starts the service process, whose first task's run starts the
 * coordinator and two node JVMs; three tasks submitted through the Submit dialog (the app's args form, data_out changed,
 * a key=value line) end in done/ and the view shows them there; Stop Service drains it and no service, node or
 * coordinator process is left; Show Service Health then says the gate failed, naming allow_idle. Every JVM is stopped
 * in the end, the test failed or not.
 */
class ServiceViewTest {

    @TempDir
    Path dir;
    Path home;
    Path worker;

    @AfterEach
    void noProcessSurvives() throws Exception {
        try {
            keepLogs();
            AgilabIdeTest.endLaunches();
            if (worker != null) {
                Optional<ServiceState> left = ServiceState.read(worker.resolve("service")).filter(ServiceState::alive);
                if (left.isPresent()) {
                    threadDump(left.get().pid()); // why it was still there
                }
                left.flatMap(state -> ProcessHandle.of(state.pid())).ifPresent(ProcessHandle::destroyForcibly);
                Coordinator.stop(worker.resolve("nodes"));
                NodeRegistry.stop(worker.resolve("nodes"));
            }
            for (Shell shell : Display.getCurrent().getShells()) {
                if (shell != AgilabIdeTest.workbenchShell() && !shell.isDisposed() && shell.isVisible()) {
                    shell.close(); // a dialog a failed check left open
                }
            }
        } finally {
            for (IdeSetting setting : IdeSetting.values()) {
                IdePreferences.put(IdePreferences.workspace(), setting, null);
            }
            AgilabIdeTest.removeConfigurationsAndProjects();
        }
    }

    @Test
    void theAppsViewStartsAServiceSubmitsTasksThroughTheArgsFormShowsThemDoneAndStopsIt() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        IdePreferences.put(IdePreferences.workspace(), IdeSetting.HOME, home.toString());
        Path folder = dir.resolve("flight_telemetry_project");
        AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve("flight_telemetry_project"), folder);
        IProject project = AppProjectConfigurator.configure(folder, null);
        worker = home.resolve("wenv/flight_telemetry_worker");

        // the product's welcome page hides views: open and activate the Apps view
        AppsView apps = (AppsView) AgilabViewsTest.page().showView(AppsView.ID, null, IWorkbenchPage.VIEW_ACTIVATE);
        apps.refresh();
        Widgets.waitUntil(() -> apps.states().size() == 1, 30_000, "the Apps view to list the app");
        assertNull(apps.states().get(0).service(), "no service was ever started: no state shown");
        apps.select(project);
        Widgets.waitUntil(() -> project.equals(apps.selectedProject()), 10_000, "the app's row selected");
        IAction start = action(apps, ViewMessages.Service_start);
        IAction stop = action(apps, ViewMessages.Service_stop);
        IAction submit = action(apps, ViewMessages.Service_submit);
        IAction health = action(apps, ViewMessages.Service_health);
        assertTrue(start.isEnabled() && submit.isEnabled() && health.isEnabled(), "start, submit and health on a selected app");
        assertFalse(stop.isEnabled(), "no service to stop");

        // Start Service: its dialog, the app's settings by default, set to mode dp on two workers here
        AtomicReference<String> defaults = new AtomicReference<>();
        answer(ViewMessages.Service_start, shell -> {
            Text mode = Widgets.afterLabel(shell, ViewMessages.Service_mode, Text.class);
            Text workers = Widgets.afterLabel(shell, ViewMessages.Service_workers, Text.class);
            defaults.set(mode.getText() + " " + workers.getText());
            mode.setText("dp");
            workers.setText("127.0.0.1:2");
            press(shell, ViewMessages.Service_startButton);
        });
        start.run(); checkAnswered();
        assertEquals("pcd 127.0.0.1:2", defaults.get(), "the app's mode (pool, cython) with the cluster bit, and its workers");
        Widgets.waitUntil(() -> service(apps).map(ServiceOverview::alive).orElse(false), 120_000,
                "the view to show the service running: " + service(apps));
        assertEquals("running", service(apps).get().state());
        long servicePid = service(apps).get().pid();
        assertTrue(ProcessHandle.of(servicePid).map(ProcessHandle::isAlive).orElse(false), "the service process " + servicePid + " runs");
        Widgets.waitUntil(() -> stop.isEnabled() && !start.isEnabled(), 10_000, "Stop enabled and Start disabled while it runs");

        // Submit Task... three times: the args form's data_out changed, and a key=value line
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path out = dir.resolve("out-" + i);
            outputs.add(out);
            boolean first = i == 0;
            int queued = i + 1;
            answer(ViewMessages.Service_submitTitle, shell -> {
                Text dataOut = Widgets.afterLabel(shell, "data_out:", Text.class);
                assertEquals("flight_telemetry/dataframe", dataOut.getText(), "the form shows the app's value");
                dataOut.setText(out.toString());
                textWithTip(shell, ViewMessages.Service_submitOthersTip).setText("output_format=csv");
                if (first) {
                    screenshot(shell, "service-submit-dialog");
                }
                press(shell, ViewMessages.Service_submitButton);
            });
            submit.run(); checkAnswered();
            Widgets.waitUntil(() -> service(apps).map(s -> total(s) == queued).orElse(false), 60_000,
                    "the view to show task " + queued + " queued: " + service(apps));
        }

        // the view shows them done, live (no Refresh); the launches' console may have covered it, and a hidden view reads
        // nothing: the user brings it back
        AgilabViewsTest.page().showView(AppsView.ID);
        // then shows them done, live (no Refresh)
        try {
            // the depths are counted folder by folder: a task moving from running/ to done/ between two listings may be
            // counted in both for one read, which the next read mends
            Widgets.waitUntil(() -> service(apps).map(s -> s.counts().done() + s.counts().failed() == 3 && s.counts().running() == 0
                    && s.counts().pending() == 0).orElse(false), 240_000,
                    "the view to show the three tasks finished");
        } catch (AssertionError late) {
            throw new AssertionError(late.getMessage() + ": " + service(apps) + "; service.json: "
                    + Files.readString(worker.resolve("service/service.json")) + "; logs in target/service-view-logs", late);
        }
        assertEquals(3, service(apps).get().counts().done(), "all three done: " + service(apps));
        assertEquals("0 pending, 0 running, 3 done, 0 failed", service(apps).get().depths());
        try (Stream<Path> done = Files.list(worker.resolve("service/done"))) {
            assertEquals(3, done.filter(file -> file.toString().endsWith(".task.json")).count());
        }
        for (Path out : outputs) {
            try (Stream<Path> files = Files.list(out)) {
                assertTrue(files.anyMatch(file -> file.getFileName().toString().endsWith(".csv")), "the task wrote its CSV outputs in " + out);
            }
        }
        // the product's welcome page, maximized, would hide the view in the picture
        org.eclipse.ui.intro.IIntroPart intro = org.eclipse.ui.PlatformUI.getWorkbench().getIntroManager().getIntro();
        if (intro != null) {
            org.eclipse.ui.PlatformUI.getWorkbench().getIntroManager().closeIntro(intro);
        }
        AgilabViewsTest.page().showView(AppsView.ID);
        // maximized for the picture: the perspective gives the view a narrow column, where the service's columns are cut
        org.eclipse.ui.IWorkbenchPartReference appsPart = AgilabViewsTest.page().getReference(apps);
        AgilabViewsTest.page().setPartState(appsPart, IWorkbenchPage.STATE_MAXIMIZED);
        try {
            AgilabViewsTest.screenshot(apps, "apps-view-service");
        } finally {
            AgilabViewsTest.page().setPartState(appsPart, IWorkbenchPage.STATE_RESTORED);
        }

        // Stop Service: drain, then the nodes; no process is left
        List<ProcessIdentity> processes = new ArrayList<>();
        ServiceState.read(worker.resolve("service")).ifPresent(state -> processes.add(state.process()));
        NodeRegistry.read(worker.resolve("nodes")).ifPresent(registry -> registry.nodes().forEach(node -> processes.add(node.process())));
        Coordinator.find(worker.resolve("nodes")).ifPresent(coordinator -> processes.add(coordinator.process()));
        assertTrue(processes.size() >= 3, "the service, its nodes and the coordinator: " + processes);
        answer(ViewMessages.Service_stop, shell -> press(shell, ViewMessages.Service_drain));
        stop.run(); checkAnswered();
        AgilabViewsTest.page().showView(AppsView.ID);
        Widgets.waitUntil(() -> service(apps).map(s -> s.state().equals("stopped")).orElse(false), 120_000,
                "the view to show the service stopped: " + service(apps));
        Widgets.waitUntil(() -> processes.stream().noneMatch(ProcessIdentity::isAlive), 120_000, "no service, node or coordinator process left: "
                + processes.stream().filter(ProcessIdentity::isAlive).toList());
        Widgets.waitUntil(() -> start.isEnabled() && !stop.isEnabled(), 10_000, "Start enabled again once it stopped");

        // Show Service Health: a stopped service fails the gate (allow_idle), said in a dialog
        AtomicReference<String> verdict = new AtomicReference<>();
        health.run();
        Widgets.waitUntil(() -> {
            for (Shell shell : Display.getCurrent().getShells()) {
                if (shell.isVisible() && ViewMessages.Service_health.equals(shell.getText())) {
                    verdict.set(String.join("\n", Widgets.all(shell).stream().filter(Label.class::isInstance).map(l -> ((Label) l).getText()).toList()));
                    shell.close();
                    return true;
                }
            }
            return false;
        }, 60_000, "the health verdict");
        assertTrue(verdict.get().contains("Health gate failed") && verdict.get().contains("allow_idle"), verdict.get());
    }

    /** The service's, the coordinator's and the nodes' logs, kept under target/service-view-logs (the temporary home goes). */
    private void keepLogs() throws java.io.IOException {
        if (worker == null) {
            return;
        }
        Path kept = Path.of("target", "service-view-logs");
        for (Path folder : List.of(worker.resolve("nodes"), worker.resolve("service"))) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> logs = Files.list(folder)) {
                    for (Path log : (Iterable<Path>) logs.filter(f -> f.getFileName().toString().endsWith(".log"))::iterator) {
                        Files.createDirectories(kept);
                        Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    /** The threads of a service process left running, kept beside its log (jcmd of the JDK that runs the test). */
    private static void threadDump(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return;
        }
        try {
            Path kept = Files.createDirectories(Path.of("target", "service-view-logs"));
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(kept.resolve("service-threads.txt").toFile()).start();
            dump.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            dump.destroyForcibly();
        } catch (java.io.IOException | InterruptedException e) {
            System.out.println("no thread dump of " + pid + ": " + e);
        }
    }

    private static Optional<ServiceOverview> service(AppsView apps) {
        return apps.states().isEmpty() ? Optional.empty() : Optional.ofNullable(apps.states().get(0).service());
    }

    private static int total(ServiceOverview service) {
        return service.counts().pending() + service.counts().running() + service.counts().done() + service.counts().failed();
    }

    /** The view's toolbar action labelled {@code text}. */
    private static IAction action(AppsView view, String text) {
        for (IContributionItem item : view.getViewSite().getActionBars().getToolBarManager().getItems()) {
            if (item instanceof ActionContributionItem contribution && text.equals(contribution.getAction().getText())) {
                return contribution.getAction();
            }
        }
        throw new AssertionError("no action " + text + " in the Apps view's toolbar");
    }

    /** What went wrong while a dialog was answered. */
    private final AtomicReference<Throwable> answerFailure = new AtomicReference<>();

    private void checkAnswered() {
        if (answerFailure.get() != null) {
            throw new AssertionError("answering a dialog: " + answerFailure.get(), answerFailure.get());
        }
    }

    /** Fills the dialog titled {@code title} once it opens (the action that opens it blocks in its event loop). */
    private void answer(String title, Consumer<Shell> fill) {
        Display display = Display.getCurrent();
        long deadline = System.currentTimeMillis() + 60_000;
        display.timerExec(50, new Runnable() {
            @Override
            public void run() {
                for (Shell shell : display.getShells()) {
                    if (shell.isVisible() && title.equals(shell.getText())) {
                        try {
                            fill.accept(shell);
                        } catch (Throwable failed) {
                            answerFailure.set(failed);
                            shell.close(); // the action that opened it goes on, then the test fails with why
                        }
                        return;
                    }
                }
                if (System.currentTimeMillis() < deadline) {
                    display.timerExec(50, this);
                }
            }
        });
    }

    private static void press(Shell shell, String label) {
        Widgets.button(shell, label).notifyListeners(SWT.Selection, new Event());
    }

    private static Text textWithTip(Shell shell, String tip) {
        for (Control control : Widgets.all(shell)) {
            if (control instanceof Text text && tip.equals(text.getToolTipText())) {
                return text;
            }
        }
        throw new AssertionError("no field " + tip);
    }

    private static void screenshot(Shell shell, String name) {
        try {
            AgilabViewsTest.screenshotShell(shell, name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
