package org.agilab.ui.internal.data;

import java.nio.file.Path;

import org.agilab.ui.internal.Messages;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

/** File > Open Dataset...: a folder or a glob of parquet, CSV and JSON files, opened in the data editor as one table. */
public final class OpenDatasetHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        Shell shell = HandlerUtil.getActiveShell(event);
        SpecDialog dialog = new SpecDialog(shell);
        if (dialog.open() == Dialog.OK && !dialog.spec.isBlank()) {
            open(HandlerUtil.getActiveWorkbenchWindow(event).getActivePage(), dialog.spec.strip(), Path.of(System.getProperty("user.home")));
        }
        return null;
    }

    /** Opens (or brings forward) the data editor on a file, folder or glob. */
    public static DataEditor open(IWorkbenchPage page, String spec, Path base) {
        try {
            return (DataEditor) page.openEditor(new DatasetEditorInput(spec, base), DataEditor.ID);
        } catch (PartInitException e) {
            ErrorDialog.openError(page.getWorkbenchWindow().getShell(), Messages.OpenDataset_title, null, e.getStatus());
            return null;
        }
    }

    /** Asks for the folder or glob, with a folder chooser. */
    private static final class SpecDialog extends Dialog {
        private Text text;
        private String spec = "";

        SpecDialog(Shell shell) {
            super(shell);
        }

        @Override
        protected void configureShell(Shell shell) {
            super.configureShell(shell);
            shell.setText(Messages.OpenDataset_title);
        }

        @Override
        protected Control createDialogArea(Composite parent) {
            Composite area = (Composite) super.createDialogArea(parent);
            area.setLayout(new GridLayout(2, false));
            Label hint = new Label(area, SWT.WRAP);
            hint.setText(Messages.OpenDataset_hint);
            GridData hintData = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
            hintData.widthHint = 480;
            hint.setLayoutData(hintData);
            text = new Text(area, SWT.BORDER);
            text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            text.setMessage("~/localshare/flight_telemetry/dataframe/**/*.parquet");
            Button browse = new Button(area, SWT.PUSH);
            browse.setText(Messages.OpenDataset_folder);
            browse.addListener(SWT.Selection, event -> {
                String folder = new DirectoryDialog(getShell()).open();
                if (folder != null) {
                    text.setText(folder);
                }
            });
            return area;
        }

        @Override
        protected void okPressed() {
            spec = text.getText().startsWith("~/") ? System.getProperty("user.home") + text.getText().substring(1) : text.getText();
            super.okPressed();
        }
    }
}
