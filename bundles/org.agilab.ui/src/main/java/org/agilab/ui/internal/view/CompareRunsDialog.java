package org.agilab.ui.internal.view;

import java.util.List;

import org.agilab.runtime.record.RunComparison;
import org.agilab.runtime.record.RunHistory;
import org.agilab.ui.internal.Messages;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

/** Two runs side by side (settings, result, phase timings, output checksums); what differs is highlighted. */
public final class CompareRunsDialog extends Dialog {

    private final RunHistory.Entry left;
    private final RunHistory.Entry right;
    private final List<RunComparison.Row> rows;
    private Table table;

    public CompareRunsDialog(Shell shell, RunHistory.Entry left, RunHistory.Entry right) {
        super(shell);
        this.left = left;
        this.right = right;
        this.rows = RunComparison.compare(left.folder(), right.folder());
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(NLS.bind(Messages.Compare_title, left.folder().getFileName(), right.folder().getFileName()));
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        table = new Table(area, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridData data = new GridData(SWT.FILL, SWT.FILL, true, true);
        data.widthHint = 900;
        data.heightHint = 420;
        table.setLayoutData(data);
        String[] titles = {Messages.Compare_section, Messages.Compare_item, left.folder().getFileName().toString(),
                right.folder().getFileName().toString()};
        int[] widths = {120, 220, 280, 280};
        for (int i = 0; i < titles.length; i++) {
            TableColumn column = new TableColumn(table, SWT.NONE);
            column.setText(titles[i]);
            column.setWidth(widths[i]);
        }
        // a pale yellow with dark text on every theme: the tooltip colour it replaces is near black on GTK (Adwaita),
        // which made differing rows black bars with unreadable text
        Color highlight = new Color(255, 243, 196);
        Color text = new Color(32, 32, 32);
        for (RunComparison.Row row : rows) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] {row.section(), row.item(), row.left(), row.right()});
            if (row.differs()) {
                item.setBackground(highlight);
                item.setForeground(text);
            }
        }
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, true);
    }

    public List<RunComparison.Row> rows() {
        return rows;
    }

    public Table table() {
        return table;
    }
}
