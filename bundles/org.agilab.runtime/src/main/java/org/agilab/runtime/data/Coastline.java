package org.agilab.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * The world's land for a map's background: Natural Earth's 1:110m land polygons (public domain), as the npm package
 * {@code world-atlas} 2.0.2 packages them in TopoJSON ({@code land-110m.json}, shipped in this bundle next to this
 * class: nothing is fetched). Decoded here: the topology's arcs are quantized and delta-encoded (each position an
 * integer offset from the previous one, scaled and translated by the topology's transform), and a polygon's ring is
 * the concatenation of its arcs, a negative index {@code ~i} meaning arc {@code i} reversed.
 *
 * @param polygons each polygon's rings (the outer ring first, then its holes), each ring {@code lon0, lat0, lon1, lat1,
 *                 ...} in degrees, closed (its last position is its first)
 */
public record Coastline(List<List<double[]>> polygons) {

    /** The bundled file, beside this class. */
    public static final String RESOURCE = "land-110m.json";

    private static volatile Coastline land;

    public Coastline {
        polygons = List.copyOf(polygons);
    }

    /** Natural Earth's land at 1:110m, read once from this bundle. */
    public static Coastline land() {
        Coastline read = land;
        if (read == null) {
            try (InputStream in = Coastline.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the runtime bundle beside " + Coastline.class.getName());
                }
                read = decode(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE + " from the runtime bundle", e);
            }
            land = read;
        }
        return read;
    }

    /** Every ring of every polygon. */
    public int rings() {
        return polygons.stream().mapToInt(List::size).sum();
    }

    /**
     * Decodes a TopoJSON topology's Polygon and MultiPolygon geometries, in every object, into polygons of rings.
     *
     * @param name what the text is, for error messages
     */
    public static Coastline decode(Reader text, String name) throws IOException {
        List<int[][]> arcs = null;
        double[] scale = {1, 1};
        double[] translate = {0, 0};
        boolean quantized = false;
        List<List<List<Integer>>> polygonArcs = new ArrayList<>();
        try (JsonReader json = new JsonReader(text)) {
            json.beginObject();
            while (json.hasNext()) {
                switch (json.nextName()) {
                    case "arcs" -> arcs = readArcs(json);
                    case "transform" -> {
                        json.beginObject();
                        while (json.hasNext()) {
                            String key = json.nextName();
                            double[] pair = readPair(json);
                            if (key.equals("scale")) {
                                scale = pair;
                                quantized = true;
                            } else if (key.equals("translate")) {
                                translate = pair;
                            }
                        }
                        json.endObject();
                    }
                    case "objects" -> {
                        json.beginObject();
                        while (json.hasNext()) {
                            json.nextName();
                            readGeometry(json, polygonArcs);
                        }
                        json.endObject();
                    }
                    default -> json.skipValue();
                }
            }
            json.endObject();
        } catch (IllegalStateException | NumberFormatException e) {
            throw new IOException(name + " is not a TopoJSON topology: " + e.getMessage(), e);
        }
        if (arcs == null) {
            throw new IOException(name + " is not a TopoJSON topology: it has no arcs");
        }
        List<double[][]> positions = new ArrayList<>(arcs.size());
        for (int[][] arc : arcs) {
            positions.add(absolute(arc, quantized, scale, translate));
        }
        List<List<double[]>> polygons = new ArrayList<>();
        try {
            for (List<List<Integer>> polygon : polygonArcs) {
                List<double[]> rings = new ArrayList<>();
                for (List<Integer> ring : polygon) {
                    rings.add(ring(ring, positions, name));
                }
                polygons.add(rings);
            }
        } catch (ClassCastException e) {
            throw new IOException(name + ": a polygon's arcs are not arrays of rings of arc indexes", e);
        }
        return new Coastline(polygons);
    }

    /** An arc's positions in degrees: a quantized arc's are offsets from the previous position, in steps of the scale. */
    private static double[][] absolute(int[][] arc, boolean quantized, double[] scale, double[] translate) {
        double[][] out = new double[arc.length][];
        long x = 0;
        long y = 0;
        for (int i = 0; i < arc.length; i++) {
            if (quantized) {
                x += arc[i][0];
                y += arc[i][1];
                out[i] = new double[] {x * scale[0] + translate[0], y * scale[1] + translate[1]};
            } else {
                out[i] = new double[] {arc[i][0], arc[i][1]};
            }
        }
        return out;
    }

    /** A ring from its arcs: each arc after the first starts where the previous ended, so its first position is dropped. */
    private static double[] ring(List<Integer> arcIndexes, List<double[][]> arcs, String name) throws IOException {
        List<double[]> points = new ArrayList<>();
        for (int index : arcIndexes) {
            int arc = index < 0 ? ~index : index;
            if (arc >= arcs.size()) {
                throw new IOException(name + ": a ring names arc " + arc + " of " + arcs.size());
            }
            double[][] positions = arcs.get(arc);
            for (int i = points.isEmpty() ? 0 : 1; i < positions.length; i++) {
                points.add(positions[index < 0 ? positions.length - 1 - i : i]);
            }
        }
        double[] flat = new double[points.size() * 2];
        for (int i = 0; i < points.size(); i++) {
            flat[2 * i] = points.get(i)[0];
            flat[2 * i + 1] = points.get(i)[1];
        }
        return flat;
    }

    private static List<int[][]> readArcs(JsonReader json) throws IOException {
        List<int[][]> arcs = new ArrayList<>();
        json.beginArray();
        while (json.hasNext()) {
            List<int[]> arc = new ArrayList<>();
            json.beginArray();
            while (json.hasNext()) {
                json.beginArray();
                // a position may carry more than x and y: they are ignored
                int x = (int) Math.round(json.nextDouble());
                int y = (int) Math.round(json.nextDouble());
                while (json.hasNext()) {
                    json.skipValue();
                }
                json.endArray();
                arc.add(new int[] {x, y});
            }
            json.endArray();
            arcs.add(arc.toArray(new int[0][]));
        }
        json.endArray();
        return arcs;
    }

    private static double[] readPair(JsonReader json) throws IOException {
        json.beginArray();
        double[] pair = {json.nextDouble(), json.nextDouble()};
        json.endArray();
        return pair;
    }

    /** A geometry: a GeometryCollection's members, a Polygon's or a MultiPolygon's rings; other types are skipped. */
    @SuppressWarnings("unchecked")
    private static void readGeometry(JsonReader json, List<List<List<Integer>>> polygons) throws IOException {
        String type = null;
        Object arcs = null;
        json.beginObject();
        while (json.hasNext()) {
            switch (json.nextName()) {
                case "type" -> type = json.nextString();
                case "geometries" -> {
                    json.beginArray();
                    while (json.hasNext()) {
                        readGeometry(json, polygons);
                    }
                    json.endArray();
                }
                case "arcs" -> arcs = readIndexes(json);
                default -> json.skipValue();
            }
        }
        json.endObject();
        if ("Polygon".equals(type) && arcs != null) {
            polygons.add((List<List<Integer>>) arcs);
        } else if ("MultiPolygon".equals(type) && arcs != null) {
            polygons.addAll((List<List<List<Integer>>>) arcs);
        }
    }

    /** Nested arrays of arc indexes, as lists of lists ending in integers. */
    private static Object readIndexes(JsonReader json) throws IOException {
        if (json.peek() != JsonToken.BEGIN_ARRAY) {
            return json.nextInt();
        }
        List<Object> items = new ArrayList<>();
        json.beginArray();
        while (json.hasNext()) {
            items.add(readIndexes(json));
        }
        json.endArray();
        return items;
    }
}
