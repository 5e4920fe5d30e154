package org.agilab.ui.internal.view;

import org.eclipse.jface.text.reconciler.IReconciler;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.ui.editors.text.EditorsUI;
import org.eclipse.ui.editors.text.TextEditor;
import org.eclipse.ui.editors.text.TextSourceViewerConfiguration;

/**
 * A run's or a node's log: read-only (a log is what happened; an edit would lie) and never spell-checked (its words are
 * class names, hosts and paths).
 */
public final class RunLogEditor extends TextEditor {

    public static final String ID = "org.agilab.ui.runLogEditor";

    @Override
    protected void initializeEditor() {
        super.initializeEditor();
        setSourceViewerConfiguration(new TextSourceViewerConfiguration(EditorsUI.getPreferenceStore()) {
            @Override
            public IReconciler getReconciler(ISourceViewer sourceViewer) {
                return null; // the text editor's reconciler is its spell checker
            }
        });
    }

    @Override
    public boolean isEditable() {
        return false;
    }

    @Override
    public boolean isEditorInputReadOnly() {
        return true;
    }

    @Override
    public boolean isEditorInputModifiable() {
        return false;
    }
}
