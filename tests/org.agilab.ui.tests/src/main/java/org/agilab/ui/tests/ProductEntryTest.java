package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.agilab.core.internal.launch.AgilabLaunchDelegate;
import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.core.internal.preferences.IdeSetting;
import org.agilab.runtime.protocol.WorkerBoard;
import org.agilab.ui.internal.console.LaunchConsole;
import org.agilab.ui.internal.view.RunsView;
import org.agilab.ui.internal.view.WorkersView;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.console.IConsoleConstants;
import org.eclipse.ui.console.IConsoleView;
import org.eclipse.ui.console.IHyperlink;
import org.eclipse.ui.texteditor.ITextEditor;
import org.agilab.core.internal.project.AppProjectConfigurator;
import org.agilab.core.internal.project.SettingsMarkers;
import org.agilab.ui.internal.intro.WelcomePart;
import org.agilab.ui.internal.launch.AgilabLaunchShortcut;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IProduct;
import org.eclipse.core.runtime.Platform;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.jface.bindings.TriggerSequence;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.intro.IIntroPart;
import org.eclipse.ui.keys.IBindingService;
import org.eclipse.ui.part.ISetSelectionTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AGILab IDE product as a new user meets it, in a workbench of its own started as the product on an empty
 * workspace (the {@code product} execution of this bundle's pom): the welcome page on first start, in the AGILab
 * perspective, with the product's name, About text and window images; import from the welcome page copies the example
 * apps into the workspace and leaves the checkout's apps folder as it was; the AGILab submenu of an app project and
 * the run shortcut's key binding; the launch of an app whose settings have an error asks first, as JDT asks.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductEntryTest {

    static final String PRODUCT = "org.agilab.ui.ide";

    @TempDir
    Path dir;

    @AfterEach
    void endLaunches() throws Exception {
        AgilabIdeTest.endLaunches();
    }

    /** Leaves the workspace empty for the next test class: the imported copies and the probes go. */
    @AfterAll
    static void removeProjects() throws Exception {
        page().closeAllEditors(false);
        AgilabIdeTest.removeConfigurationsAndProjects();
    }

    static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    static boolean isTheProduct() {
        IProduct product = Platform.getProduct();
        return product != null && PRODUCT.equals(product.getId());
    }

    @Test
    @Order(1)
    @EnabledIf("isTheProduct") // the product execution; a -Dtest run also tries it in the other workbenches
    void aNewUserGoesFromTheWelcomePageThroughImportAndARunToTheHelp() throws Exception {
        IProduct product = Platform.getProduct();
        assertEquals("AGILab IDE", product.getName());
        assertTrue(product.getProperty("aboutText").contains("Apache Ignite"), product.getProperty("aboutText"));
        Shell window = AgilabIdeTest.workbenchShell();
        assertTrue(window.getImages().length >= 4, "the window has the product's images: " + window.getImages().length);
        assertTrue(window.getText().contains("AGILab IDE"), "the window title names the product: " + window.getText());
        assertEquals("org.agilab.ui.perspective", page().getPerspective().getId(), "the AGILab perspective is the default");

        IIntroPart intro = PlatformUI.getWorkbench().getIntroManager().getIntro();
        assertTrue(intro instanceof WelcomePart, "the welcome page is shown on first start: " + intro);
        Control[] links = Widgets.all(window).stream().filter(c -> c.getData() instanceof WelcomePart.Step).toArray(Control[]::new);
        assertEquals(WelcomePart.Step.values().length, links.length, "a link per first step");
        settle();
        screenshotShell(window, "welcome");

        // the welcome page's Import link opens the wizard, filled in for this checkout's apps
        Shell[] before = Display.getCurrent().getShells();
        ((WelcomePart) intro).follow(WelcomePart.Step.IMPORT);
        assertEquals(null, PlatformUI.getWorkbench().getIntroManager().getIntro(), "the welcome page closed");
        Shell wizard = newShell(before, "Import AGILab Apps");
        try {
            Text folder = Widgets.afterLabel(wizard, "&Folder:", Text.class);
            assertEquals(AgilabIdeTest.APPS.toString(), folder.getText(), "the folder is the checkout's apps folder");
            Button copy = Widgets.button(wizard, "&Copy the apps into the workspace");
            assertTrue(copy.getSelection(), "copy into the workspace is the default");
            Table apps = Widgets.all(wizard).stream().filter(Table.class::isInstance).map(Table.class::cast).findFirst().orElseThrow();
            List<String> ticked = new ArrayList<>();
            for (TableItem item : apps.getItems()) {
                if (item.getChecked()) {
                    ticked.add(Path.of(item.getText()).getFileName().toString());
                }
                if (item.getText().contains("templates")) {
                    assertFalse(item.getChecked(), "a template is not ticked: " + item.getText());
                }
            }
            assertEquals(List.of("flight_telemetry_project", "minimal_app_project", "mycode_project"), ticked);
            settle();
            printShell(wizard, "import-wizard"); // under Xvfb the screen shows the workbench where the dialog is
            Button finish = Widgets.button(wizard, org.eclipse.jface.dialogs.IDialogConstants.FINISH_LABEL);
            assertTrue(finish.isEnabled());
            finish.notifyListeners(SWT.Selection, new Event());
            Widgets.waitUntil(wizard::isDisposed, 120_000, "the import to finish");
        } finally {
            if (!wizard.isDisposed()) {
                wizard.close();
            }
        }
        Path workspace = ResourcesPlugin.getWorkspace().getRoot().getLocation().toFile().toPath();
        for (String name : List.of("flight_telemetry_project", "minimal_app_project", "mycode_project")) {
            IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
            assertTrue(project.exists(), name + " imported");
            assertEquals(workspace.resolve(name), project.getLocation().toFile().toPath(), name + " is in the workspace");
            assertEquals("UTF-8", project.getDefaultCharset(false), name + " has an explicit encoding");
            assertTrue(project.getFile(".gitignore").exists(), name + " has its .gitignore");
            for (String metadata : List.of(".project", ".classpath", ".settings", "bin")) {
                assertFalse(Files.exists(AgilabIdeTest.APPS.resolve(name).resolve(metadata)), "the checkout's " + name + " has no " + metadata);
            }
        }
        IProject flight = ResourcesPlugin.getWorkspace().getRoot().getProject("flight_telemetry_project");
        flight.build(IncrementalProjectBuilder.FULL_BUILD, null);
        List<String> problems = Arrays.stream(flight.findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_INFINITE))
                .filter(m -> m.getAttribute(IMarker.SEVERITY, 0) >= IMarker.SEVERITY_WARNING)
                .map(m -> m.getAttribute(IMarker.MESSAGE, "") + " @ " + m.getResource().getProjectRelativePath()).toList();
        assertEquals(List.of(), problems, "the flight app imports with no warning");
        // the Apps view lists the imported apps by itself (no Refresh)
        org.agilab.ui.internal.view.AppsView apps = (org.agilab.ui.internal.view.AppsView) page().showView(
                org.agilab.ui.internal.view.AppsView.ID, null, IWorkbenchPage.VIEW_VISIBLE);
        Widgets.waitUntil(() -> apps.states().size() == 3 && apps.emptyMessage() == null, 30_000,
                "the Apps view to list the imported apps without Refresh: " + apps.emptyMessage());
        screenshotShell(window, "walkthrough-1-imported");
        runTheFlightAppFromItsShortcutToItsHelp();
    }

    /**
     * The new user's path after the import: the run shortcut (Alt+Shift+X G, with the flight app selected) launches it;
     * with a planted error the console shows the phases and the error's {@code file:line} as a link that opens the file at
     * that line; fixed there and saved, the next run shows in the Runs and Workers views without a Refresh; F1 in the
     * Runs view opens its help. A screenshot at each step ({@code walkthrough-*.png}, docs/ide.md).
     */
    private void runTheFlightAppFromItsShortcutToItsHelp() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        IdePreferences.put(IdePreferences.workspace(), IdeSetting.HOME, home.toString()); // the launches and views use it
        try {
            IProject flight = ResourcesPlugin.getWorkspace().getRoot().getProject("flight_telemetry_project");
            Path settings = flight.getLocation().toFile().toPath().resolve("app_settings.toml");
            List<String> lines = Files.readAllLines(settings);
            int planted = lines.indexOf(lines.stream().filter(l -> l.startsWith("nskip =")).findFirst().orElseThrow()) + 1;
            lines.set(planted - 1, "nskip = \"many\""); // an int arg given a word
            Files.write(settings, lines);
            flight.refreshLocal(IResource.DEPTH_INFINITE, null);

            RunsView runs = (RunsView) page().showView(RunsView.ID, null, IWorkbenchPage.VIEW_VISIBLE);
            runs.showLogs(null); // the preferred home's runs, whatever folder a test before this one showed in this workbench
            WorkersView workers = (WorkersView) page().showView(WorkersView.ID, null, IWorkbenchPage.VIEW_VISIBLE);
            IViewPart explorer = page().showView(IPageLayout.ID_PROJECT_EXPLORER);
            ((ISetSelectionTarget) explorer).selectReveal(new StructuredSelection(flight));

            // the run shortcut launches the selected app; the planted error fails it
            ILaunch failed = runFromShortcut(explorer);
            assertTrue(failed.getProcesses()[0].getExitValue() != 0, "the planted error fails the run");
            LaunchConsole console = LaunchConsoleTest.consoleOf(failed);
            String location = settings + ":" + planted;
            Widgets.waitUntil(() -> console.getDocument().get().contains(location) && console.getHyperlinks().length > 0, 30_000,
                    "the failure's place as a link: " + console.getDocument().get());
            String text = console.getDocument().get();
            assertTrue(text.contains("-> install"), "the install phase's line: " + text);
            IHyperlink link = console.getHyperlinks()[0];
            IRegion region = console.getRegion(link);
            assertEquals(location, text.substring(region.getOffset(), region.getOffset() + region.getLength()));
            IConsoleView consoleView = (IConsoleView) page().showView(IConsoleConstants.ID_CONSOLE_VIEW);
            consoleView.display(console);
            AgilabViewsTest.screenshot(consoleView, "walkthrough-2-console-error-link");

            // clicking the link opens the file at the failing line; the user fixes it there and saves
            link.linkActivated();
            IEditorPart editor = page().getActiveEditor();
            assertNotNull(editor, "the link opened the file");
            assertEquals("app_settings.toml", editor.getEditorInput().getName());
            ITextEditor source = LaunchConsoleTest.textShownBy(editor);
            ITextSelection selection = (ITextSelection) source.getSelectionProvider().getSelection();
            assertEquals(planted - 1, selection.getStartLine(), "the link selects the failing line");
            AgilabViewsTest.screenshot(editor, "walkthrough-3-error-line");
            IDocument document = source.getDocumentProvider().getDocument(source.getEditorInput());
            IRegion line = document.getLineInformation(planted - 1);
            document.replace(line.getOffset(), line.getLength(), "nskip = 0");
            editor.doSave(null);

            // the next run: the Runs and Workers views follow it, with no Refresh (the home is new: an ok run in it is this one)
            ILaunch good = runFromShortcut(explorer);
            assertEquals(0, good.getProcesses()[0].getExitValue(), "the fixed app runs");
            Widgets.waitUntil(() -> !runs.entries().isEmpty() && runs.entries().get(0).status().equals("ok")
                    && runs.entries().get(0).folder().startsWith(home), 30_000, "the Runs view to show the run without Refresh: " + runs.entries());
            Widgets.waitUntil(() -> !workers.shownWorkers().isEmpty() && workers.shownWorkers().stream().allMatch(WorkerBoard.Worker::isOver),
                    30_000, "the Workers view to show the run's chunks ended without Refresh: " + workers.shownWorkers());
            assertEquals(null, workers.emptyMessage());
            AgilabViewsTest.screenshot(runs, "walkthrough-4-runs");
            AgilabViewsTest.screenshot(workers, "walkthrough-5-workers");

            // F1 in a view opens its help
            page().activate(runs);
            IBindingService bindings = PlatformUI.getWorkbench().getService(IBindingService.class);
            org.eclipse.jface.bindings.keys.KeySequence f1 = org.eclipse.jface.bindings.keys.KeySequence.getInstance(
                    org.eclipse.jface.bindings.keys.KeyStroke.getInstance(SWT.F1));
            Widgets.waitUntil(() -> bindings.getPerfectMatch(f1) != null, 10_000, "F1 bound while the Runs view is active");
            List<String> asked = new ArrayList<>();
            org.eclipse.core.commands.IExecutionListener helpAsked = new org.eclipse.core.commands.IExecutionListener() {
                @Override
                public void preExecute(String commandId, org.eclipse.core.commands.ExecutionEvent event) {
                    asked.add(commandId);
                }

                @Override
                public void postExecuteSuccess(String commandId, Object returnValue) {
                }

                @Override
                public void postExecuteFailure(String commandId, org.eclipse.core.commands.ExecutionException exception) {
                }

                @Override
                public void notHandled(String commandId, org.eclipse.core.commands.NotHandledException exception) {
                }
            };
            org.eclipse.ui.commands.ICommandService commands = PlatformUI.getWorkbench().getService(org.eclipse.ui.commands.ICommandService.class);
            commands.addExecutionListener(helpAsked);
            try {
                ViewContributionsTest.pressF1(ViewContributionsTest.contentOf(runs));
                Widgets.waitUntil(() -> asked.contains("org.eclipse.ui.help.dynamicHelp"), 10_000, "F1 in the Runs view to show its help");
            } finally {
                commands.removeExecutionListener(helpAsked);
            }
            org.eclipse.help.IContext help = org.eclipse.help.HelpSystem.getContext("org.agilab.ui.runs_view");
            assertTrue(help != null && help.getRelatedTopics().length > 0, "the Runs view's help has its topics");
            // no picture of the Help view: it cannot be created in this test runtime ("Could not create view"; this bundle
            // requires org.eclipse.help, not org.eclipse.help.ui, which the shipped product lists)
        } finally {
            IdePreferences.put(IdePreferences.workspace(), IdeSetting.HOME, null);
        }
    }

    /** Alt+Shift+X G as the user presses it in the Project Explorer (its command); the launch it made, once ended. */
    private static ILaunch runFromShortcut(IViewPart explorer) throws Exception {
        page().activate(explorer);
        Widgets.flush();
        return AgilabViewsTest.awaitLaunch(() -> {
            try {
                PlatformUI.getWorkbench().getService(org.eclipse.ui.handlers.IHandlerService.class)
                        .executeCommand("org.agilab.ui.runShortcut.run", null);
            } catch (Exception e) {
                throw new AssertionError("the run shortcut's command", e);
            }
        }, () -> { });
    }

    @Test
    @Order(2)
    void anAppProjectHasTheAgilabSubmenuAndTheRunShortcutItsKeyBinding() throws Exception {
        IProject app = appAt(Files.createDirectories(dir.resolve("submenu_probe_project")), "[args]\n");
        IViewPart explorer = page().showView(IPageLayout.ID_PROJECT_EXPLORER);
        ((ISetSelectionTarget) explorer).selectReveal(new StructuredSelection(app));
        Widgets.flush();
        org.eclipse.swt.widgets.Shell window = AgilabIdeTest.workbenchShell();
        // the app first, the product's name last (a -Dtest run also tries this in the other workbenches: no product there)
        Widgets.waitUntil(() -> window.getText().startsWith(app.getName() + " - ") && (!isTheProduct() || window.getText().endsWith("AGILab IDE")),
                10_000, "the window title to name the selected app: " + window.getText());
        Tree tree = Widgets.all(AgilabIdeTest.workbenchShell()).stream().filter(Tree.class::isInstance).map(Tree.class::cast)
                .filter(t -> t.isVisible() && t.getMenu() != null && t.getSelectionCount() == 1
                        && app.equals(t.getSelection()[0].getData()))
                .findFirst().orElseThrow(() -> new AssertionError("the Project Explorer's tree with the app selected"));
        Menu context = tree.getMenu();
        context.notifyListeners(SWT.Show, new Event());
        try {
            MenuItem agilab = Arrays.stream(context.getItems()).filter(item -> Widgets.strip(item.getText()).equals("AGILab")).findFirst()
                    .orElseThrow(() -> new AssertionError("no AGILab submenu in " + texts(context)));
            Menu submenu = agilab.getMenu();
            submenu.notifyListeners(SWT.Show, new Event());
            assertEquals(List.of("Install", "Run", "Distribute", "Benchmark", "Stop Nodes", "Open Outputs", "Start Service", "Stop Service",
                    "Submit Task...", "Show Service Health"),
                    texts(submenu).stream().filter(text -> !text.isEmpty()).toList());
            submenu.notifyListeners(SWT.Hide, new Event());
        } finally {
            context.notifyListeners(SWT.Hide, new Event());
        }

        IBindingService bindings = PlatformUI.getWorkbench().getService(IBindingService.class);
        List<TriggerSequence> keys = Arrays.asList(bindings.getActiveBindingsFor("org.agilab.ui.runShortcut.run"));
        assertTrue(keys.contains(org.eclipse.jface.bindings.keys.KeySequence.getInstance("M2+M3+X G")),
                "Run AGILab App is on Alt+Shift+X G: " + keys.stream().map(TriggerSequence::format).toList());
        assertTrue(PlatformUI.getWorkbench().getService(org.eclipse.ui.commands.ICommandService.class)
                .getCommand("org.agilab.ui.runShortcut.run").isHandled(), "the debug UI handles the shortcut's command");
    }

    @Test
    @Order(3)
    void aLaunchOfAnAppWithASettingsErrorAsksFirstAndCancelStopsIt() throws Exception {
        IProject app = appAt(Files.createDirectories(dir.resolve("prompt_probe_project")),
                "[args]\n\n[cluster.workers]\n\"127.0.0.1\" = -2\n");
        app.build(IncrementalProjectBuilder.FULL_BUILD, null);
        assertTrue(app.findMarkers(SettingsMarkers.SETTINGS, true, IResource.DEPTH_INFINITE).length > 0, "the planted error is marked");
        ILaunchConfiguration configuration = AgilabLaunchShortcut.configurationFor(app, AgilabLaunchDelegate.RUN);
        AtomicReference<String> asked = new AtomicReference<>();
        Display display = Display.getCurrent();
        Shell[] before = display.getShells();
        // the prompt runs its own event loop inside the launch's syncExec: a timer answers it from inside that loop
        Runnable answer = new Runnable() {
            @Override
            public void run() {
                for (Shell shell : display.getShells()) {
                    if (!List.of(before).contains(shell) && shell.isVisible() && shell.getText().equals("Errors in Workspace")) {
                        asked.set(String.join("\n", Widgets.all(shell).stream().filter(Label.class::isInstance)
                                .map(label -> ((Label) label).getText()).toList()));
                        try {
                            screenshotShell(shell, "launch-errors-prompt");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        Widgets.button(shell, org.eclipse.jface.dialogs.IDialogConstants.CANCEL_LABEL).notifyListeners(SWT.Selection, new Event());
                        return;
                    }
                }
                if (asked.get() == null) {
                    display.timerExec(50, this);
                }
            }
        };
        display.timerExec(50, answer);
        DebugUITools.launch(configuration, ILaunchManager.RUN_MODE);
        Widgets.waitUntil(() -> asked.get() != null, 60_000, "the errors prompt");
        assertTrue(asked.get().contains("prompt_probe_project") && asked.get().contains("Proceed with launch?"), asked.get());
        long until = System.currentTimeMillis() + 1_000;
        Widgets.waitUntil(() -> System.currentTimeMillis() > until, 5_000, "a moment for a launch that should not come");
        for (ILaunch launch : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
            assertFalse(configuration.equals(launch.getLaunchConfiguration()) && launch.getProcesses().length > 0,
                    "Cancel stopped the launch before its manager started");
        }
    }

    @Test
    @Order(4)
    void newAppStartsInTheNameFieldThenSelectsAndOpensTheNewApp() throws Exception {
        org.agilab.ui.internal.wizard.NewAppWizard wizard = new org.agilab.ui.internal.wizard.NewAppWizard();
        wizard.init(PlatformUI.getWorkbench(), StructuredSelection.EMPTY);
        org.eclipse.jface.wizard.WizardDialog dialog = new org.eclipse.jface.wizard.WizardDialog(AgilabIdeTest.workbenchShell(), wizard);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            Shell shell = dialog.getShell();
            Text name = Widgets.afterLabel(shell, "App &name:", Text.class);
            shell.forceActive(); // Xvfb has no window manager to activate the dialog; SWT then gives the page's focus back
            Widgets.waitUntil(() -> shell.getDisplay().getFocusControl() == name, 5_000, "the cursor in the name field");
            name.setText("entry_probe");
            Widgets.flush();
            Widgets.button(shell, org.eclipse.jface.dialogs.IDialogConstants.FINISH_LABEL).notifyListeners(SWT.Selection, new Event());
            Widgets.waitUntil(shell::isDisposed, 60_000, "the wizard to finish");
        } finally {
            if (dialog.getShell() != null && !dialog.getShell().isDisposed()) {
                dialog.close();
            }
        }
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("entry_probe_project");
        try {
            assertTrue(project.exists());
            org.eclipse.ui.IEditorPart editor;
            Widgets.waitUntil(() -> page().getActiveEditor() != null && page().getSelection(IPageLayout.ID_PROJECT_EXPLORER)
                    instanceof org.eclipse.jface.viewers.IStructuredSelection shown && project.equals(shown.getFirstElement()), 10_000,
                    "the new app selected and its settings open");
            editor = page().getActiveEditor();
            assertNotNull(editor, "the new app's settings are open");
            assertEquals(project.getFile("app_settings.toml"), editor.getEditorInput().getAdapter(org.eclipse.core.resources.IFile.class));
            org.eclipse.jface.viewers.ISelection selected = page().getSelection(IPageLayout.ID_PROJECT_EXPLORER);
            assertTrue(selected instanceof org.eclipse.jface.viewers.IStructuredSelection structured
                    && project.equals(structured.getFirstElement()), "the new app is selected in the Project Explorer: " + selected);
            String settings = Files.readString(project.getLocation().toFile().toPath().resolve("app_settings.toml"));
            assertFalse(settings.toLowerCase(java.util.Locale.ROOT).contains("template"), "no template comment is left:\n" + settings);
            assertTrue(settings.contains("[args]") && settings.contains("[cluster.workers]"), settings);
            assertEquals("UTF-8", project.getDefaultCharset(false));
            assertTrue(project.getFile(".gitignore").exists(), "the new app has the .gitignore of Eclipse metadata");
        } finally {
            page().closeAllEditors(false);
            project.delete(true, true, null);
        }
    }

    /** An app folder with these settings and a manager-less source tree, as an app project where it is. */
    static IProject appAt(Path folder, String settings) throws Exception {
        Files.writeString(folder.resolve("app_settings.toml"), settings);
        Files.createDirectories(folder.resolve("src"));
        IProject project = AppProjectConfigurator.configure(folder, null);
        assertNotNull(project);
        return project;
    }

    /** Half a second of events, so that what the screenshot shows is drawn. */
    static void settle() {
        long until = System.currentTimeMillis() + 500;
        Widgets.waitUntil(() -> System.currentTimeMillis() > until, 5_000, "the window to draw");
    }

    /** With {@code -Dagilab.screenshots=DIR}, saves what the screen shows of {@code shell} as {@code DIR/<name>.png}. */
    static void screenshotShell(Shell shell, String name) throws Exception {
        String folder = System.getProperty("agilab.screenshots");
        if (folder == null || folder.isBlank() || folder.equals("null")) {
            return;
        }
        Widgets.flush();
        org.eclipse.swt.graphics.Rectangle bounds = shell.getBounds();
        org.eclipse.swt.graphics.Image image = new org.eclipse.swt.graphics.Image(shell.getDisplay(), bounds.width, bounds.height);
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(shell.getDisplay());
        try {
            gc.copyArea(image, bounds.x, bounds.y);
            org.eclipse.swt.graphics.ImageLoader loader = new org.eclipse.swt.graphics.ImageLoader();
            loader.data = new org.eclipse.swt.graphics.ImageData[] {image.getImageData()};
            Files.createDirectories(Path.of(folder));
            loader.save(Path.of(folder, name + ".png").toString(), SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    /** As {@link #screenshotShell}, but the shell draws itself into the image ({@code Control.print}). */
    static void printShell(Shell shell, String name) throws Exception {
        String folder = System.getProperty("agilab.screenshots");
        if (folder == null || folder.isBlank() || folder.equals("null")) {
            return;
        }
        org.eclipse.swt.graphics.Point size = shell.getSize();
        org.eclipse.swt.graphics.Image image = new org.eclipse.swt.graphics.Image(shell.getDisplay(), size.x, size.y);
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(image);
        try {
            shell.print(gc);
            org.eclipse.swt.graphics.ImageLoader loader = new org.eclipse.swt.graphics.ImageLoader();
            loader.data = new org.eclipse.swt.graphics.ImageData[] {image.getImageData()};
            Files.createDirectories(Path.of(folder));
            loader.save(Path.of(folder, name + ".png").toString(), SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    static List<String> texts(Menu menu) {
        return Arrays.stream(menu.getItems()).map(item -> Widgets.strip(item.getText())).toList();
    }

    /** The shell titled {@code title} that was not among {@code before}, once it is open. */
    static Shell newShell(Shell[] before, String title) {
        AtomicReference<Shell> found = new AtomicReference<>();
        Widgets.waitUntil(() -> {
            for (Shell shell : Display.getCurrent().getShells()) {
                if (!List.of(before).contains(shell) && title.equals(shell.getText())) {
                    found.set(shell);
                    return true;
                }
            }
            return false;
        }, 30_000, "the shell " + title);
        return found.get();
    }
}
