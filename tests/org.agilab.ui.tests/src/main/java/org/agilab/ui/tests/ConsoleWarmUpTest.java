package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.agilab.core.internal.project.AgilabNature;
import org.agilab.core.internal.project.AppProjectConfigurator;
import org.agilab.ui.internal.console.ConsoleWarmUp;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.jobs.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console warm-up in a workbench started on a workspace without AGILab apps: it does not run, a plain project does
 * not start it, the first AGILab app project does, and a second one does not start it again. This class runs alone in a
 * workbench of its own (the pom's {@code warm-up} execution): any other test's app would have started it already.
 */
class ConsoleWarmUpTest {

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        AgilabIdeTest.removeConfigurationsAndProjects();
    }

    /**
     * The projects each workspace change added or changed, as a listener added after the warm-up's sees them: once
     * this one saw a change, the warm-up's listener (called before it, in the same notification) has judged it too.
     */
    static final class Seen implements IResourceChangeListener {
        final Set<String> projects = ConcurrentHashMap.newKeySet();
        final Set<String> apps = ConcurrentHashMap.newKeySet();

        @Override
        public void resourceChanged(IResourceChangeEvent event) {
            IResourceDelta delta = event.getDelta();
            if (delta == null) {
                return;
            }
            for (IResourceDelta child : delta.getAffectedChildren()) {
                if (child.getResource() instanceof IProject project) {
                    projects.add(project.getName());
                    if (AgilabNature.has(project)) {
                        apps.add(project.getName());
                    }
                }
            }
        }
    }

    @Test
    void theWarmUpWaitsForTheWorkspacesFirstAppAndRunsOnce() throws Exception {
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        Widgets.waitUntil(ConsoleWarmUp::watching, 120_000, "the UI's early startup to look at the workspace");
        assertEquals(List.of(), Arrays.stream(workspace.getRoot().getProjects()).filter(AgilabNature::has).map(IProject::getName).toList(),
                "the workbench started on a workspace without AGILab apps");
        assertFalse(ConsoleWarmUp.started(), "no app: the warm-up was not started");
        assertEquals(0, ConsoleWarmUp.runs(), "no app: the warm-up did not run");

        Seen seen = new Seen();
        workspace.addResourceChangeListener(seen, IResourceChangeEvent.POST_CHANGE);
        try {
            // a plain project is not an app
            IProject plain = workspace.getRoot().getProject("plain");
            plain.create(null);
            plain.open(null);
            Widgets.waitUntil(() -> seen.projects.contains("plain"), 30_000, "the plain project's change to be notified");
            assertFalse(ConsoleWarmUp.started(), "a plain project does not start the warm-up");
            assertEquals(0, ConsoleWarmUp.runs());

            // the first app project, imported as the import wizard does
            Path first = dir.resolve("minimal_app_project");
            AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve("minimal_app_project"), first);
            IProject app = AppProjectConfigurator.configure(first, null);
            Widgets.waitUntil(() -> seen.apps.contains(app.getName()), 30_000, "the app project's change to be notified");
            assertTrue(ConsoleWarmUp.started(), "the first app starts the warm-up");
            Widgets.waitUntil(() -> ConsoleWarmUp.runs() == 1 && Job.getJobManager().find(ConsoleWarmUp.FAMILY).length == 0, 120_000,
                    "the warm-up to run");
            // its last step made a launch console's first page and removed that console: none is left behind
            Widgets.waitUntil(ConsoleWarmUp::finished, 30_000, "the warm-up's last UI step");
            assertEquals(List.of(), Arrays.stream(org.eclipse.ui.console.ConsolePlugin.getDefault().getConsoleManager().getConsoles())
                    .filter(console -> console instanceof org.agilab.ui.internal.console.LaunchConsole).map(console -> console.getName()).toList(),
                    "no console of the warm-up is left");

            // a second app: the warm-up ran once in this workbench, and no second one is scheduled
            Path second = dir.resolve("mycode_project");
            AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve("mycode_project"), second);
            IProject another = AppProjectConfigurator.configure(second, null);
            Widgets.waitUntil(() -> seen.apps.contains(another.getName()), 30_000, "the second app project's change to be notified");
            assertEquals(0, Job.getJobManager().find(ConsoleWarmUp.FAMILY).length, "no second warm-up was scheduled");
            assertEquals(1, ConsoleWarmUp.runs(), "the warm-up runs once per workbench");
        } finally {
            workspace.removeResourceChangeListener(seen);
        }
    }
}
