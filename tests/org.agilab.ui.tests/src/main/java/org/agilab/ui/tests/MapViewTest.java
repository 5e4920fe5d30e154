package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.agilab.runtime.data.DataColumn;
import org.agilab.runtime.data.DataPage;
import org.agilab.runtime.data.GeoBounds;
import org.agilab.runtime.data.MapColours;
import org.agilab.runtime.data.MapPoints;
import org.agilab.ui.internal.data.DataEditor;
import org.agilab.ui.internal.data.MapMessages;
import org.agilab.ui.internal.data.MapPainter;
import org.agilab.ui.internal.data.MapView;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Map view on a real flight run's outputs in the workbench under Xvfb: empty without a dataset, opened by the data
 * editor's Show on Map; the pixels of the drawn map hold the coastline and each track's colour where its points are; the
 * row under the pointer is read; the wheel zooms about the pointer, a drag pans; colour by a number, a sample, a PNG.
 */
class MapViewTest {

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        IWorkbenchPage page = AgilabViewsTest.page();
        MapView map = (MapView) page.findView(MapView.ID);
        if (map != null) {
            page.setPartState(page.getReference(map), IWorkbenchPage.STATE_RESTORED);
        }
        page.closeAllEditors(false);
        AgilabIdeTest.endLaunches();
        AgilabIdeTest.removeConfigurationsAndProjects();
    }

    @Test
    void aFlightRunsTracksAreDrawnOverTheCoastlineWithTheirRowsOnHover() throws Exception {
        AgilabViewsTest.page().closeAllEditors(false);
        MapView opened = (MapView) AgilabViewsTest.page().showView(MapView.ID);
        Widgets.flush();
        assertEquals(MapMessages.empty, opened.emptyMessage(), "no dataset: the view says what to do");

        DataEditor editor = DataEditorTest.flightRunInTheDataEditor(dir).editor();
        MapView map = editor.showOnMap();
        assertTrue(map == opened, "Show on Map brings the view forward");
        IWorkbenchPartReference reference = AgilabViewsTest.page().getReference(map);
        AgilabViewsTest.page().setPartState(reference, IWorkbenchPage.STATE_MAXIMIZED);
        // the window at the screenshot's size first: a resize draws the map again
        AgilabIdeTest.workbenchShell().setSize(1280, 860);
        Widgets.flush();
        try {
            Widgets.waitUntil(() -> map.idle() && map.points() != null && map.drawnToSize(), 60_000, "the tracks mapped, maximized");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": idle " + map.idle() + ", note '" + map.note() + "', canvas " + map.canvas().getSize()
                    + " visible " + map.canvas().isVisible() + ", drawn " + (map.drawn() == null ? null : map.drawn().width + "x" + map.drawn().height)
                    + ", empty state " + map.emptyMessage(), e);
        }
        assertNull(map.emptyMessage());

        // one track per aircraft, every dated row behind the points, far fewer points than rows
        MapPoints points = map.points();
        assertEquals(List.of("lat", "long", "aircraft", "date", "aircraft"),
                Arrays.asList(points.query().lat(), points.query().lon(), points.query().group(), points.query().order(), points.query().colour()));
        long rows = editor.dataset().count("lat IS NOT NULL AND long IS NOT NULL AND date IS NOT NULL", null);
        assertEquals(rows, points.rows());
        int aircraft = editor.dataset().bars("aircraft", null, null, 1000, null).labels().size();
        assertEquals(aircraft, points.trackNames().size());
        assertTrue(points.size() < rows, points.size() + " points for " + rows + " rows");
        assertEquals(String.format("%,d points of %,d rows", points.size(), rows), map.note());
        assertEquals(MapColours.Kind.DISCRETE, points.colours().kind());

        // the picture: the coast in its colour, each point's track colour at its place
        ImageData drawn = map.drawn();
        int coast = count(drawn, MapPainter.COAST);
        assertTrue(coast > 100, "the coastline is drawn: " + coast + " pixels");
        // where tracks cross or share an airport the later drawn covers the earlier: most points show their own colour,
        // every one shows a track's
        int placed = 0;
        int marked = 0;
        Set<Integer> colours = new HashSet<>();
        int step = Math.max(1, points.size() / 300);
        int checked = 0;
        for (int i = 0; i < points.size(); i += step) {
            checked++;
            int x = (int) Math.round(points.query().bounds().x(points.lons()[i], drawn.width));
            int y = (int) Math.round(points.query().bounds().y(points.lats()[i], drawn.height));
            int own = points.rgb(i);
            if (near(drawn, x, y, rgb -> rgb == own)) {
                placed++;
                colours.add(own);
            }
            if (near(drawn, x, y, rgb -> rgb != MapPainter.SEA && rgb != MapPainter.LAND && rgb != MapPainter.COAST)) {
                marked++;
            }
        }
        assertTrue(placed >= checked * 0.75, placed + " of " + checked + " points show their track's colour at their place");
        assertTrue(marked >= checked * 0.98, marked + " of " + checked + " points show a track at their place");
        for (int c = 0; c < Math.min(aircraft, MapColours.MAX_CLASSES); c++) {
            int rgb = points.colours().classRgb(c);
            assertTrue(count(drawn, rgb) > 20, points.colours().classes().get(c) + "'s track is drawn in its colour " + Integer.toHexString(rgb));
        }
        assertTrue(colours.size() > 1, "the points checked show several tracks' colours: " + colours);
        AgilabViewsTest.screenshot(map, "map-view");

        // the row under the pointer: the point's own
        int i = points.size() / 2;
        int x = (int) Math.round(points.query().bounds().x(points.lons()[i], drawn.width));
        int y = (int) Math.round(points.query().bounds().y(points.lats()[i], drawn.height));
        // the pointer moved there, as a user's: the canvas's own mouse-move listener finds the point
        Point onScreen = map.canvas().toDisplay(x, y);
        Event move = new Event();
        move.type = SWT.MouseMove;
        move.x = onScreen.x;
        move.y = onScreen.y;
        map.canvas().getDisplay().post(move);
        Widgets.flush();
        map.hoverAt(x, y); // the same point: nothing more is read when the pointer's event came first
        Widgets.waitUntil(() -> map.idle() && map.hoverRow() != null, 30_000, "the hovered row");
        DataPage row = map.hoverRow();
        List<String> names = row.columns().stream().map(DataColumn::name).toList();
        int near = points.nearest(x, y, 8);
        Object[] values = row.rows().get(0);
        assertEquals(points.trackNames().get(points.tracks()[near]), values[names.indexOf("aircraft")]);
        assertEquals(points.lats()[near], ((Number) values[names.indexOf("lat")]).doubleValue(), 1e-9);
        assertEquals(points.lons()[near], ((Number) values[names.indexOf("long")]).doubleValue(), 1e-9);
        assertTrue(map.hoverText().contains("aircraft: " + values[names.indexOf("aircraft")]), map.hoverText());
        assertEquals(map.hoverText(), map.canvas().getToolTipText());

        // the wheel zooms about the pointer: the place under it stays, the extent shrinks
        GeoBounds before = map.bounds();
        double lonThere = before.lon(x, drawn.width);
        double latThere = before.lat(y, drawn.height);
        map.wheel(x, y, 3);
        Widgets.waitUntil(() -> map.idle() && map.bounds() != before && map.points() != points, 30_000, "the zoomed map");
        GeoBounds zoomed = map.bounds();
        assertEquals(before.width() / 1.6, zoomed.width(), 1e-9);
        assertEquals(x, zoomed.x(lonThere, drawn.width), 1e-6);
        assertEquals(y, zoomed.y(latThere, drawn.height), 1e-6);
        assertTrue(map.points().rows() <= rows);
        // a drag to the right shows what was west
        map.pan(100, 0);
        Widgets.waitUntil(() -> map.idle() && map.bounds() != zoomed, 30_000, "the panned map");
        assertEquals(zoomed.west() - 100 * zoomed.width() / drawn.width, map.bounds().west(), 1e-9);

        // coloured by speed on a scale, a 10% sample
        map.show("lat", "long", "aircraft", "date", "speed", 10);
        Widgets.waitUntil(() -> map.idle() && map.points() != null && map.points().sampled()
                && map.points().colours().kind() == MapColours.Kind.CONTINUOUS, 30_000, "speed colours on a sample");
        assertTrue(map.note().endsWith("(a 10% sample)"), map.note());
        assertTrue(map.points().rows() < rows * 0.2, map.points().rows() + " of " + rows);
        int scaleEnd = map.points().colours().valueRgb(map.points().colours().max());
        assertTrue(count(map.drawn(), scaleEnd) > 0, "the scale's top colour is drawn (the legend at least)");

        map.show("lat", "long", "aircraft", "date", "aircraft", 100);
        Widgets.waitUntil(() -> map.idle() && map.points() != null && !map.points().sampled(), 30_000, "the whole map again");
        Path png = dir.resolve("maps/tracks.png");
        org.eclipse.core.runtime.jobs.Job export = map.export(png);
        Widgets.waitUntil(() -> export.getResult() != null, 30_000, "the PNG export");
        assertTrue(export.getResult().isOK(), export.getResult().toString());
        assertEquals("[-119, 80, 78, 71, 13, 10, 26, 10]", Arrays.toString(Arrays.copyOf(Files.readAllBytes(png), 8)), "a PNG file");
        // the same map as vectors: the land as paths, each track's colour, the note and the attribution as text
        Path svg = dir.resolve("maps/tracks.svg");
        org.eclipse.core.runtime.jobs.Job vector = map.export(svg);
        Widgets.waitUntil(() -> vector.getResult() != null, 30_000, "the SVG export");
        assertTrue(vector.getResult().isOK(), vector.getResult().toString());
        String drawing = Files.readString(svg);
        int firstTrack = map.points().colours().classRgb(0);
        String head = drawing.substring(0, Math.min(300, drawing.length()));
        assertTrue(drawing.contains("<svg xmlns='http://www.w3.org/2000/svg'"), "an SVG: " + head);
        assertTrue(drawing.contains("<path"), "the land as paths: " + head);
        assertTrue(drawing.contains(String.format("rgb(%d,%d,%d)", firstTrack >> 16, firstTrack >> 8 & 0xff, firstTrack & 0xff)),
                "the first track's colour: " + head);
        assertTrue(drawing.contains(">" + MapMessages.attribution + "</text>"), "the attribution as text: " + head);
        assertTrue(drawing.contains(">" + map.note() + "</text>"), "the note '" + map.note() + "' as text: " + head);

        // the files to map: one aircraft's file (the app writes one per aircraft), chosen by a pattern in the dialog
        List<Path> files = editor.dataset().source().files();
        assertTrue(files.size() > 1, files.toString());
        org.agilab.ui.internal.data.MapFilesDialog dialog = new org.agilab.ui.internal.data.MapFilesDialog(map.canvas().getShell(), files, null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        assertTrue(Arrays.stream(dialog.table().getItems()).allMatch(org.eclipse.swt.widgets.TableItem::getChecked), "all checked at first");
        String firstName = files.get(0).getFileName().toString();
        dialog.pattern().setText("^" + java.util.regex.Pattern.quote(firstName) + "$");
        assertEquals(1, Arrays.stream(dialog.table().getItems()).filter(org.eclipse.swt.widgets.TableItem::getChecked).count());
        dialog.pattern().setText("([");
        assertTrue(!Widgets.button(dialog.getShell(), org.eclipse.jface.dialogs.IDialogConstants.OK_LABEL).isEnabled(), "a bad pattern: no OK");
        dialog.pattern().setText("^" + java.util.regex.Pattern.quote(firstName) + "$");
        Widgets.button(dialog.getShell(), org.eclipse.jface.dialogs.IDialogConstants.OK_LABEL).notifyListeners(SWT.Selection, new Event());
        assertEquals(Set.of(files.get(0)), dialog.chosen());
        map.showFiles(dialog.chosen());
        Widgets.waitUntil(() -> map.idle() && map.points() != null && map.points().trackNames().size() == 1, 30_000, "one file's track");
        assertEquals(editor.dataset().count(org.agilab.runtime.data.Dataset.inFiles("date IS NOT NULL", Set.of(files.get(0))), null),
                map.points().rows());
        map.showFiles(null);
        Widgets.waitUntil(() -> map.idle() && map.points() != null && map.points().trackNames().size() == aircraft, 30_000, "every file again");

        // the editor's filter is the map's
        editor.filterBar().setText("aircraft = '" + points.trackNames().get(0) + "'");
        editor.filterBar().notifyListeners(SWT.DefaultSelection, new Event());
        Widgets.waitUntil(() -> map.idle() && map.points() != null && map.points().trackNames().size() == 1, 30_000, "one aircraft's track");
        assertEquals(points.trackNames().get(0), map.points().trackNames().get(0));
        assertNotNull(PlatformUI.getWorkbench());
    }

    @Test
    void upstreamsOverlayColumnsAreMarkedWithRingsAndTheToggleHidesThem() throws Exception {
        // two aircraft as upstream's flight worker writes them: each point with its route's centroid and its label
        Path folder = Files.createDirectories(dir.resolve("overlay"));
        for (int k = 0; k < 2; k++) {
            StringBuilder csv = new StringBuilder("date,aircraft,lat,long,overlay_lat,overlay_long,overlay_label\n");
            for (int i = 0; i < 200; i++) {
                csv.append(String.format(java.util.Locale.ROOT, "2024-01-01 00:%02d:%02d,AC%d,%.4f,%.4f,%.1f,%.1f,route centroid: AC%d%n", i / 60, i % 60, k,
                        40 + k * 8 + i * 0.01, 2 + i * 0.03, 41.0 + k * 8, 5.0, k));
            }
            Files.writeString(folder.resolve("AC" + k + ".csv"), csv);
        }
        IWorkbenchPage page = AgilabViewsTest.page();
        DataEditor editor = (DataEditor) page.openEditor(new org.agilab.ui.internal.data.DatasetEditorInput(folder.toString(), dir), DataEditor.ID);
        Widgets.waitUntil(() -> editor.idle() && editor.dataset() != null, 30_000, "the overlay dataset");
        MapView map = editor.showOnMap();
        page.setPartState(page.getReference(map), IWorkbenchPage.STATE_MAXIMIZED);
        Widgets.flush();
        Widgets.waitUntil(() -> map.idle() && map.points() != null && map.drawnToSize() && map.note().contains("overlay"), 60_000,
                "the map with its overlay");
        assertTrue(map.note().endsWith("; 2 overlay places"), map.note());
        GeoBounds bounds = map.bounds();
        ImageData drawn = map.drawn();
        for (int k = 0; k < 2; k++) {
            int x = (int) Math.round(bounds.x(5.0, drawn.width));
            int y = (int) Math.round(bounds.y(41.0 + k * 8, drawn.height));
            assertTrue(near(drawn, x - 4, y, rgb -> rgb == MapPainter.OVERLAY) && near(drawn, x, y, rgb -> rgb == 0xffffff),
                    "a ring at AC" + k + "'s centroid (" + x + ", " + y + ")");
        }
        int ringPixels = count(drawn, MapPainter.OVERLAY);
        assertTrue(ringPixels > 2 * 40, ringPixels + " pixels of rings and labels");

        org.eclipse.swt.widgets.Button toggle = Widgets.button(map.canvas().getParent(), MapMessages.overlay);
        toggle.setSelection(false);
        toggle.notifyListeners(SWT.Selection, new Event());
        Widgets.waitUntil(() -> map.idle() && map.drawn() != drawn && !map.note().contains("overlay"), 30_000, "the map without its overlay");
        assertEquals(0, count(map.drawn(), MapPainter.OVERLAY), "no ring once the overlay is off");
    }

    /** Pixels of exactly that colour. */
    private static int count(ImageData data, int rgb) {
        RGB wanted = new RGB((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
        int count = 0;
        for (int y = 0; y < data.height; y++) {
            for (int x = 0; x < data.width; x++) {
                if (data.palette.getRGB(data.getPixel(x, y)).equals(wanted)) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Whether a pixel within one of {@code (x, y)} has a colour (0xRRGGBB) that {@code wanted} accepts. */
    private static boolean near(ImageData data, int x, int y, java.util.function.IntPredicate wanted) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int px = x + dx;
                int py = y + dy;
                if (px >= 0 && py >= 0 && px < data.width && py < data.height) {
                    RGB rgb = data.palette.getRGB(data.getPixel(px, py));
                    if (wanted.test(rgb.red << 16 | rgb.green << 8 | rgb.blue)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
