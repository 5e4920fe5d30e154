package org.agilab.ui.internal.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agilab.ui.internal.Messages;
import org.agilab.ui.internal.TitledFormDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * The data editor's Export...: which columns (all ticked, in the table's order) of the filtered rows go to which CSV
 * file (upstream's {@code ~/export/<target>/export.csv} by default).
 */
final class ExportDialog extends TitledFormDialog {

    private final List<String> columns;
    private Path out;
    private List<String> chosen = List.of();
    private Table table;
    private Text file;

    ExportDialog(Shell shell, List<String> columns, String filter, Path out) {
        super(shell, Messages.DataExport_title, Messages.DataExport_title,
                filter.isBlank() ? Messages.DataExport_allRows : NLS.bind(Messages.DataExport_filteredRows, filter), null);
        this.columns = List.copyOf(columns);
        this.out = out;
    }

    @Override
    protected void createForm(Composite area) {
        Composite body = new Composite(area, SWT.NONE);
        body.setLayout(new GridLayout(3, false));
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Label label = new Label(body, SWT.NONE);
        label.setText(Messages.DataExport_columns);
        label.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false, 3, 1));
        table = new Table(body, SWT.CHECK | SWT.BORDER | SWT.V_SCROLL);
        GridData tableData = new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1);
        tableData.heightHint = 180;
        table.setLayoutData(tableData);
        for (String column : columns) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(column);
            item.setChecked(true);
        }
        table.addListener(SWT.Selection, event -> validate());
        new Label(body, SWT.NONE).setText(Messages.DataExport_file);
        file = new Text(body, SWT.BORDER | SWT.SINGLE);
        file.setText(out.toString());
        file.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        file.addListener(SWT.Modify, event -> validate());
        org.agilab.ui.internal.BrowseButton.create(body, file, org.agilab.ui.internal.BrowseButton.Kind.FILE_TO_SAVE, "*.csv");
    }

    private void validate() {
        List<String> ticked = new ArrayList<>();
        for (TableItem item : table.getItems()) {
            if (item.getChecked()) {
                ticked.add(item.getText());
            }
        }
        String problem = ticked.isEmpty() ? Messages.DataExport_noColumn
                : file.getText().isBlank() || !Path.of(file.getText().strip()).isAbsolute() ? Messages.DataExport_noFile : null;
        showProblem(problem);
        chosen = ticked;
    }

    @Override
    protected void okPressed() {
        validate();
        out = Path.of(file.getText().strip());
        super.okPressed();
    }

    /** The ticked columns, in the table's order. */
    List<String> columns() {
        return chosen;
    }

    Path out() {
        return out;
    }
}
