package org.agilab.ui.internal.workflow;

import org.eclipse.jface.action.IAction;
import org.eclipse.ui.IActionBars;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.part.MultiPageEditorActionBarContributor;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.texteditor.ITextEditorActionConstants;

/**
 * The Workflow editor's global actions: Undo, Redo and Revert are the Source page's on every page (a form edit is a
 * text edit), the other text actions only on the Source page.
 */
public final class WorkflowEditorContributor extends MultiPageEditorActionBarContributor {

    private static final String[] TEXT_ONLY = {ActionFactory.DELETE.getId(), ActionFactory.SELECT_ALL.getId(), ActionFactory.CUT.getId(),
            ActionFactory.COPY.getId(), ActionFactory.PASTE.getId(), ActionFactory.FIND.getId(), ITextEditorActionConstants.GOTO_LINE};
    private static final String[] EVERYWHERE = {ActionFactory.UNDO.getId(), ActionFactory.REDO.getId(), ActionFactory.REVERT.getId()};

    private WorkflowEditor editor;

    @Override
    public void setActiveEditor(IEditorPart part) {
        editor = part instanceof WorkflowEditor workflow ? workflow : null;
        super.setActiveEditor(part);
    }

    @Override
    public void setActivePage(IEditorPart activeEditor) {
        IActionBars bars = getActionBars();
        if (bars == null) {
            return;
        }
        ITextEditor source = editor == null ? null : editor.sourceEditor();
        boolean onSource = activeEditor instanceof ITextEditor;
        for (String id : EVERYWHERE) {
            bars.setGlobalActionHandler(id, action(source, id));
        }
        for (String id : TEXT_ONLY) {
            bars.setGlobalActionHandler(id, onSource ? action((ITextEditor) activeEditor, id) : null);
        }
        bars.updateActionBars();
    }

    private static IAction action(ITextEditor editor, String id) {
        return editor == null ? null : editor.getAction(id);
    }
}
