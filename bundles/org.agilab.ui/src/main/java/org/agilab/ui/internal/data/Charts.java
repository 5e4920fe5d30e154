package org.agilab.ui.internal.data;

import java.awt.Font;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;

import org.agilab.runtime.data.CategorySeries;
import org.agilab.runtime.data.ColumnStats;
import org.agilab.runtime.data.XySeries;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The Chart view's charts, made with JFreeChart from what the data service answered (a sample of points, a
 * histogram's bins, a bar per category), titled in the workbench's proportions; no SWT, so a benchmark draws the same.
 */
public final class Charts {

    private Charts() {
    }

    /** Points of y against x, joined ({@code line}) or not; a temporal axis for a date or time column. */
    public static JFreeChart xy(boolean line, XySeries series, String title) {
        XYSeries points = new XYSeries(series.y().name(), false, true);
        for (int i = 0; i < series.xs().length; i++) {
            points.add(series.xs()[i], series.ys()[i], false);
        }
        XYSeriesCollection data = new XYSeriesCollection(points);
        JFreeChart chart = line
                ? ChartFactory.createXYLineChart(title, series.x().name(), series.y().name(), data, PlotOrientation.VERTICAL, false, true, false)
                : ChartFactory.createScatterPlot(title, series.x().name(), series.y().name(), data, PlotOrientation.VERTICAL, false, true, false);
        if (series.x().temporal()) {
            chart.getXYPlot().setDomainAxis(new DateAxis(series.x().name()));
        }
        if (series.y().temporal()) {
            chart.getXYPlot().setRangeAxis(new DateAxis(series.y().name()));
        }
        // thousands of points: small marks, so that the shape of the data shows rather than a blot
        chart.getXYPlot().getRenderer().setSeriesShape(0, new Ellipse2D.Double(-1.5, -1.5, 3, 3));
        return smallTitle(chart);
    }

    /** The bins' counts as bars, labelled by each bin's lower bound. */
    public static JFreeChart histogram(ColumnStats stats, String title, String countLabel) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ColumnStats.Bin bin : stats.bins()) {
            // a value's own bin, a date or time bin's start as the service wrote it, else a number's lower bound
            String label = Double.isNaN(bin.lower()) ? bin.label()
                    : stats.column().temporal() ? bin.label().split(" \\.\\. ")[0] : String.format("%.4g", bin.lower());
            data.addValue(bin.count(), stats.column().name(), label);
        }
        JFreeChart chart = ChartFactory.createBarChart(title, stats.column().name(), countLabel, data, PlotOrientation.VERTICAL, false, true, false);
        chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        return smallTitle(chart);
    }

    /** A bar per category: its row count ({@code countLabel}) or the mean of the value column. */
    public static JFreeChart bars(CategorySeries series, String title, String countLabel) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        String measure = series.value() == null ? countLabel : "mean " + series.value().name();
        for (int i = 0; i < series.labels().size(); i++) {
            data.addValue(series.values()[i], measure, series.labels().get(i));
        }
        JFreeChart chart = ChartFactory.createBarChart(title, series.category().name(), measure, data, PlotOrientation.VERTICAL, false, true, false);
        chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        return smallTitle(chart);
    }

    /** What draws {@code chart} on a picture or an SVG document. */
    public static Pictures.Drawing drawing(JFreeChart chart) {
        return (g, width, height) -> chart.draw(g, new Rectangle(0, 0, width, height));
    }

    /** The title in the workbench's proportions rather than JFreeChart's poster-sized default. */
    private static JFreeChart smallTitle(JFreeChart chart) {
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        return chart;
    }
}
