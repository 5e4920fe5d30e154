package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import org.agilab.runtime.data.DataPage;
import org.agilab.runtime.data.Dataset;
import org.agilab.runtime.data.SortOrder;
import org.agilab.runtime.io.DuckDb;
import org.agilab.ui.internal.data.DataEditor;
import org.agilab.ui.internal.data.DataGrid;
import org.agilab.ui.internal.data.OpenDatasetHandler;
import org.eclipse.swt.SWT;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The data editor on a generated 10M-row parquet (DuckDB writes it under target/, as the data service's benchmark
 * does): it opens without the rows being loaded, scrolls to the end and to a late page, filters and sorts, and each
 * time the rows on screen are the file's (read through the grid) and drawn (pixels of the screen). The UI thread's
 * longest stall is printed, not asserted (docs/benchmarks.md keeps the figures).
 */
class DataGridTenMillionRowsTest {

    static final long ROWS = 10_000_000L;

    @AfterEach
    void closeEditors() {
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().closeAllEditors(false);
    }

    /** The generated parquet, written once per build under target/ (the tests' AGILab home is target/agilab-home). */
    static Path tenMillionRows() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getenv("AGILAB_HOME")).toAbsolutePath().getParent().resolve("bench-data"));
        Path file = dir.resolve("tracks-" + ROWS + ".parquet");
        if (!Files.exists(file)) {
            Path partial = Files.createTempFile(dir, "tracks-", ".parquet.part");
            Files.delete(partial);
            try (Connection connection = DuckDb.connect("jdbc:duckdb:", new Properties()); Statement statement = connection.createStatement()) {
                statement.execute("COPY (SELECT TIMESTAMP '2026-01-01' + INTERVAL (range) SECOND AS date, 'AC-' || (range % 50) AS aircraft,"
                        + " 40 + (range % 1000) / 100.0 AS lat, 2 + (range % 777) / 100.0 AS long, ((range * 7919) % 100000) / 100.0 AS speed"
                        + " FROM range(" + ROWS + ")) TO '" + partial + "' (FORMAT parquet)");
            }
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return file;
    }

    @Test
    void aTenMillionRowParquetScrollsFiltersAndSortsWithoutBeingLoaded() throws Exception {
        Path file = tenMillionRows();
        closeWelcome();
        // what the service answers for the filter and the sort, asked before the UI thread is timed
        String filter = "speed > 500 AND aircraft <> 'AC-7'";
        long expected;
        DataPage fastest;
        try (Dataset service = Dataset.open(file.toString(), file.getParent())) {
            expected = service.count(filter, null);
            fastest = service.page(filter, new SortOrder("speed", false), 0, 1, null);
        }
        long opening = System.nanoTime();
        DataEditor editor = OpenDatasetHandler.open(AgilabViewsTest.page(), file.toString(), file.getParent());
        assertNotNull(editor);
        // the editor given the window, whatever the workbench's layout left it (the product's welcome page, say)
        AgilabViewsTest.page().setPartState(AgilabViewsTest.page().getReference(editor), org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED);
        Widgets.flush();
        Widgets.StallMeter stalls = Widgets.StallMeter.start();
        Widgets.waitUntil(() -> editor.idle() && editor.shownRows() == ROWS, 120_000, "the 10M rows counted");
        DataGrid grid = editor.grid();
        assertEquals(ROWS, grid.rowCount());
        assertEquals(List.of("date", "aircraft", "lat", "long", "speed", "source_file"), grid.columnTitles());
        Widgets.waitUntil(() -> onScreen(grid), 60_000, "the first rows");
        System.out.printf("10M rows: counted, the first column's statistics read and the first rows on screen %d ms after the editor was asked to open%n", (System.nanoTime() - opening) / 1_000_000);
        assertEquals("AC-0", grid.visibleRows().get(0)[1]);
        assertEquals("AC-1", grid.visibleRows().get(1)[1]);
        DataEditorTest.waitDrawn(grid, "the first rows' text is drawn");

        // End: the last row selected and on screen, as the file has it
        DataEditorTest.key(grid, SWT.END, 0);
        assertEquals("[9999999, 9999999]", java.util.Arrays.toString(grid.selection()));
        Widgets.waitUntil(() -> onScreen(grid), 60_000, "the last rows");
        List<String[]> shown = grid.visibleRows();
        assertEquals(ROWS, grid.topRow() + shown.size(), "the last row is the last on screen");
        assertEquals("AC-" + (ROWS - 1) % 50, shown.get(shown.size() - 1)[1]);
        assertEquals(((ROWS - 1) * 7919 % 100000) / 100.0, Double.parseDouble(shown.get(shown.size() - 1)[4]), 1e-9);
        DataEditorTest.waitDrawn(grid, "the last rows' text is drawn");

        // a late page, as the scroll bar's thumb dragged there
        long late = 7_654_321L;
        grid.control().getVerticalBar().setSelection((int) late);
        grid.control().getVerticalBar().notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
        assertEquals(late, grid.topRow());
        Widgets.waitUntil(() -> onScreen(grid), 60_000, "a late page");
        assertEquals("AC-" + late % 50, grid.visibleRows().get(0)[1]);
        assertEquals((late * 7919 % 100000) / 100.0, Double.parseDouble(grid.visibleRows().get(0)[4]), 1e-9);
        DataEditorTest.waitDrawn(grid, "the late rows' text is drawn");
        long[] scrolled = stallsSoFar(stalls);

        // a filter, then a sort on speed (descending on the second click): what the service answers for them
        DataEditorTest.enter(editor, filter);
        Widgets.waitUntil(() -> editor.idle() && editor.shownRows() == expected, 120_000, "the filtered count");
        assertEquals(expected, grid.rowCount());
        assertTrue(expected > 1_000_000 && expected < ROWS, expected + " rows");
        Widgets.waitUntil(() -> onScreen(grid), 60_000, "the filtered rows");
        for (String[] row : grid.visibleRows()) {
            assertTrue(Double.parseDouble(row[4]) > 500 && !row[1].equals("AC-7"), String.join(", ", row));
        }
        DataEditorTest.clickHeader(grid, 4);
        Widgets.waitUntil(() -> grid.sortDirection() == SWT.UP && onScreen(grid), 120_000, "the rows sorted by speed");
        DataEditorTest.clickHeader(grid, 4);
        grid.scrollTo(0);
        Widgets.waitUntil(() -> grid.sortDirection() == SWT.DOWN && onScreen(grid), 120_000, "the rows sorted by speed, descending");
        assertEquals(String.valueOf(fastest.rows().get(0)[4]), grid.text(0, 4));
        assertTrue(Double.parseDouble(grid.text(0, 4)) >= Double.parseDouble(grid.text(1, 4)));
        DataEditorTest.waitDrawn(grid, "the sorted rows' text is drawn");
        System.out.println("longest UI-thread stall while the data editor counted, scrolled to the end and to a late page of 10M rows: " + scrolled[0] + " ms");
        System.out.println("longest UI-thread stall while the data editor counted, scrolled, filtered and sorted 10M rows: "
                + stalls.stop() / 1_000_000 + " ms");
        AgilabViewsTest.screenshot(editor, "data-editor-10m");
    }

    /** The product's welcome page, if shown, closed: it leaves the editor area no room. */
    static void closeWelcome() {
        org.eclipse.ui.intro.IIntroManager intro = PlatformUI.getWorkbench().getIntroManager();
        if (intro.getIntro() != null) {
            intro.closeIntro(intro.getIntro());
        }
    }

    /** Whether every row on screen is read (none is drawn as a placeholder). */
    private static boolean onScreen(DataGrid grid) {
        List<String[]> rows = grid.visibleRows();
        return !rows.isEmpty() && rows.stream().allMatch(row -> row != null);
    }

    private static long[] stallsSoFar(Widgets.StallMeter stalls) {
        return new long[] {stalls.longestSoFar() / 1_000_000};
    }
}
