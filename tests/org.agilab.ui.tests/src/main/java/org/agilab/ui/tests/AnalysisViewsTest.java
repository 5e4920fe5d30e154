package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.agilab.core.internal.project.AnalysisViewContributions;
import org.agilab.core.internal.project.AppProjectConfigurator;
import org.agilab.core.internal.project.SettingsMarkers;
import org.agilab.core.launch.ManagerLauncher;
import org.agilab.runtime.record.RunHistory;
import org.agilab.ui.analysis.AnalysisInput;
import org.agilab.ui.internal.data.ChartView;
import org.agilab.ui.internal.data.DataEditor;
import org.agilab.ui.internal.data.DatasetEditorInput;
import org.agilab.ui.internal.view.RunsView;
import org.agilab.ui.internal.wizard.NewAnalysisViewWizard;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jdt.core.IClasspathEntry;
import org.eclipse.jdt.core.IJavaProject;
import org.eclipse.jdt.core.JavaCore;
import org.eclipse.jdt.launching.JavaRuntime;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream's ANALYSIS in the workbench under Xvfb: {@code [pages] view_module} of a real flight run's app picks the views
 * Open Analysis shows on the run's outputs (a view this test bundle contributes, the Chart), an app naming none gets the
 * Chart, the command of the cheat sheet opens the newest run; an unknown name is a warning at its line that lists the
 * contributed names; the New AGILab Analysis View wizard writes a view that compiles.
 */
class AnalysisViewsTest {

    static final String MAP_VIEW = "org.agilab.ui.mapView";

    @TempDir
    Path dir;

    /** The views this test may open that the perspective had before: they stay (hiding one removes it from the perspective). */
    private final List<String> hadViews = new ArrayList<>();

    @org.junit.jupiter.api.BeforeEach
    void noteTheViews() {
        for (String id : List.of(ContributedAnalysisView.ID, ChartView.ID, MAP_VIEW)) {
            if (AgilabViewsTest.page().findViewReference(id) != null) {
                hadViews.add(id);
            }
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        IWorkbenchPage page = AgilabViewsTest.page();
        page.closeAllEditors(false);
        for (String id : List.of(ContributedAnalysisView.ID, ChartView.ID, MAP_VIEW)) {
            IViewPart view = page.findView(id);
            if (view != null && !hadViews.contains(id)) {
                page.hideView(view);
            }
        }
        AgilabIdeTest.endLaunches();
        AgilabIdeTest.removeConfigurationsAndProjects();
    }

    @Test
    void openAnalysisShowsTheViewsTheAppsViewModuleNamesOnTheRunsOutputs() throws Exception {
        // a welcome page (the product's first start) covers the views: the user closes it before looking at runs
        if (PlatformUI.getWorkbench().getIntroManager().getIntro() != null) {
            PlatformUI.getWorkbench().getIntroManager().closeIntro(PlatformUI.getWorkbench().getIntroManager().getIntro());
        }
        Path folder = dir.resolve("flight_telemetry_project");
        RunsView runs = DataEditorTest.runFlightApp(Files.createDirectories(dir.resolve("home")), folder);
        IWorkbenchPage page = AgilabViewsTest.page();
        RunHistory.Entry run = runs.entries().get(0);
        String outputs = RunHistory.outputData(run).orElseThrow();
        Path settings = folder.resolve("app_settings.toml");
        String flightSettings = Files.readString(settings);
        assertTrue(flightSettings.contains("view_module = [\"view_maps\", \"view_maps_network\"]"), "upstream's names in the flight app");

        // the contributed view, then the Chart (view_training_analysis), in the order the app names them; an unknown name is skipped
        Files.writeString(settings, flightSettings.replace("view_module = [\"view_maps\", \"view_maps_network\"]",
                "view_module = [\"view_test_profile\", \"view_training_analysis\", \"view_nowhere\"]"));
        List<IViewPart> views = runs.openAnalysis(run);
        assertEquals(List.of(ContributedAnalysisView.ID, ChartView.ID), ids(views));
        DataEditor editor = (DataEditor) page.getActiveEditor();
        assertEquals(outputs, ((DatasetEditorInput) editor.getEditorInput()).spec(), "the run's outputs are in the data editor");
        ContributedAnalysisView contributed = (ContributedAnalysisView) views.get(0);
        assertEquals(1, contributed.inputs().size(), "the contributed view is told what it is opened on, once");
        AnalysisInput input = contributed.inputs().get(0);
        assertEquals("flight_telemetry", input.app());
        assertEquals(run.folder(), input.runFolder());
        assertEquals(RunHistory.outputsFolder(run).orElseThrow(), input.outputsFolder());
        assertEquals(outputs, input.dataset());
        assertEquals(folder.toRealPath(), input.appFolder().toRealPath());
        assertTrue(page.isPartVisible(contributed), "the first view the app names is in front");

        // the Chart charts the run's outputs: its drawn image has marks of the series colour
        ChartView chart = (ChartView) views.get(1);
        page.bringToTop(chart);
        Widgets.waitUntil(() -> editor.idle() && editor.shownRows() > 0, 60_000, "the run's outputs to be counted");
        chart.show(ChartView.Kind.SCATTER, "long", "lat");
        Widgets.waitUntil(() -> chart.idle() && chart.drawn() != null && chart.drawnToSize(), 60_000, "the chart of the outputs");
        assertTrue(DataEditorTest.seriesPixels(chart.drawn()) > 50, "the chart draws the tracks' points: " + DataEditorTest.seriesPixels(chart.drawn()));

        // an app that names no view: the data editor and the Chart, nothing else
        page.closeAllEditors(false);
        page.hideView(contributed);
        Files.writeString(settings, flightSettings.replaceAll("(?s)\\[pages\\].*?(?=\\n\\[|$)", ""));
        assertFalse(Files.readString(settings).contains("view_module"));
        assertEquals(List.of(ChartView.ID), ids(runs.openAnalysis(run)));
        assertNull(page.findView(ContributedAnalysisView.ID), "no view the app did not ask for");
        assertTrue(page.getActiveEditor() instanceof DataEditor);

        // the flight app's own names: the Map view when it is installed (view_maps), else the Chart it falls back to
        page.closeAllEditors(false);
        Files.writeString(settings, flightSettings);
        List<String> expected = PlatformUI.getWorkbench().getViewRegistry().find(MAP_VIEW) != null ? List.of(MAP_VIEW) : List.of(ChartView.ID);
        assertEquals(expected, ids(runs.openAnalysis(run)));

        // upstream's [view_maps] starts the map where its page would: coloured by speed on a scale, the files its regex finds
        if (expected.equals(List.of(MAP_VIEW))) {
            page.closeAllEditors(false);
            Path firstOutput;
            try (java.util.stream.Stream<Path> listed = Files.list(RunHistory.outputsFolder(run).orElseThrow())) {
                firstOutput = listed.filter(file -> file.toString().endsWith(".parquet") || file.toString().endsWith(".csv")).sorted().findFirst()
                        .orElseThrow();
            }
            String name = firstOutput.getFileName().toString();
            Files.writeString(settings, flightSettings + "\n[view_maps]\ncoltype = \"continuous\"\ncontinuous = \"speed\"\ndf_file_regex = '^"
                    + java.util.regex.Pattern.quote(name) + "$'\n");
            org.agilab.ui.internal.data.MapView map = (org.agilab.ui.internal.data.MapView) runs.openAnalysis(run).get(0);
            Widgets.waitUntil(() -> map.idle() && map.points() != null
                    && map.points().colours().kind() == org.agilab.runtime.data.MapColours.Kind.CONTINUOUS, 60_000, "the map coloured by speed");
            assertEquals("speed", map.points().query().colour());
            assertTrue(map.points().query().filter().contains(name), "only " + name + ": " + map.points().query().filter());
            assertEquals(1, map.points().trackNames().size(), "one aircraft's file: " + map.points().trackNames());
            Files.writeString(settings, flightSettings);
        }

        // the command of the cheat sheet and the welcome page: with no run selected, the newest run with outputs
        page.closeAllEditors(false);
        runs.select(List.of());
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getService(IHandlerService.class).executeCommand("org.agilab.ui.openAnalysis", null);
        assertTrue(page.getActiveEditor() instanceof DataEditor shown && ((DatasetEditorInput) shown.getEditorInput()).spec().equals(outputs),
                "the command opened the newest run's outputs");
        assertNotNull(page.findView(expected.get(0)));
        DataEditor opened = (DataEditor) page.getActiveEditor();
        Widgets.waitUntil(() -> opened.idle() && opened.shownRows() > 0, 60_000, "the outputs to be counted");
        if (page.findView(expected.get(0)) instanceof ChartView fallback) { // the tracks, as the Map would show them
            page.bringToTop(fallback);
            fallback.show(ChartView.Kind.SCATTER, "long", "lat");
            Widgets.waitUntil(() -> fallback.idle() && fallback.drawn() != null && fallback.drawnToSize(), 60_000, "the chart of the tracks");
        }
        AgilabViewsTest.screenshot(page.findView(expected.get(0)), "open-analysis");
    }

    @Test
    void anUnknownViewModuleNameIsAWarningAtItsLineListingTheContributedNames() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("pages_probe_project"));
        Path settings = folder.resolve("app_settings.toml");
        Files.writeString(settings, """
                [args]

                [pages]
                view_module = [
                  "view_maps",
                  "view_mapz",
                  "view_test_profile",
                ]
                default_view = "view_barycentric"
                """);
        assertTrue(AnalysisViewContributions.names().containsAll(List.of("view_maps", "view_test_profile", "view_training_analysis")),
                "our names and the test bundle's are contributed: " + AnalysisViewContributions.names());
        IProject project = AppProjectConfigurator.configure(folder, null);
        project.build(IncrementalProjectBuilder.FULL_BUILD, null);
        List<IMarker> pages = pagesMarkers(project);
        assertEquals(2, pages.size(), pages.stream().map(m -> m.getAttribute(IMarker.MESSAGE, "")).toList().toString());

        IMarker typo = pages.get(0);
        assertEquals(project.getFile("app_settings.toml"), typo.getResource());
        assertEquals(6, typo.getAttribute(IMarker.LINE_NUMBER, -1), "at the line of the name");
        assertEquals(IMarker.SEVERITY_WARNING, typo.getAttribute(IMarker.SEVERITY, -1));
        assertEquals("pages.view_module: 'view_mapz' is not a known analysis view", typo.getAttribute(IMarker.MESSAGE, ""));
        String hint = typo.getAttribute(SettingsMarkers.HINT, "");
        assertTrue(hint.startsWith("did you mean 'view_maps'? views known here: "), hint);
        for (String known : List.of("view_maps", "view_maps_network", "view_test_profile", "view_training_analysis")) {
            assertTrue(hint.contains(known), "the hint lists " + known + ": " + hint);
        }

        IMarker upstreamOnly = pages.get(1);
        assertEquals(9, upstreamOnly.getAttribute(IMarker.LINE_NUMBER, -1));
        assertTrue(upstreamOnly.getAttribute(IMarker.MESSAGE, "").contains("'view_barycentric' is an upstream AGILab view with no equivalent"),
                upstreamOnly.getAttribute(IMarker.MESSAGE, ""));

        Files.writeString(settings, "[args]\n\n[pages]\nview_module = [\"view_maps\", \"view_test_profile\"]\n");
        project.refreshLocal(IProject.DEPTH_INFINITE, null);
        project.build(IncrementalProjectBuilder.FULL_BUILD, null);
        assertEquals(List.of(), pagesMarkers(project), "known names only: no warning");
    }

    @Test
    void theNewAnalysisViewWizardWritesAViewAndItsContributionsThatCompile() throws Exception {
        IProject project = pluginProject("analysis_views_plugin");
        NewAnalysisViewWizard wizard = new NewAnalysisViewWizard();
        wizard.init(PlatformUI.getWorkbench(), new StructuredSelection(project));
        WizardDialog dialog = new WizardDialog(AgilabIdeTest.workbenchShell(), wizard);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            Shell shell = dialog.getShell();
            Button finish = Widgets.button(shell, IDialogConstants.FINISH_LABEL);
            wizard.page().fill(project.getName(), "analysis.views", "flight-profile", "Flight profile", null);
            Widgets.flush();
            assertFalse(finish.isEnabled(), "a class name with a dash keeps Finish off");
            assertNotNull(wizard.page().getErrorMessage());
            wizard.page().fill(project.getName(), "analysis.views", "FlightProfileView", "Flight profile", null);
            Widgets.flush();
            assertNull(wizard.page().getErrorMessage());
            assertTrue(finish.isEnabled());
            ProductEntryTest.settle();
            ProductEntryTest.printShell(shell, "new-analysis-view-wizard"); // the dialog alone, not what is behind it
            finish.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
            Widgets.waitUntil(shell::isDisposed, 60_000, "the wizard to finish");
        } finally {
            if (dialog.getShell() != null && !dialog.getShell().isDisposed()) {
                dialog.close();
            }
        }
        IFile source = project.getFile("src/analysis/views/FlightProfileView.java");
        assertTrue(source.exists(), "the view class from the template");
        String java = Files.readString(source.getLocation().toFile().toPath());
        assertTrue(java.contains("public class FlightProfileView extends ViewPart implements AnalysisView"), java);
        assertTrue(java.contains("public static final String ID = \"analysis.views.FlightProfileView\";"), java);
        assertFalse(java.contains("${"), "every placeholder is filled");

        String pluginXml = Files.readString(project.getFile("plugin.xml").getLocation().toFile().toPath());
        assertTrue(pluginXml.contains("<!-- the project's own contribution -->"), "the existing plugin.xml is kept: " + pluginXml);
        var document = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(project.getFile("plugin.xml").getLocation().toFile());
        List<String> points = new ArrayList<>();
        var extensions = document.getElementsByTagName("extension");
        for (int i = 0; i < extensions.getLength(); i++) {
            points.add(((org.w3c.dom.Element) extensions.item(i)).getAttribute("point"));
        }
        assertEquals(List.of("org.eclipse.ui.views", "org.eclipse.ui.views", "org.agilab.ui.analysisViews"), points);
        org.w3c.dom.Element view = (org.w3c.dom.Element) document.getElementsByTagName("view").item(0);
        assertEquals("analysis.views.FlightProfileView", view.getAttribute("class"));
        org.w3c.dom.Element analysis = (org.w3c.dom.Element) document.getElementsByTagName("analysisView").item(0);
        assertEquals(view.getAttribute("id"), analysis.getAttribute("viewId"));
        assertEquals("Flight profile", analysis.getAttribute("label"));
        assertEquals("view_flight_profile", ((org.w3c.dom.Element) analysis.getElementsByTagName("viewModule").item(0)).getAttribute("name"),
                "the view_module name derived from the class name");

        java.util.jar.Manifest manifest;
        try (var in = project.getFile("META-INF/MANIFEST.MF").getContents()) {
            manifest = new java.util.jar.Manifest(in); // a valid manifest: line lengths, continuations
        }
        String required = manifest.getMainAttributes().getValue("Require-Bundle");
        for (String bundle : List.of("org.eclipse.core.resources", "org.eclipse.ui", "org.eclipse.core.runtime", "org.agilab.ui")) {
            assertTrue(Arrays.stream(required.split(",")).map(entry -> entry.split(";")[0].strip()).toList().contains(bundle),
                    bundle + " required: " + required);
        }
        assertEquals("analysis.views.plugin;singleton:=true", manifest.getMainAttributes().getValue("Bundle-SymbolicName"));
        assertTrue(Files.readString(project.getFile("build.properties").getLocation().toFile().toPath()).contains("plugin.xml"));

        project.build(IncrementalProjectBuilder.FULL_BUILD, null);
        assertEquals(List.of(), AgilabIdeTest.errors(project).stream()
                .map(m -> m.getAttribute(IMarker.MESSAGE, "") + " @ " + m.getResource() + ":" + m.getAttribute(IMarker.LINE_NUMBER, 0)).toList(),
                "the generated view compiles");
        assertTrue(project.getFile("bin/analysis/views/FlightProfileView.class").exists());
    }

    @Test
    void theCheatSheetEndsOnOpenAnalysisAndTheWelcomePageLinksToIt() throws Exception {
        var document = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(
                org.eclipse.core.runtime.FileLocator.openStream(org.eclipse.core.runtime.Platform.getBundle("org.agilab.help"),
                        IPath.fromPortableString("cheatsheets/first-distributed-app.xml"), false));
        var items = document.getElementsByTagName("item");
        org.w3c.dom.Element last = (org.w3c.dom.Element) items.item(items.getLength() - 1);
        assertTrue(last.getAttribute("title").contains("map"), last.getAttribute("title"));
        assertEquals("org.agilab.ui.openAnalysis",
                ((org.w3c.dom.Element) last.getElementsByTagName("command").item(0)).getAttribute("serialization"));
        assertEquals(1, last.getElementsByTagName("onCompletion").getLength(), "the sheet completes on its last step");
        var command = PlatformUI.getWorkbench().getService(org.eclipse.ui.commands.ICommandService.class).getCommand("org.agilab.ui.openAnalysis");
        assertTrue(command.isDefined() && command.isHandled(), "the step's command runs");
        assertEquals("org.agilab.ui.openAnalysis", org.agilab.ui.internal.intro.WelcomePart.OPEN_ANALYSIS);
        assertTrue(List.of(org.agilab.ui.internal.intro.WelcomePart.Step.values()).contains(org.agilab.ui.internal.intro.WelcomePart.Step.ANALYSIS));
    }

    /**
     * A plug-in project as PDE would make one, with the bundles the view needs on its classpath as PDE's Plug-in
     * Dependencies would put them (this workbench has no PDE): the running platform's own jars.
     */
    private static IProject pluginProject(String name) throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        project.create(null);
        project.open(null);
        IProjectDescription description = project.getDescription();
        description.setNatureIds(new String[] {JavaCore.NATURE_ID});
        project.setDescription(description, null);
        project.getFolder("src").create(true, true, null);
        project.getFolder("META-INF").create(true, true, null);
        write(project.getFile("META-INF/MANIFEST.MF"), """
                Manifest-Version: 1.0
                Bundle-ManifestVersion: 2
                Bundle-Name: Analysis views
                Bundle-SymbolicName: analysis.views.plugin
                Bundle-Version: 1.0.0.qualifier
                Require-Bundle: org.eclipse.core.resources
                Bundle-RequiredExecutionEnvironment: JavaSE-17
                """);
        write(project.getFile("plugin.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <?eclipse version="3.4"?>
                <plugin>
                   <!-- the project's own contribution -->
                   <extension point="org.eclipse.ui.views">
                      <category id="analysis.views.category" name="Analysis"/>
                   </extension>
                </plugin>
                """);
        write(project.getFile("build.properties"), "source.. = src/\noutput.. = bin/\nbin.includes = META-INF/,\\\n               .\n");
        List<IClasspathEntry> classpath = new ArrayList<>();
        classpath.add(JavaCore.newSourceEntry(project.getFolder("src").getFullPath()));
        classpath.add(JavaRuntime.getDefaultJREContainerEntry());
        for (String bundle : List.of("org.agilab.ui", "org.eclipse.ui.workbench", "org.eclipse.jface", "org.eclipse.swt.gtk.linux.x86_64",
                "org.eclipse.core.runtime", "org.eclipse.core.jobs", "org.eclipse.equinox.common", "org.eclipse.equinox.registry",
                "org.eclipse.core.commands")) {
            classpath.add(JavaCore.newLibraryEntry(IPath.fromOSString(ManagerLauncher.bundleLocation(bundle).toString()), null, null));
        }
        IJavaProject java = JavaCore.create(project);
        Map<String, String> options = java.getOptions(false);
        JavaCore.setComplianceOptions("17", options); // as PDE sets it from Bundle-RequiredExecutionEnvironment: JavaSE-17
        java.setOptions(options);
        java.setRawClasspath(classpath.toArray(IClasspathEntry[]::new), project.getFolder("bin").getFullPath(), null);
        return project;
    }

    private static void write(IFile file, String text) throws Exception {
        file.create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, null);
    }

    private static List<IMarker> pagesMarkers(IProject project) throws Exception {
        return SettingsMarkers.markers(project).stream().filter(m -> m.getAttribute(SettingsMarkers.KEY, "").startsWith("pages."))
                .sorted(java.util.Comparator.comparingInt(m -> m.getAttribute(IMarker.LINE_NUMBER, 0))).toList();
    }

    private static List<String> ids(List<IViewPart> views) {
        return views.stream().map(view -> view.getViewSite().getId()).toList();
    }
}
