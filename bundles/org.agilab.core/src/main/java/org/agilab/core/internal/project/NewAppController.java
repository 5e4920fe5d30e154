package org.agilab.core.internal.project;

import java.nio.file.Files;
import java.nio.file.Path;

import org.agilab.core.internal.CoreMessages;
import org.agilab.runtime.env.AppCopier;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.io.FileTrees;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.osgi.util.NLS;

/**
 * The New AGILab App wizard's logic, without SWT: the name (upstream's {@code _project} suffix added when missing), the
 * template (a data worker, a DAG worker, or a copy of an existing app, its identifiers renamed), the location; what is
 * wrong with them; and the creation, which leaves either a working app project or nothing at all.
 */
public final class NewAppController {

    public enum Template {
        DATA("Data worker (reads files, one summary each)", "data_template_project"),
        DAG("DAG worker (steps with dependencies)", "dag_template_project"),
        DUCKDB("DuckDB worker (DuckDB reads, computes in SQL and writes)", "duckdb_template_project"),
        COPY("Copy of an existing app", null);

        public final String label;
        final String folder;

        Template(String label, String folder) {
            this.label = label;
            this.folder = folder;
        }
    }

    private final Path templates;
    private String name = "";
    private Template template = Template.DATA;
    private Path copyOf;
    private Path location;

    /**
     * @param templates the folder holding the templates ({@code apps/templates})
     * @param location where new apps go by default (the workspace's folder)
     */
    public NewAppController(Path templates, Path location) {
        this.templates = templates;
        this.location = location;
    }

    public void setName(String name) {
        this.name = name == null ? "" : name.strip();
    }

    public void setTemplate(Template template) {
        this.template = template;
    }

    public void setCopyOf(Path app) {
        this.copyOf = app;
    }

    public void setLocation(Path location) {
        this.location = location;
    }

    /** The project's and folder's name: the name with {@code _project} added when it lacks it. */
    public String projectName() {
        return name.endsWith(AppProject.SUFFIX) ? name : name + AppProject.SUFFIX;
    }

    /** The app this creates from: a template, or the app to copy. */
    public Path source() {
        return template == Template.COPY ? copyOf : templates.resolve(template.folder);
    }

    /** What is wrong, for the wizard's message line, or null when the app can be created. */
    public String validate() {
        if (name.isEmpty()) {
            return CoreMessages.NewApp_enterName;
        }
        String problem = AppProject.nameProblem(projectName());
        if (problem != null) {
            return problem;
        }
        if (ResourcesPlugin.getWorkspace().getRoot().getProject(projectName()).exists()) {
            return NLS.bind(CoreMessages.NewApp_projectExists, projectName());
        }
        if (location == null) {
            return CoreMessages.NewApp_chooseLocation;
        }
        if (Files.exists(location.resolve(projectName()))) {
            return NLS.bind(CoreMessages.NewApp_folderExists, location.resolve(projectName()));
        }
        Path source = source();
        if (source == null) {
            return CoreMessages.NewApp_chooseCopy;
        }
        if (!Files.isRegularFile(source.resolve(AppProject.SETTINGS_FILE))) {
            return NLS.bind(template == Template.COPY ? CoreMessages.NewApp_noApp : CoreMessages.NewApp_noTemplates, source);
        }
        return null;
    }

    /** Copies the source under the new name and makes it a project; on any failure removes what it made. */
    public IProject create(IProgressMonitor monitor) throws CoreException {
        String problem = validate();
        if (problem != null) {
            throw new CoreException(Status.error(problem));
        }
        AppProject app;
        try {
            app = AppCopier.copy(AppProject.at(source()), projectName(), location);
        } catch (AgilabException e) {
            throw new CoreException(Status.error(e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")"), e));
        }
        try {
            if (template != Template.COPY) {
                dropTemplateHeader(app.folder().resolve(AppProject.SETTINGS_FILE));
            }
            return AppProjectConfigurator.configure(app.folder(), monitor);
        } catch (CoreException | RuntimeException | java.io.IOException e) {
            IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(projectName());
            try {
                if (project.exists()) {
                    project.delete(false, true, null);
                }
                FileTrees.delete(app.folder());
            } catch (CoreException | java.io.IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e instanceof CoreException core ? core
                    : new CoreException(Status.error(projectName() + ": " + e.getMessage(), e));
        }
    }

    /**
     * Removes the template's header comment (the first comment block, which says it is a template the wizard copies)
     * from the new app's settings; every other line, comments included, stays.
     */
    static void dropTemplateHeader(Path settings) throws java.io.IOException {
        String text = Files.readString(settings);
        java.util.List<String> lines = text.lines().toList();
        int end = 0;
        while (end < lines.size() && lines.get(end).startsWith("#")) {
            end++;
        }
        if (end == 0 || lines.subList(0, end).stream().noneMatch(line -> line.toLowerCase(java.util.Locale.ROOT).contains("template"))) {
            return;
        }
        while (end < lines.size() && lines.get(end).isBlank()) {
            end++;
        }
        org.agilab.runtime.io.AtomicFiles.writeString(settings, String.join("\n", lines.subList(end, lines.size())) + "\n");
    }
}
