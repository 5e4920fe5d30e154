package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.agilab.core.internal.launch.AgilabLaunchDelegate;
import org.agilab.core.internal.launch.LaunchAttributes;
import org.agilab.core.internal.project.AgilabNature;
import org.agilab.core.internal.project.AppProjectConfigurator;
import org.agilab.ui.internal.launch.AgilabLaunchShortcut;
import org.agilab.ui.internal.launch.AgilabTab;
import org.agilab.ui.internal.launch.AgilabTabGroup;
import org.agilab.ui.internal.wizard.NewAppWizard;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.ILaunchConfigurationTab;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.ConsolePlugin;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.TextConsole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AGILab in the real workbench under Xvfb: the new-app wizard driven through its widgets, the launch tabs editing a
 * configuration, and a Run whose output reaches the Console.
 */
class AgilabIdeTest {

    static final Path APPS = Path.of(System.getProperty("agilab.apps", "../../apps")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        endLaunches();
        removeConfigurationsAndProjects();
    }

    /** Terminates the launches still running and waits for their end. */
    static void endLaunches() throws Exception {
        for (ILaunch launch : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
            if (!launch.isTerminated()) {
                launch.terminate();
            }
        }
        Widgets.waitUntil(() -> Arrays.stream(DebugPlugin.getDefault().getLaunchManager().getLaunches()).allMatch(ILaunch::isTerminated),
                30_000, "launches to end");
    }

    /** Deletes every launch configuration and project: the tests' own (their folders are theirs to remove). */
    /** After a test that set the workspace's AGILab home: back to none, and no launch configurations or projects. */
    static void forgetHomeAndRemoveProjects() throws Exception {
        org.agilab.core.internal.preferences.IdePreferences.put(org.agilab.core.internal.preferences.IdePreferences.workspace(),
                org.agilab.core.internal.preferences.IdeSetting.HOME, "");
        removeConfigurationsAndProjects();
    }

    static void removeConfigurationsAndProjects() throws Exception {
        for (ILaunchConfiguration configuration : DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations()) {
            configuration.delete();
        }
        for (IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
            project.delete(true, true, null);
        }
    }

    static Shell workbenchShell() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
    }

    static List<IMarker> errors(IProject project) throws Exception {
        return Arrays.stream(project.findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_INFINITE))
                .filter(marker -> marker.getAttribute(IMarker.SEVERITY, 0) == IMarker.SEVERITY_ERROR).toList();
    }

    @Test
    void theNewAppWizardMakesAnAppThatBuildsClean() throws Exception {
        NewAppWizard wizard = new NewAppWizard();
        wizard.init(PlatformUI.getWorkbench(), StructuredSelection.EMPTY);
        WizardDialog dialog = new WizardDialog(workbenchShell(), wizard);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            Shell shell = dialog.getShell();
            Button finish = Widgets.button(shell, IDialogConstants.FINISH_LABEL);
            assertTrue(!finish.isEnabled(), "no name yet: Finish is off");
            Text name = Widgets.afterLabel(shell, "App &name:", Text.class);
            name.setText("Bad-Name");
            Widgets.flush();
            assertTrue(!finish.isEnabled(), "a bad name keeps Finish off");
            name.setText("city_stats");
            Widgets.flush();
            assertTrue(finish.isEnabled(), "a good name and the data template: Finish is on");
            finish.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
            Widgets.waitUntil(() -> shell.isDisposed(), 60_000, "the wizard to finish");
        } finally {
            if (dialog.getShell() != null && !dialog.getShell().isDisposed()) {
                dialog.close();
            }
        }
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("city_stats_project");
        assertTrue(project.exists() && AgilabNature.has(project));
        assertTrue(project.getFile("src/city_stats_worker/CityStatsWorker.java").exists());
        project.build(IncrementalProjectBuilder.FULL_BUILD, null);
        assertEquals(List.of(), errors(project).stream().map(m -> m.getAttribute(IMarker.MESSAGE, "") + " @ " + m.getResource()).toList(),
                "the new app compiles with no errors and its settings are valid");
    }

    @Test
    void aNegativeWorkerCountHasAQuickFixThatClearsItsMarker() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("quickfix_probe_project"));
        Files.writeString(folder.resolve("app_settings.toml"), "[args]\n\n[cluster.workers]\n\"127.0.0.1\" = -2  # two, meant\n");
        IProject project = AppProjectConfigurator.configure(folder, null);
        project.build(IncrementalProjectBuilder.FULL_BUILD, null);
        IMarker marker = Arrays.stream(project.findMarkers(org.agilab.core.internal.project.SettingsMarkers.CLUSTER, true,
                IResource.DEPTH_INFINITE)).findFirst().orElseThrow();
        assertEquals(4, marker.getAttribute(IMarker.LINE_NUMBER, -1));
        org.eclipse.ui.IMarkerResolution[] fixes = org.eclipse.ui.ide.IDE.getMarkerHelpRegistry().getResolutions(marker);
        assertEquals(List.of("Set the worker count of 127.0.0.1 to 1"), Arrays.stream(fixes).map(org.eclipse.ui.IMarkerResolution::getLabel).toList());
        fixes[0].run(marker);
        project.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, null);
        assertEquals(List.of(), org.agilab.core.internal.project.SettingsMarkers.markers(project), "the fix clears the problem");
        assertTrue(Files.readString(folder.resolve("app_settings.toml")).contains("\"127.0.0.1\" = 1"),
                Files.readString(folder.resolve("app_settings.toml")));
    }

    @Test
    void theImportWizardMakesProjectsOfTheAppsInAFolderWhereTheyAre() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("to-import"));
        copyTree(APPS.resolve("minimal_app_project"), folder.resolve("minimal_app_project"));
        copyTree(APPS.resolve("templates/dag_template_project"), folder.resolve("templates/dag_template_project"));
        Files.createDirectories(folder.resolve("not_an_app_project")); // no app_settings.toml: not listed
        org.agilab.ui.internal.wizard.ImportAppsWizard wizard = new org.agilab.ui.internal.wizard.ImportAppsWizard();
        wizard.init(PlatformUI.getWorkbench(), StructuredSelection.EMPTY);
        WizardDialog dialog = new WizardDialog(workbenchShell(), wizard);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            Shell shell = dialog.getShell();
            Widgets.afterLabel(shell, "&Folder:", Text.class).setText(folder.toString());
            Widgets.flush();
            org.eclipse.swt.widgets.Table table = (org.eclipse.swt.widgets.Table) Widgets.all(shell).stream()
                    .filter(c -> c instanceof org.eclipse.swt.widgets.Table).findFirst().orElseThrow();
            assertEquals(List.of(folder.resolve("minimal_app_project").toString(), folder.resolve("templates/dag_template_project").toString()),
                    Arrays.stream(table.getItems()).map(org.eclipse.swt.widgets.TableItem::getText).toList());
            assertEquals(List.of(true, false), Arrays.stream(table.getItems()).map(org.eclipse.swt.widgets.TableItem::getChecked).toList(),
                    "a template is listed, not ticked");
            table.getItem(1).setChecked(true); // the user wants it anyway
            Button copy = Widgets.button(shell, "&Copy the apps into the workspace");
            assertTrue(copy.getSelection(), "copying is the default");
            copy.setSelection(false); // where they are
            Button finish = Widgets.button(shell, IDialogConstants.FINISH_LABEL);
            assertTrue(finish.isEnabled());
            finish.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
            Widgets.waitUntil(() -> shell.isDisposed(), 60_000, "the import to finish");
        } finally {
            if (dialog.getShell() != null && !dialog.getShell().isDisposed()) {
                dialog.close();
            }
        }
        for (String name : List.of("minimal_app_project", "dag_template_project")) {
            IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
            assertTrue(project.exists() && AgilabNature.has(project), name);
            assertTrue(project.getLocation().toFile().toPath().startsWith(folder), "imported where it is: " + project.getLocation());
            assertEquals("UTF-8", project.getDefaultCharset(false), name + " says its encoding");
        }
    }

    static void copyTree(Path source, Path target) throws Exception {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
    }

    IProject flightCopy() throws Exception {
        Path folder = dir.resolve("flight_telemetry_project");
        copyTree(APPS.resolve("flight_telemetry_project"), folder);
        return AppProjectConfigurator.configure(folder, null);
    }

    @Test
    void theTabGroupEditsAndSavesAConfiguration() throws Exception {
        IProject project = flightCopy();
        ILaunchConfiguration configuration = AgilabLaunchShortcut.configurationFor(project, AgilabLaunchDelegate.RUN);
        assertEquals(configuration, AgilabLaunchShortcut.configurationFor(project, AgilabLaunchDelegate.RUN),
                "Run As reuses the project's configuration");
        AgilabTabGroup group = new AgilabTabGroup();
        group.createTabs(null, ILaunchManager.RUN_MODE);
        ILaunchConfigurationTab[] tabs = group.getTabs();
        assertEquals(List.of("AGILab", "Environment", "Common"), Arrays.stream(tabs).map(ILaunchConfigurationTab::getName).toList());
        Shell shell = new Shell(Display.getCurrent());
        shell.setLayout(new FillLayout());
        try {
            AgilabTab tab = (AgilabTab) tabs[0];
            tab.createControl(shell);
            shell.open();
            ILaunchConfigurationWorkingCopy copy = configuration.getWorkingCopy();
            tab.initializeFrom(copy);
            assertEquals("flight_telemetry_project", Widgets.afterLabel(shell, "App &project:", Combo.class).getText());
            // a new configuration takes the app's mode: its boxes show it, greyed, until this launch sets its own
            Button useApp = Widgets.button(shell, "Use the &app's mode (app_settings.toml)");
            assertTrue(useApp.getSelection());
            assertTrue(Widgets.all(shell).stream().anyMatch(c -> c instanceof org.eclipse.swt.widgets.Label l
                    && l.getText().startsWith("Mode letters: cp, from ") && l.getText().endsWith("app_settings.toml:21")),
                    "the boxes show the app's mode and where it comes from");
            assertTrue(Widgets.button(shell, "&Pool (p): a thread pool in each worker").getSelection()
                    && !Widgets.button(shell, "&Pool (p): a thread pool in each worker").isEnabled());
            useApp.setSelection(false);
            useApp.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
            Widgets.button(shell, "&Compiled (c): the optimised kernel").setSelection(false);
            Widgets.button(shell, "&Pool (p): a thread pool in each worker").setSelection(true);
            Button cluster = Widgets.button(shell, "Cl&uster (d): Ignite nodes on the workers' hosts");
            cluster.setSelection(true);
            cluster.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
            Widgets.afterLabel(shell, "&Workers (host:n,host:n; empty: the app's settings):", Text.class).setText("127.0.0.1:2");
            Text overrides = (Text) Widgets.all(shell).stream().filter(c -> c instanceof Text t && (t.getStyle() & SWT.MULTI) != 0
                    && (t.getStyle() & SWT.READ_ONLY) == 0).findFirst().orElseThrow();
            overrides.setText("nfile = 3\ncluster.verbose = 2\n");
            Widgets.flush();
            assertTrue(Widgets.all(shell).stream().anyMatch(c -> c instanceof org.eclipse.swt.widgets.Label l
                    && l.getText().equals("Mode letters: dp")), "the letters follow the boxes");
            String provenance = Widgets.all(shell).stream().filter(c -> c instanceof Text t && (t.getStyle() & SWT.READ_ONLY) != 0)
                    .map(c -> ((Text) c).getText()).findFirst().orElse("");
            assertTrue(provenance.contains("args.nfile = 3 (this launch) replaces 0 from") && provenance.contains("app_settings.toml"), provenance);
            // each IDE setting's value for this launch and where it comes from, shown a moment after the last change
            org.agilab.core.internal.preferences.IdePreferences.put(org.agilab.core.internal.preferences.IdePreferences.workspace(),
                    org.agilab.core.internal.preferences.IdeSetting.IDLE_TIMEOUT, "11");
            try {
                overrides.setText("nfile = 3\ncluster.verbose = 2\n# any change shows it again\n");
                Text applied = (Text) Widgets.all(shell).stream().filter(c -> c instanceof Text t && (t.getStyle() & SWT.READ_ONLY) != 0)
                        .skip(1).findFirst().orElseThrow();
                Widgets.waitUntil(() -> applied.getText().contains("idle_timeout = 11  (workspace preferences)"), 5_000,
                        "the tab to show the workspace's idle timeout");
                assertTrue(applied.getText().contains("workers = 127.0.0.1:2  (this launch)"), applied.getText());
                assertTrue(applied.getText().contains("node_java =   (not set)"), applied.getText());
            } finally {
                org.agilab.core.internal.preferences.IdePreferences.put(org.agilab.core.internal.preferences.IdePreferences.workspace(),
                        org.agilab.core.internal.preferences.IdeSetting.IDLE_TIMEOUT, null);
            }
            assertTrue(tab.isValid(copy), String.valueOf(tab.getErrorMessage()));
            tab.performApply(copy);
            copy.doSave();
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("nfile", "3");
            expected.put("cluster.verbose", "2");
            assertEquals(new LaunchAttributes("flight_telemetry_project", "dp", "127.0.0.1:2", expected),
                    LaunchAttributes.read(DebugPlugin.getDefault().getLaunchManager().getLaunchConfiguration(configuration.getMemento())));
            overrides.setText("nfile 3\n");
            Widgets.flush();
            assertTrue(!tab.isValid(copy) && tab.getErrorMessage().equals("Line 1 of the overrides is not key = value"),
                    String.valueOf(tab.getErrorMessage()));
        } finally {
            shell.dispose();
        }
    }

    @Test
    void aRunLaunchShowsItsOutputInTheConsole() throws Exception {
        assertTrue(!(org.agilab.core.internal.console.ConsoleOutputs.current() instanceof org.agilab.core.internal.console.StdoutOutput),
                "in the workbench the UI's console outranks the headless stdout one");
        IProject project = flightCopy();
        ILaunchConfigurationWorkingCopy copy = AgilabLaunchShortcut.configurationFor(project, AgilabLaunchDelegate.RUN).getWorkingCopy();
        new LaunchAttributes(project.getName(), "p", "", Map.of()).write(copy);
        copy.setAttribute(ILaunchManager.ATTR_ENVIRONMENT_VARIABLES, Map.of("AGILAB_HOME", Files.createDirectories(dir.resolve("home")).toString()));
        ILaunchConfiguration configuration = copy.doSave();
        // as a user would, the launch comes a moment after the app was imported (the workbench readies its Console then)
        long settled = System.currentTimeMillis() + 1500;
        Widgets.waitUntil(() -> System.currentTimeMillis() > settled, 5_000, "the workbench to settle");
        // the UI thread's longest stall while a launch runs: reported, not asserted (a shared machine makes it noisy); the
        // first launch of a workbench also loads the Debug and Console UI, the second shows the steady state
        for (String which : List.of("first", "second")) {
            long stall = launchAndMeasureStall(configuration);
            System.out.println("longest UI-thread stall during the " + which + " Run launch: " + stall / 1_000_000 + " ms");
        }
        ILaunch[] launches = DebugPlugin.getDefault().getLaunchManager().getLaunches();
        ILaunch launch = launches[launches.length - 1];
        assertEquals(0, launch.getProcesses()[0].getExitValue());
        TextConsole[] console = new TextConsole[1];
        Widgets.waitUntil(() -> {
            for (IConsole candidate : ConsolePlugin.getDefault().getConsoleManager().getConsoles()) {
                if (candidate instanceof org.agilab.ui.internal.console.LaunchConsole own && own.source().launch() == launch
                        && own.getDocument().get().contains("mode ___p (pool)")) {
                    console[0] = (TextConsole) candidate;
                    return true;
                }
            }
            return false;
        }, 30_000, "the run's summary in its console");
        assertNotNull(console[0]);
        // the launch's own console, not a second one from the platform; named as the Debug UI names a launch, marked when it ended
        assertEquals(1, Arrays.stream(ConsolePlugin.getDefault().getConsoleManager().getConsoles())
                .filter(candidate -> candidate instanceof org.eclipse.debug.ui.console.IConsole process && process.getProcess() == launch.getProcesses()[0]
                        || candidate instanceof org.agilab.ui.internal.console.LaunchConsole own && own.source().launch() == launch).count());
        Widgets.waitUntil(() -> console[0].getName().startsWith("<terminated> flight_telemetry_project (run) [AGILab Run], exit code 0"), 10_000,
                "the console to say its launch ended: " + console[0].getName());
        // removing the launch removes its console
        DebugPlugin.getDefault().getLaunchManager().removeLaunch(launch);
        Widgets.waitUntil(() -> !Arrays.asList(ConsolePlugin.getDefault().getConsoleManager().getConsoles()).contains(console[0]), 10_000,
                "the console to go with its launch");

        // the Runs view lists these two runs from their records, newest first
        org.agilab.ui.internal.view.RunsView runs = (org.agilab.ui.internal.view.RunsView) PlatformUI.getWorkbench().getActiveWorkbenchWindow()
                .getActivePage().showView(org.agilab.ui.internal.view.RunsView.ID);
        // it follows the home preference: set to the launches' home, the view lists its runs without a Refresh
        runs.showLogs(null);
        String preferredHome = org.agilab.core.internal.preferences.IdePreferences.workspace()
                .get(org.agilab.core.internal.preferences.IdeSetting.HOME.key(), null);
        org.agilab.core.internal.preferences.IdePreferences.put(org.agilab.core.internal.preferences.IdePreferences.workspace(),
                org.agilab.core.internal.preferences.IdeSetting.HOME, dir.resolve("home").toString());
        try {
            Widgets.waitUntil(() -> runs.entries().size() == 2, 30_000, "the Runs view to list the two runs of the preferred home");
        } finally {
            org.agilab.core.internal.preferences.IdePreferences.put(org.agilab.core.internal.preferences.IdePreferences.workspace(),
                    org.agilab.core.internal.preferences.IdeSetting.HOME, preferredHome);
        }
        runs.showLogs(dir.resolve("home/log/execute"));
        Widgets.waitUntil(() -> runs.entries().size() == 2, 30_000, "the Runs view to list the two runs");
        for (org.agilab.runtime.record.RunHistory.Entry entry : runs.entries()) {
            assertEquals(List.of("flight_telemetry", "run", "ok", "___p"), List.of(entry.target(), entry.command(), entry.status(), entry.mode()),
                    entry.toString());
            assertTrue(entry.outputs() > 10 && entry.durationMs() > 0, entry.toString());
        }
        org.eclipse.swt.widgets.Table table = (org.eclipse.swt.widgets.Table) Widgets.all((org.eclipse.swt.widgets.Composite) runs.getSite()
                .getShell()).stream().filter(c -> c instanceof org.eclipse.swt.widgets.Table t && t.getColumnCount() == 9).findFirst().orElseThrow();
        assertEquals("ok", table.getItem(0).getText(6));

        // the two runs side by side: same outputs, same settings, each phase's duration
        org.agilab.ui.internal.view.CompareRunsDialog compare = new org.agilab.ui.internal.view.CompareRunsDialog(workbenchShell(),
                runs.entries().get(1), runs.entries().get(0));
        compare.setBlockOnOpen(false);
        compare.open();
        try {
            assertTrue(compare.table().getItemCount() > 40, "outputs, phases and the result are listed");
            // what differs is highlighted, and readable: a light background under dark text (the tooltip colour made
            // black bars on GTK)
            for (int i = 0; i < compare.rows().size(); i++) {
                if (compare.rows().get(i).differs()) {
                    org.eclipse.swt.widgets.TableItem item = compare.table().getItem(i);
                    double contrast = luminance(item.getBackground().getRGB()) - luminance(item.getForeground().getRGB());
                    assertTrue(contrast > 0.6, "row " + i + " readable: " + item.getBackground() + " under " + item.getForeground());
                }
            }
            // the per-aircraft data are the same (the summaries too, now that the kernel time is a log line, not an output)
            assertTrue(compare.rows().stream().filter(row -> row.section().startsWith("outputs") && !row.item().startsWith("reduce_summary"))
                    .noneMatch(row -> row.differs()), "the same run twice writes the same data: "
                            + compare.rows().stream().filter(row -> row.differs()).toList());
            assertTrue(compare.rows().stream().anyMatch(row -> row.item().equals("compile") && row.differs()),
                    "only the first run compiled the app");
            assertTrue(compare.rows().stream().noneMatch(row -> row.section().equals("settings")), "and had the same settings");

            // the Outputs tab: the same rows, the same statistics, no row whose key is in one run only
            Widgets.waitUntil(() -> compare.outputsSummary() != null, 60_000, "the outputs' comparison");
            org.agilab.runtime.data.DatasetDiff.Summary outputs = compare.outputsSummary();
            assertTrue(outputs.leftRows() > 1000 && outputs.leftRows() == outputs.rightRows(), outputs.leftRows() + " against " + outputs.rightRows());
            assertEquals(List.of(), outputs.columns().stream().filter(org.agilab.runtime.data.DatasetDiff.ColumnDiff::differs).toList());
            Widgets.waitUntil(() -> !compare.key().getText().isEmpty(), 10_000, "a key proposed");
            assertEquals("date, aircraft", compare.key().getText(), "the text columns both runs have");
            org.eclipse.core.runtime.jobs.Job rows = compare.compareRows(List.of("aircraft", "date"));
            Widgets.waitUntil(() -> rows.getResult() != null && compare.keyDiff() != null, 60_000, "the rows' comparison");
            assertEquals(0, compare.keyDiff().onlyLeft() + compare.keyDiff().onlyRight(), "every track point is in both runs");
            compare.showOutputs();
            AgilabViewsTest.screenshotShell(compare.getShell(), "compare-outputs");
        } finally {
            compare.close();
        }
    }

    /** A colour's relative luminance, 0 (black) to 1 (white). */
    static double luminance(org.eclipse.swt.graphics.RGB rgb) {
        return (0.2126 * rgb.red + 0.7152 * rgb.green + 0.0722 * rgb.blue) / 255;
    }

    /** Launches and pumps until every launch ended, timing the UI thread's longest gap between two 5 ms ticks. */
    static long launchAndMeasureStall(ILaunchConfiguration configuration) {
        // a new launch may remove the terminated ones: the new one is the one not seen before
        List<ILaunch> before = List.of(DebugPlugin.getDefault().getLaunchManager().getLaunches());
        // where the UI thread was stalled past 50 ms goes to the test's output (StallMeter's watchdog)
        Widgets.StallMeter stalls = Widgets.StallMeter.start();
        DebugUITools.launch(configuration, ILaunchManager.RUN_MODE);
        Widgets.waitUntil(() -> Arrays.stream(DebugPlugin.getDefault().getLaunchManager().getLaunches()).anyMatch(l -> !before.contains(l))
                && Arrays.stream(DebugPlugin.getDefault().getLaunchManager().getLaunches()).allMatch(ILaunch::isTerminated), 240_000,
                "the run to end");
        return stalls.stop();
    }
}
