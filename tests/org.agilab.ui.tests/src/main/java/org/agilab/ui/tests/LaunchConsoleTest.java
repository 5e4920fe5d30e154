package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.agilab.core.internal.launch.AgilabLaunchDelegate;
import org.agilab.core.internal.launch.LaunchAttributes;
import org.agilab.core.internal.project.AppProjectConfigurator;
import org.agilab.ui.internal.console.LaunchConsole;
import org.agilab.ui.internal.launch.AgilabLaunchShortcut;
import org.eclipse.core.resources.IProject;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.console.ConsolePlugin;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.IHyperlink;
import org.eclipse.ui.part.MultiPageEditorPart;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launch's console as a user reads it: phase lines as the typed phase events arrive (install, compile...), the
 * {@code file:line} of a failure as a link that opens the file at that line, a summary line a person can read (with
 * upstream's mode label), and a cancel shown as information, never as a red error.
 */
class LaunchConsoleTest {

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        AgilabIdeTest.endLaunches();
        AgilabIdeTest.removeConfigurationsAndProjects();
    }

    private IProject flight() throws Exception {
        Path folder = dir.resolve("flight_telemetry_project");
        AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve("flight_telemetry_project"), folder);
        return AppProjectConfigurator.configure(folder, null);
    }

    private ILaunchConfiguration run(IProject project, String mode) throws Exception {
        ILaunchConfigurationWorkingCopy copy = AgilabLaunchShortcut.configurationFor(project, AgilabLaunchDelegate.RUN).getWorkingCopy();
        new LaunchAttributes(project.getName(), mode, "", Map.of()).write(copy);
        copy.setAttribute(ILaunchManager.ATTR_ENVIRONMENT_VARIABLES, Map.of("AGILAB_HOME", Files.createDirectories(dir.resolve("home")).toString()));
        return copy.doSave();
    }

    static LaunchConsole consoleOf(ILaunch launch) {
        LaunchConsole[] found = new LaunchConsole[1];
        Widgets.waitUntil(() -> {
            for (IConsole candidate : ConsolePlugin.getDefault().getConsoleManager().getConsoles()) {
                if (candidate instanceof LaunchConsole own && own.source().launch() == launch) {
                    found[0] = own;
                    return true;
                }
            }
            return false;
        }, 30_000, "the launch's console");
        return found[0];
    }

    @Test
    void phaseLinesALinkToTheFailingSettingAndAReadableSummary() throws Exception {
        IProject project = flight();
        // a planted error: an int argument given a word, on a known line of app_settings.toml
        Path settings = project.getLocation().toFile().toPath().resolve("app_settings.toml");
        java.util.List<String> lines = Files.readAllLines(settings);
        int planted = lines.indexOf(lines.stream().filter(l -> l.startsWith("nskip =")).findFirst().orElseThrow()) + 1;
        lines.set(planted - 1, "nskip = \"many\"");
        Files.write(settings, lines);
        project.refreshLocal(org.eclipse.core.resources.IResource.DEPTH_INFINITE, null);

        int exit = AgilabViewsTest.launchAndWait(run(project, "p"));
        assertTrue(exit != 0, "the planted error fails the run");
        ILaunch launch = newest();
        LaunchConsole console = consoleOf(launch);
        String location = settings + ":" + planted;
        Widgets.waitUntil(() -> console.getDocument().get().contains(location) && console.getHyperlinks().length > 0, 30_000,
                "the failure's place as a link: " + console.getDocument().get());
        String text = console.getDocument().get();
        assertTrue(text.contains("-> install"), "the install phase's line, as it started: " + text);
        IHyperlink link = console.getHyperlinks()[0];
        IRegion region = console.getRegion(link);
        assertEquals(location, text.substring(region.getOffset(), region.getOffset() + region.getLength()));
        AgilabViewsTest.screenshot(AgilabViewsTest.page().showView("org.eclipse.ui.console.ConsoleView"), "console-error-link");
        link.linkActivated();
        IEditorPart editor = AgilabViewsTest.page().getActiveEditor();
        assertNotNull(editor);
        assertEquals("app_settings.toml", editor.getEditorInput().getName());
        ITextEditor source = textShownBy(editor);
        ITextSelection selection = (ITextSelection) source.getSelectionProvider().getSelection();
        assertEquals(planted - 1, selection.getStartLine(), "the link selects the failing line");
        AgilabViewsTest.page().closeAllEditors(false);

        // fixed: a good run ends with a line a person reads, the mode label kept for upstream users
        lines.set(planted - 1, "nskip = 0");
        Files.write(settings, lines);
        assertEquals(0, AgilabViewsTest.launchAndWait(run(project, "p")));
        LaunchConsole good = consoleOf(newest());
        Widgets.waitUntil(() -> good.getDocument().get().contains("Run finished in "), 30_000, "the summary: " + good.getDocument().get());
        String summary = good.getDocument().get().lines().filter(line -> line.startsWith("Run finished in ")).findFirst().orElseThrow();
        assertTrue(summary.matches("Run finished in \\d+\\.\\d{3} s: \\d+ works, \\d+ items, \\d+ rows; mode ___p \\(pool\\), pool of \\d+, \\w+ kernel"),
                summary);
        assertTrue(good.getDocument().get().contains("-> run"), "the run phase's line: " + good.getDocument().get());
    }

    @Test
    void aCancelIsInformationNotARedError() throws Exception {
        IProject project = flight();
        java.util.List<ILaunch> before = java.util.List.of(DebugPlugin.getDefault().getLaunchManager().getLaunches());
        DebugUITools.launch(run(project, "p"), ILaunchManager.RUN_MODE);
        ILaunch[] launch = new ILaunch[1];
        Widgets.waitUntil(() -> {
            for (ILaunch candidate : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
                if (!before.contains(candidate) && candidate.getProcesses().length > 0) {
                    launch[0] = candidate;
                    return true;
                }
            }
            return false;
        }, 60_000, "the launch to start");
        LaunchConsole console = consoleOf(launch[0]);
        Widgets.waitUntil(() -> console.getDocument().get().contains("-> install"), 120_000, "the install phase to start");
        launch[0].terminate(); // Terminate: the run is cancelled
        Widgets.waitUntil(() -> launch[0].isTerminated(), 60_000, "the launch to end");
        assertEquals(8, launch[0].getProcesses()[0].getExitValue());
        Widgets.waitUntil(() -> console.getDocument().get().contains("Cancelled as asked"), 30_000, "the cancel's line: " + console.getDocument().get());
        String text = console.getDocument().get();
        assertFalse(text.contains("cancelled error"), "never shown as an error: " + text);
        // shown in the information colour, not in the errors' red
        org.eclipse.ui.console.IConsoleDocumentPartitioner partitioner = (org.eclipse.ui.console.IConsoleDocumentPartitioner) console
                .getDocument().getDocumentPartitioner();
        int at = console.getDocument().get().indexOf("Cancelled as asked");
        StyleRange[] styles = partitioner.getStyleRanges(at, "Cancelled as asked".length());
        assertTrue(styles != null && styles.length > 0 && styles[0].foreground != null, "the cancel's line has the information colour");
        assertFalse(styles[0].foreground.equals(org.eclipse.swt.widgets.Display.getCurrent().getSystemColor(SWT.COLOR_RED)),
                "not red: " + styles[0]);
        org.eclipse.ui.console.IConsoleView view = (org.eclipse.ui.console.IConsoleView) AgilabViewsTest.page()
                .showView(org.eclipse.ui.console.IConsoleConstants.ID_CONSOLE_VIEW);
        view.display(console);
        AgilabViewsTest.screenshot(view, "console-cancel");
    }

    /** The text editor {@code editor} shows: itself, or a multi-page editor's selected page (the settings' Source). */
    static ITextEditor textShownBy(IEditorPart editor) {
        ITextEditor source = editor instanceof ITextEditor direct ? direct : null;
        if (source == null && editor instanceof MultiPageEditorPart pages && pages.getSelectedPage() instanceof ITextEditor shown) {
            source = shown;
        }
        assertNotNull(source, "the file is shown as text: " + editor);
        return source;
    }

    private static ILaunch newest() {
        ILaunch[] launches = DebugPlugin.getDefault().getLaunchManager().getLaunches();
        return launches[launches.length - 1];
    }
}
