package org.agilab.ui.internal.data;

import java.nio.file.Path;
import java.util.List;

import org.agilab.runtime.data.CategorySeries;
import org.agilab.runtime.data.ColumnStats;
import org.agilab.runtime.data.DataColumn;
import org.agilab.runtime.data.DataQueryException;
import org.agilab.runtime.data.Dataset;
import org.agilab.runtime.data.XySeries;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;
import org.jfree.chart.JFreeChart;

/**
 * AGILab Chart: a line, scatter, histogram or bar chart of the active data editor's dataset, under its filter. The
 * service samples (points) or aggregates (bars, bins), so a 10M-row dataset costs one scan and draws a few thousand
 * marks; JFreeChart draws into an image this view shows. Queries and drawing run in Jobs; a new chart cancels the
 * previous one's query.
 */
public final class ChartView extends ViewPart {

    public static final String ID = "org.agilab.ui.chartView";

    /** Points drawn at most; beyond, a sample of the rows. */
    static final int MAX_POINTS = 5_000;
    static final int MAX_BARS = 30;
    static final int BINS = 30;

    /** What the chart shows. */
    public enum Kind {
        LINE, SCATTER, HISTOGRAM, BAR
    }

    private Combo kind;
    private Combo xColumn;
    private Combo yColumn;
    private Label note;
    /** What the canvas says while there is no chart (no dataset, or no y for a line). */
    private String canvasMessage = Messages.ChartView_empty;
    private Canvas canvas;
    private Image image;
    private JFreeChart chart;
    private ImageData drawn;
    private DataEditor source;
    private Cancellation query = new Cancellation();
    private long generation;
    private int running;
    private final Runnable onFilter = this::redrawChart;

    private FollowedEditor followed;

    @Override
    public void createPartControl(Composite parent) {
        Composite root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(7, false));
        new Label(root, SWT.NONE).setText(Messages.ChartView_kind);
        kind = new Combo(root, SWT.READ_ONLY);
        kind.setItems(Messages.ChartView_line, Messages.ChartView_scatter, Messages.ChartView_histogram, Messages.ChartView_bar);
        kind.select(1);
        kind.setToolTipText(Messages.ChartView_kindTip);
        new Label(root, SWT.NONE).setText(Messages.ChartView_x);
        xColumn = new Combo(root, SWT.READ_ONLY);
        xColumn.setToolTipText(Messages.ChartView_xTip);
        new Label(root, SWT.NONE).setText(Messages.ChartView_y);
        yColumn = new Combo(root, SWT.READ_ONLY);
        yColumn.setToolTipText(Messages.ChartView_yTip);
        note = new Label(root, SWT.NONE);
        note.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        for (Combo combo : List.of(kind, xColumn, yColumn)) {
            combo.addListener(SWT.Selection, event -> redrawChart());
        }
        canvas = new Canvas(root, SWT.DOUBLE_BUFFERED);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 7, 1));
        canvas.addPaintListener(event -> {
            if (image != null && !image.isDisposed()) {
                event.gc.drawImage(image, 0, 0);
            } else {
                drawWrapped(event.gc, canvasMessage, canvas.getClientArea().width - 20);
            }
        });
        canvas.addListener(SWT.Resize, event -> render());

        Action export = new Action(Messages.ChartView_export) {
            @Override
            public void run() {
                Pictures.ask(getSite().getShell(), "chart.png", ChartView.this::export);
            }
        };
        export.setToolTipText(Messages.ChartView_exportTip);
        export.setImageDescriptor(org.eclipse.ui.PlatformUI.getWorkbench().getSharedImages()
                .getImageDescriptor(org.eclipse.ui.ISharedImages.IMG_ETOOL_SAVEAS_EDIT));
        getViewSite().getActionBars().getToolBarManager().add(export);
        getViewSite().getActionBars().getMenuManager().add(export);
        org.agilab.ui.internal.view.ViewParts.contextMenu(getViewSite(), org.agilab.ui.internal.view.ViewParts.NO_ROWS, canvas, export);
        org.agilab.ui.internal.view.ViewParts.help(getViewSite(), root, "org.agilab.ui.chart_view");

        followed = new FollowedEditor(getSite().getPage(), this::follow, onFilter);
        follow(followed.active());
    }

    /** Charts another data editor's dataset (null: none). */
    public void follow(DataEditor editor) {
        followed.follow(editor);
        source = editor;
        fillColumns();
        redrawChart();
    }

    /** Chooses what to draw, as the combos do. */
    public void show(Kind what, String x, String y) {
        if (xColumn.getItemCount() == 0) {
            fillColumns();
        }
        kind.select(what.ordinal());
        xColumn.select(java.util.Arrays.asList(xColumn.getItems()).indexOf(x));
        yColumn.select(y == null ? 0 : java.util.Arrays.asList(yColumn.getItems()).indexOf(y));
        redrawChart();
    }

    private void fillColumns() {
        Dataset dataset = source == null ? null : source.dataset();
        String x = xColumn.getText();
        String y = yColumn.getText();
        xColumn.removeAll();
        yColumn.removeAll();
        yColumn.add(Messages.ChartView_count);
        if (dataset != null) {
            for (DataColumn column : dataset.columns()) {
                xColumn.add(column.name());
                if (column.numeric() || column.temporal()) {
                    yColumn.add(column.name());
                }
            }
        }
        List<String> xs = java.util.Arrays.asList(xColumn.getItems());
        List<String> ys = java.util.Arrays.asList(yColumn.getItems());
        if (dataset != null && !xs.contains(x)) {
            // a dataset charted for the first time: time (else the first number) along x, the first other number up y
            DataColumn along = dataset.columns().stream().filter(DataColumn::temporal).findFirst()
                    .or(() -> dataset.columns().stream().filter(DataColumn::numeric).findFirst()).orElse(null);
            x = along == null ? null : along.name();
            String alongName = x;
            y = dataset.columns().stream().filter(column -> column.numeric() && !column.name().equals(alongName)).map(DataColumn::name)
                    .findFirst().orElse(null);
        }
        xColumn.select(Math.max(0, xs.indexOf(x)));
        yColumn.select(Math.max(0, ys.indexOf(y)));
        xColumn.getParent().layout();
    }

    /** The x and y columns chosen ({@code rows} for y when counting), for tests. */
    public List<String> shownColumns() {
        return List.of(xColumn.getText(), yColumn.getText());
    }

    /** Reads the chart's data in a Job (cancelling the previous read), then draws it. */
    private void redrawChart() {
        query.cancel("another chart");
        Dataset dataset = source == null ? null : source.dataset();
        if (dataset != null && xColumn.getItemCount() == 0) {
            fillColumns(); // followed while its dataset was still opening
        }
        canvasMessage = Messages.ChartView_empty;
        if (dataset == null || xColumn.getSelectionIndex() < 0) {
            chart = null;
            render();
            return;
        }
        Kind chosen = Kind.values()[kind.getSelectionIndex()];
        if ((chosen == Kind.LINE || chosen == Kind.SCATTER) && yColumn.getSelectionIndex() <= 0) {
            // y against x needs a y: rows are counted by the histogram and the bars
            chart = null;
            note.setText("");
            canvasMessage = Messages.ChartView_chooseY;
            render();
            return;
        }
        query = new Cancellation();
        Cancellation cancellation = query;
        long mine = ++generation;
        Kind what = Kind.values()[kind.getSelectionIndex()];
        String x = xColumn.getText();
        String y = yColumn.getSelectionIndex() <= 0 ? null : yColumn.getText();
        String filter = source.appliedFilter();
        String title = source.getPartName() + (filter.isEmpty() ? "" : "  [" + filter + "]");
        Display display = canvas.getDisplay();
        running++;
        note.setText(Messages.ChartView_reading);
        Job job = Job.create(NLS.bind(Messages.ChartView_job, x), monitor -> {
            Charted made = null;
            String said;
            try {
                made = switch (what) {
                    case LINE, SCATTER -> xy(what, dataset.xy(x, y, filter, MAX_POINTS, cancellation), title);
                    case HISTOGRAM -> histogram(dataset.stats(x, filter, BINS, cancellation), title);
                    case BAR -> bars(dataset.bars(x, y, filter, MAX_BARS, cancellation), title);
                };
                said = "";
            } catch (DataQueryException e) {
                said = e.kind() == DataQueryException.Kind.CANCELLED ? null : e.getMessage();
            }
            Charted result = made;
            String message = said;
            display.asyncExec(() -> {
                running--;
                if (canvas.isDisposed() || mine != generation || message == null) {
                    return;
                }
                chart = result == null ? null : result.chart();
                note.setText(message.isEmpty() ? result.note() : message);
                note.setToolTipText(message);
                render();
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    /** {@code text} in lines no wider than {@code width} (a narrow view cuts no sentence), from the top left corner. */
    private static void drawWrapped(org.eclipse.swt.graphics.GC gc, String text, int width) {
        StringBuilder line = new StringBuilder();
        int y = 10;
        for (String word : text.split(" ")) {
            String longer = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && gc.textExtent(longer).x > width) {
                gc.drawText(line.toString(), 10, y, true);
                y += gc.getFontMetrics().getHeight();
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(longer);
            }
        }
        gc.drawText(line.toString(), 10, y, true);
    }

    /** A chart and the line said under the view's bar about it (sampled, binned, truncated). */
    private record Charted(JFreeChart chart, String note) {
    }

    private static Charted xy(Kind what, XySeries series, String title) {
        return new Charted(Charts.xy(what == Kind.LINE, series, title), series.sampled()
                ? NLS.bind(Messages.ChartView_sampled, String.format("%,d", series.xs().length), String.format("%,d", series.rows()))
                : NLS.bind(Messages.ChartView_points, String.format("%,d", series.rows())));
    }

    private static Charted histogram(ColumnStats stats, String title) {
        return new Charted(Charts.histogram(stats, title, Messages.ChartView_count),
                NLS.bind(Messages.ChartView_binned, String.format("%,d", stats.rows() - stats.nulls())));
    }

    private static Charted bars(CategorySeries series, String title) {
        return new Charted(Charts.bars(series, title, Messages.ChartView_count),
                series.truncated() ? NLS.bind(Messages.ChartView_largest, series.labels().size()) : "");
    }

    /** Draws the chart at the canvas's size, off the UI thread, then shows it. */
    private void render() {
        if (canvas.isDisposed()) {
            return;
        }
        JFreeChart toDraw = chart;
        org.eclipse.swt.graphics.Point size = canvas.getSize();
        if (toDraw == null || size.x < 10 || size.y < 10) {
            replace(null);
            return;
        }
        Display display = canvas.getDisplay();
        running++;
        Job job = Job.create(Messages.ChartView_drawing, monitor -> {
            ImageData data = Pictures.toImageData(Pictures.raster(Charts.drawing(toDraw), size.x, size.y));
            display.asyncExec(() -> {
                running--;
                if (!canvas.isDisposed() && toDraw == chart) {
                    replace(data);
                }
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    private void replace(ImageData data) {
        if (image != null) {
            image.dispose();
        }
        drawn = data;
        image = data == null ? null : new Image(canvas.getDisplay(), data);
        canvas.redraw();
    }

    /**
     * Writes the shown chart at the view's size (atomically), in a Job: as SVG (vector, JFreeSVG) when the file's name
     * ends with {@code .svg}, else as PNG.
     */
    public Job export(Path file) {
        JFreeChart toSave = chart;
        if (toSave == null) {
            MessageDialog.openInformation(getSite().getShell(), Messages.ChartView_export, Messages.ChartView_empty);
            return null;
        }
        org.eclipse.swt.graphics.Point size = canvas.getSize();
        return Pictures.export(file, Charts.drawing(toSave), Math.max(400, size.x), Math.max(300, size.y));
    }


    // ---------------------------------------------------------------------------------------------- for tests

    /** The chart as last drawn on the canvas, or null. */
    public ImageData drawn() {
        return drawn;
    }

    /** Whether the chart shown was drawn at the canvas's present size (after a resize, it is drawn again). */
    public boolean drawnToSize() {
        return drawn != null && drawn.width == canvas.getSize().x && drawn.height == canvas.getSize().y;
    }

    /** Whether nothing is being read or drawn. */
    public boolean idle() {
        return running == 0;
    }

    public String note() {
        return note.getText();
    }

    @Override
    public void setFocus() {
        canvas.setFocus();
    }

    @Override
    public void dispose() {
        query.cancel("the Chart view closed");
        followed.dispose();
        if (image != null) {
            image.dispose();
        }
        super.dispose();
    }
}
