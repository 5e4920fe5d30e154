package org.agilab.core.internal.project;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.ICommand;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IProjectNature;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;

/**
 * The AGILab app nature: an app project (a JDT project whose folder holds {@code app_settings.toml}) gets the settings
 * builder, which turns the file's problems into markers. Removing the nature removes the builder and its markers.
 */
public final class AgilabNature implements IProjectNature {

    public static final String ID = "org.agilab.core.nature";

    private IProject project;

    @Override
    public void configure() throws CoreException {
        IProjectDescription description = project.getDescription();
        if (Arrays.stream(description.getBuildSpec()).noneMatch(command -> SettingsBuilder.ID.equals(command.getBuilderName()))) {
            List<ICommand> commands = new ArrayList<>(Arrays.asList(description.getBuildSpec()));
            ICommand builder = description.newCommand();
            builder.setBuilderName(SettingsBuilder.ID);
            commands.add(builder);
            description.setBuildSpec(commands.toArray(ICommand[]::new));
            project.setDescription(description, null);
        }
    }

    @Override
    public void deconfigure() throws CoreException {
        IProjectDescription description = project.getDescription();
        description.setBuildSpec(Arrays.stream(description.getBuildSpec())
                .filter(command -> !SettingsBuilder.ID.equals(command.getBuilderName())).toArray(ICommand[]::new));
        project.setDescription(description, null);
        SettingsMarkers.clear(project);
    }

    @Override
    public IProject getProject() {
        return project;
    }

    @Override
    public void setProject(IProject project) {
        this.project = project;
    }

    /** Adds the nature (and so the builder) to {@code project}; nothing when it has it already. */
    public static void add(IProject project, IProgressMonitor monitor) throws CoreException {
        IProjectDescription description = project.getDescription();
        if (description.hasNature(ID)) {
            return;
        }
        List<String> natures = new ArrayList<>(Arrays.asList(description.getNatureIds()));
        natures.add(ID);
        description.setNatureIds(natures.toArray(String[]::new));
        project.setDescription(description, monitor);
    }

    /** Removes the nature, its builder and its markers. */
    public static void remove(IProject project, IProgressMonitor monitor) throws CoreException {
        IProjectDescription description = project.getDescription();
        if (!description.hasNature(ID)) {
            return;
        }
        description.setNatureIds(Arrays.stream(description.getNatureIds()).filter(id -> !ID.equals(id)).toArray(String[]::new));
        project.setDescription(description, monitor);
    }

    public static boolean has(IProject project) {
        try {
            return project.isOpen() && project.hasNature(ID);
        } catch (CoreException e) {
            return false;
        }
    }
}
