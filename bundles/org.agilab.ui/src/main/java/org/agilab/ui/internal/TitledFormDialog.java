package org.agilab.ui.internal;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;

/**
 * A form under a title area, the shape of Export..., Submit Task... and Start Service...: the window's title, a heading
 * and a message above the form, an OK button named for what it does, and one place that shows what is wrong with the
 * form, OK staying disabled until it is put right.
 */
public abstract class TitledFormDialog extends TitleAreaDialog {

    private final String windowTitle;
    private final String heading;
    private final String message;
    private final String okLabel;

    /**
     * @param heading the heading above the form
     * @param message what the form is for, under the heading
     * @param okLabel the OK button's text (Submit, Start), or null for OK
     */
    protected TitledFormDialog(Shell parent, String windowTitle, String heading, String message, String okLabel) {
        super(parent);
        this.windowTitle = windowTitle;
        this.heading = heading;
        this.message = message;
        this.okLabel = okLabel;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(windowTitle);
    }

    @Override
    protected final Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle(heading);
        setMessage(message);
        createForm(area);
        return area;
    }

    /** Fills {@code area}, the title area's body, with the form. */
    protected abstract void createForm(Composite area);

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        if (okLabel == null) {
            super.createButtonsForButtonBar(parent);
            return;
        }
        createButton(parent, IDialogConstants.OK_ID, okLabel, true);
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
    }

    /** Shows what is wrong with the form ({@code null}: nothing), and lets OK be pressed only when nothing is. */
    protected void showProblem(String problem) {
        setErrorMessage(problem);
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(problem == null);
        }
    }
}
