package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.agilab.core.internal.launch.AgilabLaunchDelegate;
import org.agilab.core.internal.launch.LaunchAttributes;
import org.agilab.core.internal.project.AppProjectConfigurator;
import org.agilab.runtime.data.ColumnStats;
import org.agilab.runtime.data.DataPage;
import org.agilab.runtime.record.RunHistory;
import org.agilab.ui.internal.data.ChartView;
import org.agilab.ui.internal.data.DataEditor;
import org.agilab.ui.internal.data.DataGrid;
import org.agilab.ui.internal.launch.AgilabLaunchShortcut;
import org.agilab.ui.internal.view.RunsView;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data editor on a real flight run's parquet outputs in the workbench under Xvfb: opened from the Runs view, a first
 * and a late page, sorted by a header click, filtered from the WHERE bar (the row count follows), statistics and a drawn
 * histogram, a bad and a refused filter marked at the bar; a workspace parquet opens in it, never in a text editor.
 */
class DataEditorTest {

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().closeAllEditors(false);
        AgilabIdeTest.endLaunches();
        AgilabIdeTest.removeConfigurationsAndProjects();
    }

    /**
     * Runs a copy of the flight app (mode p) made at {@code folder}, in the AGILab home {@code home}, as Run As would;
     * the Runs view shows that home's one run.
     */
    static RunsView runFlightApp(Path home, Path folder) throws Exception {
        AgilabIdeTest.copyTree(AgilabIdeTest.APPS.resolve("flight_telemetry_project"), folder);
        IProject project = AppProjectConfigurator.configure(folder, null);
        ILaunchConfigurationWorkingCopy copy = AgilabLaunchShortcut.configurationFor(project, AgilabLaunchDelegate.RUN).getWorkingCopy();
        new LaunchAttributes(project.getName(), "p", "", Map.of()).write(copy);
        copy.setAttribute(ILaunchManager.ATTR_ENVIRONMENT_VARIABLES, Map.of("AGILAB_HOME", home.toString()));
        assertEquals(0, AgilabViewsTest.launchAndWait(copy.doSave()), "the flight run");

        RunsView runs = (RunsView) AgilabViewsTest.page().showView(RunsView.ID);
        runs.showLogs(home.resolve("log/execute"));
        Widgets.waitUntil(() -> runs.entries().size() == 1, 30_000, "the Runs view to list the run");
        return runs;
    }

    /** A real flight run of a copy of the flight app in {@code dir}, its outputs opened from the Runs view. */
    record FlightRun(Path home, Path folder, IProject project, DataEditor editor) {
    }

    /** Runs the flight app (AGILab Run, AGILAB_HOME in {@code dir}) and opens its outputs in the data editor. */
    static FlightRun flightRunInTheDataEditor(Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path folder = dir.resolve("flight_telemetry_project");
        RunsView runs = runFlightApp(home, folder);
        IProject project = org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot().getProject(folder.getFileName().toString());
        RunHistory.Entry run = runs.entries().get(0);
        DataEditor editor = runs.openData(run);
        assertNotNull(editor);
        Widgets.waitUntil(() -> editor.idle() && editor.shownRows() > 0, 60_000, "the run's tracks to be counted");
        return new FlightRun(home, folder, project, editor);
    }

    /** A cell shows a double with at most six decimals, as pandas shows a frame; Ctrl+C copies the whole value. */
    @Test
    void aCellShowsADoubleAsPandasDoes() {
        assertEquals("3.93", DataGrid.shown(3.9299999999999997));
        assertEquals("812.345679", DataGrid.shown(812.3456789));
        assertEquals("-0.5", DataGrid.shown(-0.5));
        assertEquals("0", DataGrid.shown(-0.0));
        assertEquals("7", DataGrid.shown(7.0));
        assertEquals("1.5", DataGrid.shown(1.5f));
        assertEquals("1.0E-7", DataGrid.shown(1e-7), "too small for six decimals: as it is");
        assertEquals("1.0E20", DataGrid.shown(1e20));
        assertEquals("NaN", DataGrid.shown(Double.NaN));
        assertEquals("12345678901", DataGrid.shown(12345678901L), "integers as they are");
        assertEquals("", DataGrid.shown(null));
        List<Object[]> rows = List.<Object[]>of(new Object[] {3.9299999999999997, "AC-1"});
        assertEquals("speed\taircraft" + System.lineSeparator() + "3.9299999999999997\tAC-1" + System.lineSeparator(),
                DataGrid.tabSeparated(List.of("speed", "aircraft"), rows));
    }

    @Test
    void aRunsParquetOutputsOpenSortAndFilterInTheDataEditor() throws Exception {
        DataGridTenMillionRowsTest.closeWelcome();
        FlightRun flight = flightRunInTheDataEditor(dir);
        Path home = flight.home();
        Path folder = flight.folder();
        IProject project = flight.project();
        DataEditor editor = flight.editor();
        DataGrid table = editor.grid();
        long total = editor.shownRows();
        assertTrue(total > 1000, "the flight run's tracks: " + total + " rows");
        assertEquals(total, table.rowCount());
        assertTrue(editor.dataset().source().files().size() > 10 && editor.dataset().source().files().stream()
                .allMatch(file -> file.toString().endsWith(".parquet")), "the run's parquet tracks, not its JSON summaries");
        assertEquals(List.of("date", "aircraft", "lat", "long", "prev_lat", "prev_long", "speed", "source_file"),
                table.columnTitles());
        assertEquals(String.format("%,d rows", total), editor.status().getText());

        // what the service answers, asked before the UI thread is timed
        int late = (int) total - 2;
        DataPage first = editor.dataset().page(null, null, 0, 1, null);
        DataPage lastPage = editor.dataset().page(null, null, late, 1, null);
        ColumnStats speeds = editor.dataset().stats("speed", null, 10, null);
        String filter = String.format(java.util.Locale.ROOT, "speed > %.3f AND aircraft IS NOT NULL", speeds.mean());
        long expected = editor.dataset().count(filter, null);

        // the UI thread's longest stall from here on: reported, not asserted (a shared machine makes it noisy)
        Widgets.StallMeter stalls = Widgets.StallMeter.start();

        // the first page, then a late one, as the service gives them
        Widgets.waitUntil(() -> loaded(table, 0), 30_000, "the first rows");
        assertEquals(DataGrid.shown(first.rows().get(0)[6]), table.text(0, 6));
        assertEquals(DataGrid.shown(first.rows().get(0)[6]), table.visibleRows().get(0)[6], "the first row is on screen");
        waitDrawn(table, "the rows' text is drawn");
        table.reveal(late);
        Widgets.waitUntil(() -> loaded(table, late), 30_000, "a late page");
        assertEquals(DataGrid.shown(lastPage.rows().get(0)[7]), table.text(late, 7));
        assertEquals(DataGrid.shown(lastPage.rows().get(0)[6]), table.text(late, 6));
        assertTrue(table.topRow() <= late && late < table.topRow() + table.visibleRowCount(), "the late row is on screen");

        // Home, Shift+Down twice, Ctrl+C: the three first rows as tab-separated text, the column names first
        key(table, SWT.HOME, 0);
        key(table, SWT.ARROW_DOWN, SWT.SHIFT);
        key(table, SWT.ARROW_DOWN, SWT.SHIFT);
        assertEquals("[0, 2]", Arrays.toString(table.selection()));
        assertEquals(0, table.topRow(), "Home shows the first row");
        key(table, 'c', SWT.MOD1);
        Widgets.waitUntil(() -> editor.copied() != null, 30_000, "the copied rows");
        List<String> copied = editor.copied().lines().toList();
        assertEquals(4, copied.size(), editor.copied());
        assertEquals(String.join("\t", table.columnTitles()), copied.get(0));
        assertEquals(String.valueOf(first.rows().get(0)[6]), copied.get(1).split("\t", -1)[6]);

        // sort by speed: a click sorts ascending, a second descending
        clickHeader(table, 6);
        table.scrollTo(0);
        Widgets.waitUntil(() -> loaded(table, 0), 30_000, "the rows sorted by speed");
        assertEquals(SWT.UP, table.sortDirection());
        assertEquals(Double.parseDouble(speeds.min()), Double.parseDouble(table.text(0, 6)), 1e-6);
        clickHeader(table, 6);
        table.scrollTo(0);
        Widgets.waitUntil(() -> loaded(table, 0) && table.sortDirection() == SWT.DOWN, 30_000, "the rows sorted by speed, descending");
        assertEquals(Double.parseDouble(speeds.max()), Double.parseDouble(table.text(0, 6)), 1e-6);
        assertTrue(Double.parseDouble(table.text(0, 6)) >= Double.parseDouble(table.text(1, 6)));

        // a filter from the WHERE bar: the count follows, the sort stays
        assertTrue(expected > 0 && expected < total);
        enter(editor, filter);
        Widgets.waitUntil(() -> editor.idle() && editor.shownRows() == expected, 30_000, "the filtered count");
        assertEquals(expected, table.rowCount());
        assertEquals(String.format("%,d of %,d rows", expected, total), editor.status().getText());
        Widgets.waitUntil(() -> loaded(table, 0), 30_000, "the filtered rows");
        assertEquals(Double.parseDouble(speeds.max()), Double.parseDouble(table.text(0, 6)), 1e-6, "still sorted");
        assertTrue(Arrays.asList(editor.filterBar().getItems()).contains(filter), "the filter is in the bar's history");

        // statistics of the filtered rows, and their histogram drawn
        editor.showStatsOf("speed");
        Widgets.waitUntil(() -> editor.idle() && editor.shownStats() != null && editor.shownStats().column().name().equals("speed")
                && editor.shownStats().rows() == expected, 30_000, "the filtered speed statistics");
        ColumnStats shown = editor.shownStats();
        assertTrue(Double.parseDouble(shown.min()) > speeds.mean(), "the filter's rows only: min " + shown.min());
        assertEquals(expected - shown.nulls(), shown.bins().stream().mapToLong(ColumnStats.Bin::count).sum());
        assertTrue(barPixels(editor.histogram()) > 100, "the histogram's bars are drawn");

        // a filter DuckDB cannot read, and one that would write: marked at the bar, the rows stay
        enter(editor, "speed > > 3");
        Widgets.waitUntil(() -> editor.idle() && editor.filterError() != null, 30_000, "the filter error");
        assertTrue(editor.filterError().startsWith("not a valid filter"), editor.filterError());
        assertEquals("Invalid filter", editor.status().getText());
        assertEquals(new Point(8, 9), editor.filterBar().getSelection(), "the cursor is put at the error");
        assertEquals(filter, editor.appliedFilter());
        assertEquals(expected, table.rowCount());
        Path written = dir.resolve("written.csv");
        enter(editor, "1=1); COPY (SELECT 1) TO '" + written + "'; SELECT (1");
        Widgets.waitUntil(() -> editor.idle() && editor.filterError() != null && editor.filterError().contains("closes more"), 30_000,
                "the refusal");
        assertEquals("Filter refused", editor.status().getText());
        assertTrue(!Files.exists(written));
        enter(editor, "");
        Widgets.waitUntil(() -> editor.idle() && editor.shownRows() == total && editor.filterError() == null, 30_000, "all rows again");

        System.out.println("longest UI-thread stall while the data editor paged, sorted and filtered: " + stalls.stop() / 1_000_000 + " ms");

        enter(editor, filter);
        Widgets.waitUntil(() -> editor.idle() && editor.shownRows() == expected, 30_000, "the filter again, for the screenshot");

        // Export...: upstream's ~/export/<target>/export.csv of the run's home proposed; the filtered rows' chosen columns written
        assertEquals(home.resolve("export/flight_telemetry/export.csv"), editor.defaultExport());
        org.eclipse.core.runtime.jobs.Job exporting = editor.exportCsv(List.of("aircraft", "speed"), editor.defaultExport());
        Widgets.waitUntil(() -> exporting.getResult() != null, 60_000, "the export");
        assertTrue(exporting.getResult().isOK(), exporting.getResult().toString());
        List<String> exported = Files.readAllLines(editor.defaultExport());
        assertEquals("aircraft,speed", exported.get(0));
        assertEquals(expected, exported.size() - 1, "the filtered rows");
        Widgets.waitUntil(() -> editor.status().getText().startsWith("Exported "), 10_000, "the status line");
        assertEquals(String.format("Exported %,d rows to %s", expected, editor.defaultExport()), editor.status().getText());
        editor.showStatsOf("speed");
        Widgets.waitUntil(() -> editor.idle() && editor.shownStats() != null && editor.shownStats().rows() == expected, 30_000, "stats");
        Widgets.waitUntil(() -> loaded(table, 0), 30_000, "rows");
        org.eclipse.ui.IWorkbenchPartReference editorReference = AgilabViewsTest.page().getReference(editor);
        AgilabViewsTest.page().setPartState(editorReference, org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED);
        Widgets.waitUntil(() -> loaded(table, 0), 30_000, "rows, maximized");
        AgilabViewsTest.screenshot(editor, "data-editor");
        AgilabViewsTest.page().setPartState(editorReference, org.eclipse.ui.IWorkbenchPage.STATE_RESTORED);

        // a Chart view opened on this dataset starts on a chart worth looking at: time along x, the first other number up y
        org.eclipse.ui.IViewPart earlier = AgilabViewsTest.page().findView(ChartView.ID);
        if (earlier != null) {
            AgilabViewsTest.page().hideView(earlier); // a view that charted another dataset keeps its columns
        }
        ChartView fresh = (ChartView) AgilabViewsTest.page().showView(ChartView.ID);
        Widgets.waitUntil(() -> fresh.idle() && fresh.drawn() != null, 60_000, "the first chart of the dataset");
        assertEquals(List.of("date", "lat"), fresh.shownColumns());

        // the Chart view charts the active editor's filtered rows: the marks are drawn (pixels of the drawn image)
        ChartView chart = (ChartView) AgilabViewsTest.page().showView(ChartView.ID);
        chart.show(ChartView.Kind.SCATTER, "long", "lat");
        Widgets.waitUntil(() -> chart.idle() && chart.drawn() != null && chart.note().endsWith("(a sample)"), 60_000, "the scatter of the tracks");
        assertEquals(String.format("5,000 of %,d points (a sample)", expected), chart.note());
        org.eclipse.ui.IWorkbenchPartReference chartReference = AgilabViewsTest.page().getReference(chart);
        AgilabViewsTest.page().setPartState(chartReference, org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED);
        Widgets.waitUntil(() -> chart.idle() && chart.drawnToSize(), 30_000, "the chart drawn maximized");
        int scatterMarks = seriesPixels(chart.drawn());
        assertTrue(scatterMarks > 2000, "the scatter's points are drawn: " + scatterMarks + " pixels of " + drawnSize(chart));
        AgilabViewsTest.screenshot(chart, "chart-view");
        Path png = dir.resolve("charts/tracks.png");
        org.eclipse.core.runtime.jobs.Job export = chart.export(png);
        Widgets.waitUntil(() -> export.getResult() != null, 30_000, "the PNG export");
        assertTrue(export.getResult().isOK(), export.getResult().toString());
        byte[] header = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertEquals("[-119, 80, 78, 71, 13, 10, 26, 10]", Arrays.toString(header), "a PNG file");
        Path svg = dir.resolve("charts/tracks.svg");
        org.eclipse.core.runtime.jobs.Job vector = chart.export(svg);
        Widgets.waitUntil(() -> vector.getResult() != null, 30_000, "the SVG export");
        assertTrue(vector.getResult().isOK(), vector.getResult().toString());
        String drawing = Files.readString(svg);
        // the x axis's label as SVG text (the rotated y label is drawn as outlines) and the marks as paths
        assertTrue(drawing.contains("<svg xmlns='http://www.w3.org/2000/svg'") && drawing.contains(">long</text>")
                && drawing.split("<path", -1).length > 1000, "an SVG with the x axis's label and the marks: "
                        + drawing.substring(0, Math.min(300, drawing.length())));
        // the other kinds are checked maximized too: restored, the view's size depends on what earlier tests left in the
        // workbench's layout (in the full suite it can be a sliver), and the marks' pixel counts with it
        chart.show(ChartView.Kind.HISTOGRAM, "speed", null);
        Widgets.waitUntil(() -> chart.idle() && chart.drawnToSize() && chart.note().equals(String.format("%,d values", expected)), 30_000,
                "the histogram");
        int histogramBars = seriesPixels(chart.drawn());
        assertTrue(histogramBars > 2000, "the histogram's bars are drawn: " + histogramBars + " pixels of " + drawnSize(chart));
        chart.show(ChartView.Kind.BAR, "aircraft", null);
        Widgets.waitUntil(() -> chart.idle() && chart.drawnToSize() && !chart.note().startsWith("Reading"), 30_000, "the bars");
        int bars = seriesPixels(chart.drawn());
        assertTrue(bars > 1000, "a bar per aircraft: " + bars + " pixels of " + drawnSize(chart));
        chart.show(ChartView.Kind.LINE, "date", "speed");
        Widgets.waitUntil(() -> chart.idle() && chart.drawnToSize() && chart.note().endsWith("(a sample)"), 30_000, "speed over time");
        int line = seriesPixels(chart.drawn());
        assertTrue(line > 500, "the line is drawn: " + line + " pixels of " + drawnSize(chart));
        AgilabViewsTest.page().setPartState(chartReference, org.eclipse.ui.IWorkbenchPage.STATE_RESTORED);
        AgilabViewsTest.page().activate(editor);

        // a parquet in the workspace opens in the data editor by default, never in a text editor; CSV and JSON offer it
        Path track;
        try (Stream<Path> files = Files.list(editor.dataset().source().files().get(0).getParent())) {
            track = files.filter(file -> file.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Files.copy(track, folder.resolve("track.parquet"));
        project.refreshLocal(IResource.DEPTH_INFINITE, null);
        IFile file = project.getFile("track.parquet");
        assertEquals(DataEditor.ID, IDE.getDefaultEditor(file).getId());
        IEditorPart opened = IDE.openEditor(AgilabViewsTest.page(), file);
        assertTrue(opened instanceof DataEditor, "a parquet opens in the data editor: " + opened);
        Widgets.waitUntil(() -> ((DataEditor) opened).idle() && ((DataEditor) opened).shownRows() > 0, 30_000, "the workspace parquet");
        for (String name : List.of("x.csv", "x.json")) {
            assertTrue(Arrays.stream(PlatformUI.getWorkbench().getEditorRegistry().getEditors(name))
                    .anyMatch(descriptor -> descriptor.getId().startsWith(DataEditor.ID)), name + " offers the data editor in Open With");
        }
    }

    private static String drawnSize(ChartView chart) {
        return chart.drawn().width + "x" + chart.drawn().height;
    }

    /**
     * Pixels near JFreeChart's first series colour (255, 85, 85), anti-aliased edges included: the marks of the chart,
     * not its grey axes, grid or black labels.
     */
    static int seriesPixels(ImageData data) {
        int count = 0;
        for (int y = 0; y < data.height; y++) {
            for (int x = 0; x < data.width; x++) {
                RGB rgb = data.palette.getRGB(data.getPixel(x, y));
                if (rgb.red > 200 && rgb.green < 170 && rgb.blue < 170 && Math.abs(rgb.green - rgb.blue) < 30) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void theAgilabPerspectiveShowsTheAppsRunsAndChartAroundTheEditors() throws Exception {
        org.eclipse.ui.IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        org.eclipse.ui.IPerspectiveDescriptor before = window.getActivePage().getPerspective();
        org.eclipse.ui.IPerspectiveDescriptor agilab = PlatformUI.getWorkbench().getPerspectiveRegistry()
                .findPerspectiveWithId(org.agilab.ui.internal.data.AgilabPerspective.ID);
        assertNotNull(agilab);
        assertEquals("AGILab", agilab.getLabel());
        window.getActivePage().setPerspective(agilab);
        try {
            Widgets.flush();
            for (String view : List.of(RunsView.ID, org.agilab.ui.internal.view.AppsView.ID, ChartView.ID, org.agilab.ui.internal.data.MapView.ID,
                    org.eclipse.ui.IPageLayout.ID_PROJECT_EXPLORER, "org.eclipse.ui.console.ConsoleView", org.agilab.ui.internal.view.WorkersView.ID)) {
                assertNotNull(window.getActivePage().findViewReference(view), view + " is in the AGILab perspective");
            }
        } finally {
            window.getActivePage().setPerspective(before);
        }
    }

    /** Whether the grid's row at {@code index} is read (else it is drawn as a placeholder). */
    static boolean loaded(DataGrid grid, long index) {
        return grid.text(index, 0) != null;
    }

    /** A click in the middle of column {@code column}'s header, as the mouse sends it. */
    static void clickHeader(DataGrid grid, int column) {
        Event press = new Event();
        press.button = 1;
        press.x = grid.columnX(column) + grid.columnWidth(column) / 2;
        press.y = grid.headerHeight() / 2;
        grid.control().notifyListeners(SWT.MouseDown, press);
        Event release = new Event();
        release.button = 1;
        release.x = press.x;
        release.y = press.y;
        grid.control().notifyListeners(SWT.MouseUp, release);
    }

    /** A key pressed in the grid, with {@code modifiers} (SWT.SHIFT, SWT.MOD1) held. */
    static void key(DataGrid grid, int keyCode, int modifiers) {
        Event event = new Event();
        event.keyCode = keyCode;
        event.character = keyCode < 0x10000 ? (char) keyCode : 0;
        event.stateMask = modifiers;
        grid.control().notifyListeners(SWT.KeyDown, event);
    }

    /**
     * Waits until the grid's rows show text on the screen (a paint follows a page's arrival, not at once); fails if they
     * never do.
     */
    static void waitDrawn(DataGrid grid, String what) {
        Widgets.waitUntil(() -> drawnPixels(grid) > 1000, 10_000, what);
    }

    /**
     * Pixels of the grid's rows (below the header), read back from the screen, in or near the list's text colour: the
     * cells' text (the background, the grid lines and the dimmed placeholders of rows not read yet are not counted).
     */
    static int drawnPixels(DataGrid grid) {
        Canvas canvas = grid.control();
        canvas.redraw();
        canvas.update();
        Widgets.flush();
        return Widgets.StallMeter.outside(() -> textPixels(grid));
    }

    /** {@link #drawnPixels}' count, of what is on the screen now (the test's own work: not timed as a stall). */
    private static int textPixels(DataGrid grid) {
        Canvas canvas = grid.control();
        Point size = canvas.getSize();
        if (size.x <= 0 || size.y <= 0) {
            return 0; // not on screen at all (a workbench layout with no room for the editor)
        }
        Image image = new Image(canvas.getDisplay(), size.x, size.y);
        GC gc = new GC(canvas);
        try {
            gc.copyArea(image, 0, 0);
            ImageData data = image.getImageData();
            RGB text = canvas.getDisplay().getSystemColor(SWT.COLOR_LIST_FOREGROUND).getRGB();
            org.eclipse.swt.graphics.PaletteData palette = data.palette;
            Rectangle client = canvas.getClientArea();
            int width = Math.min(data.width, client.width);
            int[] line = new int[width];
            int count = 0;
            for (int y = grid.headerHeight() + 2; y < Math.min(data.height, client.height); y++) {
                data.getPixels(0, y, width, line, 0);
                for (int pixel : line) {
                    // the direct palette's masks, as PaletteData.getRGB reads them, without an RGB per pixel
                    RGB indexed = palette.isDirect ? null : palette.getRGB(pixel);
                    int red = indexed != null ? indexed.red : shift(pixel & palette.redMask, palette.redShift);
                    int green = indexed != null ? indexed.green : shift(pixel & palette.greenMask, palette.greenShift);
                    int blue = indexed != null ? indexed.blue : shift(pixel & palette.blueMask, palette.blueShift);
                    if (Math.abs(red - text.red) + Math.abs(green - text.green) + Math.abs(blue - text.blue) < 120) {
                        count++;
                    }
                }
            }
            return count;
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    private static int shift(int value, int shift) {
        return shift < 0 ? value >>> -shift : value << shift;
    }

    /** Types a filter into the WHERE bar and presses Enter. */
    static void enter(DataEditor editor, String filter) {
        editor.filterBar().setText(filter);
        editor.filterBar().notifyListeners(SWT.DefaultSelection, new Event());
        assertNotEquals(null, editor.filterBar().getText());
    }

    /** Pixels of the histogram canvas in the bars' colour, read back from the screen. */
    private static int barPixels(Canvas histogram) {
        histogram.redraw();
        histogram.update();
        Widgets.flush();
        Point size = histogram.getSize();
        Image image = new Image(histogram.getDisplay(), size.x, size.y);
        GC gc = new GC(histogram);
        try {
            gc.copyArea(image, 0, 0);
            ImageData data = image.getImageData();
            RGB bar = histogram.getDisplay().getSystemColor(SWT.COLOR_LIST_SELECTION).getRGB();
            int count = 0;
            for (int y = 0; y < data.height; y++) {
                for (int x = 0; x < data.width; x++) {
                    if (data.palette.getRGB(data.getPixel(x, y)).equals(bar)) {
                        count++;
                    }
                }
            }
            return count;
        } finally {
            gc.dispose();
            image.dispose();
        }
    }
}
