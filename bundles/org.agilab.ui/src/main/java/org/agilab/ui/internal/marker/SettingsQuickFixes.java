package org.agilab.ui.internal.marker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.agilab.core.internal.project.SettingsMarkers;
import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.settings.SettingKey;
import org.agilab.runtime.settings.SettingsFileEditor;
import org.agilab.runtime.settings.SettingsValidator;
import org.agilab.ui.internal.editor.AppSettingsEditor;
import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExecutableExtension;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.text.IDocument;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolutionGenerator2;
import org.eclipse.ui.PlatformUI;

/**
 * Quick fixes for settings problems where the fix is obvious: a negative worker count becomes 1; an unknown key within
 * two edits of a known one of its table (the validator's "did you mean") becomes that key. Only the value or the key as
 * written changes (every other line kept). When the file is open in an editor, the editor's document is edited (Ctrl+1
 * there offers the same fixes; undoable, written by Save), as JDT's fixes do; otherwise the file is replaced atomically
 * and refreshed, so the builder clears the marker.
 * <p>
 * Registered for each marker type; the type is the extension's data ({@code class="...SettingsQuickFixes:type"}) and
 * only markers of exactly that type are answered, so no fix is offered twice whether the registry matches a marker's
 * subtypes or not.
 */
public final class SettingsQuickFixes implements IMarkerResolutionGenerator2, IExecutableExtension {

    private String markerType;

    @Override
    public void setInitializationData(IConfigurationElement config, String propertyName, Object data) {
        markerType = data instanceof String type && !type.isBlank() ? type : null;
    }

    @Override
    public boolean hasResolutions(IMarker marker) {
        return resolutions(marker).length > 0;
    }

    @Override
    public IMarkerResolution[] getResolutions(IMarker marker) {
        return resolutions(marker);
    }

    private IMarkerResolution[] resolutions(IMarker marker) {
        List<IMarkerResolution> fixes = new ArrayList<>();
        try {
            if (markerType != null && !markerType.equals(marker.getType())) {
                return new IMarkerResolution[0];
            }
        } catch (CoreException e) {
            return new IMarkerResolution[0]; // the marker is gone
        }
        String host = negativeWorkerCountHost(marker);
        if (host != null) {
            fixes.add(new WorkerCountFix(host));
        }
        KeyFix key = closestKnownKey(marker);
        if (key != null) {
            fixes.add(key);
        }
        return fixes.toArray(IMarkerResolution[]::new);
    }

    private static List<String> keyPath(IMarker marker) {
        if (!(marker.getResource() instanceof IFile)) {
            return null;
        }
        try {
            return SettingKey.parse(marker.getAttribute(SettingsMarkers.KEY, ""));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The host of a {@code [cluster.workers]} line whose count is negative, or null for any other problem. */
    static String negativeWorkerCountHost(IMarker marker) {
        List<String> path = keyPath(marker);
        if (path == null) {
            return null;
        }
        boolean negative = marker.getAttribute(IMarker.MESSAGE, "").contains("worker count is -");
        return negative && path.size() == 3 && path.get(0).equals("cluster") && path.get(1).equals("workers") ? path.get(2) : null;
    }

    /** For a key its table does not know: the known key it most likely meant, as the validator's hint names it. */
    private static KeyFix closestKnownKey(IMarker marker) {
        List<String> path = keyPath(marker);
        if (path == null || path.size() < 2) {
            return null;
        }
        List<String> table = path.subList(0, path.size() - 1);
        String given = path.get(path.size() - 1);
        var known = SettingsValidator.knownKeys(table);
        if (known.isEmpty() || known.containsKey(given)) {
            return null;
        }
        String closest = SettingsValidator.closest(given, List.copyOf(known.keySet()));
        return closest == null ? null : new KeyFix(List.copyOf(table), given, closest);
    }

    /** Applies {@code change} to the file's text: its open editor's document, else the file (atomically). */
    private static void edit(IFile file, String label, UnaryOperator<String> change) {
        try {
            ITextFileBuffer open = FileBuffers.getTextFileBufferManager().getTextFileBuffer(file.getFullPath(), LocationKind.IFILE);
            if (open != null) {
                IDocument document = open.getDocument();
                AppSettingsEditor.replaceDifference(document, change.apply(document.get()));
                return;
            }
            Path path = file.getLocation().toFile().toPath();
            AtomicFiles.writeString(path, change.apply(Files.readString(path, StandardCharsets.UTF_8)));
            file.refreshLocal(IResource.DEPTH_ZERO, null);
        } catch (CoreException | java.io.IOException | RuntimeException e) {
            ErrorDialog.openError(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "AGILab", label,
                    org.eclipse.core.runtime.Status.error(String.valueOf(e.getMessage()), e));
        }
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
            edit((IFile) marker.getResource(), getLabel(), text -> SettingsFileEditor.set(text, List.of("cluster", "workers"), host, "1"));
        }
    }

    private record KeyFix(List<String> table, String given, String known) implements IMarkerResolution {

        @Override
        public String getLabel() {
            return NLS.bind(org.agilab.ui.internal.Messages.QuickFix_renameKey, given, known);
        }

        @Override
        public void run(IMarker marker) {
            edit((IFile) marker.getResource(), getLabel(), text -> SettingsFileEditor.renameKey(text, table, given, known));
        }
    }
}
