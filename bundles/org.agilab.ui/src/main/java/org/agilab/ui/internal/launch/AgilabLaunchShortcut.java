package org.agilab.ui.internal.launch;

import java.util.Map;

import org.agilab.core.internal.launch.LaunchAttributes;
import org.agilab.core.internal.project.AgilabNature;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExecutableExtension;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.ILaunchShortcut;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;

/**
 * {@code Run As > AGILab Run} (or Install) on an app project or its {@code app_settings.toml}: reuses the configuration
 * of that type for the project when there is one, else makes one named after the project, and launches it.
 */
public final class AgilabLaunchShortcut implements ILaunchShortcut, IExecutableExtension {

    private String type;

    @Override
    public void setInitializationData(IConfigurationElement config, String propertyName, Object data) {
        type = String.valueOf(data);
    }

    @Override
    public void launch(ISelection selection, String mode) {
        IResource resource = selection instanceof IStructuredSelection structured && !structured.isEmpty()
                ? Adapters.adapt(structured.getFirstElement(), IResource.class) : null;
        launch(resource, mode);
    }

    @Override
    public void launch(IEditorPart editor, String mode) {
        launch(Adapters.adapt(editor.getEditorInput(), IResource.class), mode);
    }

    private void launch(IResource resource, String mode) {
        if (resource == null || !AgilabNature.has(resource.getProject())) {
            MessageDialog.openInformation(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "AGILab", Messages.Shortcut_noApp);
            return;
        }
        try {
            DebugUITools.launch(configurationFor(resource.getProject(), type), mode);
        } catch (CoreException e) {
            org.eclipse.jface.dialogs.ErrorDialog.openError(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "AGILab", null,
                    e.getStatus());
        }
    }

    /** The project's configuration of {@code typeId}, made when it has none. */
    public static ILaunchConfiguration configurationFor(IProject project, String typeId) throws CoreException {
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationType launchType = manager.getLaunchConfigurationType(typeId);
        for (ILaunchConfiguration existing : manager.getLaunchConfigurations(launchType)) {
            if (project.getName().equals(LaunchAttributes.read(existing).project())) {
                return existing;
            }
        }
        String command = typeId.substring(typeId.lastIndexOf('.') + 1);
        ILaunchConfigurationWorkingCopy copy = launchType.newInstance(null,
                manager.generateLaunchConfigurationName(project.getName() + " (" + command + ")"));
        new LaunchAttributes(project.getName(), "", "", Map.of()).write(copy);
        copy.setMappedResources(new IResource[] {project});
        return copy.doSave();
    }
}
