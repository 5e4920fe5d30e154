package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.agilab.core.internal.launch.AgilabLaunchDelegate;
import org.agilab.core.internal.launch.LaunchAttributes;
import org.agilab.core.internal.operation.ManagerJob;
import org.agilab.core.internal.operation.RunEvents;
import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.core.internal.preferences.IdeSetting;
import org.agilab.core.internal.preferences.SecretStore;
import org.agilab.core.internal.project.AppProjectConfigurator;
import org.agilab.runtime.cluster.Coordinator;
import org.agilab.runtime.cluster.NodeRegistry;
import org.agilab.runtime.plan.DistributionTree;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.protocol.WorkerBoard;
import org.agilab.runtime.record.RunHistory;
import org.agilab.ui.internal.launch.AgilabLaunchShortcut;
import org.agilab.ui.internal.view.AppsView;
import org.agilab.ui.internal.view.DistributionView;
import org.agilab.ui.internal.view.RunsView;
import org.agilab.ui.internal.view.WorkersView;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

/**
 * The AGILab views on real runs in the workbench under Xvfb: the Workers view follows a cluster run on two real node
 * JVMs to every chunk's end, the Apps view shows the app installed with its nodes up and its last run, a partition moved
 * in the Distribution view is saved as an edited plan that the next run follows, the Runs view replays a run, and the
 * Apps view stops the nodes. The preference page saves settings, and SSH secrets only to (an in-memory) Secure Storage.
 */
class AgilabViewsTest {

    @TempDir
    Path dir;
    Path nodes;

    @AfterEach
    void cleanUp() throws Exception {
        AgilabIdeTest.endLaunches();
        if (nodes != null) { // whatever happened, no node or coordinator JVM outlives the test
            Coordinator.stop(nodes);
            NodeRegistry.stop(nodes);
        }
        for (IdeSetting setting : IdeSetting.values()) {
            IdePreferences.put(IdePreferences.workspace(), setting, null);
        }
        AgilabIdeTest.removeConfigurationsAndProjects();
    }

    static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    /** Launches as Run As would and pumps the UI until the launch ended; its exit code. */
    static int launchAndWait(ILaunchConfiguration configuration) throws Exception {
        return launchAndWait(configuration, () -> { });
    }

    /** As {@link #launchAndWait(ILaunchConfiguration)}, calling {@code whileRunning} at each turn of the UI loop. */
    static int launchAndWait(ILaunchConfiguration configuration, Runnable whileRunning) throws Exception {
        return awaitLaunch(() -> DebugUITools.launch(configuration, ILaunchManager.RUN_MODE), whileRunning).getProcesses()[0].getExitValue();
    }

    /** Runs {@code start} (a launch as a user starts one) and pumps the UI until the launch it made ended; that launch. */
    static ILaunch awaitLaunch(Runnable start, Runnable whileRunning) throws Exception {
        List<ILaunch> before = List.of(DebugPlugin.getDefault().getLaunchManager().getLaunches());
        start.run();
        ILaunch[] launched = new ILaunch[1];
        Widgets.waitUntil(() -> {
            whileRunning.run();
            for (ILaunch launch : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
                if (!before.contains(launch) && launch.isTerminated() && launch.getProcesses().length > 0) {
                    launched[0] = launch;
                    return true;
                }
            }
            return false;
        }, 240_000, "the launch to end");
        return launched[0];
    }

    static int waitFor(ManagerJob job) {
        Widgets.waitUntil(() -> job.getResult() != null, 240_000, job.getName() + " to end");
        return job.exitCode();
    }

    @Test
    void theViewsFollowAClusterRunItsPlanAndItsHistory() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        IdePreferences.put(IdePreferences.workspace(), IdeSetting.HOME, home.toString()); // the views and launches use it
        Path folder = dir.resolve("flight_telemetry_project");
        AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve("flight_telemetry_project"), folder);
        IProject project = AppProjectConfigurator.configure(folder, null);
        nodes = home.resolve("wenv/flight_telemetry_worker/nodes");

        WorkersView workers = (WorkersView) page().showView(WorkersView.ID);
        AtomicInteger events = new AtomicInteger();
        AtomicInteger itemsFinished = new AtomicInteger();
        // counts down the events that arrive while the test keeps the UI thread busy; the view's listener (added when the
        // view was created, so called before this one) has put each on its board by then
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CountDownLatch> busy = new java.util.concurrent.atomic.AtomicReference<>();
        RunEvents.Listener counter = new RunEvents.Listener() {
            @Override
            public void started(ManagerJob job) {
            }

            @Override
            public void event(ManagerJob job, EventEnvelope envelope) {
                events.incrementAndGet();
                if (envelope.event() instanceof org.agilab.runtime.protocol.Event.Item item
                        && item.state() == org.agilab.runtime.protocol.Event.ItemState.FINISHED) {
                    itemsFinished.incrementAndGet();
                }
                java.util.concurrent.CountDownLatch latch = busy.get();
                if (latch != null) {
                    latch.countDown();
                }
            }

            @Override
            public void ended(ManagerJob job) {
            }
        };
        RunEvents.add(counter);
        ILaunchConfigurationWorkingCopy copy = AgilabLaunchShortcut.configurationFor(project, AgilabLaunchDelegate.RUN).getWorkingCopy();
        new LaunchAttributes(project.getName(), "dp", "127.0.0.1:2", Map.of()).write(copy);
        ILaunchConfiguration cluster = copy.doSave();
        // what the view showed while the run was live: each chunk's states as drawn, in order
        Map<String, List<String>> drawnStates = new java.util.TreeMap<>();
        // the batch: once the view drew the chunks, the UI thread stays busy (no timer, no redraw can run) while 20 events
        // arrive; the next redraw must draw them all at once
        int[] batch = new int[2]; // redraws before the batch, items finished when the UI thread was free again
        try {
            assertEquals(0, launchAndWait(cluster, () -> {
                workers.shownWorkers().forEach(chunk -> {
                    List<String> states = drawnStates.computeIfAbsent(chunk.id(), id -> new java.util.ArrayList<>());
                    if (states.isEmpty() || !states.get(states.size() - 1).equals(chunk.state())) {
                        states.add(chunk.state());
                    }
                });
                // this run's chunks, live: the view may still show an earlier run's (it keeps the latest), and blocking the
                // UI thread before this launch got past its pre-launch checks (which need the UI thread) would stall it
                if (busy.get() == null && events.get() > 0 && workers.shownWorkers().stream().anyMatch(chunk -> !chunk.isOver())) {
                    batch[0] = workers.redraws();
                    java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(20);
                    busy.set(latch);
                    try {
                        assertTrue(latch.await(120, java.util.concurrent.TimeUnit.SECONDS), "20 events while the UI thread was busy");
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    batch[1] = itemsFinished.get();
                    Widgets.waitUntil(() -> workers.redraws() > batch[0], 10_000, "the next redraw");
                    int shown = workers.shownWorkers().stream().mapToInt(WorkerBoard.Worker::itemsFinished).sum();
                    assertTrue(shown >= batch[1], "one redraw drew every event of the batch: " + shown + " items finished shown, "
                            + batch[1] + " had arrived");
                }
            }));
        } finally {
            RunEvents.remove(counter);
        }
        assertTrue(busy.get() != null, "the run was followed live");
        // live: while the run went on, the view drew each chunk before its end, then its end
        assertEquals(java.util.Set.of("0", "1"), drawnStates.keySet(), drawnStates.toString());
        for (List<String> states : drawnStates.values()) {
            assertTrue(states.size() >= 2 && states.get(states.size() - 1).equals("finished"), "each chunk drawn live, then finished: " + drawnStates);
        }

        // Workers: both chunks finished on their nodes, every planned item done, drawn in far fewer redraws than events
        Widgets.waitUntil(() -> workers.shownWorkers().size() == 2 && workers.shownWorkers().stream().allMatch(WorkerBoard.Worker::isOver),
                10_000, "the Workers view to show both chunks ended");
        for (WorkerBoard.Worker chunk : workers.shownWorkers()) {
            assertEquals("finished", chunk.state(), chunk.toString());
            assertTrue(chunk.node() != null && chunk.node().startsWith("node-"), chunk.toString());
            assertEquals("127.0.0.1", chunk.host());
            assertTrue(chunk.itemsPlanned() > 0 && chunk.itemsFinished() == chunk.itemsPlanned(), chunk.toString());
            assertTrue(chunk.rows() > 0 && chunk.durationMs() > 0, chunk.toString());
        }
        assertEquals(80, workers.shownWorkers().stream().mapToInt(WorkerBoard.Worker::itemsFinished).sum(), "the flight app's 80 files");
        // the hosts' final state once the nodes are up: ready, never left "starting"
        Widgets.waitUntil(() -> !workers.shownHosts().isEmpty() && workers.shownHosts().stream().allMatch(host -> host.state().equals("ready")),
                10_000, "the hosts shown ready: " + workers.shownHosts());
        // a redraw only when events changed the board, never one per event: the batch alone (20 events, one redraw) puts
        // the redraws below the events whatever the timing
        assertTrue(workers.redraws() < events.get(), workers.redraws() + " redraws for " + events.get() + " events");
        System.out.println("Workers view: " + workers.redraws() + " redraws for " + events.get() + " events of a two-node run"); // benchmarks.md

        // Apps: installed, two nodes up here, the last run ok
        AppsView apps = (AppsView) page().showView(AppsView.ID);
        apps.refresh();
        Widgets.waitUntil(() -> apps.states().size() == 1, 30_000, "the Apps view to list the app");
        AppsView.AppState state = apps.states().get(0);
        assertTrue(state.installed(), state.toString());
        assertEquals("2 up (127.0.0.1 × 2)", state.nodes());
        assertEquals(List.of("run", "ok"), List.of(state.lastRun().command(), state.lastRun().status()));

        // Distribution: move a partition of worker 1 to worker 0, save: an edited plan the next run follows
        DistributionView distribution = (DistributionView) page().showView(DistributionView.ID);
        distribution.show(project.getName());
        DistributionTree planned = distribution.plan();
        assertNotNull(planned, "the run's plan is shown");
        assertEquals(2, planned.distribution().workPlan().size());
        String moved = planned.distribution().workPlan().get(1).get(0).name();
        int before0 = planned.distribution().workPlan().get(0).size();
        distribution.move(1, moved, 0);
        assertTrue(distribution.isDirty(), "a move waits for Save");
        distribution.doSave(null);
        assertTrue(!distribution.isDirty());
        Path treeFile = home.resolve("wenv/flight_telemetry_worker/" + DistributionTree.FILE);
        DistributionTree saved = DistributionTree.read(treeFile);
        assertTrue(saved.edited());
        assertEquals(before0 + 1, saved.distribution().workPlan().get(0).size());
        assertEquals(0, launchAndWait(cluster));
        assertEquals(saved.toJson().get("work_plan"), DistributionTree.read(treeFile).toJson().get("work_plan"), "the run kept the edited plan");
        Widgets.waitUntil(() -> workers.shownWorkers().stream().allMatch(WorkerBoard.Worker::isOver) && workers.shownWorkers().stream()
                .mapToInt(WorkerBoard.Worker::itemsFinished).sum() == 80, 10_000, "the second run's chunks to end");
        int planned0 = saved.distribution().workPlan().get(0).stream().mapToInt(w -> Math.max(1, w.items().size())).sum();
        assertEquals(planned0, workers.shownWorkers().get(0).itemsFinished(), "chunk 0 ran the moved partition too: " + workers.shownWorkers());

        // a Workers view opened after the run shows it (its final states), never a blank view
        page().hideView(workers);
        WorkersView reopened = (WorkersView) page().showView(WorkersView.ID);
        Widgets.waitUntil(() -> reopened.shownWorkers().size() == 2 && reopened.shownWorkers().stream().allMatch(WorkerBoard.Worker::isOver),
                10_000, "the reopened Workers view to show the last run");
        assertEquals(null, reopened.emptyMessage());
        screenshot(reopened, "workers-view");
        screenshot(distribution, "distribution-view");

        // Runs: both runs listed; replaying the newest runs it again with its own record
        RunsView runs = (RunsView) page().showView(RunsView.ID);
        runs.showLogs(home.resolve("log/execute"));
        Widgets.waitUntil(() -> {
            if (runs.entries().size() == 2 && runs.entries().stream().allMatch(entry -> entry.status().equals("ok")
                    && entry.folder().startsWith(home))) {
                return true;
            }
            runs.refresh(); // a record is complete when its launch ends; a refresh read before then shows it running
            long pause = System.currentTimeMillis() + 200;
            Widgets.waitUntil(() -> System.currentTimeMillis() > pause, 1_000, "a pause between refreshes");
            return false;
        }, 30_000, "the Runs view to list both runs");
        RunHistory.Entry newest = runs.entries().get(0);
        assertTrue(RunHistory.outputsFolder(newest).map(outputs -> outputs.startsWith(home.resolve("localshare"))).orElse(false),
                "the outputs folder is known: " + runs.entries());
        ManagerJob replay = runs.replay(newest);
        assertEquals(0, waitFor(replay));
        // no Refresh: the view follows the run's start and end
        Widgets.waitUntil(() -> runs.entries().size() == 3 && runs.entries().get(0).status().equals("ok"), 30_000,
                "the Runs view to show the replayed run without Refresh: " + runs.entries());
        assertEquals(List.of(newest.command(), newest.mode(), "ok"), List.of(runs.entries().get(0).command(), runs.entries().get(0).mode(),
                runs.entries().get(0).status()));

        screenshot(runs, "runs-view");
        // Apps: Stop Nodes ends them (the manager's nodes stop, shown as a launch)
        apps.refresh();
        Widgets.waitUntil(() -> !apps.states().isEmpty() && apps.states().get(0).lastRun() != null
                && apps.states().get(0).nodes().startsWith("2 up"), 30_000, "the nodes still up");
        screenshot(apps, "apps-view");
        assertEquals(0, waitFor(apps.stopNodes(apps.states().get(0))));
        apps.refresh();
        Widgets.waitUntil(() -> !apps.states().isEmpty() && apps.states().get(0).nodes().isEmpty(), 30_000, "the Apps view to show no node up");
        assertTrue(NodeRegistry.read(nodes).map(r -> r.nodes().stream().noneMatch(NodeRegistry.Node::mayBeAlive)).orElse(true));
    }

    @Test
    void thePreferencePageSavesSettingsAndSecretsGoOnlyToSecureStorage() throws Exception {
        List<SecretStore.HostSecret> stored = new CopyOnWriteArrayList<>();
        SecretStore inMemory = new SecretStore() {
            @Override
            public List<HostSecret> all() {
                return List.copyOf(stored);
            }

            @Override
            public void put(HostSecret secret) {
                stored.removeIf(s -> s.host().equals(secret.host()));
                stored.add(secret);
            }

            @Override
            public void remove(String host) {
                stored.removeIf(s -> s.host().equals(host));
            }
        };
        ServiceRegistration<SecretStore> registration = FrameworkUtil.getBundle(AgilabViewsTest.class).getBundleContext()
                .registerService(SecretStore.class, inMemory, new Hashtable<>(Map.of(org.osgi.framework.Constants.SERVICE_RANKING, 10)));
        String password = "pw-" + java.util.UUID.randomUUID();
        PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(AgilabIdeTest.workbenchShell(),
                org.agilab.ui.internal.preferences.AgilabPreferencePage.ID, null, null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            Text idle = field(dialog.getShell(), IdeSetting.IDLE_TIMEOUT.key());
            idle.setText("abc");
            Widgets.flush();
            assertTrue(((org.eclipse.jface.dialogs.DialogPage) dialog.getSelectedPage()).getErrorMessage() != null && ((org.eclipse.jface.dialogs.DialogPage) dialog.getSelectedPage()).getErrorMessage().contains("idle_timeout"),
                    "a bad number is refused, naming the setting");
            idle.setText("12");
            field(dialog.getShell(), IdeSetting.SSH_USER.key()).setText("agi");
            Widgets.flush();
            assertEquals(null, ((org.eclipse.jface.dialogs.DialogPage) dialog.getSelectedPage()).getErrorMessage());
            Text host = Widgets.afterLabel(dialog.getShell(), "Host (* for all):", Text.class);
            host.setText("10.0.0.5");
            Widgets.afterLabel(dialog.getShell(), "Password:", Text.class).setText(password);
            Widgets.button(dialog.getShell(), "Save to Secure Storage").notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
            Widgets.flush();
            assertEquals(List.of("10.0.0.5"), stored.stream().map(SecretStore.HostSecret::host).toList());
            assertEquals(password, stored.get(0).password());
            Widgets.button(dialog.getShell(), "Apply and Close").notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
            Widgets.waitUntil(() -> dialog.getShell() == null || dialog.getShell().isDisposed(), 10_000, "the dialog to close");
        } finally {
            if (dialog.getShell() != null && !dialog.getShell().isDisposed()) {
                dialog.close();
            }
            registration.unregister();
        }
        assertEquals("12", IdePreferences.workspace().get(IdeSetting.IDLE_TIMEOUT.key(), null));
        assertEquals("agi", IdePreferences.workspace().get(IdeSetting.SSH_USER.key(), null));
        // the password is in no preference file of the workspace
        try (Stream<Path> files = Files.walk(ResourcesPlugin.getWorkspace().getRoot().getLocation().toFile().toPath().resolve(".metadata"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertTrue(!new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains(password),
                        "the password was written to " + file);
            }
        }
    }

    @Test
    void everyViewPageAndWizardHasItsF1HelpAndTheGuideIsInTheHelpContents() {
        for (String context : List.of("apps_view", "distribution_view", "workers_view", "runs_view", "data_editor", "chart_view", "launch_tab",
                "new_app_wizard", "import_wizard", "preferences", "project_properties", "workflow_editor")) {
            org.eclipse.help.IContext help = org.eclipse.help.HelpSystem.getContext("org.agilab.ui." + context);
            assertNotNull(help, "F1 help for org.agilab.ui." + context);
            assertTrue(help.getText() != null && !help.getText().isBlank() && help.getRelatedTopics().length > 0, context);
        }
        assertTrue(Arrays.stream(org.eclipse.help.HelpSystem.getTocs()).anyMatch(toc -> toc.getLabel().equals("AGILab for Eclipse")),
                "the user guide is in Help Contents");
    }

    /**
     * With {@code -Dagilab.screenshots=DIR}, brings {@code view} forward and saves the workbench window as
     * {@code DIR/<name>.png} (how docs/images was made: a real run, a real workbench under Xvfb); otherwise nothing.
     */
    static void screenshot(org.eclipse.ui.IWorkbenchPart view, String name) throws Exception {
        screenshotPart(view, name, () -> { });
    }

    /** Saves the workbench window with {@code part} active, after {@code before} ran, when agilab.screenshots names a folder. */
    static void screenshotPart(org.eclipse.ui.IWorkbenchPart part, String name, Runnable before) throws Exception {
        String folder = System.getProperty("agilab.screenshots");
        if (folder == null || folder.isBlank() || folder.equals("null")) { // Tycho passes an unset property as "null"
            return;
        }
        page().activate(part);
        before.run();
        org.eclipse.swt.widgets.Shell shell = AgilabIdeTest.workbenchShell();
        shell.setSize(1280, 860);
        screenshotShell(shell, name);
    }

    /** Saves {@code shell} as it is drawn (a dialog, say), when agilab.screenshots names a folder. */
    static void screenshotShell(org.eclipse.swt.widgets.Shell shell, String name) throws Exception {
        String folder = System.getProperty("agilab.screenshots");
        if (folder == null || folder.isBlank() || folder.equals("null")) {
            return;
        }
        Widgets.waitUntil(() -> true, 0, "");
        long until = System.currentTimeMillis() + 500;
        Widgets.waitUntil(() -> System.currentTimeMillis() > until, 5_000, "the window to draw");
        org.eclipse.swt.graphics.Rectangle bounds = shell.getBounds();
        org.eclipse.swt.graphics.Image image = new org.eclipse.swt.graphics.Image(shell.getDisplay(), bounds.width, bounds.height);
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(shell.getDisplay());
        try {
            gc.copyArea(image, bounds.x, bounds.y);
            org.eclipse.swt.graphics.ImageLoader loader = new org.eclipse.swt.graphics.ImageLoader();
            loader.data = new org.eclipse.swt.graphics.ImageData[] {image.getImageData()};
            Files.createDirectories(Path.of(folder));
            loader.save(Path.of(folder, name + ".png").toString(), org.eclipse.swt.SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    /** A settings field by its key (set as the field's data). */
    static Text field(org.eclipse.swt.widgets.Composite root, String key) {
        for (Control control : Widgets.all(root)) {
            if (control instanceof Text text && key.equals(text.getData())) {
                return text;
            }
        }
        throw new AssertionError("no field for " + key);
    }
}
