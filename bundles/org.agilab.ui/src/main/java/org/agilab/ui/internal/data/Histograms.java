package org.agilab.ui.internal.data;

import java.util.List;

import org.agilab.runtime.data.ColumnStats;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;

/** Draws a column's histogram bins as bars, one per bin, scaled to the largest, with the range under them. */
final class Histograms {

    private Histograms() {
    }

    static void paint(GC gc, Rectangle client, ColumnStats stats) {
        gc.setBackground(gc.getDevice().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        gc.fillRectangle(client);
        if (stats == null || stats.bins().isEmpty()) {
            return;
        }
        List<ColumnStats.Bin> bins = stats.bins();
        long largest = bins.stream().mapToLong(ColumnStats.Bin::count).max().orElse(1);
        int textHeight = gc.getFontMetrics().getHeight();
        Rectangle area = DataEditor.inset(client, 6);
        int plotHeight = Math.max(1, area.height - 2 * textHeight - 4);
        int width = Math.max(1, area.width / bins.size());
        gc.setBackground(gc.getDevice().getSystemColor(SWT.COLOR_LIST_SELECTION));
        for (int b = 0; b < bins.size(); b++) {
            long count = bins.get(b).count();
            int height = largest == 0 ? 0 : (int) Math.round((double) count / largest * plotHeight);
            gc.fillRectangle(area.x + b * width + 1, area.y + textHeight + plotHeight - height, Math.max(1, width - 2), height);
        }
        gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_LIST_FOREGROUND));
        gc.drawText(String.format("max %,d", largest), area.x, area.y, true);
        String range = Double.isNaN(bins.get(0).lower()) ? bins.get(0).label() + " … " + bins.get(bins.size() - 1).label()
                : bins.get(0).label().split(" \\.\\. ")[0] + " … " + bins.get(bins.size() - 1).label().split(" \\.\\. ")[1];
        gc.drawText(range, area.x, area.y + textHeight + plotHeight + 4, true);
    }
}
