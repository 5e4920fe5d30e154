package org.agilab.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The bundled Natural Earth land, and the TopoJSON decoding behind it on a topology small enough to check by hand. */
class CoastlineTest {

    @Test
    void theBundledLandHasItsPolygonsAndAStraitOfGibraltarCoast() {
        Coastline land = Coastline.land();
        assertEquals(125, land.polygons().size());
        assertEquals(126, land.rings(), "one polygon has a hole");
        double nearest = Double.MAX_VALUE;
        for (List<double[]> polygon : land.polygons()) {
            for (double[] ring : polygon) {
                assertEquals(ring[0], ring[ring.length - 2], 1e-9, "a ring is closed");
                assertEquals(ring[1], ring[ring.length - 1], 1e-9, "a ring is closed");
                for (int i = 0; i < ring.length; i += 2) {
                    assertTrue(ring[i] >= -180 && ring[i] <= 180 && ring[i + 1] >= -90 && ring[i + 1] <= 90, "degrees");
                    nearest = Math.min(nearest, Math.hypot(ring[i] + 5.35, ring[i + 1] - 36.14));
                }
            }
        }
        assertTrue(nearest < 0.3, "a coast passes within 0.3 degrees of Gibraltar: " + nearest);
        assertTrue(Coastline.land() == land, "read once");
    }

    @Test
    void quantizedDeltaEncodedArcsMakeRingsAndANegativeIndexReversesAnArc() throws IOException {
        String topology = """
                {"type":"Topology","transform":{"scale":[0.5,0.25],"translate":[-10,20]},
                 "objects":{"shapes":{"type":"GeometryCollection","geometries":[
                   {"type":"Polygon","arcs":[[0,1]]},
                   {"type":"MultiPolygon","arcs":[[[-2,-1]],[[2]]]},
                   {"type":"LineString","arcs":[0]}]}},
                 "arcs":[[[0,0],[4,0],[0,4]],[[4,4],[-4,0],[-4,-8]],[[0,0],[2,0],[0,2],[-2,-2]]]}
                """;
        Coastline decoded = Coastline.decode(new StringReader(topology), "test");
        assertEquals(3, decoded.polygons().size(), "a Polygon, a MultiPolygon of two; a LineString is no land");
        // arc 0: (0,0) (4,0) (4,4) → (-10,20) (-8,20) (-8,21); arc 1: (4,4) (0,4) (-4,-4) → (-8,21) (-10,21) (-12,19)
        assertArrayEquals(new double[] {-10, 20, -8, 20, -8, 21, -10, 21, -12, 19}, decoded.polygons().get(0).get(0), 1e-12);
        assertArrayEquals(new double[] {-12, 19, -10, 21, -8, 21, -8, 20, -10, 20}, decoded.polygons().get(1).get(0), 1e-12);
        assertArrayEquals(new double[] {-10, 20, -9, 20, -9, 20.5, -10, 20}, decoded.polygons().get(2).get(0), 1e-12);
    }

    @Test
    void whatIsNotATopologySaysSo() {
        IOException noArcs = assertThrows(IOException.class, () -> Coastline.decode(new StringReader("{\"type\":\"Topology\"}"), "x.json"));
        assertTrue(noArcs.getMessage().startsWith("x.json is not a TopoJSON topology"), noArcs.getMessage());
        IOException badArc = assertThrows(IOException.class, () -> Coastline.decode(new StringReader(
                "{\"arcs\":[[[0,0],[1,1]]],\"objects\":{\"o\":{\"type\":\"Polygon\",\"arcs\":[[5]]}}}"), "y.json"));
        assertTrue(badArc.getMessage().contains("arc 5 of 1"), badArc.getMessage());
        assertThrows(IOException.class, () -> Coastline.decode(new StringReader("[1, 2]"), "z.json"));
    }
}
