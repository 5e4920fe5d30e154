package org.agilab.ui.internal.data;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

import javax.imageio.ImageIO;

import org.agilab.runtime.io.AtomicFiles;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.jfree.svg.SVGGraphics2D;

/**
 * What the Chart and Map views share about their pictures: drawn with AWT off the UI thread, shown as SWT image data,
 * and exported as PNG (the pixels) or SVG (the same drawing as vectors, through JFreeSVG), written atomically in a Job.
 */
public final class Pictures {

    /** Draws a picture of {@code width} × {@code height} on {@code g}; called off the UI thread. */
    @FunctionalInterface
    public interface Drawing {
        void draw(Graphics2D g, int width, int height);
    }

    private Pictures() {
    }

    public static BufferedImage raster(Drawing drawing, int width, int height) {
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        try {
            drawing.draw(g, width, height);
        } finally {
            g.dispose();
        }
        return picture;
    }

    /** An AWT picture as SWT image data (24-bit, the same pixels): what a view shows of what a Job drew. */
    static ImageData toImageData(BufferedImage picture) {
        int width = picture.getWidth();
        int height = picture.getHeight();
        ImageData data = new ImageData(width, height, 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            picture.getRGB(0, y, width, 1, row, 0, width);
            data.setPixels(0, y, width, row, 0);
        }
        return data;
    }

    /** The drawing as a file's bytes: SVG when {@code file}'s name ends with {@code .svg}, else PNG. */
    static byte[] encode(Path file, Drawing drawing, int width, int height) {
        if (isSvg(file)) {
            SVGGraphics2D svg = new SVGGraphics2D(width, height);
            drawing.draw(svg, width, height);
            return svg.getSVGDocument().getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(raster(drawing, width, height), "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    private static boolean isSvg(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".svg");
    }

    /**
     * Asks where to export (PNG or SVG, {@code proposed} as the name) and hands the chosen file to {@code export}; a name
     * without either extension gets the one of the type chosen in the dialog.
     */
    static void ask(Shell shell, String proposed, Consumer<Path> export) {
        FileDialog dialog = new FileDialog(shell, SWT.SAVE);
        dialog.setFilterExtensions(new String[] {"*.png", "*.svg"});
        dialog.setFilterNames(new String[] {Messages.ChartView_png, Messages.ChartView_svg});
        dialog.setFileName(proposed);
        dialog.setOverwrite(true);
        String file = dialog.open();
        if (file == null) {
            return;
        }
        String lower = file.toLowerCase(java.util.Locale.ROOT);
        boolean named = lower.endsWith(".svg") || lower.endsWith(".png");
        export.accept(Path.of(named ? file : file + (dialog.getFilterIndex() == 1 ? ".svg" : ".png")));
    }

    /** Writes the drawing to {@code file} (atomically: a failed export leaves the file as it was) in a user Job. */
    static Job export(Path file, Drawing drawing, int width, int height) {
        Job job = Job.create(NLS.bind(Messages.Pictures_exportJob, file), monitor -> {
            try {
                AtomicFiles.write(file, encode(file, drawing, width, height));
            } catch (UncheckedIOException e) {
                return Status.error(NLS.bind(Messages.Pictures_failed, file, e.getCause().getMessage()), e);
            }
            return Status.OK_STATUS;
        });
        job.setUser(true);
        job.schedule();
        return job;
    }
}
