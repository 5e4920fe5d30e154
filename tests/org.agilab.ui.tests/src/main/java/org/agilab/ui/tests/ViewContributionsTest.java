package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.core.internal.preferences.IdeSetting;
import org.agilab.core.internal.project.AppProjectConfigurator;
import org.agilab.ui.internal.view.AppsView;
import org.agilab.ui.internal.view.DistributionView;
import org.agilab.ui.internal.view.RunLogEditor;
import org.agilab.ui.internal.view.RunsView;
import org.agilab.ui.internal.view.ViewParts;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.IExecutionListener;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.action.ActionContributionItem;
import org.eclipse.jface.action.IContributionItem;
import org.eclipse.jface.bindings.keys.KeySequence;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.keys.IBindingService;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.FrameworkUtil;

/**
 * Every AGILab view as Eclipse users expect a view: its own icon, toolbar actions with an icon and a tooltip (never
 * bare words), a row context menu registered with its site (so other plug-ins contribute to it), F1 bound to its help,
 * a sentence saying what to do while it has nothing to show; the views follow the app selected in the Project
 * Explorer; run logs open read-only.
 */
class ViewContributionsTest {

    /** Each view's F1 help context, by view id: every view of the AGILab category must be here. */
    static final Map<String, String> HELP = Map.of(
            "org.agilab.ui.appsView", "org.agilab.ui.apps_view",
            "org.agilab.ui.runsView", "org.agilab.ui.runs_view",
            "org.agilab.ui.workersView", "org.agilab.ui.workers_view",
            "org.agilab.ui.chartView", "org.agilab.ui.chart_view",
            "org.agilab.ui.mapView", "org.agilab.ui.map_view",
            "org.agilab.ui.distributionView", "org.agilab.ui.distribution_view");

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        for (IdeSetting setting : IdeSetting.values()) {
            IdePreferences.put(IdePreferences.workspace(), setting, null);
        }
        AgilabIdeTest.removeConfigurationsAndProjects();
    }

    /** The views of the AGILab category, by id, with their icon's path. */
    static Map<String, String> agilabViews() {
        Map<String, String> views = new LinkedHashMap<>();
        for (IConfigurationElement element : Platform.getExtensionRegistry().getConfigurationElementsFor("org.eclipse.ui.views")) {
            if (element.getName().equals("view") && "org.agilab.ui.views".equals(element.getAttribute("category"))) {
                views.put(element.getAttribute("id"), element.getAttribute("icon"));
            }
        }
        return views;
    }

    @Test
    void everyViewHasItsIconIconActionsWithTooltipsARegisteredContextMenuAndF1() throws Exception {
        Map<String, String> views = agilabViews();
        assertEquals(HELP.keySet(), views.keySet(), "every AGILab view is checked here");
        // its own icon, one of this bundle's, none shared
        assertEquals(views.size(), new HashSet<>(views.values()).size(), "one icon per view: " + views);
        for (String icon : views.values()) {
            assertNotNull(FrameworkUtil.getBundle(ViewParts.class).getEntry(icon), icon + " is in the bundle");
            assertFalse(icon.equals("icons/agilab.png"), "a view's own icon, not the product's");
        }
        ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
        List<String> helpShown = new ArrayList<>();
        IExecutionListener helpListener = new IExecutionListener() {
            @Override
            public void preExecute(String commandId, ExecutionEvent event) {
                if (commandId.equals("org.eclipse.ui.help.dynamicHelp")) {
                    helpShown.add(commandId);
                }
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
        commands.addExecutionListener(helpListener);
        try {
            for (String id : views.keySet()) {
                IViewPart view = AgilabViewsTest.page().showView(id);
                AgilabViewsTest.page().activate(view);
                Widgets.flush();
                // toolbar: icons with tooltips
                IContributionItem[] items = view.getViewSite().getActionBars().getToolBarManager().getItems();
                assertTrue(items.length > 0, id + " has toolbar actions");
                for (IContributionItem item : items) {
                    if (item instanceof ActionContributionItem action) {
                        assertNotNull(action.getAction().getImageDescriptor(), id + ": " + action.getAction().getText() + " has an icon");
                        String tooltip = action.getAction().getToolTipText();
                        assertTrue(tooltip != null && !tooltip.isBlank() && !tooltip.equals(action.getAction().getText()),
                                id + ": " + action.getAction().getText() + " has a tooltip saying what it does: " + tooltip);
                    }
                }
                if (id.equals(AppsView.ID)) {
                    // the service's actions, each a command of the AGILab category (key bindings, the AGILab menu)
                    List<String> serviceCommands = new ArrayList<>();
                    for (IContributionItem item : items) {
                        if (item instanceof ActionContributionItem action && action.getAction().getActionDefinitionId() != null
                                && action.getAction().getActionDefinitionId().startsWith("org.agilab.ui.app.service")) {
                            serviceCommands.add(action.getAction().getActionDefinitionId());
                            assertTrue(commands.getCommand(action.getAction().getActionDefinitionId()).isDefined(),
                                    action.getAction().getActionDefinitionId() + " is a command");
                        }
                    }
                    assertEquals(List.of("org.agilab.ui.app.serviceStart", "org.agilab.ui.app.serviceStop", "org.agilab.ui.app.serviceSubmit",
                            "org.agilab.ui.app.serviceHealth"), serviceCommands, "the Apps view's service actions");
                }
                // a context menu on its rows, registered with its site under its id, with items
                String[] registered = ((org.eclipse.ui.internal.PartSite) view.getSite()).getContextMenuIds();
                assertTrue(List.of(registered).contains(id), id + " registers its context menu: " + List.of(registered));
                Control content = contentOf(view);
                List<String> menuItems = contextMenuItems(content);
                assertFalse(menuItems.isEmpty(), id + " has a context menu with items");
                // F1 help: the context set on its controls, and F1 bound to context help while the view is active
                String help = HELP.get(id);
                assertTrue(Widgets.all((org.eclipse.swt.widgets.Composite) content).stream().anyMatch(control -> help.equals(control.getData("org.eclipse.ui.help")))
                        || help.equals(content.getData("org.eclipse.ui.help")), id + " sets its F1 help " + help);
                assertNotNull(org.eclipse.help.HelpSystem.getContext(help), help);
                IBindingService bindings = PlatformUI.getWorkbench().getService(IBindingService.class);
                Widgets.waitUntil(() -> bindings.getPerfectMatch(KeySequence.getInstance(org.eclipse.jface.bindings.keys.KeyStroke.getInstance(SWT.F1))) != null,
                        5_000, "F1 bound while " + id + " is active");
                assertEquals("org.eclipse.ui.help.dynamicHelp", bindings.getPerfectMatch(KeySequence.getInstance(
                        org.eclipse.jface.bindings.keys.KeyStroke.getInstance(SWT.F1))).getParameterizedCommand().getId());
                // and pressing it shows the help
                int before = helpShown.size();
                pressF1(content);
                Widgets.waitUntil(() -> helpShown.size() > before, 10_000, "F1 in " + id + " to show its help");
                closeHelpView();
                AgilabViewsTest.screenshot(view, "view-" + id.substring("org.agilab.ui.".length()));
            }
        } finally {
            commands.removeExecutionListener(helpListener);
        }
        // outside the AGILab views F1 is the platform's again
        AgilabViewsTest.page().showView(IPageLayout.ID_PROJECT_EXPLORER);
        AgilabViewsTest.page().activate(AgilabViewsTest.page().findView(IPageLayout.ID_PROJECT_EXPLORER));
        Widgets.flush();
        IBindingService bindings = PlatformUI.getWorkbench().getService(IBindingService.class);
        Widgets.waitUntil(() -> bindings.getPerfectMatch(KeySequence.getInstance(org.eclipse.jface.bindings.keys.KeyStroke.getInstance(SWT.F1))) == null,
                5_000, "F1 unbound outside the AGILab views");
    }

    @Test
    void emptyViewsSayWhatToDoTheViewsFollowTheSelectedAppAndLogsOpenReadOnly() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        IdePreferences.put(IdePreferences.workspace(), IdeSetting.HOME, home.toString());
        // no app: the Apps view says how to get one; no run: the Runs view says how to make one
        AppsView apps = (AppsView) AgilabViewsTest.page().showView(AppsView.ID);
        apps.refresh();
        Widgets.waitUntil(() -> apps.emptyMessage() != null && apps.emptyMessage().contains("File > New"), 30_000,
                "the Apps view to say how to create or import an app: " + apps.emptyMessage());
        RunsView runs = (RunsView) AgilabViewsTest.page().showView(RunsView.ID);
        runs.showLogs(home.resolve("log/execute"));
        Widgets.waitUntil(() -> runs.emptyMessage() != null && runs.emptyMessage().contains("AGILab Run"), 30_000,
                "the Runs view to say how to run an app: " + runs.emptyMessage());
        AgilabViewsTest.screenshot(runs, "runs-view-empty");

        // two apps; the one selected in the Project Explorer (not the first alphabetically) is followed
        IProject first = AppProjectConfigurator.configure(copy("flight_telemetry_project"), null);
        IProject second = AppProjectConfigurator.configure(copy("minimal_app_project"), null);
        assertTrue(first.getName().compareTo(second.getName()) < 0, first.getName() + " comes first");
        // imported apps appear without Refresh: the view follows the workspace's projects
        Widgets.waitUntil(() -> apps.states().size() == 2 && apps.emptyMessage() == null, 30_000, "the Apps view to list both apps");
        org.eclipse.ui.part.ISetSelectionTarget explorer = (org.eclipse.ui.part.ISetSelectionTarget) AgilabViewsTest.page()
                .showView(IPageLayout.ID_PROJECT_EXPLORER);
        explorer.selectReveal(new StructuredSelection(second));
        DistributionView distribution = (DistributionView) AgilabViewsTest.page().showView(DistributionView.ID,
                null, org.eclipse.ui.IWorkbenchPage.VIEW_VISIBLE);
        Widgets.waitUntil(() -> second.getName().equals(distribution.shownApp()), 10_000,
                "the Distribution view to show the selected app: " + distribution.shownApp());
        Widgets.waitUntil(() -> apps.selectedProject() != null && apps.selectedProject().equals(second), 10_000,
                "the Apps view to select the selected app's row");
        org.eclipse.swt.widgets.Shell window = AgilabIdeTest.workbenchShell();
        Widgets.waitUntil(() -> window.getText().startsWith(second.getName() + " - "), 10_000,
                "the window title to name the selected app: " + window.getText());
        explorer.selectReveal(new StructuredSelection(first));
        Widgets.waitUntil(() -> first.getName().equals(distribution.shownApp()), 10_000, "the Distribution view to follow the selection");
        Widgets.waitUntil(() -> window.getText().startsWith(first.getName() + " - ") && !window.getText().contains(second.getName()),
                10_000, "the window title to follow the selection: " + window.getText());
        AgilabViewsTest.page().showView(IPageLayout.ID_PROBLEM_VIEW); // a view of no app: the title keeps the app
        Widgets.flush();
        assertTrue(window.getText().startsWith(first.getName() + " - "), window.getText());

        // a run log opens read-only, with no spell checking
        Path log = Files.writeString(Files.createDirectories(home.resolve("log/execute/flight_telemetry")).resolve("run.log"),
                "INFO FlightWorker: wrote tracks to dataframe/flight_tracks.parquet\n");
        ViewParts.openLog(AgilabViewsTest.page(), log, "log");
        IEditorPart editor = AgilabViewsTest.page().getActiveEditor();
        assertTrue(editor instanceof RunLogEditor, "the log viewer: " + editor);
        ITextEditor text = (ITextEditor) editor;
        assertFalse(text.isEditable(), "a log is read-only");
        assertTrue(text.getDocumentProvider().getDocument(text.getEditorInput()).get().contains("flight_tracks.parquet"));
        org.eclipse.jface.text.source.ISourceViewer viewer = (org.eclipse.jface.text.source.ISourceViewer) text.getAdapter(
                org.eclipse.jface.text.ITextViewer.class);
        Widgets.flush();
        long spelling = countSpellingAnnotations(viewer);
        assertEquals(0, spelling, "no spell checking in a log");
        AgilabViewsTest.page().closeAllEditors(false);
    }

    private Path copy(String app) throws Exception {
        Path folder = dir.resolve(app);
        AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve(app), folder);
        return folder;
    }

    private static long countSpellingAnnotations(org.eclipse.jface.text.source.ISourceViewer viewer) {
        long count = 0;
        if (viewer == null || viewer.getAnnotationModel() == null) {
            return 0;
        }
        for (var it = viewer.getAnnotationModel().getAnnotationIterator(); it.hasNext();) {
            if (it.next().getType().contains("spelling")) {
                count++;
            }
        }
        return count;
    }

    /** The view's main control: the one the workbench gave it, first child of the part's pane. */
    static Control contentOf(IViewPart view) {
        org.eclipse.e4.ui.model.application.ui.basic.MPart part = view.getSite().getService(org.eclipse.e4.ui.model.application.ui.basic.MPart.class);
        return (Control) part.getWidget();
    }

    /** The texts of the first context menu found on the view's controls, filled as when it is about to show. */
    static List<String> contextMenuItems(Control content) {
        for (Control control : Widgets.all((org.eclipse.swt.widgets.Composite) content)) {
            Menu menu = control.getMenu();
            if (menu != null && menu != content.getShell().getMenuBar()) {
                menu.notifyListeners(SWT.Show, new Event());
                List<String> texts = new ArrayList<>();
                for (MenuItem item : menu.getItems()) {
                    if ((item.getStyle() & SWT.SEPARATOR) == 0) {
                        texts.add(item.getText());
                    }
                }
                menu.notifyListeners(SWT.Hide, new Event());
                if (!texts.isEmpty()) {
                    return texts;
                }
            }
        }
        return List.of();
    }

    /** Presses F1 as a user would, with the view's first focusable control focused. */
    static void pressF1(Control content) {
        AgilabIdeTest.workbenchShell().forceActive();
        Control target = content;
        for (Control control : Widgets.all((org.eclipse.swt.widgets.Composite) content)) {
            if (control instanceof org.eclipse.swt.widgets.Table || control instanceof org.eclipse.swt.widgets.Tree
                    || control instanceof org.eclipse.swt.widgets.Canvas || control instanceof org.eclipse.swt.widgets.Combo) {
                control.setFocus();
                target = control;
                break;
            }
        }
        Widgets.flush();
        // the key as SWT delivers it to the focused control: through the display's filters, where the workbench's key
        // bindings are dispatched (a posted X event would need the window manager's focus, which Xvfb has not)
        Control focused = content.getDisplay().getFocusControl() != null ? content.getDisplay().getFocusControl() : target;
        Event down = new Event();
        down.type = SWT.KeyDown;
        down.keyCode = SWT.F1;
        down.widget = focused;
        focused.notifyListeners(SWT.KeyDown, down);
        Widgets.flush();
    }

    static void closeHelpView() {
        IViewPart help = AgilabViewsTest.page().findView("org.eclipse.help.ui.HelpView");
        if (help != null) {
            AgilabViewsTest.page().hideView(help);
        }
        Widgets.flush();
    }
}
