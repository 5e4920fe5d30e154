package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.Platform;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.jdt.core.IClasspathEntry;
import org.eclipse.jdt.core.IJavaProject;
import org.eclipse.jdt.core.JavaCore;
import org.eclipse.jdt.launching.IVMInstall;
import org.eclipse.jdt.launching.JavaRuntime;
import org.eclipse.jdt.ui.JavaUI;
import org.eclipse.ltk.core.refactoring.RefactoringCore;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.IConsoleConstants;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * Proves the target once for all later work: a real IDE workbench starts under Xvfb with JDT, debug, console, LTK,
 * search, Equinox security and every third-party library AGILab uses, and each of them works, not just resolves.
 */
class WorkbenchWithFullTargetTest {

    @Test
    void workbenchOpensTheViewsAgilabBuildsOn() throws Exception {
        assertTrue(PlatformUI.isWorkbenchRunning());
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        for (String viewId : Arrays.asList(IConsoleConstants.ID_CONSOLE_VIEW, JavaUI.ID_PACKAGES, IPageLayout.ID_PROBLEM_VIEW,
                IDebugUIConstants.ID_DEBUG_VIEW, "org.eclipse.search.ui.views.SearchView")) {
            IViewPart view = page.showView(viewId);
            assertNotNull(view, viewId);
            assertTrue(page.isPartVisible(view), viewId + " is visible");
        }
        assertFalse(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell().isDisposed());
    }

    @Test
    void jdtCompilesAJavaProjectWithTheRunningJre() throws Exception {
        IVMInstall vm = JavaRuntime.getDefaultVMInstall();
        assertNotNull(vm, "JDT launching found a JRE");
        assertTrue(vm.getInstallLocation().isDirectory());

        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("jdt_probe");
        project.create(null);
        project.open(null);
        IProjectDescription description = project.getDescription();
        description.setNatureIds(new String[] { JavaCore.NATURE_ID });
        project.setDescription(description, null);
        IJavaProject javaProject = JavaCore.create(project);
        project.getFolder("src").create(true, true, null);
        javaProject.setRawClasspath(new IClasspathEntry[] { JavaCore.newSourceEntry(project.getFolder("src").getFullPath()),
                JavaRuntime.getDefaultJREContainerEntry() }, project.getFolder("bin").getFullPath(), null);
        IFile source = project.getFile("src/Probe.java");
        source.create(new ByteArrayInputStream("public class Probe { int twice(int x) { return 2 * x; } }".getBytes(StandardCharsets.UTF_8)),
                true, null);
        IFile broken = project.getFile("src/Broken.java");
        broken.create(new ByteArrayInputStream("public class Broken { int x = \"text\"; }".getBytes(StandardCharsets.UTF_8)), true, null);
        project.build(IncrementalProjectBuilder.FULL_BUILD, null);

        assertTrue(project.getFile("bin/Probe.class").exists(), "JDT compiled Probe.java");
        IMarker[] problems = broken.findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_ZERO);
        assertEquals(1, problems.length, "the type error is reported as one problem marker");
        assertEquals(IMarker.SEVERITY_ERROR, problems[0].getAttribute(IMarker.SEVERITY, -1));
        assertEquals(0, source.findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_ZERO).length);
        project.delete(true, true, null);
    }

    @Test
    void eclipseBatchCompilerIsAvailableThroughJavaxTools() {
        javax.tools.JavaCompiler ecj = new org.eclipse.jdt.internal.compiler.tool.EclipseCompiler();
        assertTrue(ecj.getSourceVersions().contains(javax.lang.model.SourceVersion.RELEASE_17));
    }

    @Test
    void thirdPartyLibrariesWorkInsideEquinox() throws Exception {
        assertEquals("probe", org.tomlj.Toml.parse("name = \"probe\"").getString("name"));
        assertNotNull(com.jcraft.jsch.JSch.class.getPackage());
        assertTrue(new com.jcraft.jsch.JSch().getIdentityNames().isEmpty());
        org.apache.ignite.configuration.IgniteConfiguration ignite = new org.apache.ignite.configuration.IgniteConfiguration();
        ignite.setPeerClassLoadingEnabled(false);
        assertFalse(ignite.isPeerClassLoadingEnabled());
        assertNotNull(javax.cache.Cache.class);
        try (Connection duckdb = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement statement = duckdb.createStatement();
                ResultSet result = statement.executeQuery("SELECT 40 + 2")) {
            assertTrue(result.next());
            assertEquals(42, result.getInt(1), "DuckDB's native library loads and answers inside OSGi");
        }
        assertNotNull(RefactoringCore.getUndoManager());
    }

    @Test
    void everyBundleOfTheTargetThatAgilabNamesIsActiveOrResolved() {
        for (String symbolicName : Arrays.asList("org.eclipse.jdt.ui", "org.eclipse.jdt.launching", "org.eclipse.debug.ui",
                "org.eclipse.ui.console", "org.eclipse.ltk.ui.refactoring", "org.eclipse.search", "org.eclipse.equinox.security",
                "org.eclipse.equinox.security.ui", "com.github.mwiede.jsch", "wrapped.org.apache.ignite.ignite-core",
                "org.duckdb.duckdb_jdbc", "wrapped.org.tomlj.tomlj", "org.antlr.antlr4-runtime",
                "org.eclipse.jdt.core.compiler.batch", "org.agilab.core", "org.agilab.runtime", "org.agilab.api")) {
            Bundle bundle = Platform.getBundle(symbolicName);
            assertNotNull(bundle, symbolicName + " is installed");
            assertTrue((bundle.getState() & (Bundle.RESOLVED | Bundle.ACTIVE | Bundle.STARTING)) != 0,
                    symbolicName + " is resolved, state " + bundle.getState());
        }
        assertTrue(Platform.getBundle("org.eclipse.emf.ecore").getVersion().toString().startsWith("2.38.0"),
                "EMF is pinned to the 2024-12 release: " + Platform.getBundle("org.eclipse.emf.ecore").getVersion());
        assertTrue(new File(System.getProperty("java.home")).isDirectory());
    }
}
