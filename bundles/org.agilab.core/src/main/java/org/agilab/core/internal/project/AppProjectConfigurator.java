package org.agilab.core.internal.project;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.agilab.core.internal.CoreMessages;
import org.agilab.runtime.env.AppProject;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jdt.core.IClasspathEntry;
import org.eclipse.osgi.util.NLS;
import org.eclipse.jdt.core.IJavaProject;
import org.eclipse.jdt.core.JavaCore;

/**
 * An app folder ({@code <name>_project} with {@code app_settings.toml}) as a workspace project, where it is: Java and
 * AGILab natures, {@code src/} as the source folder compiled at Java 17 against the JRE and the AGILab API container,
 * output in {@code bin/}, UTF-8. A folder that has Eclipse metadata already keeps its classpath (and its encoding).
 */
public final class AppProjectConfigurator {

    /** The execution environment apps compile for, as install does (Installer.JAVA_RELEASE). */
    static final String JRE = "org.eclipse.jdt.launching.JRE_CONTAINER/org.eclipse.jdt.internal.debug.ui.launcher.StandardVMType/JavaSE-17";

    private AppProjectConfigurator() {
    }

    /**
     * @throws CoreException naming the folder when it is no app folder or a project of its name exists
     */
    public static IProject configure(Path folder, IProgressMonitor monitor) throws CoreException {
        SubMonitor progress = SubMonitor.convert(monitor, NLS.bind(CoreMessages.Configure_task, folder.getFileName()), 5);
        Path absolute = folder.toAbsolutePath().normalize();
        String name = absolute.getFileName().toString();
        String problem = AppProject.nameProblem(name);
        if (problem != null || !Files.isRegularFile(absolute.resolve(AppProject.SETTINGS_FILE))) {
            throw new CoreException(Status.error(NLS.bind(CoreMessages.Configure_notAnApp, absolute,
                    problem != null ? problem : NLS.bind(CoreMessages.Configure_noSettings, AppProject.SETTINGS_FILE))));
        }
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        IProject project = workspace.getRoot().getProject(name);
        if (project.exists()) {
            throw new CoreException(Status.error(NLS.bind(CoreMessages.Configure_projectExists, name, project.getLocation())));
        }
        IProjectDescription description = workspace.newProjectDescription(name);
        IPath location = IPath.fromPath(absolute);
        if (!workspace.getRoot().getLocation().append(name).equals(location)) {
            description.setLocation(location);
        }
        boolean hadClasspath = Files.isRegularFile(absolute.resolve(".classpath"));
        project.create(description, progress.split(1));
        project.open(progress.split(1));
        IProjectDescription open = project.getDescription();
        open.setNatureIds(new String[] {JavaCore.NATURE_ID, AgilabNature.ID});
        project.setDescription(open, progress.split(1));
        if (project.getDefaultCharset(false) == null) {
            // apps are UTF-8 (upstream's files, the runtime's reads): said explicitly, as Eclipse asks of a project
            project.setDefaultCharset(StandardCharsets.UTF_8.name(), progress.split(1));
        }
        if (!hadClasspath) {
            IJavaProject java = JavaCore.create(project);
            java.setRawClasspath(new IClasspathEntry[] {JavaCore.newSourceEntry(project.getFullPath().append("src")),
                    JavaCore.newContainerEntry(IPath.fromOSString(JRE)), JavaCore.newContainerEntry(ApiClasspathContainer.PATH)},
                    project.getFullPath().append("bin"), progress.split(1));
            Map<String, String> options = java.getOptions(false);
            JavaCore.setComplianceOptions("17", options);
            java.setOptions(options);
        }
        return project;
    }
}
