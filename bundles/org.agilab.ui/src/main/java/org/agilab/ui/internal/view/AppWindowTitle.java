package org.agilab.ui.internal.view;

import java.util.Optional;

import org.eclipse.core.resources.IProject;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWindowListener;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.osgi.service.event.EventHandler;

/**
 * Puts the app the user is on in the window title, before what the IDE shows there (workspace name, active editor,
 * product): {@code flight_telemetry_project - ws - AGILab IDE}. The app is the selected app project (or the active
 * editor's), and stays while the selection moves to something that is not in an app (the Console, say). The IDE owns
 * the title's text (it recomputes it on part and perspective changes), so this only decorates the shell's text after
 * each of its changes, and leaves the workbench model's label alone.
 */
public final class AppWindowTitle {

    private static final String SEPARATOR = " - ";

    private final IWorkbenchWindow window;
    private IProject app;
    /** The title the IDE last set, and what this shows for it. */
    private String base;
    private String shown;

    private AppWindowTitle(IWorkbenchWindow window) {
        this.window = window;
    }

    /** Follows every window of the workbench, those open now and those to come. On the UI thread. */
    public static void install(IWorkbench workbench) {
        for (IWorkbenchWindow window : workbench.getWorkbenchWindows()) {
            new AppWindowTitle(window).follow();
        }
        workbench.addWindowListener(new IWindowListener() {
            @Override
            public void windowOpened(IWorkbenchWindow window) {
                new AppWindowTitle(window).follow();
            }

            @Override
            public void windowActivated(IWorkbenchWindow window) {
            }

            @Override
            public void windowDeactivated(IWorkbenchWindow window) {
            }

            @Override
            public void windowClosed(IWorkbenchWindow window) {
            }
        });
    }

    /** The title for the IDE's {@code ideTitle} with {@code app} in it (unless it names the app's files already). */
    static String title(String ideTitle, String app) {
        if (app == null || ideTitle.contains(app + "/")) {
            return ideTitle;
        }
        return app + SEPARATOR + ideTitle;
    }

    private void follow() {
        window.getSelectionService().addPostSelectionListener((part, selection) -> SelectedApp.of(selection).ifPresent(this::show));
        window.getPartService().addPartListener(new org.eclipse.ui.IPartListener2() {
            @Override
            public void partActivated(org.eclipse.ui.IWorkbenchPartReference reference) {
                update();
            }
        });
        IEventBroker events = window.getService(IEventBroker.class);
        MWindow model = window.getService(MWindow.class);
        if (events != null && model != null) {
            EventHandler labelChanged = event -> {
                if (event.getProperty(UIEvents.EventTags.ELEMENT) == model) {
                    // after the renderer has put the IDE's new label on the shell
                    window.getShell().getDisplay().asyncExec(this::update);
                }
            };
            events.subscribe(UIEvents.UILabel.TOPIC_LABEL, labelChanged);
            window.getShell().addDisposeListener(e -> events.unsubscribe(labelChanged));
        }
        IWorkbenchPage page = window.getActivePage();
        if (page != null) {
            SelectedApp.of(page).ifPresent(project -> app = project);
        }
        update();
    }

    private void show(IProject project) {
        app = project;
        update();
    }

    private void update() {
        Shell shell = window.getShell();
        if (shell == null || shell.isDisposed()) {
            return;
        }
        if (app == null || !app.isAccessible()) {
            IWorkbenchPage page = window.getActivePage();
            Optional<IProject> fromPage = page == null ? Optional.empty() : SelectedApp.of(page);
            app = fromPage.orElse(null);
        }
        String text = shell.getText();
        if (!text.equals(shown)) {
            base = text; // the IDE set a new title since
        }
        String title = title(base, app == null ? null : app.getName());
        if (!title.equals(text)) {
            shell.setText(title);
        }
        shown = title;
    }
}
