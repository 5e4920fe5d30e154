package org.agilab.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.agilab.core.internal.project.AgilabNature;
import org.agilab.core.internal.project.ApiClasspathContainer;
import org.agilab.core.internal.project.SettingsBuilder;
import org.agilab.core.internal.project.SettingsMarkers;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jdt.core.IClasspathEntry;
import org.eclipse.jdt.core.JavaCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** App projects in a real workspace: the nature and its builder, settings problems as markers, the API container. */
class AppProjectsTest {

    @TempDir
    Path dir;
    IProject project;

    /** A project over a real folder {@code <name>_project} holding {@code settings}, with the Java and AGILab natures. */
    IProject appProject(String name, String settings) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("app_settings.toml"), settings);
        project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        IProjectDescription description = ResourcesPlugin.getWorkspace().newProjectDescription(name);
        description.setLocation(IPath.fromPath(folder));
        project.create(description, null);
        project.open(null);
        IProjectDescription open = project.getDescription();
        open.setNatureIds(new String[] {JavaCore.NATURE_ID});
        project.setDescription(open, null);
        AgilabNature.add(project, null);
        return project;
    }

    @AfterEach
    void deleteProject() throws CoreException {
        if (project != null && project.exists()) {
            project.delete(false, true, null); // the folder is the test's: JUnit removes it
        }
    }

    static List<IMarker> markers(IProject project) throws CoreException {
        return SettingsMarkers.markers(project);
    }

    @Test
    void theNatureBringsItsBuilderAndTakesItAndItsMarkersAway() throws Exception {
        IProject app = appProject("nature_probe_project", "[args]\n[cluster.workers]\n\"127.0.0.1\" = -1\n");
        assertTrue(AgilabNature.has(app));
        assertTrue(Arrays.stream(app.getDescription().getBuildSpec()).anyMatch(c -> SettingsBuilder.ID.equals(c.getBuilderName())));
        app.build(IncrementalProjectBuilder.FULL_BUILD, null);
        assertEquals(1, markers(app).size());

        AgilabNature.remove(app, null);
        assertFalse(AgilabNature.has(app));
        assertFalse(Arrays.stream(app.getDescription().getBuildSpec()).anyMatch(c -> SettingsBuilder.ID.equals(c.getBuilderName())));
        assertEquals(List.of(), markers(app), "its markers go with the nature");
        assertTrue(app.hasNature(JavaCore.NATURE_ID), "the Java nature stays");
    }

    @Test
    void eachSettingsProblemIsAMarkerAtItsLineAndAFixClearsIt() throws Exception {
        String broken = "# probe\n[args]\nnfile = 2\n\n[cluster]\nverbos = 1\nnode_compiler = \"fastest\"\n\n[cluster.workers]\n\"127.0.0.1\" = -2\n";
        IProject app = appProject("markers_probe_project", broken);
        app.build(IncrementalProjectBuilder.FULL_BUILD, null);
        IFile settings = app.getFile("app_settings.toml");
        List<IMarker> found = markers(app);
        assertEquals(3, found.size(), found.stream().map(m -> m.getAttribute(IMarker.MESSAGE, "")).toList().toString());
        for (IMarker marker : found) {
            assertEquals(settings, marker.getResource());
            assertEquals(SettingsMarkers.CLUSTER, marker.getType(), "every problem here is in [cluster]");
        }
        IMarker typo = byKey(found, "cluster.verbos");
        assertEquals(IMarker.SEVERITY_WARNING, typo.getAttribute(IMarker.SEVERITY, -1), "an unknown key is a warning, as upstream");
        assertEquals(IMarker.SEVERITY_ERROR, byKey(found, "cluster.node_compiler").getAttribute(IMarker.SEVERITY, -1));
        assertEquals(6, typo.getAttribute(IMarker.LINE_NUMBER, -1));
        assertTrue(typo.getAttribute(SettingsMarkers.HINT, "").contains("did you mean 'verbose'"));
        assertEquals(7, byKey(found, "cluster.node_compiler").getAttribute(IMarker.LINE_NUMBER, -1));
        IMarker workers = byKey(found, "cluster.workers.\"127.0.0.1\"");
        assertEquals(10, workers.getAttribute(IMarker.LINE_NUMBER, -1));
        assertTrue(workers.getAttribute(IMarker.MESSAGE, "").contains("worker count is -2"), workers.getAttribute(IMarker.MESSAGE, ""));

        // the fix, saved as an editor would, and the incremental build it triggers
        String fixed = broken.replace("verbos = 1", "verbose = 1").replace("\"fastest\"", "\"quick\"").replace("= -2", "= 2");
        settings.setContents(new ByteArrayInputStream(fixed.getBytes(StandardCharsets.UTF_8)), true, true, null);
        app.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, null);
        assertEquals(List.of(), markers(app));

        // a new problem comes back at its line, of type settings outside [cluster]
        settings.setContents(new ByteArrayInputStream((fixed + "\n[pages]\ndefault_vew = \"x\"\n").getBytes(StandardCharsets.UTF_8)), true,
                true, null);
        app.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, null);
        IMarker pages = byKey(markers(app), "pages.default_vew");
        assertEquals(SettingsMarkers.SETTINGS, pages.getType());
        assertEquals(13, pages.getAttribute(IMarker.LINE_NUMBER, -1));
    }

    static IMarker byKey(List<IMarker> markers, String key) {
        return markers.stream().filter(m -> key.equals(m.getAttribute(SettingsMarkers.KEY, ""))).findFirst()
                .orElseThrow(() -> new AssertionError("no marker for " + key + " in "
                        + markers.stream().map(m -> m.getAttribute(SettingsMarkers.KEY, "")).toList()));
    }

    @Test
    void theNewAppControllerSaysWhatIsWrongAndMakesAnAppThatBuildsClean() throws Exception {
        Path templates = Path.of(System.getProperty("agilab.repo.apps", "../../apps")).toAbsolutePath().normalize().resolve("templates");
        Path location = Files.createDirectories(dir.resolve("workspace-apps"));
        org.agilab.core.internal.project.NewAppController controller = new org.agilab.core.internal.project.NewAppController(templates,
                location);
        assertTrue(controller.validate().startsWith("Enter the app's name"), controller.validate());
        controller.setName("Bad Name");
        assertTrue(controller.validate().contains("lower-case"), controller.validate());
        controller.setName("dag_probe");
        controller.setTemplate(org.agilab.core.internal.project.NewAppController.Template.DAG);
        assertEquals(null, controller.validate());
        assertEquals("dag_probe_project", controller.projectName());
        project = controller.create(null);
        assertTrue(AgilabNature.has(project));
        assertEquals(location.resolve("dag_probe_project").toString(), project.getLocation().toOSString());
        project.build(IncrementalProjectBuilder.FULL_BUILD, null);
        List<String> errors = Arrays.stream(project.findMarkers(IMarker.PROBLEM, true, org.eclipse.core.resources.IResource.DEPTH_INFINITE))
                .filter(m -> m.getAttribute(IMarker.SEVERITY, 0) == IMarker.SEVERITY_ERROR)
                .map(m -> m.getAttribute(IMarker.MESSAGE, "") + " @ " + m.getResource()).toList();
        assertEquals(List.of(), errors, "the new app compiles against the AGILab API container with no error");
        assertTrue(controller.validate().contains("already"), "a second app of the same name is refused: " + controller.validate());
        assertEquals(List.of(location.resolve("dag_probe_project")),
                org.agilab.core.internal.project.AppFolders.find(location), "the import finds it where it is");
    }

    @Test
    void theApiContainerHoldsTheApiDuckdbAndTheAppsLibJars() throws Exception {
        IProject app = appProject("container_probe_project", "[args]\n");
        Files.createDirectories(dir.resolve("container_probe_project/lib"));
        Files.write(dir.resolve("container_probe_project/lib/extra.jar"), new byte[] {});
        var container = JavaCore.getClasspathContainer(ApiClasspathContainer.PATH, JavaCore.create(app));
        List<String> names = Arrays.stream(container.getClasspathEntries()).map(IClasspathEntry::getPath).map(IPath::toString).toList();
        assertEquals(3, names.size(), names.toString());
        assertTrue(names.get(0).contains("org.agilab.api"), names.toString());
        assertTrue(names.get(1).contains("duckdb"), names.toString());
        assertTrue(names.get(2).endsWith("lib/extra.jar"), names.toString());
    }
}
