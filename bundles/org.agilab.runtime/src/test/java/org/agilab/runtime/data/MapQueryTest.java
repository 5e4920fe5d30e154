package org.agilab.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maps of a dataset shaped like the flight app's output (20 aircraft flying east, a fix each second), written by DuckDB:
 * columns guessed, points decimated per pixel and track in the database, tracks in time order, colour classes and
 * scales, bounds, sampling and the row behind a point.
 */
class MapQueryTest {

    static final int AIRCRAFT = 20;
    static final int FIXES = 5_000;

    @TempDir
    static Path folder;
    static Dataset flights;

    @BeforeAll
    static void writeTracks() throws SQLException {
        Path file = folder.resolve("tracks.parquet");
        // aircraft k flies east from longitude -10 + k at latitude 30 + k, weaving north and south; its speed grows with
        // time; band is one of 4 numbers, kind one of 3 words; one row in 100 has no date
        DatasetTest.sql("COPY (SELECT TIMESTAMP '2024-01-01' + to_seconds(i) AS date, 'AC' || lpad(k::VARCHAR, 2, '0') AS aircraft,"
                + " 30 + k + sin(i / 300.0) AS lat, -10 + k + i * 0.004 AS long, 0.0 AS prev_lat, 0.0 AS prev_long,"
                + " (100 + i * 0.1 + k)::DOUBLE AS speed, (k % 4) * 1000 AS band, ['low', 'mid', 'high'][k % 3 + 1] AS kind"
                + " FROM (SELECT range // " + AIRCRAFT + " AS i, range % " + AIRCRAFT + " AS k FROM range(" + AIRCRAFT * FIXES + ")))"
                + " TO '" + file + "' (FORMAT parquet)");
        flights = Dataset.open(file.toString(), folder);
    }

    @AfterAll
    static void close() {
        flights.close();
    }

    static MapQuery guessed(int width, int height) {
        return MapQuery.guess(flights.columns(), null, null, width, height).orElseThrow();
    }

    static MapPoints all(MapQuery query) {
        GeoBounds extent = flights.mapExtent(query.lat(), query.lon(), query.filter(), null);
        return flights.map(query.withBounds(extent, query.width(), query.height()), null);
    }

    @Test
    void latitudeLongitudeTrackOrderAndColourAreGuessedFromTheColumnNames() {
        MapQuery query = guessed(400, 300);
        assertEquals(List.of("lat", "long", "aircraft", "date", "aircraft"),
                java.util.Arrays.asList(query.lat(), query.lon(), query.group(), query.order(), query.colour()));
        assertEquals(1.0, query.sampling());
        List<DataColumn> bare = List.of(new DataColumn("Latitude", "DOUBLE"), new DataColumn("LON_deg", "FLOAT"), new DataColumn("v", "BIGINT"));
        MapQuery plain = MapQuery.guess(bare, null, null, 10, 10).orElseThrow();
        assertEquals("Latitude", plain.lat());
        assertEquals("LON_deg", plain.lon());
        assertNull(plain.group());
        assertNull(plain.order(), "points, not tracks, without a group");
        assertTrue(MapQuery.guess(List.of(new DataColumn("lat", "VARCHAR"), new DataColumn("lon", "DOUBLE")), null, null, 10, 10).isEmpty(),
                "a latitude must be a number");
    }

    @Test
    void theExtentHoldsEveryPoint() {
        GeoBounds extent = flights.mapExtent("lat", "long", null, null);
        assertEquals(-10, extent.west(), 1e-9);
        assertEquals(-10 + AIRCRAFT - 1 + (FIXES - 1) * 0.004, extent.east(), 1e-9);
        assertEquals(29, extent.south(), 0.01);
        assertEquals(30 + AIRCRAFT - 1 + 1, extent.north(), 0.01);
        assertNull(flights.mapExtent("lat", "long", "speed < 0", null), "no rows, no extent");
    }

    @Test
    void pointsAreDecimatedToOnePerPixelAndTrackAndTracksStayInTimeOrder() {
        long rows = flights.count("date IS NOT NULL", null);
        for (int[] size : new int[][] {{40, 30}, {400, 300}, {2000, 1500}}) {
            MapPoints points = all(guessed(size[0], size[1]));
            assertEquals(rows, points.rows(), "every dated row stands behind a point");
            assertEquals(AIRCRAFT, points.trackNames().size());
            assertTrue(points.size() <= (long) size[0] * size[1] * AIRCRAFT);
            Set<Long> cells = new HashSet<>();
            for (int i = 0; i < points.size(); i++) {
                long x = (long) Math.min(size[0] - 1, Math.floor(points.query().bounds().x(points.lons()[i], size[0])));
                long y = (long) Math.min(size[1] - 1, Math.floor(points.query().bounds().y(points.lats()[i], size[1])));
                assertTrue(cells.add((points.tracks()[i] * (long) size[1] + y) * size[0] + x), "one point per pixel and track");
            }
            for (int i = 1; i < points.size(); i++) {
                assertTrue(points.tracks()[i] >= points.tracks()[i - 1], "a track's points come together");
                if (points.tracks()[i] == points.tracks()[i - 1]) {
                    assertTrue(points.lons()[i] > points.lons()[i - 1], "an eastbound track is in time order");
                }
            }
            assertTrue(points.lines());
        }
        MapPoints small = all(guessed(40, 30));
        assertTrue(small.size() < 40 * AIRCRAFT * 2, "a 40-pixel-wide map of eastbound tracks: about 40 points each, " + small.size());
        assertEquals(List.of("AC00", "AC01"), small.trackNames().subList(0, 2));
    }

    @Test
    void beyondItsBudgetAMapCoarsensItsCells() {
        MapQuery query = guessed(1000, 800);
        GeoBounds extent = flights.mapExtent("lat", "long", null, null);
        MapPoints fine = flights.map(query.withBounds(extent, 1000, 800), null);
        assertEquals(1, fine.cellPixels());
        assertTrue(fine.size() > 2000, fine.size() + " points");
        MapPoints coarse = flights.map(query.withBounds(extent, 1000, 800), fine.size() / 6, null);
        assertTrue(coarse.cellPixels() >= 4, "cells of " + coarse.cellPixels() + " pixels");
        assertTrue(coarse.size() <= fine.size() / 6 * 1.1, coarse.size() + " points for a budget of " + fine.size() / 6);
        assertEquals(fine.rows(), coarse.rows(), "the same rows behind fewer points");
        assertEquals(fine.trackNames(), coarse.trackNames());
        Set<Long> cells = new HashSet<>();
        int side = coarse.cellPixels();
        for (int i = 0; i < coarse.size(); i++) {
            long x = (long) Math.min(999, Math.floor(extent.x(coarse.lons()[i], 1000))) / side;
            long y = (long) Math.min(799, Math.floor(extent.y(coarse.lats()[i], 800))) / side;
            assertTrue(cells.add((coarse.tracks()[i] * 1000L + y) * 1000 + x), "one point per cell and track");
            if (i > 0 && coarse.tracks()[i] == coarse.tracks()[i - 1]) {
                assertTrue(coarse.lons()[i] > coarse.lons()[i - 1], "still in time order");
            }
        }
    }

    @Test
    void boundsKeepOnlyTheirRows() {
        GeoBounds east = new GeoBounds(0, 25, 20, 60);
        MapPoints points = flights.map(guessed(200, 200).withBounds(east, 200, 200), null);
        assertEquals(flights.count("date IS NOT NULL AND long BETWEEN 0 AND 20", null), points.rows());
        for (int i = 0; i < points.size(); i++) {
            assertTrue(east.contains(points.lons()[i], points.lats()[i]));
        }
        GeoBounds sea = new GeoBounds(100, -40, 110, -30);
        assertEquals(0, flights.map(guessed(200, 200).withBounds(sea, 200, 200), null).size());
    }

    @Test
    void aTextColumnColoursByClassAndANumberOnAScale() {
        MapPoints byAircraft = all(guessed(300, 200));
        MapColours colours = byAircraft.colours();
        assertEquals(MapColours.Kind.DISCRETE, colours.kind());
        assertEquals(MapColours.MAX_CLASSES, colours.classes().size());
        assertTrue(colours.more(), "20 aircraft, 12 colours: the others grey");
        for (int i = 0; i < byAircraft.size(); i++) {
            String track = byAircraft.trackNames().get(byAircraft.tracks()[i]);
            assertEquals(colours.classOf(track), byAircraft.colourClasses()[i]);
            assertEquals(colours.classOf(track) < 0 ? MapColours.OTHER : colours.classRgb(colours.classOf(track)), byAircraft.rgb(i));
        }
        Set<Integer> distinct = new HashSet<>();
        for (int c = 0; c < MapColours.MAX_CLASSES; c++) {
            distinct.add(colours.classRgb(c));
        }
        assertEquals(MapColours.MAX_CLASSES, distinct.size(), "twelve different colours");
        assertFalse(distinct.contains(MapColours.OTHER));

        MapQuery base = guessed(300, 200);
        MapPoints bySpeed = all(new MapQuery("lat", "long", "aircraft", "date", "speed", null, 1, null, 300, 200));
        assertEquals(MapColours.Kind.CONTINUOUS, bySpeed.colours().kind());
        ColumnStats speed = flights.stats("speed", "date IS NOT NULL", 1, null);
        assertEquals(Double.parseDouble(speed.min()), bySpeed.colours().min(), 1e-9);
        assertEquals(Double.parseDouble(speed.max()), bySpeed.colours().max(), 1e-9);
        assertNotEquals(bySpeed.colours().valueRgb(bySpeed.colours().min()), bySpeed.colours().valueRgb(bySpeed.colours().max()));
        assertNull(bySpeed.colourClasses());
        assertEquals(bySpeed.size(), bySpeed.colourValues().length);

        MapPoints byBand = all(new MapQuery("lat", "long", "aircraft", "date", "band", null, 1, null, 300, 200));
        assertEquals(MapColours.Kind.DISCRETE, byBand.colours().kind(), "4 distinct numbers are classes");
        assertEquals(Set.of("0", "1000", "2000", "3000"), Set.copyOf(byBand.colours().classes()));
        assertFalse(byBand.colours().more());

        MapPoints byDate = all(new MapQuery("lat", "long", null, null, "date", null, 1, null, 300, 200));
        assertEquals(MapColours.Kind.CONTINUOUS, byDate.colours().kind(), "dates are a scale");
        MapPoints plain = all(new MapQuery("lat", "long", null, null, null, base.filter(), 1, null, 300, 200));
        assertEquals(MapColours.Kind.SINGLE, plain.colours().kind());
        assertFalse(plain.lines());
        assertEquals(MapColours.SINGLE_RGB, plain.rgb(0));
    }

    @Test
    void aSamplingRatioDrawsAReproducibleShareOfTheRows() {
        long rows = flights.count("date IS NOT NULL", null);
        MapQuery tenth = new MapQuery("lat", "long", "aircraft", "date", "aircraft", null, 0.1, null, 500, 400);
        MapPoints once = all(tenth);
        MapPoints again = all(tenth);
        assertTrue(once.sampled());
        assertTrue(once.rows() > rows * 0.07 && once.rows() < rows * 0.13, once.rows() + " of " + rows);
        assertArrayEquals(once.lats(), again.lats(), "the same sample each time");
        assertThrows(IllegalArgumentException.class, () -> new MapQuery("lat", "long", null, null, null, null, 0, null, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new MapQuery("lat", "long", null, null, null, null, 1.5, null, 1, 1));
    }

    @Test
    void aPointsRowIsTheRowItStandsFor() {
        MapPoints points = all(guessed(300, 200));
        int i = points.size() / 3;
        DataPage row = flights.mapRow(points, i, null);
        assertEquals(1, row.rows().size());
        List<String> names = row.columns().stream().map(DataColumn::name).toList();
        Object[] values = row.rows().get(0);
        assertEquals(points.lats()[i], ((Number) values[names.indexOf("lat")]).doubleValue(), 1e-12);
        assertEquals(points.lons()[i], ((Number) values[names.indexOf("long")]).doubleValue(), 1e-12);
        assertEquals(points.trackNames().get(points.tracks()[i]), values[names.indexOf("aircraft")]);
        // the nearest point to a pixel is found in the points, not by a query
        double x = points.query().bounds().x(points.lons()[i], 300) + 1;
        double y = points.query().bounds().y(points.lats()[i], 200);
        int near = points.nearest(x, y, 6);
        assertTrue(near >= 0);
        assertTrue(Math.abs(points.query().bounds().x(points.lons()[near], 300) - x) <= 6);
        assertEquals(-1, points.nearest(-100, -100, 6), "nothing near a pixel off the map");
    }

    @Test
    void aFilterAndABadColumnAreHeldToTheirRules() {
        MapQuery fast = new MapQuery("lat", "long", "aircraft", "date", "aircraft", "speed > 500", 1, null, 100, 100);
        MapPoints points = all(fast);
        assertEquals(flights.count("speed > 500 AND date IS NOT NULL", null), points.rows());
        DataQueryException textLatitude = assertThrows(DataQueryException.class,
                () -> flights.map(new MapQuery("kind", "long", null, null, null, null, 1, GeoBounds.WORLD, 10, 10), null));
        assertTrue(textLatitude.getMessage().contains("kind is VARCHAR"), textLatitude.getMessage());
        DataQueryException missing = assertThrows(DataQueryException.class,
                () -> flights.map(new MapQuery("nope", "long", null, null, null, null, 1, GeoBounds.WORLD, 10, 10), null));
        assertTrue(missing.getMessage().contains("no column nope"), missing.getMessage());
    }

    @Test
    void boundsZoomAboutAPointAndFitAPicture() {
        GeoBounds fitted = new GeoBounds(0, 0, 10, 5).fit(200, 200, 0, 0);
        assertEquals(fitted.width(), fitted.height(), 1e-9, "square pixels, square degrees");
        assertEquals(5, (fitted.west() + fitted.east()) / 2, 1e-9);
        GeoBounds zoomed = fitted.zoom(2, 2, 3);
        assertEquals(fitted.width() / 2, zoomed.width(), 1e-9);
        assertEquals(fitted.x(2, 200), zoomed.x(2, 200), 1e-9, "the point under the cursor stays there");
        assertEquals(fitted.y(3, 200), zoomed.y(3, 200), 1e-9);
        assertEquals(12, fitted.pan(2, 0).lon(fitted.x(10, 200), 200), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new GeoBounds(1, 0, 1, 1));
    }

    @Test
    void aFileSelectionNarrowsEveryQueryAndAnOverlayMarksItsPlaces() throws Exception {
        // two files as upstream's flight worker writes them: each aircraft's points with its route centroid beside them
        Path two = folder.resolve("two");
        java.nio.file.Files.createDirectories(two);
        for (int k = 0; k < 2; k++) {
            DatasetTest.sql("COPY (SELECT 40.0 + " + k + " * 10 + i * 0.01 AS lat, 5.0 + i * 0.01 AS long, 'AC" + k + "' AS aircraft,"
                    + " 40.5 + " + k + " * 10 AS overlay_lat, 5.5 AS overlay_long, 'route centroid: AC" + k + "' AS overlay_label"
                    + " FROM range(100) t(i)) TO '" + two.resolve("AC" + k + " o'brien.parquet").toString().replace("'", "''") + "' (FORMAT parquet)");
        }
        try (Dataset both = Dataset.open(two.toString(), folder)) {
            MapQuery guessed = MapQuery.guess(both.columns(), null, null, 100, 100).orElseThrow();
            assertEquals(List.of("lat", "long"), List.of(guessed.lat(), guessed.lon()));
            assertEquals(List.of("overlay_lat", "overlay_long", "overlay_label"), List.of(MapQuery.overlayColumn(both.columns(), "lat"),
                    MapQuery.overlayColumn(both.columns(), "lon"), MapQuery.overlayColumn(both.columns(), "label")));
            assertNull(MapQuery.overlayColumn(flights.columns(), "lat"));
            Path first = both.source().files().get(0);
            String onlyFirst = Dataset.inFiles("", List.of(first));
            assertEquals(100, both.count(onlyFirst, null));
            assertEquals(50, both.count(Dataset.inFiles("lat < 40.5 OR lat > 50", List.of(first)), null));
            assertEquals("lat > 0", Dataset.inFiles("lat > 0", List.of()));
            GeoBounds extent = both.mapExtent("lat", "long", onlyFirst, null);
            assertEquals(40.0, extent.south(), 1e-9);
            assertEquals(40.99, extent.north(), 1e-9);

            MapOverlay places = both.mapOverlay("overlay_lat", "overlay_long", "overlay_label", "", null);
            assertEquals(2, places.size());
            assertArrayEquals(new double[] {40.5, 50.5}, places.lats(), 1e-9);
            assertEquals(List.of("route centroid: AC0", "route centroid: AC1"), places.labels());
            assertFalse(places.truncated());
            MapOverlay one = both.mapOverlay("overlay_lat", "overlay_long", null, onlyFirst, null);
            assertEquals(1, one.size());
            assertEquals(List.of(""), one.labels());
            assertThrows(DataQueryException.class, () -> both.mapOverlay("aircraft", "overlay_long", null, "", null));
        }
    }
}
