package org.agilab.ui.internal.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.agilab.runtime.data.ColumnStats;
import org.agilab.runtime.data.DataColumn;
import org.agilab.runtime.data.DataPage;
import org.agilab.runtime.data.DataQueryException;
import org.agilab.runtime.data.Dataset;
import org.agilab.runtime.data.DatasetDiff;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.record.RunComparison;
import org.agilab.runtime.record.RunHistory;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.TabItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * Two runs side by side. <b>Runs</b>: settings, result, phase timings, output checksums; what differs is highlighted.
 * <b>Outputs</b>: their data outputs compared in a Job ({@link DatasetDiff}): row counts, each column's statistics in
 * both (differing ones highlighted), and, for the key columns the user picks, the rows whose key is in one run only.
 */
public final class CompareRunsDialog extends Dialog {

    private static final int SAMPLE_ROWS = 50;
    private static final Color DIFFERS_BACKGROUND = new Color(255, 243, 196);
    private static final Color DIFFERS_TEXT = new Color(32, 32, 32);

    private final RunHistory.Entry left;
    private final RunHistory.Entry right;
    private final List<RunComparison.Row> rows;
    private Table table;
    private TabFolder tabs;
    private Label outputsNote;
    private Table columnsTable;
    private Text key;
    private Button compareRows;
    private Label rowsNote;
    private Table onlyTable;
    private volatile Dataset leftData;
    private volatile Dataset rightData;
    private volatile DatasetDiff.Summary summary;
    private volatile DatasetDiff.KeyDiff keyDiff;
    private final Cancellation queries = new Cancellation();

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
        tabs = new TabFolder(area, SWT.TOP);
        GridData data = new GridData(SWT.FILL, SWT.FILL, true, true);
        data.widthHint = 900;
        data.heightHint = 460;
        tabs.setLayoutData(data);
        TabItem runsTab = new TabItem(tabs, SWT.NONE);
        runsTab.setText(Messages.Compare_runsTab);
        table = Tables.plain(tabs);
        runsTab.setControl(table);
        String[] titles = {Messages.Compare_section, Messages.Compare_item, left.folder().getFileName().toString(),
                right.folder().getFileName().toString()};
        int[] widths = {120, 220, 280, 280};
        for (int i = 0; i < titles.length; i++) {
            Tables.column(table, titles[i], widths[i]);
        }
        for (RunComparison.Row row : rows) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] {row.section(), row.item(), row.left(), row.right()});
            if (row.differs()) {
                highlight(item);
            }
        }
        TabItem outputsTab = new TabItem(tabs, SWT.NONE);
        outputsTab.setText(Messages.Compare_outputsTab);
        outputsTab.setControl(createOutputs(tabs));
        openOutputs();
        return area;
    }

    private Composite createOutputs(Composite parent) {
        Composite outputs = new Composite(parent, SWT.NONE);
        outputs.setLayout(new GridLayout(3, false));
        outputsNote = new Label(outputs, SWT.WRAP);
        outputsNote.setText(Messages.Compare_reading);
        outputsNote.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1));
        columnsTable = Tables.plain(outputs);
        GridData columnsData = new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1);
        columnsData.heightHint = 180;
        columnsTable.setLayoutData(columnsData);
        // the runs' folder names are long: the headers say left and right, the note above names them
        String l = Messages.Compare_left;
        String r = Messages.Compare_right;
        for (String title : List.of(Messages.Compare_column, NLS.bind(Messages.Compare_nulls, l), NLS.bind(Messages.Compare_nulls, r),
                NLS.bind(Messages.Compare_min, l), NLS.bind(Messages.Compare_min, r), NLS.bind(Messages.Compare_max, l),
                NLS.bind(Messages.Compare_max, r), NLS.bind(Messages.Compare_mean, l), NLS.bind(Messages.Compare_mean, r))) {
            Tables.column(columnsTable, title, title.equals(Messages.Compare_column) ? 110 : 96);
        }
        new Label(outputs, SWT.NONE).setText(Messages.Compare_key);
        key = new Text(outputs, SWT.BORDER | SWT.SINGLE);
        key.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        key.setMessage(Messages.Compare_keyHint);
        key.setEnabled(false);
        compareRows = new Button(outputs, SWT.PUSH);
        compareRows.setText(Messages.Compare_compareRows);
        compareRows.setEnabled(false);
        compareRows.addListener(SWT.Selection, event -> compareRows(keyColumns()));
        key.addListener(SWT.DefaultSelection, event -> compareRows(keyColumns()));
        rowsNote = new Label(outputs, SWT.WRAP);
        rowsNote.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1));
        onlyTable = Tables.plain(outputs);
        GridData onlyData = new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1);
        onlyData.heightHint = 140;
        onlyTable.setLayoutData(onlyData);
        return outputs;
    }

    private List<String> keyColumns() {
        List<String> names = new ArrayList<>();
        for (String name : key.getText().split(",")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return names;
    }

    /** Opens both runs' data outputs and compares their columns, in a Job. */
    private void openOutputs() {
        Display display = getShell().getDisplay();
        Job job = Job.create(NLS.bind(Messages.Compare_job, left.folder().getFileName(), right.folder().getFileName()), monitor -> {
            String problem;
            try {
                leftData = open(left);
                rightData = open(right);
                summary = DatasetDiff.summary(leftData, rightData, null, queries);
                problem = null;
            } catch (DataQueryException | IllegalStateException e) {
                problem = e.getMessage();
            }
            if (queries.isCancelled()) {
                closeDatasets(); // the dialog closed while they opened
                return;
            }
            String shown = problem;
            display.asyncExec(() -> showSummary(shown));
        });
        job.setSystem(true);
        job.schedule();
    }

    private static Dataset open(RunHistory.Entry run) {
        String spec = RunHistory.outputData(run).orElseThrow(() -> new IllegalStateException(
                NLS.bind(Messages.Compare_noData, run.folder().getFileName())));
        return Dataset.open(spec, run.folder());
    }

    private void showSummary(String problem) {
        if (outputsNote.isDisposed()) {
            return;
        }
        if (problem != null) {
            outputsNote.setText(problem);
            outputsNote.getParent().layout();
            return;
        }
        outputsNote.setText(NLS.bind(Messages.Compare_rowCounts, new Object[] {format(summary.leftRows()), left.folder().getFileName(),
                format(summary.rightRows()), right.folder().getFileName(),
                summary.leftRows() == summary.rightRows() ? Messages.Compare_sameCount : format(summary.rightRows() - summary.leftRows())}));
        for (DatasetDiff.ColumnDiff column : summary.columns()) {
            TableItem item = new TableItem(columnsTable, SWT.NONE);
            item.setText(new String[] {column.column(), nulls(column.left()), nulls(column.right()), min(column.left()), min(column.right()),
                    max(column.left()), max(column.right()), mean(column.left()), mean(column.right())});
            if (column.differs()) {
                highlight(item);
            }
        }
        // a key to start from: the text columns both runs have (the flight tracks: aircraft and date)
        key.setText(String.join(", ", summary.columns().stream().filter(c -> c.left() != null && c.right() != null
                && !c.left().column().numeric()).map(DatasetDiff.ColumnDiff::column).limit(2).toList()));
        key.setEnabled(true);
        compareRows.setEnabled(true);
        outputsNote.getParent().layout();
    }

    /** The rows whose key is in one run only, in a Job; the table lists a sample of each side's. */
    public Job compareRows(List<String> keyColumns) {
        Display display = getShell().getDisplay();
        compareRows.setEnabled(false);
        rowsNote.setText(Messages.Compare_comparingRows);
        Job job = Job.create(NLS.bind(Messages.Compare_rowsJob, String.join(", ", keyColumns)), monitor -> {
            String problem;
            try {
                keyDiff = DatasetDiff.byKey(leftData, rightData, keyColumns, null, SAMPLE_ROWS, queries);
                problem = null;
            } catch (DataQueryException e) {
                keyDiff = null;
                problem = e.getMessage();
            }
            String shown = problem;
            display.asyncExec(() -> showRows(shown));
        });
        job.setSystem(true);
        job.schedule();
        return job;
    }

    private void showRows(String problem) {
        if (rowsNote.isDisposed()) {
            return;
        }
        compareRows.setEnabled(true);
        onlyTable.removeAll();
        for (TableColumn column : onlyTable.getColumns()) {
            column.dispose();
        }
        if (problem != null) {
            rowsNote.setText(problem);
            rowsNote.getParent().layout();
            return;
        }
        rowsNote.setText(NLS.bind(Messages.Compare_onlyCounts, new Object[] {format(keyDiff.onlyLeft()), left.folder().getFileName(),
                format(keyDiff.onlyRight()), right.folder().getFileName(), SAMPLE_ROWS}));
        Tables.column(onlyTable, Messages.Compare_onlyIn, 170);
        for (DataColumn column : keyDiff.leftSample().columns()) {
            Tables.column(onlyTable, column.name(), 110);
        }
        addRows(left.folder().getFileName().toString(), keyDiff.leftSample());
        addRows(right.folder().getFileName().toString(), keyDiff.rightSample());
        rowsNote.getParent().layout();
    }

    private void addRows(String run, DataPage page) {
        for (Object[] row : page.rows()) {
            String[] cells = new String[row.length + 1];
            cells[0] = run;
            for (int i = 0; i < row.length; i++) {
                cells[i + 1] = row[i] == null ? "" : String.valueOf(row[i]);
            }
            new TableItem(onlyTable, SWT.NONE).setText(cells);
        }
    }

    /**
     * A row that differs: a pale yellow with dark text on every theme (the tooltip colour used before is near black on
     * GTK's Adwaita, which made differing rows black bars with unreadable text).
     */
    private static void highlight(TableItem item) {
        item.setBackground(DIFFERS_BACKGROUND);
        item.setForeground(DIFFERS_TEXT);
    }

    private static String format(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    private static String nulls(ColumnStats stats) {
        return stats == null ? Messages.Compare_absent : format(stats.nulls());
    }

    private static String min(ColumnStats stats) {
        return stats == null ? Messages.Compare_absent : String.valueOf(stats.min());
    }

    private static String max(ColumnStats stats) {
        return stats == null ? Messages.Compare_absent : String.valueOf(stats.max());
    }

    private static String mean(ColumnStats stats) {
        return stats == null ? Messages.Compare_absent : stats.mean() == null ? "" : String.format(Locale.ROOT, "%.6g", stats.mean());
    }

    @Override
    public boolean close() {
        queries.cancel("the comparison was closed");
        // closing a dataset waits for its queries to stop: not on the UI thread
        Job.create(Messages.Compare_closeJob, (org.eclipse.core.runtime.ICoreRunnable) monitor -> closeDatasets()).schedule();
        return super.close();
    }

    private void closeDatasets() {
        for (Dataset dataset : new Dataset[] {leftData, rightData}) {
            if (dataset != null) {
                dataset.close();
            }
        }
    }

    /** The outputs' comparison once read, else null (tests). */
    public DatasetDiff.Summary outputsSummary() {
        return summary;
    }

    /** The last rows comparison, else null (tests). */
    public DatasetDiff.KeyDiff keyDiff() {
        return keyDiff;
    }

    public Text key() {
        return key;
    }

    /** Brings the Outputs tab forward. */
    public void showOutputs() {
        tabs.setSelection(1);
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
