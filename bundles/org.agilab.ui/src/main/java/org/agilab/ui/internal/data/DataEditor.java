package org.agilab.ui.internal.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.agilab.runtime.data.ColumnStats;
import org.agilab.runtime.data.DataColumn;
import org.agilab.runtime.data.DataPage;
import org.agilab.runtime.data.DataQueryException;
import org.agilab.runtime.data.Dataset;
import org.agilab.runtime.data.SortOrder;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IDialogSettings;
import org.eclipse.jface.fieldassist.ControlDecoration;
import org.eclipse.jface.fieldassist.FieldDecorationRegistry;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.IURIEditorInput;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.EditorPart;
import org.osgi.framework.FrameworkUtil;

/**
 * The data editor: a parquet, CSV or JSON file, a folder or a glob of them (a {@link Dataset}) as a {@link DataGrid}
 * paged from the data service, so a 10M-row file scrolls without being loaded (the grid draws the rows on screen only:
 * its UI cost does not depend on the row count). Click a header to sort; type a {@code WHERE}
 * expression in the filter bar (Enter applies it, the history keeps the last ones, an error is marked at its place);
 * the statistics panel describes the chosen column over the filtered rows.
 *
 * <p>Every query runs in a Job; the UI thread only draws the rows of pages already read. A new filter or sort cancels
 * what the previous one still had running (its {@link Cancellation}), and an answer of an older generation is dropped.
 */
public final class DataEditor extends EditorPart {

    public static final String ID = "org.agilab.ui.dataEditor";

    /** Rows read per query; a screen shows some 40. */
    static final int PAGE_ROWS = 200;
    /** Pages kept in memory (the rest are read again when scrolled back to). */
    private static final int CACHED_PAGES = 64;
    private static final int HISTORY = 20;
    private static final String HISTORY_KEY = "dataEditor.filterHistory";
    /** Rows Ctrl+C copies at most (a selection of all 10M rows is not a clipboard's). */
    static final int COPY_ROWS = 100_000;

    private String spec;
    private Path base;
    private volatile Dataset dataset;

    private Combo filter;
    private org.eclipse.swt.widgets.Button exportButton;
    /** The file Export... proposes; null: {@code ~/export/data/export.csv} of the workspace's AGILab home. */
    private Path exportFile;
    private ControlDecoration filterError;
    private Label status;
    private DataGrid grid;
    private Combo statsColumn;
    private Table statsTable;
    private Canvas histogram;
    private ColumnStats shownStats;
    private String copied;

    // UI-thread state
    private String appliedFilter = "";
    private SortOrder sort;
    /** Changes with each filter or sort: pages of an older one are dropped. */
    private long generation;
    private Cancellation pagesQuery = new Cancellation();
    private long countGeneration;
    private Cancellation countQuery = new Cancellation();
    private Cancellation statsQuery = new Cancellation();
    private long totalRows = -1;
    private long shownRows = -1;
    private String error;
    private int running;
    private final Map<Long, List<Object[]>> pages = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<Object[]>> eldest) {
            return size() > CACHED_PAGES;
        }
    };
    private final Set<Long> loading = new HashSet<>();
    /** Told when the rows shown change (the dataset opened, a filter applied): the Chart view follows. */
    private final List<Runnable> queryListeners = new ArrayList<>();

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        setSite(site);
        setInput(input);
        if (input instanceof DatasetEditorInput dataset) {
            spec = dataset.spec();
            base = dataset.base();
        } else if (input instanceof IFileEditorInput file && file.getFile().getLocation() != null) {
            IFile resource = file.getFile();
            spec = resource.getLocation().toFile().getAbsolutePath();
            base = Path.of(spec).getParent();
        } else if (input instanceof IURIEditorInput uri && "file".equals(uri.getURI().getScheme())) {
            spec = Path.of(uri.getURI()).toString();
            base = Path.of(spec).getParent();
        } else {
            throw new PartInitException(NLS.bind(Messages.DataEditor_notLocal, input.getToolTipText()));
        }
        setPartName(input.getName());
        setTitleToolTip(spec);
    }

    @Override
    public void createPartControl(Composite parent) {
        Composite root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(1, false));

        Composite bar = new Composite(root, SWT.NONE);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        GridLayout barLayout = new GridLayout(5, false);
        barLayout.marginWidth = 0;
        barLayout.horizontalSpacing = 10;
        bar.setLayout(barLayout);
        new Label(bar, SWT.NONE).setText(Messages.DataEditor_filter);
        filter = new Combo(bar, SWT.DROP_DOWN);
        filter.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        filter.setToolTipText(Messages.DataEditor_filterTip);
        filter.setItems(history());
        filter.setEnabled(false);
        filter.addListener(SWT.DefaultSelection, event -> applyFilter(filter.getText()));
        filter.addListener(SWT.Selection, event -> applyFilter(filter.getText())); // a line chosen from the history
        filterError = new ControlDecoration(filter, SWT.LEFT | SWT.TOP);
        filterError.setImage(FieldDecorationRegistry.getDefault().getFieldDecoration(FieldDecorationRegistry.DEC_ERROR).getImage());
        filterError.hide();
        status = new Label(bar, SWT.NONE);
        status.setLayoutData(new GridData(SWT.END, SWT.CENTER, false, false));
        status.setText(Messages.DataEditor_opening);
        exportButton = new org.eclipse.swt.widgets.Button(bar, SWT.PUSH);
        exportButton.setText(Messages.DataEditor_export);
        exportButton.setToolTipText(Messages.DataEditor_exportTip);
        exportButton.setEnabled(false);
        exportButton.addListener(SWT.Selection, event -> askAndExport());
        org.eclipse.swt.widgets.ToolBar tools = new org.eclipse.swt.widgets.ToolBar(bar, SWT.FLAT);
        org.eclipse.swt.widgets.ToolItem showOnMap = new org.eclipse.swt.widgets.ToolItem(tools, SWT.PUSH);
        showOnMap.setImage(new org.eclipse.jface.resource.LocalResourceManager(org.eclipse.jface.resource.JFaceResources.getResources(), tools)
                .create(org.agilab.ui.internal.view.ViewParts.image("icons/view/map.png")));
        showOnMap.setText(MapMessages.showOnMap);
        showOnMap.setToolTipText(MapMessages.showOnMapTip);
        showOnMap.addListener(SWT.Selection, event -> showOnMap());

        SashForm sash = new SashForm(root, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        grid = new DataGrid(sash, NLS.bind(Messages.DataEditor_gridName, getPartName()));
        grid.setRows(this::row);
        grid.onSort(this::sortBy);
        grid.onCopy(this::copyRows);

        Composite side = new Composite(sash, SWT.NONE);
        side.setLayout(new GridLayout(2, false));
        new Label(side, SWT.NONE).setText(Messages.DataEditor_statsOf);
        statsColumn = new Combo(side, SWT.READ_ONLY);
        statsColumn.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        statsColumn.setToolTipText(Messages.DataEditor_statsTip);
        statsColumn.addListener(SWT.Selection, event -> refreshStats());
        // the table above the histogram, each with its share of a short editor (the user moves the sash between them)
        SashForm split = new SashForm(side, SWT.VERTICAL);
        split.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        statsTable = new Table(split, SWT.BORDER | SWT.FULL_SELECTION);
        statsTable.setHeaderVisible(true);
        statsTable.setLinesVisible(true);
        for (String title : List.of(Messages.DataEditor_statistic, Messages.DataEditor_value)) {
            TableColumn column = new TableColumn(statsTable, SWT.NONE);
            column.setText(title);
            column.setWidth(130);
        }
        histogram = new Canvas(split, SWT.BORDER | SWT.DOUBLE_BUFFERED);
        histogram.setToolTipText(Messages.DataEditor_histogramTip);
        histogram.addPaintListener(event -> Histograms.paint(event.gc, histogram.getClientArea(), shownStats));
        split.setWeights(1, 1);
        sash.setWeights(2, 1); // the statistics' values (a timestamp, 16 digits) stay readable beside a restored editor

        PlatformUI.getWorkbench().getHelpSystem().setHelp(root, "org.agilab.ui.data_editor");
        open();
    }

    /** Opens the Map view (or brings it forward) on this editor's rows. */
    public MapView showOnMap() {
        try {
            org.eclipse.ui.IViewPart view = getSite().getPage().showView(MapView.ID);
            if (view instanceof MapView map) {
                map.follow(this);
                return map;
            }
        } catch (PartInitException e) {
            org.eclipse.jface.dialogs.ErrorDialog.openError(getSite().getShell(), MapMessages.showOnMap, null, e.getStatus());
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------- export

    /** What Export... proposes; the Runs view gives upstream's {@code ~/export/<target>/export.csv} of the run's home. */
    public void defaultExport(Path file) {
        exportFile = file;
    }

    /** The file Export... proposes. */
    public Path defaultExport() {
        return exportFile != null ? exportFile
                : org.agilab.core.internal.preferences.IdePreferences.home(null).exportRoot().resolve("data").resolve("export.csv");
    }

    private void askAndExport() {
        ExportDialog dialog = new ExportDialog(getSite().getShell(), dataset.columns().stream().map(DataColumn::name).toList(), appliedFilter,
                defaultExport());
        if (dialog.open() == org.eclipse.jface.window.Window.OK) {
            exportCsv(dialog.columns(), dialog.out());
        }
    }

    /**
     * Writes {@code columns} of the rows the filter shows to {@code out} in a Job (cancel it in the Progress view); the
     * status line says how many rows went where, an error dialog why none did.
     */
    public Job exportCsv(List<String> columns, Path out) {
        Dataset opened = dataset;
        String where = appliedFilter;
        Cancellation cancellation = new Cancellation();
        Display display = grid.control().getDisplay();
        Job job = new Job(NLS.bind(Messages.DataEditor_exportJob, spec, out)) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    long rows = opened.exportCsv(columns, where, out, cancellation);
                    display.asyncExec(() -> {
                        if (!status.isDisposed()) {
                            status.setText(NLS.bind(Messages.DataEditor_exported, String.format(Locale.ROOT, "%,d", rows), out));
                            status.getParent().layout();
                        }
                    });
                    return Status.OK_STATUS;
                } catch (DataQueryException e) {
                    return e.kind() == DataQueryException.Kind.CANCELLED ? Status.CANCEL_STATUS
                            : Status.error(Messages.DataEditor_exportFailed + ": " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    return Status.error(Messages.DataEditor_exportFailed + ": " + e.getMessage(), e);
                }
            }

            @Override
            protected void canceling() {
                cancellation.cancel("cancelled in the Progress view");
            }
        };
        job.setUser(true); // an error is shown to the user, as for any user Job
        job.schedule();
        return job;
    }

    // ---------------------------------------------------------------------------------------------- queries

    /** Opens the dataset in a Job, then shows its columns and counts its rows. */
    private void open() {
        Display display = grid.control().getDisplay();
        Job job = Job.create(NLS.bind(Messages.DataEditor_openJob, spec), monitor -> {
            try {
                Dataset opened = Dataset.open(spec, base);
                display.asyncExec(() -> {
                    if (grid.control().isDisposed()) {
                        opened.close();
                        return;
                    }
                    dataset = opened;
                    showColumns(opened.columns());
                    filter.setEnabled(true);
                    exportButton.setEnabled(true);
                    query(null);
                });
            } catch (DataQueryException e) {
                display.asyncExec(() -> {
                    if (!grid.control().isDisposed()) {
                        error = e.getMessage();
                        status.setText(Messages.DataEditor_cannotOpen);
                        status.setToolTipText(e.getMessage());
                        status.getParent().layout();
                        grid.showMessage(Messages.DataEditor_cannotOpen + ": " + e.getMessage());
                    }
                });
            }
            return Status.OK_STATUS;
        });
        job.setUser(false);
        job.schedule();
    }

    private void showColumns(List<DataColumn> columns) {
        List<DataGrid.Header> headers = new ArrayList<>();
        for (DataColumn column : columns) {
            headers.add(new DataGrid.Header(column.name(), column.name() + " : " + column.type() + " (" + Messages.DataEditor_sortTip + ")",
                    column.numeric(), Math.max(width(column), Math.min(260, column.name().length() * 9 + 30))));
            statsColumn.add(column.name());
        }
        grid.setColumns(headers);
        if (!columns.isEmpty()) {
            statsColumn.select(0);
        }
    }

    /** A first width that shows a typical value whole: dates and times are long, numbers short. */
    private static int width(DataColumn column) {
        String type = column.type().toUpperCase(Locale.ROOT);
        if (type.startsWith("TIMESTAMP")) {
            return 170;
        }
        if (type.equals("VARCHAR") || type.startsWith("DATE") || type.startsWith("TIME")) {
            return 110;
        }
        return 100; // a double's 11 digits and point, with the cell's margins
    }

    /**
     * Starts a new generation of queries for the applied filter and sort: cancels the previous one's, forgets its pages,
     * and counts the rows (when {@code filterText} is not null, the filter is checked and counted first and applied only
     * if valid).
     */
    private void query(String filterText) {
        countQuery.cancel("a new query replaced it");
        countQuery = new Cancellation();
        long mine = ++countGeneration;
        Cancellation cancellation = countQuery;
        String candidate = filterText == null ? appliedFilter : filterText.strip();
        Dataset data = dataset;
        status.setText(Messages.DataEditor_counting);
        status.getParent().layout();
        background(NLS.bind(Messages.DataEditor_countJob, spec), cancellation, monitor -> {
            long total = totalRows >= 0 ? totalRows : data.count(null, cancellation);
            long rows = candidate.isEmpty() ? total : data.count(candidate, cancellation);
            return () -> {
                if (mine != countGeneration) {
                    return;
                }
                totalRows = total;
                shownRows = rows;
                clearError();
                if (!candidate.equals(appliedFilter)) {
                    appliedFilter = candidate;
                    remember(candidate);
                }
                resetRows();
                grid.setRowCount(rows);
                status.setText(rows == total ? NLS.bind(Messages.DataEditor_rows, String.format(Locale.ROOT, "%,d", rows))
                        : NLS.bind(Messages.DataEditor_rowsOf, String.format(Locale.ROOT, "%,d", rows), String.format(Locale.ROOT, "%,d", total)));
                status.setToolTipText(spec);
                status.getParent().layout();
                refreshStats();
                List.copyOf(queryListeners).forEach(Runnable::run);
            };
        }, failure -> {
            if (mine == countGeneration) {
                showFilterError(failure, candidate);
            }
        });
    }

    private void applyFilter(String text) {
        if (dataset != null && !text.strip().equals(appliedFilter)) {
            query(text);
        } else if (dataset != null && error != null) {
            query(text);
        }
    }

    /** A header click: sorts by its column, ascending first, descending on a second click. */
    private void sortBy(int column) {
        if (dataset == null) {
            return;
        }
        boolean ascending = !(grid.sortColumn() == column && grid.sortDirection() == SWT.UP);
        sort = new SortOrder(dataset.columns().get(column).name(), ascending);
        grid.setSort(column, ascending);
        resetRows();
        grid.rowsArrived();
    }

    /** A new generation of pages: what the previous one still reads is cancelled, what it read is forgotten. */
    private void resetRows() {
        pagesQuery.cancel("the filter or sort changed");
        pagesQuery = new Cancellation();
        generation++;
        pages.clear();
        loading.clear();
    }

    /** The grid asks for a row it draws: from its page if read, else null (a placeholder) until the page arrives. */
    private Object[] row(long index) {
        long page = index / PAGE_ROWS;
        List<Object[]> rows = pages.get(page);
        if (rows == null) {
            if (dataset != null) {
                load(page);
            }
            return null;
        }
        int offset = (int) (index - page * PAGE_ROWS);
        return offset < rows.size() ? rows.get(offset) : null;
    }

    /**
     * Ctrl+C in the grid: the selected rows (up to {@link #COPY_ROWS}) read in a Job, then put on the clipboard as
     * tab-separated text with the column names first.
     */
    private void copyRows(long first, long last) {
        Dataset data = dataset;
        if (data == null) {
            return;
        }
        int count = (int) Math.min(COPY_ROWS, last - first + 1);
        String where = appliedFilter;
        SortOrder order = sort;
        List<String> titles = grid.columnTitles();
        Cancellation cancellation = new Cancellation();
        background(NLS.bind(Messages.DataEditor_copyJob, String.format(Locale.ROOT, "%,d", count)), cancellation, monitor -> {
            DataPage rows = data.page(where, order, first, count, cancellation);
            String text = DataGrid.tabSeparated(titles, rows.rows());
            return () -> {
                org.eclipse.swt.dnd.Clipboard clipboard = new org.eclipse.swt.dnd.Clipboard(grid.control().getDisplay());
                try {
                    clipboard.setContents(new Object[] {text}, new org.eclipse.swt.dnd.Transfer[] {org.eclipse.swt.dnd.TextTransfer.getInstance()});
                } finally {
                    clipboard.dispose();
                }
                copied = text;
            };
        }, failure -> {
            status.setText(Messages.DataEditor_failed);
            status.setToolTipText(failure.getMessage());
        });
    }

    private void load(long page) {
        if (!loading.add(page)) {
            return;
        }
        long mine = generation;
        Cancellation cancellation = pagesQuery;
        String where = appliedFilter;
        SortOrder order = sort;
        Dataset data = dataset;
        background(NLS.bind(Messages.DataEditor_pageJob, page * PAGE_ROWS + 1), cancellation, monitor -> {
            DataPage rows = data.page(where, order, page * PAGE_ROWS, PAGE_ROWS, cancellation);
            return () -> {
                if (mine != generation) {
                    return;
                }
                loading.remove(page);
                pages.put(page, rows.rows());
                grid.rowsArrived();
            };
        }, failure -> {
            if (mine == generation) {
                loading.remove(page);
                status.setText(Messages.DataEditor_failed);
                status.setToolTipText(failure.getMessage());
            }
        });
    }

    private void refreshStats() {
        statsQuery.cancel("another column or filter");
        Dataset data = dataset;
        int index = statsColumn.getSelectionIndex();
        if (data == null || index < 0) {
            return;
        }
        statsQuery = new Cancellation();
        Cancellation cancellation = statsQuery;
        String column = statsColumn.getItem(index);
        String where = appliedFilter;
        background(NLS.bind(Messages.DataEditor_statsJob, column), cancellation, monitor -> {
            ColumnStats stats = data.stats(column, where, 12, cancellation);
            return () -> {
                if (cancellation != statsQuery) {
                    return;
                }
                shownStats = stats;
                statsTable.removeAll();
                row(Messages.DataEditor_statType, stats.column().type());
                row(Messages.DataEditor_statRows, String.format(Locale.ROOT, "%,d", stats.rows()));
                row(Messages.DataEditor_statNulls, String.format(Locale.ROOT, "%,d", stats.nulls()));
                row(Messages.DataEditor_statMin, stats.min() == null ? "" : stats.min());
                row(Messages.DataEditor_statMax, stats.max() == null ? "" : stats.max());
                row(Messages.DataEditor_statMean, stats.mean() == null ? "" : String.format(Locale.ROOT, "%.6g", stats.mean()));
                row(Messages.DataEditor_statDistinct, String.format(Locale.ROOT, "~%,d", stats.distinct()));
                histogram.redraw();
            };
        }, failure -> {
            if (cancellation == statsQuery) {
                shownStats = null;
                statsTable.removeAll();
                row(Messages.DataEditor_failed, failure.getMessage());
                histogram.redraw();
            }
        });
    }

    private void row(String name, String value) {
        new TableItem(statsTable, SWT.NONE).setText(new String[] {name, value});
    }

    /**
     * Runs {@code work} in a Job (cancelling the Job cancels the query); what it returns runs on the UI thread unless the
     * editor is gone; a query error other than a cancel goes to {@code failed} on the UI thread.
     */
    private void background(String name, Cancellation cancellation, Work work, Consumer<DataQueryException> failed) {
        Display display = grid.control().getDisplay();
        running++;
        Job job = new Job(name) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                Runnable show = null;
                DataQueryException failure = null;
                try {
                    show = work.run(monitor);
                } catch (DataQueryException e) {
                    failure = e.kind() == DataQueryException.Kind.CANCELLED ? null : e;
                }
                Runnable then = show;
                DataQueryException error = failure;
                display.asyncExec(() -> {
                    running--;
                    if (grid.control().isDisposed()) {
                        return;
                    }
                    if (then != null) {
                        then.run();
                    } else if (error != null) {
                        failed.accept(error);
                    }
                });
                return Status.OK_STATUS;
            }

            @Override
            protected void canceling() {
                cancellation.cancel("cancelled in the Progress view");
            }
        };
        job.setSystem(true);
        job.schedule();
    }

    @FunctionalInterface
    private interface Work {
        Runnable run(IProgressMonitor monitor);
    }

    // ---------------------------------------------------------------------------------------------- filter errors

    private void showFilterError(DataQueryException failure, String candidate) {
        error = failure.getMessage();
        filterError.setDescriptionText(failure.getMessage());
        filterError.show();
        filterError.showHoverText(failure.getMessage());
        if (failure.position() >= 0 && filter.getText().strip().equals(candidate)) {
            int at = filter.getText().indexOf(candidate) + failure.position();
            filter.setFocus(); // before the selection: GTK selects the whole text when a combo gains focus
            filter.setSelection(new Point(at, Math.min(filter.getText().length(), at + 1)));
        }
        status.setText(failure.kind() == DataQueryException.Kind.REFUSED ? Messages.DataEditor_refused : Messages.DataEditor_invalid);
        status.setToolTipText(failure.getMessage());
        status.getParent().layout();
    }

    private void clearError() {
        error = null;
        filterError.hide();
        filterError.hideHover();
    }

    private String[] history() {
        IDialogSettings settings = settings();
        String[] items = settings.getArray(HISTORY_KEY);
        return items == null ? new String[0] : items;
    }

    private void remember(String filterText) {
        if (filterText.isEmpty()) {
            return;
        }
        List<String> items = new ArrayList<>(Arrays.asList(history()));
        items.remove(filterText);
        items.add(0, filterText);
        String[] kept = items.stream().limit(HISTORY).toArray(String[]::new);
        settings().put(HISTORY_KEY, kept);
        String text = filter.getText();
        filter.setItems(kept);
        filter.setText(text);
    }

    private IDialogSettings settings() {
        return PlatformUI.getDialogSettingsProvider(FrameworkUtil.getBundle(DataEditor.class)).getDialogSettings();
    }

    // ---------------------------------------------------------------------------------------------- for tests and views

    /** Runs {@code listener} on the UI thread each time the shown rows change (opened, filtered). */
    public void addQueryListener(Runnable listener) {
        queryListeners.add(listener);
    }

    public void removeQueryListener(Runnable listener) {
        queryListeners.remove(listener);
    }

    /** The dataset, once open (else null). */
    public Dataset dataset() {
        return dataset;
    }

    /** Rows the applied filter keeps, as shown; -1 before the first count. */
    public long shownRows() {
        return shownRows;
    }

    /** Whether no query of this editor is running. */
    public boolean idle() {
        return running == 0 && dataset != null;
    }

    /** The last filter error shown at the filter bar, or null. */
    public String filterError() {
        return error;
    }

    public String appliedFilter() {
        return appliedFilter;
    }

    public DataGrid grid() {
        return grid;
    }

    /** The text the last Ctrl+C put on the clipboard, or null. */
    public String copied() {
        return copied;
    }

    public Combo filterBar() {
        return filter;
    }

    public Label status() {
        return status;
    }

    public ColumnStats shownStats() {
        return shownStats;
    }

    public Canvas histogram() {
        return histogram;
    }

    /** Statistics of another column, as choosing it in the panel does. */
    public void showStatsOf(String column) {
        statsColumn.select(Arrays.asList(statsColumn.getItems()).indexOf(column));
        refreshStats();
    }

    // ---------------------------------------------------------------------------------------------- EditorPart

    @Override
    public void setFocus() {
        grid.control().setFocus();
    }

    @Override
    public void dispose() {
        countQuery.cancel("the editor closed");
        pagesQuery.cancel("the editor closed");
        statsQuery.cancel("the editor closed");
        Dataset opened = dataset;
        dataset = null;
        if (opened != null) {
            Job close = Job.create(NLS.bind(Messages.DataEditor_closeJob, spec), (org.eclipse.core.runtime.ICoreRunnable) monitor -> opened.close());
            close.setSystem(true);
            close.schedule();
        }
        super.dispose();
    }

    @Override
    public void doSave(IProgressMonitor monitor) {
        // read-only: nothing to save
    }

    @Override
    public void doSaveAs() {
        // read-only
    }

    @Override
    public boolean isDirty() {
        return false;
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }

    static Rectangle inset(Rectangle area, int margin) {
        return new Rectangle(area.x + margin, area.y + margin, Math.max(0, area.width - 2 * margin), Math.max(0, area.height - 2 * margin));
    }
}
