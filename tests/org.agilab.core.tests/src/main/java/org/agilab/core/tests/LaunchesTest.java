package org.agilab.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agilab.core.internal.launch.AgilabLaunchDelegate;
import org.agilab.core.internal.launch.LaunchAttributes;
import org.agilab.core.internal.launch.ManagerRunProcess;
import org.agilab.core.internal.operation.ManagerOperation;
import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.core.internal.preferences.IdeSetting;
import org.agilab.core.internal.preferences.LaunchDefaults;
import org.agilab.core.internal.preferences.SecretStore;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.record.RunRecord;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AGILab launch configurations through the platform: attributes, a real Run of the flight app, Terminate as cancel. */
class LaunchesTest {

    static final Path APPS = Path.of(System.getProperty("agilab.repo.apps", "../../apps")).toAbsolutePath().normalize();

    @TempDir
    Path dir;
    IProject project;
    ILaunch launch;

    ILaunchManager manager() {
        return DebugPlugin.getDefault().getLaunchManager();
    }

    /** A workspace project over a copy of a repository app (the copy gets the .project file, never the repository). */
    IProject copyOf(String app) throws Exception {
        Path folder = dir.resolve("apps").resolve(app);
        try (Stream<Path> files = Files.walk(APPS.resolve(app))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = folder.resolve(APPS.resolve(app).relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        project = ResourcesPlugin.getWorkspace().getRoot().getProject(app);
        IProjectDescription description = ResourcesPlugin.getWorkspace().newProjectDescription(app);
        description.setLocation(IPath.fromPath(folder));
        project.create(description, null);
        project.open(null);
        return project;
    }

    ILaunchConfiguration configuration(String type, LaunchAttributes attributes) throws Exception {
        ILaunchConfigurationType launchType = manager().getLaunchConfigurationType(type);
        ILaunchConfigurationWorkingCopy copy = launchType.newInstance(null, "probe " + System.nanoTime());
        attributes.write(copy);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AGILAB_HOME", Files.createDirectories(dir.resolve("home")).toString());
        copy.setAttribute(ILaunchManager.ATTR_ENVIRONMENT_VARIABLES, environment);
        return copy.doSave();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (launch != null && !launch.isTerminated()) {
            launch.terminate();
            awaitTerminated(launch, 30);
        }
        if (project != null && project.exists()) {
            project.delete(false, true, null);
        }
        for (ILaunchConfiguration configuration : manager().getLaunchConfigurations()) {
            configuration.delete();
        }
    }

    /**
     * A console of the highest ranking that keeps every line of the launches made while registered, as
     * "label: line", "label: error: line" and "title: ended N".
     */
    static org.osgi.framework.ServiceRegistration<org.agilab.core.internal.console.ConsoleOutput> captureConsole(List<String> captured) {
        java.util.Hashtable<String, Object> ranking = new java.util.Hashtable<>(Map.of(org.osgi.framework.Constants.SERVICE_RANKING, 10));
        return org.osgi.framework.FrameworkUtil.getBundle(LaunchesTest.class).getBundleContext().registerService(
                org.agilab.core.internal.console.ConsoleOutput.class, source -> new org.agilab.core.internal.console.ConsoleOutput.Streams() {
                    @Override
                    public void output(String line) {
                        captured.add(source.label() + ": " + line);
                    }

                    @Override
                    public void error(String line) {
                        captured.add(source.label() + ": error: " + line);
                    }

                    @Override
                    public void ended(int exitCode) {
                        captured.add(source.title() + ": ended " + exitCode);
                    }
                }, ranking);
    }

    static void awaitTerminated(ILaunch launch, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!launch.isTerminated() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(launch.isTerminated(), "the launch ended within " + seconds + " s");
    }

    @Test
    void attributesSurviveASaveAndGiveTheManagersCommandLine() throws Exception {
        copyOf("flight_telemetry_project");
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("nfile", "3");
        overrides.put("cluster.verbose", "2");
        LaunchAttributes attributes = new LaunchAttributes("flight_telemetry_project", "dpc", "127.0.0.1:2", overrides);
        ILaunchConfiguration saved = configuration(AgilabLaunchDelegate.RUN, attributes);
        ILaunchConfiguration reread = manager().getLaunchConfiguration(saved.getMemento());
        assertEquals(attributes, LaunchAttributes.read(reread));
        ManagerOperation operation = AgilabLaunchDelegate.operation(reread);
        assertEquals(List.of("run", "--app", project.getLocation().toOSString(), "--mode", "dpc", "--workers", "127.0.0.1:2", "--set",
                "cluster.verbose=2", "--set", "nfile=3"), operation.arguments());
        assertEquals(dir.resolve("home").toString(), operation.environment().get("AGILAB_HOME"));
        assertEquals("install", AgilabLaunchDelegate.operation(configuration(AgilabLaunchDelegate.INSTALL, attributes)).command());
    }

    @Test
    void aRunLaunchOfTheFlightAppCompletesAndWritesItsRecord() throws Exception {
        copyOf("flight_telemetry_project");
        // headless (no UI bundle here): the core's stdout console is the one in use; a test's own outranks it
        assertTrue(org.agilab.core.internal.console.ConsoleOutputs.current() instanceof org.agilab.core.internal.console.StdoutOutput);
        List<String> captured = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.osgi.framework.ServiceRegistration<org.agilab.core.internal.console.ConsoleOutput> capture = captureConsole(captured);
        try {
            launch = configuration(AgilabLaunchDelegate.RUN, new LaunchAttributes("flight_telemetry_project", "p", "", Map.of()))
                    .launch(ILaunchManager.RUN_MODE, null);
            awaitTerminated(launch, 240);
        } finally {
            capture.unregister();
        }
        assertTrue(captured.stream().anyMatch(line -> line.startsWith("AGILab run flight_telemetry_project: Run finished in ")
                && line.contains("; mode ___p (pool)")), captured.toString());
        assertTrue(captured.stream().anyMatch(line -> line.matches("probe \\d+ \\[AGILab Run\\]: ended 0")), captured.toString());
        ManagerRunProcess process = (ManagerRunProcess) launch.getProcesses()[0];
        String output = process.getStreamsProxy().getOutputStreamMonitor().getContents();
        assertEquals(0, process.getExitValue(), output + process.getStreamsProxy().getErrorStreamMonitor().getContents());
        assertTrue(output.contains("mode ___p (pool)"), "the run's summary reaches the console: " + output);
        Path records = dir.resolve("home/log/execute/flight_telemetry");
        try (Stream<Path> list = Files.list(records)) {
            Path record = list.filter(p -> p.getFileName().toString().endsWith("_run")).findFirst().orElseThrow();
            Map<String, Object> manifest = JsonCodec.readObject(Files.readString(record.resolve(RunRecord.MANIFEST_FILE)));
            assertEquals("ok", manifest.get("status"));
            assertTrue(((List<?>) manifest.get("outputs")).size() > 10);
        }
    }

    @Test
    void preferencesFillWhatTheLaunchAndTheAppLeaveUnsetAndAProjectsOwnWin() throws Exception {
        IProject app = copyOf("minimal_app_project");
        org.eclipse.core.runtime.preferences.IEclipsePreferences workspace = IdePreferences.workspace();
        org.eclipse.core.runtime.preferences.IEclipsePreferences own = IdePreferences.project(app);
        try {
            IdePreferences.put(workspace, IdeSetting.IDLE_TIMEOUT, "7");
            IdePreferences.put(workspace, IdeSetting.NODE_JAVA, "/opt/jdk/bin/java");
            IdePreferences.put(workspace, IdeSetting.MANAGER_JAVA, "/opt/manager-jdk/bin/java");
            IdePreferences.put(workspace, IdeSetting.SSH_PORT, "2200");
            IdePreferences.put(workspace, IdeSetting.SSH_KNOWN_HOSTS, "/tmp/known");
            IdePreferences.put(workspace, IdeSetting.WORKERS, "127.0.0.1:4");
            IdePreferences.put(own, IdeSetting.IDLE_TIMEOUT, "9");
            assertTrue(Files.readString(app.getLocation().toFile().toPath().resolve(".settings/org.agilab.core.prefs")).contains("idle_timeout=9"),
                    "a project's own values are in its .settings, to share with the team");

            ILaunchConfigurationWorkingCopy copy = configuration(AgilabLaunchDelegate.RUN,
                    new LaunchAttributes("minimal_app_project", "0", "", Map.of())).getWorkingCopy();
            Map<String, String> environment = new LinkedHashMap<>(copy.getAttribute(ILaunchManager.ATTR_ENVIRONMENT_VARIABLES, Map.of()));
            environment.put("AGILAB_CLUSTER_SSH_PORT", "2222");
            copy.setAttribute(ILaunchManager.ATTR_ENVIRONMENT_VARIABLES, environment);
            ManagerOperation operation = AgilabLaunchDelegate.operation(copy.doSave());
            assertEquals("9", operation.overrides().get("cluster.idle_timeout"), "the project's value over the workspace's");
            assertEquals("/opt/jdk/bin/java", operation.overrides().get("cluster.node_java"));
            assertEquals(Path.of("/opt/manager-jdk/bin/java"), operation.java());
            assertEquals("/tmp/known", operation.environment().get("AGILAB_CLUSTER_SSH_KNOWN_HOSTS"));
            assertEquals("2222", operation.environment().get("AGILAB_CLUSTER_SSH_PORT"), "the launch's own environment wins");
            assertTrue(operation.workers().isBlank(), "the app names its workers: the preference does not replace them");
            assertEquals(java.util.Set.of("127.0.0.1"), operation.workerHosts());

            Map<IdeSetting, LaunchDefaults.Applied> applied = new java.util.EnumMap<>(IdeSetting.class);
            ManagerOperation bare = new ManagerOperation("run", operation.app(), "0", "", Map.of("cluster.node_java", "/usr/bin/java"),
                    Map.of("AGILAB_CLUSTER_SSH_PORT", "2222"), operation.app());
            LaunchDefaults.apply(app, bare).applied().forEach(a -> applied.put(a.setting(), a));
            assertEquals(IdePreferences.Source.PROJECT, applied.get(IdeSetting.IDLE_TIMEOUT).source());
            assertEquals(IdePreferences.Source.LAUNCH, applied.get(IdeSetting.NODE_JAVA).source());
            assertEquals(IdePreferences.Source.LAUNCH, applied.get(IdeSetting.SSH_PORT).source());
            assertEquals(IdePreferences.Source.WORKSPACE, applied.get(IdeSetting.SSH_KNOWN_HOSTS).source());
            assertEquals(List.of("127.0.0.1:2", IdePreferences.Source.APP.label()),
                    List.of(applied.get(IdeSetting.WORKERS).value(), applied.get(IdeSetting.WORKERS).source().label()));
            assertEquals(IdePreferences.Source.NONE, applied.get(IdeSetting.SSH_USER).source());
        } finally {
            for (IdeSetting setting : IdeSetting.values()) {
                IdePreferences.put(workspace, setting, null);
            }
        }
    }

    @Test
    void storedSshSecretsReachTheManagerOnItsStdinAndNowhereElse() throws Exception {
        copyOf("minimal_app_project");
        String password = "pw-" + java.util.UUID.randomUUID();
        String passphrase = "pp-" + java.util.UUID.randomUUID();
        List<SecretStore.HostSecret> stored = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(
                new SecretStore.HostSecret("127.0.0.1", "agi", password, passphrase),
                new SecretStore.HostSecret("10.9.9.9", "other", "not-for-this-run", null)));
        SecretStore inMemory = new SecretStore() {
            @Override
            public List<HostSecret> all() {
                return stored;
            }

            @Override
            public void put(HostSecret secret) {
                stored.add(secret);
            }

            @Override
            public void remove(String host) {
                stored.removeIf(s -> s.host().equals(host));
            }
        };
        List<String> captured = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.osgi.framework.BundleContext context = org.osgi.framework.FrameworkUtil.getBundle(LaunchesTest.class).getBundleContext();
        java.util.Hashtable<String, Object> ranking = new java.util.Hashtable<>(Map.of(org.osgi.framework.Constants.SERVICE_RANKING, 10));
        org.osgi.framework.ServiceRegistration<SecretStore> secrets = context.registerService(SecretStore.class, inMemory, ranking);
        List<String> credentialsReceived = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.agilab.core.internal.operation.RunEvents.Listener logs = new org.agilab.core.internal.operation.RunEvents.Listener() {
            @Override
            public void started(org.agilab.core.internal.operation.ManagerJob job) {
            }

            @Override
            public void event(org.agilab.core.internal.operation.ManagerJob job, org.agilab.runtime.protocol.EventEnvelope envelope) {
                if (envelope.event() instanceof org.agilab.runtime.protocol.Event.Credentials received) {
                    credentialsReceived.add(received.toString());
                }
            }

            @Override
            public void ended(org.agilab.core.internal.operation.ManagerJob job) {
            }
        };
        org.agilab.core.internal.operation.RunEvents.add(logs);
        org.osgi.framework.ServiceRegistration<org.agilab.core.internal.console.ConsoleOutput> console = captureConsole(captured);
        try {
            launch = configuration(AgilabLaunchDelegate.RUN, new LaunchAttributes("minimal_app_project", "0", "", Map.of()))
                    .launch(ILaunchManager.RUN_MODE, null);
            awaitTerminated(launch, 240);
        } finally {
            secrets.unregister();
            console.unregister();
            org.agilab.core.internal.operation.RunEvents.remove(logs);
        }
        assertEquals(0, launch.getProcesses()[0].getExitValue(), captured.toString());
        // the manager says which secrets arrived (a typed event, seen by any IDE listener of run events)
        String log = String.join("\n", credentialsReceived);
        assertTrue(credentialsReceived.contains(new org.agilab.runtime.protocol.Event.Credentials("127.0.0.1", true, true).toString()),
                "the run's host's secret reached the manager: " + log);
        assertTrue(!log.contains("10.9.9.9"), "a host not in the run gets nothing: " + log);
        assertTrue(captured.stream().noneMatch(line -> line.contains(password) || line.contains(passphrase)), "never shown");
        // nowhere on disk: the app, the home (records, logs), the workspace's metadata and launch configurations
        List<Path> roots = List.of(dir, ResourcesPlugin.getWorkspace().getRoot().getLocation().toFile().toPath());
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertTrue(!text.contains(password) && !text.contains(passphrase), "a secret was written to " + file);
                }
            }
        }
    }

    @Test
    void anInstallThatDoesNotCompileLeavesAMarkerAtTheLineAndAGoodOneClearsIt() throws Exception {
        IProject app = copyOf("minimal_app_project");
        Path worker = app.getLocation().toFile().toPath().resolve("src/minimal_app_worker/MinimalAppWorker.java");
        String good = Files.readString(worker);
        List<String> lines = new java.util.ArrayList<>(good.lines().toList());
        int broken = lines.indexOf(lines.stream().filter(l -> l.contains("return lines.count();")).findFirst().orElseThrow()) + 1;
        lines.set(broken - 1, lines.get(broken - 1).replace("return lines.count();", "return lines.count() +;"));
        Files.writeString(worker, String.join("\n", lines) + "\n");
        app.refreshLocal(org.eclipse.core.resources.IResource.DEPTH_INFINITE, null);
        ILaunchConfiguration install = configuration(AgilabLaunchDelegate.INSTALL, new LaunchAttributes("minimal_app_project", "", "", Map.of()));
        launch = install.launch(ILaunchManager.RUN_MODE, null);
        awaitTerminated(launch, 120);
        awaitInstallMarkers(app, 1);
        org.eclipse.core.resources.IMarker marker = app.findMarkers(org.agilab.core.internal.project.SettingsMarkers.INSTALL, true,
                org.eclipse.core.resources.IResource.DEPTH_INFINITE)[0];
        assertEquals(app.getFile("src/minimal_app_worker/MinimalAppWorker.java"), marker.getResource());
        assertEquals(broken, marker.getAttribute(org.eclipse.core.resources.IMarker.LINE_NUMBER, -1));
        assertTrue(marker.getAttribute(org.eclipse.core.resources.IMarker.MESSAGE, "").startsWith("AGILab install: does not compile"));

        Files.writeString(worker, good);
        app.refreshLocal(org.eclipse.core.resources.IResource.DEPTH_INFINITE, null);
        launch = install.launch(ILaunchManager.RUN_MODE, null);
        awaitTerminated(launch, 120);
        assertEquals(0, launch.getProcesses()[0].getExitValue());
        awaitInstallMarkers(app, 0);
    }

    /** Markers are made when the launch's Job is done, a moment after its process ended. */
    static void awaitInstallMarkers(IProject app, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (app.findMarkers(org.agilab.core.internal.project.SettingsMarkers.INSTALL, true,
                org.eclipse.core.resources.IResource.DEPTH_INFINITE).length != count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(count, app.findMarkers(org.agilab.core.internal.project.SettingsMarkers.INSTALL, true,
                org.eclipse.core.resources.IResource.DEPTH_INFINITE).length);
    }

    @Test
    void terminateCancelsTheRunInTheManager() throws Exception {
        IProject app = copyOf("minimal_app_project");
        // a worker whose item waits until the run is cancelled, and says when it started
        Path worker = app.getLocation().toFile().toPath().resolve("src/minimal_app_worker/MinimalAppWorker.java");
        Files.writeString(worker, Files.readString(worker).replace("try (Stream<String> lines = Files.lines(Path.of(item))) {",
                "Files.writeString(Path.of(item + \".started\"), \"\");\n        while (!context.isCancelled()) {\n"
                        + "            try { Thread.sleep(20); } catch (InterruptedException e) { return 0L; }\n        }\n"
                        + "        try (Stream<String> lines = Files.lines(Path.of(item))) {"));
        Path data = Files.createDirectories(dir.resolve("slow-input"));
        Files.writeString(data.resolve("slow.txt"), "one\ntwo\n");
        launch = configuration(AgilabLaunchDelegate.RUN, new LaunchAttributes("minimal_app_project", "0", "",
                Map.of("data_in", data.toString()))).launch(ILaunchManager.RUN_MODE, null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(data.resolve("slow.txt.started")) && !launch.isTerminated() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        ManagerRunProcess process = (ManagerRunProcess) launch.getProcesses()[0];
        assertTrue(Files.exists(data.resolve("slow.txt.started")), "the item started: "
                + process.getStreamsProxy().getOutputStreamMonitor().getContents() + process.getStreamsProxy().getErrorStreamMonitor().getContents());
        assertTrue(process.canTerminate());
        process.terminate();
        awaitTerminated(launch, 30);
        assertEquals(8, process.getExitValue(), "the manager ended its run as cancelled");
        assertTrue(process.getStreamsProxy().getOutputStreamMonitor().getContents().contains("worker 0@127.0.0.1: cancelled"),
                "the worker says it was cancelled, not failed: " + process.getStreamsProxy().getOutputStreamMonitor().getContents());
        // the cancel the user asked for is information on the output, never an error
        assertTrue(process.getStreamsProxy().getOutputStreamMonitor().getContents().contains("Cancelled as asked"),
                process.getStreamsProxy().getOutputStreamMonitor().getContents());
        assertFalse(process.getStreamsProxy().getErrorStreamMonitor().getContents().contains("cancelled error"),
                process.getStreamsProxy().getErrorStreamMonitor().getContents());
    }
}
