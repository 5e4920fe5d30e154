package org.agilab.ui.internal.console;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;

import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.Bundle;

/**
 * Readies the Console's first page in the background once the workspace has an AGILab app: the first console page of
 * a workbench used to stall the UI thread 200 ms (its classes loaded, icons extracted from their jars, the first styled
 * text laid out), now paid for in the background and in small idle steps, so the first AGILab launch does not freeze
 * the IDE. A workspace without AGILab apps (most users of an IDE with AGILab installed) pays nothing:
 * {@link #whenAnAppExists} starts the warm-up at the workbench's start when an app project is there, else when the
 * first one appears (created, imported, opened or given the nature), and never otherwise.
 */
public final class ConsoleWarmUp {

    /** The family of the warm-up's Job. */
    public static final Object FAMILY = ConsoleWarmUp.class;
    private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicBoolean STARTED = new java.util.concurrent.atomic.AtomicBoolean();
    private static volatile boolean watching;
    /** Released by the warm-up's last UI step. */
    private static final java.util.concurrent.CountDownLatch DONE = new java.util.concurrent.CountDownLatch(1);

    /** Bundles whose classes the first console page loads, and the packages of them it uses. */
    private static final List<String[]> CLASSES = List.of(
            new String[] {"org.eclipse.ui.console", "org/eclipse/ui/"},
            new String[] {"org.eclipse.jface.text", "org/eclipse/jface/text/"},
            new String[] {"org.eclipse.text", "org/eclipse/"},
            new String[] {"org.eclipse.swt", "org/eclipse/swt/custom/"},
            new String[] {"org.eclipse.ui.workbench.texteditor", "org/eclipse/ui/texteditor/"},
            new String[] {"org.agilab.ui", "org/agilab/ui/internal/console/"});
    private static final List<String> ICONS = List.of("org.eclipse.ui.console", "org.eclipse.ui");

    private ConsoleWarmUp() {
    }

    /**
     * From the UI's early startup (a background thread, once the workbench runs): the warm-up, at once when the
     * workspace has an AGILab app project, else when the first appears; never in a workspace without one.
     */
    public static void whenAnAppExists(Display display) {
        org.eclipse.core.resources.IWorkspace workspace = org.eclipse.core.resources.ResourcesPlugin.getWorkspace();
        org.eclipse.core.resources.IResourceChangeListener[] listener = new org.eclipse.core.resources.IResourceChangeListener[1];
        listener[0] = event -> {
            // decided here, on the thread that changed the workspace: only an app's project is looked at, never its files
            if (addsAnApp(event.getDelta())) {
                workspace.removeResourceChangeListener(listener[0]);
                start(display);
            }
        };
        workspace.addResourceChangeListener(listener[0], org.eclipse.core.resources.IResourceChangeEvent.POST_CHANGE);
        watching = true;
        if (hasAppProjects()) {
            workspace.removeResourceChangeListener(listener[0]);
            start(display);
        }
    }

    /** A change that adds an AGILab app project to the workspace: a project added, opened or given the nature. */
    private static boolean addsAnApp(org.eclipse.core.resources.IResourceDelta delta) {
        return delta != null && java.util.Arrays.stream(delta.getAffectedChildren()).anyMatch(child -> (child.getKind()
                == org.eclipse.core.resources.IResourceDelta.ADDED || (child.getFlags() & (org.eclipse.core.resources.IResourceDelta.OPEN
                        | org.eclipse.core.resources.IResourceDelta.DESCRIPTION)) != 0)
                && child.getResource() instanceof org.eclipse.core.resources.IProject project
                && org.agilab.core.internal.project.AgilabNature.has(project));
    }

    /** Once per workbench: the warm-up in a system Job (its class loading is long; the UI steps are posted from it). */
    private static void start(Display display) {
        if (STARTED.compareAndSet(false, true)) {
            org.eclipse.core.runtime.jobs.Job job = new org.eclipse.core.runtime.jobs.Job("AGILab console warm-up") {
                @Override
                protected org.eclipse.core.runtime.IStatus run(org.eclipse.core.runtime.IProgressMonitor monitor) {
                    if (!display.isDisposed()) {
                        ConsoleWarmUp.run(display);
                    }
                    return org.eclipse.core.runtime.Status.OK_STATUS;
                }

                @Override
                public boolean belongsTo(Object family) {
                    return family == FAMILY;
                }
            };
            job.setSystem(true);
            job.schedule();
        }
    }

    /**
     * For a launch about to show its console (on its launch thread, before its process starts): when the warm-up was
     * started and has not finished (the first app appeared a moment ago), waits for its last UI step, at most
     * {@code timeoutMs}, so the first console page is created with its classes loaded and never in the middle of the
     * warm-up's own steps (measured: 107-153 ms stalls without this wait). Never waits on the UI thread.
     */
    public static void awaitIfStarted(long timeoutMs) {
        if (!STARTED.get() || DONE.getCount() == 0 || Display.getCurrent() != null) {
            return;
        }
        try {
            DONE.await(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the workbench's start has looked at the workspace: from then on {@link #started} says what it decided (tests). */
    public static boolean watching() {
        return watching;
    }

    /** Whether the warm-up was started: the workspace has, or had, an AGILab app (tests). */
    public static boolean started() {
        return STARTED.get();
    }

    /** Whether the warm-up's last UI step is over (tests). */
    public static boolean finished() {
        return DONE.getCount() == 0;
    }

    /** How many times the warm-up ran in this workbench: 0, or 1 once an app existed (tests). */
    public static int runs() {
        return RUNS.get();
    }

    /** The warm-up itself, on a background thread. */
    static void run(Display display) {
        RUNS.incrementAndGet();
        for (String[] bundleAndPackage : CLASSES) {
            loadClasses(Platform.getBundle(bundleAndPackage[0]), bundleAndPackage[1]);
        }
        for (String name : ICONS) {
            extractIcons(Platform.getBundle(name));
        }
        initialise(org.agilab.ui.internal.Messages.class);
        display.asyncExec(ConsoleWarmUp::layOutOnce);
        display.asyncExec(ConsoleWarmUp::loadToolbarImages);
        display.asyncExec(ConsoleWarmUp::createConsoleViewInItsPlace);
        display.asyncExec(ConsoleWarmUp::followPerspectives);
        display.asyncExec(() -> showPageOnce(display));
    }

    /**
     * A launch console's first page, made once and removed: the Console view creates a page for a console added to the
     * manager (in its own posted step, which this one follows), and the first such page pays for its toolbar's layout,
     * its text viewer's first selection and the page participants (ANSI colours, our Terminate and Remove) that class
     * loading alone does not run. Paid here, in the idle after an app appeared, rather than in the first launch (was the
     * larger part of its 90-120 ms stall). The page shows for one step only where the Console is the frontmost tab.
     */
    private static void showPageOnce(Display display) {
        org.eclipse.ui.console.IConsoleManager consoles = org.eclipse.ui.console.ConsolePlugin.getDefault().getConsoleManager();
        LaunchConsole warmUp = new LaunchConsole(new WarmUpSource());
        try {
            consoles.addConsoles(new org.eclipse.ui.console.IConsole[] {warmUp});
        } catch (RuntimeException e) {
            DONE.countDown(); // a launch's console pays for its first page, as without this
            throw e;
        }
        display.asyncExec(() -> {
            try {
                consoles.removeConsoles(new org.eclipse.ui.console.IConsole[] {warmUp});
            } finally {
                DONE.countDown();
            }
        });
    }

    /** The source of the warm-up's console: no launch, already over (so its Terminate is disabled). */
    private record WarmUpSource() implements org.agilab.core.internal.console.ConsoleOutput.Source {
        @Override
        public String label() {
            return "AGILab";
        }

        @Override
        public String title() {
            return "AGILab";
        }

        @Override
        public Object launch() {
            return null;
        }

        @Override
        public boolean isTerminated() {
            return true;
        }

        @Override
        public void terminate() {
            // nothing runs
        }
    }

    private static void loadClasses(Bundle bundle, String packagePrefix) {
        if (bundle == null) {
            return;
        }
        Enumeration<URL> entries = bundle.findEntries("/", "*.class", true);
        while (entries != null && entries.hasMoreElements()) {
            String path = entries.nextElement().getPath();
            String name = path.startsWith("/") ? path.substring(1) : path;
            if (name.startsWith(packagePrefix)) {
                try {
                    Class<?> loaded = bundle.loadClass(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                    if (loaded.isInterface() || loaded.getSimpleName().endsWith("Messages")) {
                        // constants and message bundles (read from their properties): safe to initialise on any thread
                        Class.forName(loaded.getName(), true, loaded.getClassLoader());
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // a class of another platform (the SWT fragment of another OS) or an optional dependency: not needed
                }
            }
        }
    }

    private static void initialise(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            // cannot be: the class is given
        }
    }

    /**
     * When the perspective has a place for the Console view but the view was never shown, creates it there without
     * bringing it forward (as the perspective would when the user clicks its tab): its creation is the larger half of
     * the first launch's stall. A perspective without the Console gets it (as a tab behind the others, where the first
     * launch would put it) only once the workspace has an AGILab app: a workspace without one is left as it is.
     */
    private static void createConsoleViewInItsPlace() {
        org.eclipse.ui.IWorkbenchWindow window = org.eclipse.ui.PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        org.eclipse.ui.IWorkbenchPage page = window == null ? null : window.getActivePage();
        if (page == null) {
            return;
        }
        org.eclipse.ui.IViewReference console = page.findViewReference(org.eclipse.ui.console.IConsoleConstants.ID_CONSOLE_VIEW);
        boolean placeWithoutView = console != null && console.getView(false) == null;
        if (placeWithoutView || console == null && hasAppProjects()) {
            try {
                page.showView(org.eclipse.ui.console.IConsoleConstants.ID_CONSOLE_VIEW, null, org.eclipse.ui.IWorkbenchPage.VIEW_CREATE);
            } catch (org.eclipse.ui.PartInitException e) {
                // the first launch creates it, as without this
            }
        }
    }

    private static boolean hasAppProjects() {
        return java.util.Arrays.stream(org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot().getProjects())
                .anyMatch(org.agilab.core.internal.project.AgilabNature::has);
    }

    /**
     * A perspective opened later (the New App wizard opens the Java one), and the workspace's first app projects
     * (created or imported), get the Console view readied the same way.
     */
    private static void followPerspectives() {
        Display display = org.eclipse.ui.PlatformUI.getWorkbench().getDisplay();
        org.eclipse.core.resources.ResourcesPlugin.getWorkspace().addResourceChangeListener(event -> {
            org.eclipse.core.resources.IResourceDelta delta = event.getDelta();
            if (delta != null && java.util.Arrays.stream(delta.getAffectedChildren()).anyMatch(child ->
                    (child.getKind() == org.eclipse.core.resources.IResourceDelta.ADDED || (child.getFlags() & (org.eclipse.core.resources.IResourceDelta.OPEN
                            | org.eclipse.core.resources.IResourceDelta.DESCRIPTION)) != 0))) {
                display.asyncExec(() -> display.timerExec(500, ConsoleWarmUp::createConsoleViewInItsPlace));
            }
        }, org.eclipse.core.resources.IResourceChangeEvent.POST_CHANGE);
        org.eclipse.ui.IWorkbenchWindow window = org.eclipse.ui.PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (window == null) {
            return;
        }
        window.addPerspectiveListener(new org.eclipse.ui.PerspectiveAdapter() {
            @Override
            public void perspectiveActivated(org.eclipse.ui.IWorkbenchPage page, org.eclipse.ui.IPerspectiveDescriptor perspective) {
                // after the switch has drawn: the view's creation is an idle step of its own
                page.getWorkbenchWindow().getShell().getDisplay().timerExec(500, ConsoleWarmUp::createConsoleViewInItsPlace);
            }
        });
    }

    /** The console toolbar's images, created once into the workbench's shared registry (kept for the session anyway). */
    private static void loadToolbarImages() {
        org.eclipse.ui.ISharedImages images = org.eclipse.ui.PlatformUI.getWorkbench().getSharedImages();
        images.getImage(org.eclipse.ui.ISharedImages.IMG_ELCL_STOP);
        images.getImage(org.eclipse.ui.ISharedImages.IMG_ELCL_REMOVE);
        images.getImage(org.eclipse.ui.ISharedImages.IMG_ELCL_STOP_DISABLED);
        images.getImage(org.eclipse.ui.ISharedImages.IMG_ELCL_REMOVE_DISABLED);
    }

    private static void extractIcons(Bundle bundle) {
        if (bundle == null) {
            return;
        }
        Enumeration<URL> icons = bundle.findEntries("icons", "*.png", true);
        while (icons != null && icons.hasMoreElements()) {
            try {
                FileLocator.toFileURL(icons.nextElement());
            } catch (IOException e) {
                // the icon loads from its jar when shown, as without this
            }
        }
    }

    /** The first styled text in the console's font: GTK's and Pango's first-time costs, in one short idle step. */
    private static void layOutOnce() {
        if (Display.getCurrent() == null || Display.getCurrent().isDisposed()) {
            return;
        }
        // the console's ANSI colours read their preferences and make their colours once: on this thread, as they would
        Bundle console = Platform.getBundle("org.eclipse.ui.console");
        if (console != null) {
            try {
                Class<?> ansi = console.loadClass("org.eclipse.ui.internal.console.ansi.preferences.AnsiConsolePreferenceUtils");
                Class.forName(ansi.getName(), true, ansi.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // another console version: its first page pays for it
            }
        }
        Shell hidden = new Shell(Display.getCurrent(), SWT.NO_TRIM);
        try {
            StyledText text = new StyledText(hidden, SWT.MULTI | SWT.H_SCROLL | SWT.V_SCROLL);
            text.setFont(JFaceResources.getTextFont());
            text.setText("AGILab\n");
            text.getLineHeight();
            hidden.layout(true, true);
        } finally {
            hidden.dispose();
        }
    }
}
