import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import javax.imageio.ImageIO;

/**
 * Draws the AGILab views' 16x16 icons (views, row states, toolbar actions) into bundles/org.agilab.ui/icons/: our own
 * artwork, made from a few shapes so anyone can change one and draw them again.
 *
 * <pre>java tools/icons/DrawIcons.java bundles/org.agilab.ui/icons</pre>
 */
public final class DrawIcons {

    static final Color BLUE = new Color(0x2f6fb3);
    static final Color LIGHT_BLUE = new Color(0xa9c9ec);
    static final Color GREEN = new Color(0x2e9a44);
    static final Color RED = new Color(0xcc3333);
    static final Color ORANGE = new Color(0xd98a1c);
    static final Color GREY = new Color(0x7a7a7a);
    static final Color LIGHT_GREY = new Color(0xd6d6d6);
    static final Color DARK = new Color(0x404040);
    static final Color WHITE = Color.WHITE;

    public static void main(String[] args) throws IOException {
        File root = new File(args.length > 0 ? args[0] : "bundles/org.agilab.ui/icons");
        Map<String, Consumer<Graphics2D>> icons = new LinkedHashMap<>();
        // views
        icons.put("view/apps.png", DrawIcons::apps);
        icons.put("view/runs.png", DrawIcons::runs);
        icons.put("view/workers.png", DrawIcons::workers);
        icons.put("view/chart.png", DrawIcons::chart);
        icons.put("view/distribution.png", DrawIcons::distribution);
        icons.put("view/map.png", DrawIcons::map);
        // a row's state
        icons.put("state/running.png", DrawIcons::running);
        icons.put("state/ok.png", DrawIcons::ok);
        icons.put("state/failed.png", DrawIcons::failed);
        icons.put("state/cancelled.png", DrawIcons::cancelled);
        icons.put("state/waiting.png", DrawIcons::waiting);
        icons.put("state/stopped.png", DrawIcons::stopped);
        // toolbar and menu actions
        icons.put("action/install.png", DrawIcons::install);
        icons.put("action/settings.png", DrawIcons::settings);
        icons.put("action/log.png", DrawIcons::log);
        icons.put("action/stop_nodes.png", DrawIcons::stopNodes);
        icons.put("action/plan.png", DrawIcons::distribution);
        icons.put("action/refresh.png", DrawIcons::refresh);
        icons.put("action/compare.png", DrawIcons::compare);
        icons.put("action/outputs.png", DrawIcons::outputs);
        icons.put("action/data.png", DrawIcons::data);
        icons.put("action/replay.png", DrawIcons::replay);
        icons.put("action/add_stage.png", DrawIcons::addStage);
        icons.put("action/move.png", DrawIcons::move);
        icons.put("action/export.png", DrawIcons::export);
        icons.put("action/analysis.png", DrawIcons::analysis);
        icons.put("action/zoom_in.png", g -> zoom(g, true));
        icons.put("action/zoom_out.png", g -> zoom(g, false));
        icons.put("action/zoom_fit.png", DrawIcons::zoomFit);
        icons.put("action/service_start.png", g -> service(g, true));
        icons.put("action/service_stop.png", g -> service(g, false));
        icons.put("action/service_submit.png", DrawIcons::serviceSubmit);
        icons.put("action/service_health.png", DrawIcons::serviceHealth);
        for (Map.Entry<String, Consumer<Graphics2D>> icon : icons.entrySet()) {
            BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            icon.getValue().accept(g);
            g.dispose();
            File file = new File(root, icon.getKey());
            file.getParentFile().mkdirs();
            ImageIO.write(image, "png", file);
        }
        System.out.println(icons.size() + " icons in " + root);
    }

    static void stroke(Graphics2D g, Color color, float width) {
        g.setColor(color);
        g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }

    static void box(Graphics2D g, double x, double y, double w, double h, Color fill, Color line) {
        RoundRectangle2D r = new RoundRectangle2D.Double(x, y, w, h, 2, 2);
        g.setColor(fill);
        g.fill(r);
        stroke(g, line, 1f);
        g.draw(r);
    }

    static void disc(Graphics2D g, Color fill) {
        g.setColor(fill);
        g.fill(new Ellipse2D.Double(1, 1, 14, 14));
    }

    // views

    /** Four app tiles. */
    static void apps(Graphics2D g) {
        box(g, 1.5, 1.5, 5.5, 5.5, LIGHT_BLUE, BLUE);
        box(g, 9, 1.5, 5.5, 5.5, LIGHT_BLUE, BLUE);
        box(g, 1.5, 9, 5.5, 5.5, LIGHT_BLUE, BLUE);
        box(g, 9, 9, 5.5, 5.5, new Color(0xbfe3c6), GREEN);
    }

    /** A history: a clock face beside list lines. */
    static void runs(Graphics2D g) {
        stroke(g, GREY, 1.5f);
        for (int y : new int[] {3, 7, 11}) {
            g.draw(new Line2D.Double(9, y, 14.5, y));
        }
        g.setColor(WHITE);
        g.fill(new Ellipse2D.Double(0.5, 4.5, 10, 10));
        stroke(g, BLUE, 1.4f);
        g.draw(new Ellipse2D.Double(1, 5, 9, 9));
        g.draw(new Line2D.Double(5.5, 9.5, 5.5, 6.8));
        g.draw(new Line2D.Double(5.5, 9.5, 7.6, 10.8));
    }

    /** Three nodes joined to a head. */
    static void workers(Graphics2D g) {
        stroke(g, GREY, 1.2f);
        g.draw(new Line2D.Double(8, 4, 3, 12));
        g.draw(new Line2D.Double(8, 4, 8, 12));
        g.draw(new Line2D.Double(8, 4, 13, 12));
        g.setColor(BLUE);
        g.fill(new Ellipse2D.Double(5, 1, 6, 6));
        g.setColor(GREEN);
        for (double x : new double[] {0.5, 5.5, 10.5}) {
            g.fill(new Ellipse2D.Double(x, 10, 5, 5));
        }
    }

    /** A globe (a disc with a meridian and a parallel) crossed by a track. */
    static void map(Graphics2D g) {
        g.setColor(LIGHT_BLUE);
        g.fill(new Ellipse2D.Double(1, 1, 14, 14));
        stroke(g, BLUE, 1f);
        g.draw(new Ellipse2D.Double(1.5, 1.5, 13, 13));
        g.draw(new Ellipse2D.Double(5, 1.5, 6, 13));
        g.draw(new Line2D.Double(1.5, 8, 14.5, 8));
        stroke(g, RED, 1.6f);
        Path2D.Double track = new Path2D.Double();
        track.moveTo(3, 12);
        track.curveTo(6, 6, 9, 11, 13, 4);
        g.draw(track);
    }

    /** A magnifier with a plus or a minus. */
    static void zoom(Graphics2D g, boolean in) {
        g.setColor(WHITE);
        g.fill(new Ellipse2D.Double(1.5, 1.5, 9, 9));
        stroke(g, DARK, 1.4f);
        g.draw(new Ellipse2D.Double(1.5, 1.5, 9, 9));
        stroke(g, DARK, 2.2f);
        g.draw(new Line2D.Double(9.5, 9.5, 14, 14));
        stroke(g, BLUE, 1.4f);
        g.draw(new Line2D.Double(3.8, 6, 8.2, 6));
        if (in) {
            g.draw(new Line2D.Double(6, 3.8, 6, 8.2));
        }
    }

    /** Four corners around a dot: the data's extent. */
    static void zoomFit(Graphics2D g) {
        stroke(g, DARK, 1.4f);
        for (double[] c : new double[][] {{1.5, 1.5, 1, 1}, {14.5, 1.5, -1, 1}, {1.5, 14.5, 1, -1}, {14.5, 14.5, -1, -1}}) {
            g.draw(new Line2D.Double(c[0], c[1], c[0] + 4 * c[2], c[1]));
            g.draw(new Line2D.Double(c[0], c[1], c[0], c[1] + 4 * c[3]));
        }
        g.setColor(RED);
        g.fill(new Ellipse2D.Double(5, 5, 6, 6));
    }

    /** Bars over an axis. */
    static void chart(Graphics2D g) {
        stroke(g, DARK, 1f);
        g.draw(new Line2D.Double(1.5, 1.5, 1.5, 14.5));
        g.draw(new Line2D.Double(1.5, 14.5, 14.5, 14.5));
        g.setColor(BLUE);
        g.fillRect(3, 8, 3, 6);
        g.setColor(ORANGE);
        g.fillRect(7, 3, 3, 11);
        g.setColor(GREEN);
        g.fillRect(11, 6, 3, 8);
    }

    /** A tree: one plan split into partitions. */
    static void distribution(Graphics2D g) {
        stroke(g, GREY, 1.2f);
        g.draw(new Line2D.Double(3.5, 5, 3.5, 13));
        g.draw(new Line2D.Double(3.5, 8.5, 8, 8.5));
        g.draw(new Line2D.Double(3.5, 13, 8, 13));
        box(g, 1, 1, 5, 4, LIGHT_BLUE, BLUE);
        box(g, 8, 6.5, 6.5, 4, new Color(0xfbe2bd), ORANGE);
        box(g, 8, 11, 6.5, 4, new Color(0xbfe3c6), GREEN);
    }

    // states

    static void running(Graphics2D g) {
        disc(g, BLUE);
        g.setColor(WHITE);
        Path2D play = new Path2D.Double();
        play.moveTo(6, 4.5);
        play.lineTo(11.5, 8);
        play.lineTo(6, 11.5);
        play.closePath();
        g.fill(play);
    }

    static void ok(Graphics2D g) {
        disc(g, GREEN);
        stroke(g, WHITE, 2f);
        Path2D check = new Path2D.Double();
        check.moveTo(4.5, 8.3);
        check.lineTo(7, 10.8);
        check.lineTo(11.5, 5.5);
        g.draw(check);
    }

    static void failed(Graphics2D g) {
        disc(g, RED);
        stroke(g, WHITE, 2f);
        g.draw(new Line2D.Double(5.3, 5.3, 10.7, 10.7));
        g.draw(new Line2D.Double(10.7, 5.3, 5.3, 10.7));
    }

    /** A grey disc with a bar: stopped on request, not an error. */
    static void cancelled(Graphics2D g) {
        disc(g, GREY);
        g.setColor(WHITE);
        g.fill(new RoundRectangle2D.Double(4, 7, 8, 2.4, 1, 1));
    }

    /** Planned, sent, connecting: an open ring. */
    static void waiting(Graphics2D g) {
        g.setColor(WHITE);
        g.fill(new Ellipse2D.Double(1.5, 1.5, 13, 13));
        stroke(g, GREY, 1.5f);
        g.draw(new Ellipse2D.Double(1.5, 1.5, 13, 13));
        g.setColor(GREY);
        for (double x : new double[] {4.5, 7.25, 10}) {
            g.fill(new Ellipse2D.Double(x, 7, 1.8, 1.8));
        }
    }

    /** A host whose nodes were stopped: a hollow square. */
    static void stopped(Graphics2D g) {
        stroke(g, GREY, 1.5f);
        g.draw(new Ellipse2D.Double(1.5, 1.5, 13, 13));
        g.setColor(GREY);
        g.fillRect(5, 5, 6, 6);
    }

    // actions

    /** An arrow down into a tray. */
    static void install(Graphics2D g) {
        stroke(g, DARK, 1.5f);
        Path2D tray = new Path2D.Double();
        tray.moveTo(1.5, 10);
        tray.lineTo(1.5, 14.5);
        tray.lineTo(14.5, 14.5);
        tray.lineTo(14.5, 10);
        g.draw(tray);
        stroke(g, GREEN, 2f);
        g.draw(new Line2D.Double(8, 1.5, 8, 10));
        Path2D head = new Path2D.Double();
        head.moveTo(4.5, 7);
        head.lineTo(8, 10.5);
        head.lineTo(11.5, 7);
        g.draw(head);
    }

    /** A page with key = value lines. */
    static void settings(Graphics2D g) {
        box(g, 2.5, 1.5, 11, 13, WHITE, GREY);
        stroke(g, BLUE, 1.2f);
        for (int y : new int[] {5, 8, 11}) {
            g.draw(new Line2D.Double(4.5, y, 7, y));
        }
        stroke(g, ORANGE, 1.2f);
        for (int y : new int[] {5, 8, 11}) {
            g.draw(new Line2D.Double(8.5, y, 11.5, y));
        }
    }

    /** A page of text lines. */
    static void log(Graphics2D g) {
        box(g, 2.5, 1.5, 11, 13, WHITE, GREY);
        stroke(g, DARK, 1f);
        for (int y : new int[] {4, 6, 8, 10, 12}) {
            g.draw(new Line2D.Double(4.5, y, y % 4 == 0 ? 11.5 : 9.5, y));
        }
    }

    /** Nodes with a stop mark. */
    static void stopNodes(Graphics2D g) {
        g.setColor(GREEN);
        g.fill(new Ellipse2D.Double(0.5, 0.5, 5, 5));
        g.fill(new Ellipse2D.Double(0.5, 7, 5, 5));
        g.setColor(RED);
        g.fill(new RoundRectangle2D.Double(7, 6, 8.5, 8.5, 2, 2));
        g.setColor(WHITE);
        g.fillRect(9, 8, 4, 4);
    }

    /** Two arrows chasing each other. */
    static void refresh(Graphics2D g) {
        stroke(g, GREEN, 1.8f);
        g.draw(new Arc2D.Double(2.5, 2.5, 11, 11, 20, 150, Arc2D.OPEN));
        g.draw(new Arc2D.Double(2.5, 2.5, 11, 11, 200, 150, Arc2D.OPEN));
        g.setColor(GREEN);
        Path2D a = new Path2D.Double();
        a.moveTo(10.5, 0.5);
        a.lineTo(15, 5.5);
        a.lineTo(9, 6.5);
        a.closePath();
        g.fill(a);
        Path2D b = new Path2D.Double();
        b.moveTo(5.5, 15.5);
        b.lineTo(1, 10.5);
        b.lineTo(7, 9.5);
        b.closePath();
        g.fill(b);
    }

    /** Two pages side by side. */
    static void compare(Graphics2D g) {
        box(g, 0.5, 1.5, 6.5, 13, WHITE, BLUE);
        box(g, 9, 1.5, 6.5, 13, WHITE, ORANGE);
        stroke(g, GREY, 1f);
        for (int y : new int[] {5, 8, 11}) {
            g.draw(new Line2D.Double(2, y, 5.5, y));
            g.draw(new Line2D.Double(10.5, y, 14, y));
        }
    }

    /** A folder. */
    static void outputs(Graphics2D g) {
        Path2D folder = new Path2D.Double();
        folder.moveTo(1, 3);
        folder.lineTo(6, 3);
        folder.lineTo(7.5, 5);
        folder.lineTo(15, 5);
        folder.lineTo(15, 14);
        folder.lineTo(1, 14);
        folder.closePath();
        g.setColor(new Color(0xf2cf6d));
        g.fill(folder);
        stroke(g, new Color(0xa9822a), 1f);
        g.draw(folder);
    }

    /** A table. */
    static void data(Graphics2D g) {
        box(g, 1.5, 2.5, 13, 11, WHITE, GREY);
        g.setColor(LIGHT_BLUE);
        g.fillRect(2, 3, 12, 3);
        stroke(g, GREY, 1f);
        g.draw(new Line2D.Double(1.5, 6, 14.5, 6));
        g.draw(new Line2D.Double(1.5, 9.5, 14.5, 9.5));
        g.draw(new Line2D.Double(6, 2.5, 6, 13.5));
        g.draw(new Line2D.Double(10.5, 2.5, 10.5, 13.5));
    }

    /** Open Analysis: a run's table with a track drawn over it (the data editor and the views it opens). */
    static void analysis(Graphics2D g) {
        box(g, 1.5, 1.5, 9, 8, WHITE, GREY);
        g.setColor(LIGHT_BLUE);
        g.fillRect(2, 2, 8, 2);
        stroke(g, GREY, 1f);
        g.draw(new Line2D.Double(1.5, 4.5, 10.5, 4.5));
        g.draw(new Line2D.Double(5.5, 1.5, 5.5, 9.5));
        stroke(g, ORANGE, 1.8f);
        Path2D track = new Path2D.Double();
        track.moveTo(4, 14);
        track.lineTo(8, 10.5);
        track.lineTo(11, 12.5);
        track.lineTo(14.5, 7);
        g.draw(track);
        g.setColor(BLUE);
        g.fill(new Ellipse2D.Double(12.5, 5, 3.5, 3.5));
    }

    /** A loop arrow around a play mark. */
    static void replay(Graphics2D g) {
        stroke(g, BLUE, 1.6f);
        g.draw(new Arc2D.Double(1.5, 1.5, 13, 13, 100, 290, Arc2D.OPEN));
        g.setColor(BLUE);
        Path2D head = new Path2D.Double();
        head.moveTo(4, 0.5);
        head.lineTo(9, 2.2);
        head.lineTo(5, 5.5);
        head.closePath();
        g.fill(head);
        g.setColor(GREEN);
        Path2D play = new Path2D.Double();
        play.moveTo(6.5, 5.5);
        play.lineTo(11, 8);
        play.lineTo(6.5, 10.5);
        play.closePath();
        g.fill(play);
    }

    /** A stage box with a plus. */
    static void addStage(Graphics2D g) {
        box(g, 1.5, 3.5, 9, 9, LIGHT_BLUE, BLUE);
        g.setColor(GREEN);
        g.fill(new Ellipse2D.Double(8.5, 0.5, 7, 7));
        stroke(g, WHITE, 1.5f);
        g.draw(new Line2D.Double(12, 2, 12, 6));
        g.draw(new Line2D.Double(10, 4, 14, 4));
    }

    /** A box and an arrow to the right. */
    static void move(Graphics2D g) {
        box(g, 0.5, 5, 6, 6, new Color(0xfbe2bd), ORANGE);
        stroke(g, DARK, 1.6f);
        g.draw(new Line2D.Double(8, 8, 14.5, 8));
        g.draw(new Line2D.Double(11.5, 5, 14.5, 8));
        g.draw(new Line2D.Double(11.5, 11, 14.5, 8));
    }

    /** An arrow up out of a tray. */
    static void export(Graphics2D g) {
        stroke(g, DARK, 1.5f);
        Path2D tray = new Path2D.Double();
        tray.moveTo(1.5, 10);
        tray.lineTo(1.5, 14.5);
        tray.lineTo(14.5, 14.5);
        tray.lineTo(14.5, 10);
        g.draw(tray);
        stroke(g, BLUE, 2f);
        g.draw(new Line2D.Double(8, 11, 8, 2));
        Path2D head = new Path2D.Double();
        head.moveTo(4.5, 5.5);
        head.lineTo(8, 2);
        head.lineTo(11.5, 5.5);
        g.draw(head);
    }

    /** A queue's stacked tasks, on the left. */
    static void queue(Graphics2D g) {
        for (double y : new double[] {1.5, 6, 10.5}) {
            box(g, 0.5, y, 7.5, 3.5, LIGHT_BLUE, BLUE);
        }
    }

    /** The queue with a green play (start the service) or a red stop mark (stop it). */
    static void service(Graphics2D g, boolean start) {
        queue(g);
        if (start) {
            g.setColor(GREEN);
            Path2D play = new Path2D.Double();
            play.moveTo(9, 4);
            play.lineTo(15.5, 8.5);
            play.lineTo(9, 13);
            play.closePath();
            g.fill(play);
        } else {
            g.setColor(RED);
            g.fill(new RoundRectangle2D.Double(9, 5, 6.5, 6.5, 2, 2));
            g.setColor(WHITE);
            g.fillRect(11, 7, 3, 3);
        }
    }

    /** A task going into the queue: an orange arrow onto the stack. */
    static void serviceSubmit(Graphics2D g) {
        queue(g);
        stroke(g, ORANGE, 2f);
        g.draw(new Line2D.Double(15, 3, 10, 8));
        Path2D head = new Path2D.Double();
        head.moveTo(10, 4);
        head.lineTo(10, 8);
        head.lineTo(14, 8);
        g.draw(head);
    }

    /** A pulse line across a green disc: the service's health. */
    static void serviceHealth(Graphics2D g) {
        disc(g, GREEN);
        stroke(g, WHITE, 1.6f);
        Path2D pulse = new Path2D.Double();
        pulse.moveTo(2.5, 8.5);
        pulse.lineTo(5.5, 8.5);
        pulse.lineTo(7, 4.5);
        pulse.lineTo(9, 12);
        pulse.lineTo(10.5, 8.5);
        pulse.lineTo(13.5, 8.5);
        g.draw(pulse);
    }
}
