package org.agilab.ui.internal.workflow;

import java.util.EnumMap;
import java.util.Map;

import org.agilab.runtime.workflow.StageKind;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.LocalResourceManager;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Control;

/** The icon of each stage kind, made once per control and freed with it. */
final class StageImages {

    private final Map<StageKind, Image> images = new EnumMap<>(StageKind.class);

    StageImages(Control owner) {
        LocalResourceManager resources = new LocalResourceManager(JFaceResources.getResources(), owner);
        for (StageKind kind : StageKind.values()) {
            images.put(kind, resources.create(descriptor(kind)));
        }
    }

    static ImageDescriptor descriptor(StageKind kind) {
        String path = switch (kind) {
            case AGILAB -> "icons/agilab.png";
            case SQL -> "icons/workflow/sql.png";
            case JAVA -> "icons/workflow/java.png";
            case SHELL -> "icons/workflow/shell.png";
            case PYTHON -> "icons/workflow/python.png";
            case UNKNOWN -> "icons/workflow/unknown.png";
        };
        return ResourceLocator.imageDescriptorFromBundle("org.agilab.ui", path).orElse(ImageDescriptor.getMissingImageDescriptor());
    }

    Image of(StageKind kind) {
        return images.get(kind);
    }

    /**
     * The kind's name as the stage list shows it: a Python stage says that it does not run here unless the lab names a
     * Python ({@code [workflow] python}).
     */
    static String kindLabel(org.agilab.runtime.workflow.Stage stage, boolean pythonConfigured) {
        String runtime = stage.runtime().isBlank() ? "runpy" : stage.runtime();
        return switch (stage.kind()) {
            case PYTHON -> pythonConfigured ? runtime : runtime + " (" + WorkflowMessages.Kind_python + ")";
            case UNKNOWN -> runtime + " (" + WorkflowMessages.Kind_unknown + ")";
            default -> runtime;
        };
    }
}
