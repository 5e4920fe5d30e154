package org.agilab.ui.tests;

import java.util.ArrayList;
import java.util.List;

import org.agilab.ui.analysis.AnalysisInput;
import org.agilab.ui.analysis.AnalysisView;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

/** The analysis view this test bundle contributes (plugin.xml, {@code view_test_profile}): it keeps what it was opened on. */
public final class ContributedAnalysisView extends ViewPart implements AnalysisView {

    public static final String ID = "org.agilab.ui.tests.profileView";

    private Label label;
    private final List<AnalysisInput> inputs = new ArrayList<>();

    @Override
    public void createPartControl(Composite parent) {
        label = new Label(parent, SWT.WRAP);
        label.setText("no run yet");
    }

    @Override
    public void analyze(AnalysisInput input) {
        inputs.add(input);
        label.setText(input.app() + " " + input.dataset());
    }

    List<AnalysisInput> inputs() {
        return inputs;
    }

    @Override
    public void setFocus() {
        label.setFocus();
    }
}
