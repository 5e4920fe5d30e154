package org.agilab.ui.internal.view;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * The Open Analysis command ({@code org.agilab.ui.openAnalysis}): shows the Runs view and opens the analysis of its
 * selected run, or of the newest run with outputs (the last step of the cheat sheet and a link of the welcome page).
 */
public final class OpenAnalysisHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        try {
            RunsView runs = (RunsView) HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage().showView(RunsView.ID);
            runs.openAnalysisOfSelectedOrLatest();
        } catch (PartInitException e) {
            throw new ExecutionException(e.getMessage(), e);
        }
        return null;
    }
}
