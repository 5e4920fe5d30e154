package org.agilab.ui.internal.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

import org.agilab.runtime.data.Coastline;
import org.agilab.runtime.data.GeoBounds;
import org.agilab.runtime.data.MapColours;
import org.agilab.runtime.data.MapOverlay;
import org.agilab.runtime.data.MapPoints;

/**
 * Draws a map into an image, off the UI thread: sea, Natural Earth's land and its coast, the points or tracks in their
 * colours, the legend and a line saying what is drawn. Equirectangular, as {@link GeoBounds} maps degrees to pixels.
 * Land, coast and marks are drawn without anti-aliasing, so each keeps its exact colour (tests count them).
 */
public final class MapPainter {

    public static final int SEA = 0xdfeaf5;
    public static final int LAND = 0xf3f0e6;
    public static final int COAST = 0x8a8f99;
    public static final int TEXT = 0x303030;
    /** The overlay's rings and labels. */
    public static final int OVERLAY = 0x5b1a8e;
    /** Beyond this many places the overlay's labels would cover the map: rings only. */
    static final int LABELLED_PLACES = 60;

    private MapPainter() {
    }

    /**
     * The map at {@code width} × {@code height} pixels; {@code others} names the legend's grey class, {@code attribution}
     * the land's source (the view's messages, given so that this class needs no more than AWT and the runtime).
     */
    public static BufferedImage paint(GeoBounds bounds, int width, int height, Coastline land, MapPoints points, MapOverlay overlay, String note,
            String others, String attribution) {
        return Pictures.raster((g, w, h) -> draw(g, bounds, w, h, land, points, overlay, note, others, attribution), width, height);
    }

    /** Draws the map on {@code g} (an image's, or an SVG document's for a vector export). */
    public static void draw(Graphics2D g, GeoBounds bounds, int width, int height, Coastline land, MapPoints points, MapOverlay overlay,
            String note, String others, String attribution) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(new Color(SEA));
        g.fillRect(0, 0, width, height);
        land(g, bounds, width, height, land);
        if (points != null) {
            marks(g, points, width, height);
        }
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        if (overlay != null) {
            overlay(g, bounds, width, height, overlay);
        }
        if (points != null) {
            legend(g, points.colours(), width, others);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(new Color(TEXT));
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(note == null ? "" : note, 6, height - 6);
        g.drawString(attribution, width - metrics.stringWidth(attribution) - 6, height - 6);
        g.drawString(String.format(Locale.ROOT, "%.2f°..%.2f° E, %.2f°..%.2f° N", bounds.west(), bounds.east(), bounds.south(), bounds.north()), 6,
                14);
    }

    /**
     * The overlay's places as rings (white inside, so that a track under one still shows it), labelled when there are
     * few enough for their labels to be read.
     */
    private static void overlay(Graphics2D g, GeoBounds bounds, int width, int height, MapOverlay overlay) {
        boolean labelled = overlay.size() <= LABELLED_PLACES;
        for (int i = 0; i < overlay.size(); i++) {
            int x = (int) Math.round(bounds.x(overlay.lons()[i], width));
            int y = (int) Math.round(bounds.y(overlay.lats()[i], height));
            if (x < -10 || y < -10 || x > width + 10 || y > height + 10) {
                continue;
            }
            g.setColor(new Color(OVERLAY));
            g.fillOval(x - 5, y - 5, 11, 11);
            g.setColor(Color.WHITE);
            g.fillOval(x - 3, y - 3, 7, 7);
            String label = overlay.labels().get(i);
            if (labelled && !label.isEmpty()) {
                g.setColor(new Color(OVERLAY));
                g.drawString(label, x + 8, y + 4);
            }
        }
    }

    /**
     * The land filled and its coast stroked. A ring that crosses the antimeridian (a jump of more than 180° between two
     * positions) is unwrapped, its longitudes continued past ±180°, and drawn three times, 360° apart, so that both its
     * sides show; a ring around a pole (Antarctica: unwrapped, it ends 360° from where it began) is closed along the pole.
     */
    private static void land(Graphics2D g, GeoBounds bounds, int width, int height, Coastline land) {
        g.setStroke(new BasicStroke(1f));
        Color landColour = new Color(LAND);
        Color coastColour = new Color(COAST);
        for (List<double[]> polygon : land.polygons()) {
            List<double[]> rings = polygon.stream().map(MapPainter::unwrapped).toList();
            for (int copy = -1; copy <= 1; copy++) {
                double offset = copy * 360.0;
                Path2D.Double fill = new Path2D.Double(Path2D.WIND_EVEN_ODD);
                for (int r = 0; r < rings.size(); r++) {
                    double[] ring = rings.get(r);
                    fill.moveTo(bounds.x(ring[0] + offset, width), bounds.y(ring[1], height));
                    for (int i = 2; i < ring.length; i += 2) {
                        fill.lineTo(bounds.x(ring[i] + offset, width), bounds.y(ring[i + 1], height));
                    }
                    double shift = ring[ring.length - 2] - polygon.get(r)[polygon.get(r).length - 2];
                    if (shift != 0) {
                        double pole = Math.signum(mean(ring)) * 90;
                        fill.lineTo(bounds.x(ring[ring.length - 2] + offset, width), bounds.y(pole, height));
                        fill.lineTo(bounds.x(ring[0] + offset, width), bounds.y(pole, height));
                    }
                    fill.closePath();
                }
                if (!fill.getBounds2D().intersects(0, 0, width, height)) {
                    continue;
                }
                g.setColor(landColour);
                g.fill(fill);
                g.setColor(coastColour);
                for (double[] ring : rings) {
                    Path2D.Double coast = new Path2D.Double();
                    coast.moveTo(bounds.x(ring[0] + offset, width), bounds.y(ring[1], height));
                    for (int i = 2; i < ring.length; i += 2) {
                        coast.lineTo(bounds.x(ring[i] + offset, width), bounds.y(ring[i + 1], height));
                    }
                    g.draw(coast);
                }
            }
        }
    }

    /** The ring with each jump of more than 180° in longitude undone, by continuing past ±180°. */
    private static double[] unwrapped(double[] ring) {
        double[] out = ring.clone();
        double shift = 0;
        for (int i = 2; i < ring.length; i += 2) {
            double step = ring[i] - ring[i - 2];
            if (step > 180) {
                shift -= 360;
            } else if (step < -180) {
                shift += 360;
            }
            out[i] = ring[i] + shift;
        }
        return out;
    }

    private static double mean(double[] ring) {
        double sum = 0;
        for (int i = 1; i < ring.length; i += 2) {
            sum += ring[i];
        }
        return sum / (ring.length / 2);
    }

    /**
     * Tracks as lines from each point to the next of its track, in the first point's colour; lone points as squares. The
     * grey of the values beyond the palette's is drawn first, so that the coloured tracks show above it.
     */
    private static void marks(Graphics2D g, MapPoints points, int width, int height) {
        GeoBounds bounds = points.query().bounds();
        int w = points.query().width();
        int h = points.query().height();
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (boolean grey : new boolean[] {true, false}) {
            int lastRgb = -1;
            for (int i = 0; i < points.size(); i++) {
                int rgb = points.rgb(i);
                if ((rgb == MapColours.OTHER) != grey) {
                    continue;
                }
                if (rgb != lastRgb) {
                    g.setColor(new Color(rgb));
                    lastRgb = rgb;
                }
                int x = (int) Math.round(bounds.x(points.lons()[i], w) * width / w);
                int y = (int) Math.round(bounds.y(points.lats()[i], h) * height / h);
                boolean joined = points.lines() && i + 1 < points.size() && points.tracks()[i + 1] == points.tracks()[i];
                if (joined) {
                    int x2 = (int) Math.round(bounds.x(points.lons()[i + 1], w) * width / w);
                    int y2 = (int) Math.round(bounds.y(points.lats()[i + 1], h) * height / h);
                    g.drawLine(x, y, x2, y2);
                } else {
                    g.fillRect(x - 1, y - 1, 3, 3);
                }
            }
        }
    }

    /** The legend, top right: the colour column's name, then its classes' swatches or its scale from min to max. */
    private static void legend(Graphics2D g, MapColours colours, int width, String others) {
        if (colours.kind() == MapColours.Kind.SINGLE) {
            return;
        }
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics metrics = g.getFontMetrics();
        int line = metrics.getHeight();
        List<String> labels = colours.kind() == MapColours.Kind.DISCRETE ? colours.classes()
                : List.of(label(colours, colours.min()), label(colours, colours.max()));
        int rows = colours.kind() == MapColours.Kind.DISCRETE ? labels.size() + (colours.more() ? 1 : 0) : 2;
        int textWidth = metrics.stringWidth(colours.column().name());
        for (String label : labels) {
            textWidth = Math.max(textWidth, metrics.stringWidth(label) + 18);
        }
        textWidth = Math.max(textWidth, metrics.stringWidth(others) + 18);
        int boxWidth = textWidth + 12;
        int boxHeight = line * (rows + 1) + 10 + (colours.kind() == MapColours.Kind.CONTINUOUS ? 40 : 0);
        int left = width - boxWidth - 8;
        int top = 8;
        g.setColor(new Color(255, 255, 255, 225));
        g.fillRect(left, top, boxWidth, boxHeight);
        g.setColor(new Color(COAST));
        g.drawRect(left, top, boxWidth, boxHeight);
        g.setColor(new Color(TEXT));
        g.drawString(colours.column().name(), left + 6, top + line);
        int y = top + line + 5;
        if (colours.kind() == MapColours.Kind.DISCRETE) {
            for (int c = 0; c < rows; c++) {
                boolean other = c >= labels.size();
                g.setColor(new Color(colours.classRgb(other ? -1 : c)));
                g.fillRect(left + 6, y + 2, 12, line - 4);
                g.setColor(new Color(TEXT));
                g.drawString(other ? others : labels.get(c), left + 24, y + line - 3);
                y += line;
            }
        } else {
            int barHeight = line * 2 + 40 - 6;
            for (int dy = 0; dy < barHeight; dy++) {
                double value = colours.max() - (colours.max() - colours.min()) * dy / Math.max(1, barHeight - 1);
                g.setColor(new Color(colours.valueRgb(value)));
                g.drawLine(left + 6, y + dy, left + 18, y + dy);
            }
            g.setColor(new Color(TEXT));
            g.drawString(labels.get(1), left + 24, y + line - 3);
            g.drawString(labels.get(0), left + 24, y + barHeight);
        }
    }

    /** A scale's end: a date and time for a temporal column (its values are milliseconds since the epoch). */
    private static String label(MapColours colours, double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (colours.column().temporal()) {
            return java.time.Instant.ofEpochMilli((long) value).toString().replace('T', ' ').replace("Z", "");
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : String.format(Locale.ROOT, "%.4g", value);
    }
}
