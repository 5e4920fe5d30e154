package org.agilab.ui.internal.marker;

import java.util.List;

import org.agilab.core.internal.project.SettingsMarkers;
import org.agilab.runtime.settings.SettingKey;
import org.agilab.runtime.settings.SettingsFileEditor;
import org.agilab.ui.internal.editor.AppSettingsEditor;
import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.text.IDocument;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolutionGenerator2;
import org.eclipse.ui.PlatformUI;

/**
 * Quick fixes for settings problems where the fix is obvious: a negative worker count becomes 1. The file is edited in
 * place (every other line kept as written, replaced atomically) and refreshed, so the builder clears the marker; when it
 * is open in an editor, the editor's document is edited instead (Ctrl+1 there offers the same fixes), and Save writes it.
 */
public final class SettingsQuickFixes implements IMarkerResolutionGenerator2 {

    @Override
    public boolean hasResolutions(IMarker marker) {
        return negativeWorkerCountHost(marker) != null;
    }

    @Override
    public IMarkerResolution[] getResolutions(IMarker marker) {
        String host = negativeWorkerCountHost(marker);
        return host == null ? new IMarkerResolution[0] : new IMarkerResolution[] {new WorkerCountFix(host)};
    }

    /** The host of a {@code [cluster.workers]} line whose count is negative, or null for any other problem. */
    static String negativeWorkerCountHost(IMarker marker) {
        if (!(marker.getResource() instanceof IFile)) {
            return null;
        }
        List<String> path;
        try {
            path = SettingKey.parse(marker.getAttribute(SettingsMarkers.KEY, ""));
        } catch (RuntimeException e) {
            return null;
        }
        boolean negative = marker.getAttribute(IMarker.MESSAGE, "").contains("worker count is -");
        return negative && path.size() == 3 && path.get(0).equals("cluster") && path.get(1).equals("workers") ? path.get(2) : null;
    }

    private static final class WorkerCountFix implements IMarkerResolution {

        private final String host;

        WorkerCountFix(String host) {
            this.host = host;
        }

        @Override
        public String getLabel() {
            return NLS.bind(org.agilab.ui.internal.Messages.QuickFix_workerCount, host);
        }

        @Override
        public void run(IMarker marker) {
            IFile file = (IFile) marker.getResource();
            try {
                ITextFileBuffer open = FileBuffers.getTextFileBufferManager().getTextFileBuffer(file.getFullPath(), LocationKind.IFILE);
                if (open != null) {
                    // the file is open in an editor: fix its document (undoable, saved with the editor), as JDT does
                    IDocument document = open.getDocument();
                    AppSettingsEditor.replaceDifference(document,
                            SettingsFileEditor.set(document.get(), List.of("cluster", "workers"), host, "1"));
                    return;
                }
                SettingsFileEditor.set(file.getLocation().toFile().toPath(), List.of("cluster", "workers"), host, "1");
                file.refreshLocal(IResource.DEPTH_ZERO, null);
            } catch (CoreException | RuntimeException e) {
                ErrorDialog.openError(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "AGILab", getLabel(),
                        org.eclipse.core.runtime.Status.error(String.valueOf(e.getMessage()), e));
            }
        }
    }
}
