package org.agilab.ui.analysis;

/**
 * A view contributed through {@code org.agilab.ui.analysisViews} that wants to know what it is opened on: Open Analysis
 * shows the view, then calls {@link #analyze} on the UI thread with the run's outputs (already open in the data editor).
 * A view that does not implement it is only shown, and follows the active data editor as the Chart view does. Long work
 * belongs in a Job, not in {@link #analyze}.
 */
public interface AnalysisView {

    void analyze(AnalysisInput input);
}
