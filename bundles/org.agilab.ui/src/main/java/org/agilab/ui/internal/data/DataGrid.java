package org.agilab.ui.internal.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.accessibility.ACC;
import org.eclipse.swt.accessibility.AccessibleAdapter;
import org.eclipse.swt.accessibility.AccessibleControlAdapter;
import org.eclipse.swt.accessibility.AccessibleControlEvent;
import org.eclipse.swt.accessibility.AccessibleEvent;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.ScrollBar;

/**
 * A read-only grid of rows drawn on a {@link Canvas}: only the rows on screen are asked for and drawn, so its UI cost
 * does not depend on the row count (a virtual SWT {@code Table} on GTK keeps a list-store row per item, and changing its
 * count by thousands stalls the UI thread). The vertical scroll bar's range is the row count (scaled down past a billion
 * rows: a scroll bar's values are ints); rows the {@link Rows} source has not read yet are drawn as placeholders until it
 * calls {@link #rowsArrived()}.
 *
 * <p>A header with the sort arrow (a click reports the column to {@link #onSort}), columns resized by dragging a header's
 * right edge, horizontal scrolling, a row range selected with the mouse (Shift extends) and the keys (arrows, Page Up/Down,
 * Home/End, Ctrl+A), Ctrl+C hands the selected range to {@link #onCopy}; a cell too narrow for its text ends with an
 * ellipsis and shows it whole as a tooltip. Colours are the display's list colours, so the theme applies.
 */
public final class DataGrid {

    /** Where the rows come from: the row at an index, or null while it is being read (the source then reads it). */
    @FunctionalInterface
    public interface Rows {
        Object[] row(long index);
    }

    /** A column's header: its title, its tooltip, right-aligned (numbers) or not, its first width in pixels. */
    public record Header(String title, String tip, boolean right, int width) {
    }

    /** A column: its header and its width now (the user drags it). */
    private static final class Column {
        final String title;
        final String tip;
        final boolean right;
        int width;

        Column(Header header) {
            this.title = header.title();
            this.tip = header.tip();
            this.right = header.right();
            this.width = header.width();
        }
    }

    /** Past this many rows a scroll-bar step is more than one row. */
    private static final long SCROLL_LIMIT = 1_000_000_000L;
    private static final int EDGE = 4;
    private static final int PAD = 5;
    private static final int MIN_WIDTH = 24;
    static final String PLACEHOLDER = "…";

    private final Canvas canvas;
    private final List<Column> columns = new ArrayList<>();
    private Rows rows = index -> null;
    private long rowCount;
    private long top;
    private int scrollX;
    private int sortColumn = -1;
    private boolean ascending;
    private long anchor = -1;
    private long lead = -1;
    private String message;
    private final int rowHeight;
    private final int headerHeight;

    private int resizing = -1;
    private int resizeStart;
    private int resizeWidth;
    private int pressedHeader = -1;

    private IntConsumer onSort = column -> { };
    private BiConsumer<Long, Long> onCopy = (first, last) -> { };

    public DataGrid(Composite parent, String accessibleName) {
        canvas = new Canvas(parent, SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL | SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        Display display = canvas.getDisplay();
        canvas.setBackground(display.getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        canvas.setForeground(display.getSystemColor(SWT.COLOR_LIST_FOREGROUND));
        GC gc = new GC(canvas);
        int fontHeight;
        try {
            fontHeight = gc.getFontMetrics().getHeight();
        } finally {
            gc.dispose();
        }
        rowHeight = fontHeight + 8;
        headerHeight = fontHeight + 12;

        canvas.addListener(SWT.Paint, event -> paint(event.gc));
        canvas.addListener(SWT.Resize, event -> updateScrollBars());
        canvas.getVerticalBar().addListener(SWT.Selection, event -> {
            top = Math.min(maxTop(), canvas.getVerticalBar().getSelection() * scale());
            canvas.redraw();
        });
        canvas.getHorizontalBar().addListener(SWT.Selection, event -> {
            scrollX = canvas.getHorizontalBar().getSelection();
            canvas.redraw();
        });
        canvas.addListener(SWT.MouseVerticalWheel, event -> {
            event.doit = false;
            scrollTo(top - event.count); // SWT counts three lines a notch
        });
        canvas.addListener(SWT.MouseDown, this::mouseDown);
        canvas.addListener(SWT.MouseMove, this::mouseMove);
        canvas.addListener(SWT.MouseUp, this::mouseUp);
        canvas.addListener(SWT.KeyDown, this::keyDown);
        canvas.addListener(SWT.Traverse, event -> {
            if (event.detail == SWT.TRAVERSE_TAB_NEXT || event.detail == SWT.TRAVERSE_TAB_PREVIOUS) {
                event.doit = true;
            }
        });
        canvas.addListener(SWT.FocusIn, event -> canvas.redraw());
        canvas.addListener(SWT.FocusOut, event -> canvas.redraw());
        canvas.getAccessible().addAccessibleListener(new AccessibleAdapter() {
            @Override
            public void getName(AccessibleEvent event) {
                event.result = accessibleName;
            }
        });
        canvas.getAccessible().addAccessibleControlListener(new AccessibleControlAdapter() {
            @Override
            public void getRole(AccessibleControlEvent event) {
                event.detail = ACC.ROLE_TABLE;
            }
        });
    }

    // ---------------------------------------------------------------------------------------------- content

    /** The columns; the rows are asked again. */
    public void setColumns(List<Header> headers) {
        columns.clear();
        headers.forEach(header -> columns.add(new Column(header)));
        message = null;
        updateScrollBars();
        canvas.redraw();
    }

    public void setRows(Rows source) {
        rows = source;
        canvas.redraw();
    }

    /** A new row count: the selection is dropped, the view stays where it was if those rows still exist. */
    public void setRowCount(long count) {
        rowCount = Math.max(0, count);
        anchor = -1;
        lead = -1;
        top = Math.max(0, Math.min(top, maxTop()));
        message = null;
        updateScrollBars();
        canvas.redraw();
    }

    /** Rows the source had not read are read now: draws them. */
    public void rowsArrived() {
        canvas.redraw();
    }

    /** The sort arrow on {@code column} (-1: none). */
    public void setSort(int column, boolean up) {
        sortColumn = column;
        ascending = up;
        canvas.redraw();
    }

    /** Draws {@code text} instead of the rows (the dataset could not be read). */
    public void showMessage(String text) {
        message = text;
        rowCount = 0;
        updateScrollBars();
        canvas.redraw();
    }

    /** Told the index of a header the user clicked. */
    public void onSort(IntConsumer listener) {
        onSort = listener;
    }

    /** Told the first and last index of the selected rows on Ctrl+C. */
    public void onCopy(BiConsumer<Long, Long> listener) {
        onCopy = listener;
    }

    // ---------------------------------------------------------------------------------------------- reading it

    public Canvas control() {
        return canvas;
    }

    public long rowCount() {
        return rowCount;
    }

    public long topRow() {
        return top;
    }

    public List<String> columnTitles() {
        return columns.stream().map(column -> column.title).toList();
    }

    public int columnWidth(int column) {
        return columns.get(column).width;
    }

    /** The sorted column, or -1. */
    public int sortColumn() {
        return sortColumn;
    }

    /** {@link SWT#UP}, {@link SWT#DOWN}, or {@link SWT#NONE} when no column is sorted. */
    public int sortDirection() {
        return sortColumn < 0 ? SWT.NONE : ascending ? SWT.UP : SWT.DOWN;
    }

    /** The text a cell shows (null: its row is not read yet, it shows a placeholder), asked of the source as drawing does. */
    public String text(long row, int column) {
        Object[] values = row >= 0 && row < rowCount ? rows.row(row) : null;
        return values == null ? null : cell(values, column);
    }

    /** Rows that fit on screen, the last one maybe in part. */
    public int visibleRowCount() {
        return Math.max(1, (canvas.getClientArea().height - headerHeight + rowHeight - 1) / rowHeight);
    }

    /** The texts of the rows on screen, top first (null for a row not read yet). */
    public List<String[]> visibleRows() {
        List<String[]> shown = new ArrayList<>();
        long last = Math.min(rowCount, top + visibleRowCount());
        for (long row = top; row < last; row++) {
            Object[] values = rows.row(row);
            if (values == null) {
                shown.add(null);
            } else {
                String[] texts = new String[columns.size()];
                for (int c = 0; c < texts.length; c++) {
                    texts[c] = cell(values, c);
                }
                shown.add(texts);
            }
        }
        return shown;
    }

    /** The selected rows' first and last index, or null. */
    public long[] selection() {
        return anchor < 0 ? null : new long[] {Math.min(anchor, lead), Math.max(anchor, lead)};
    }

    // ---------------------------------------------------------------------------------------------- moving

    /** Scrolls so that {@code row} is the top row (or as near as the end allows). */
    public void scrollTo(long row) {
        long next = Math.max(0, Math.min(row, maxTop()));
        if (next != top) {
            top = next;
            canvas.getVerticalBar().setSelection((int) (top / scale()));
            canvas.redraw();
        }
    }

    /** Scrolls as little as needed to show {@code row}. */
    public void reveal(long row) {
        int page = Math.max(1, canvas.getClientArea().height - headerHeight) / rowHeight;
        if (row < top) {
            scrollTo(row);
        } else if (row >= top + Math.max(1, page)) {
            scrollTo(row - Math.max(1, page) + 1);
        }
    }

    /** Selects rows {@code first} to {@code last} (inclusive) and shows the last. */
    public void select(long first, long last) {
        if (rowCount == 0) {
            return;
        }
        anchor = clamp(first);
        lead = clamp(last);
        reveal(lead);
        canvas.redraw();
    }

    /** Where a header click at x (client pixels) lands: the column, or -1. */
    int columnAt(int x) {
        int left = -scrollX;
        for (int c = 0; c < columns.size(); c++) {
            int right = left + columns.get(c).width;
            if (x >= left && x < right) {
                return c;
            }
            left = right;
        }
        return -1;
    }

    /** The client x of a column's left edge. */
    public int columnX(int column) {
        int left = -scrollX;
        for (int c = 0; c < column; c++) {
            left += columns.get(c).width;
        }
        return left;
    }

    public int headerHeight() {
        return headerHeight;
    }

    public int rowHeight() {
        return rowHeight;
    }

    // ---------------------------------------------------------------------------------------------- drawing

    private void paint(GC gc) {
        Display display = canvas.getDisplay();
        Rectangle area = canvas.getClientArea();
        Color background = display.getSystemColor(SWT.COLOR_LIST_BACKGROUND);
        Color foreground = display.getSystemColor(SWT.COLOR_LIST_FOREGROUND);
        Color selection = display.getSystemColor(SWT.COLOR_LIST_SELECTION);
        Color selectionText = display.getSystemColor(SWT.COLOR_LIST_SELECTION_TEXT);
        Color lines = display.getSystemColor(SWT.COLOR_WIDGET_LIGHT_SHADOW);
        Color dim = display.getSystemColor(SWT.COLOR_WIDGET_NORMAL_SHADOW);
        gc.setBackground(background);
        gc.fillRectangle(area);
        gc.setFont(canvas.getFont());

        if (message != null) {
            gc.setForeground(foreground);
            gc.drawText(message, PAD, PAD, true);
            return;
        }
        int width = totalWidth();
        long[] selected = selection();
        long last = Math.min(rowCount, top + visibleRowCount());
        for (long row = top; row < last; row++) {
            int y = headerHeight + (int) (row - top) * rowHeight;
            boolean isSelected = selected != null && row >= selected[0] && row <= selected[1];
            if (isSelected) {
                gc.setBackground(selection);
                gc.fillRectangle(0, y, Math.max(area.width, width - scrollX), rowHeight);
            }
            Object[] values = rows.row(row);
            gc.setForeground(values == null ? dim : isSelected ? selectionText : foreground);
            int left = -scrollX;
            for (int c = 0; c < columns.size(); c++) {
                Column column = columns.get(c);
                if (left + column.width > 0 && left < area.width) {
                    String text = values == null ? (c == 0 ? PLACEHOLDER : "") : cell(values, c);
                    drawCell(gc, text, left, y, column.width, column.right && values != null);
                }
                left += column.width;
            }
            gc.setForeground(lines);
            gc.drawLine(0, y + rowHeight - 1, area.width, y + rowHeight - 1);
        }
        // the column lines down to the last row, then the header over everything
        gc.setForeground(lines);
        int bottom = headerHeight + (int) (last - top) * rowHeight;
        int left = -scrollX;
        for (Column column : columns) {
            left += column.width;
            gc.drawLine(left - 1, headerHeight, left - 1, Math.min(bottom, area.height));
        }
        paintHeader(gc, area, lines, dim);
        if (canvas.isFocusControl() && lead >= top && lead < last) {
            gc.setForeground(foreground);
            gc.drawFocus(0, headerHeight + (int) (lead - top) * rowHeight, Math.min(area.width, width - scrollX), rowHeight);
        }
    }

    private void paintHeader(GC gc, Rectangle area, Color lines, Color dim) {
        Display display = canvas.getDisplay();
        gc.setBackground(display.getSystemColor(SWT.COLOR_WIDGET_BACKGROUND));
        gc.fillRectangle(0, 0, area.width, headerHeight);
        gc.setForeground(dim);
        gc.drawLine(0, headerHeight - 1, area.width, headerHeight - 1);
        int left = -scrollX;
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            int arrow = c == sortColumn ? 12 : 0;
            if (left + column.width > 0 && left < area.width) {
                gc.setForeground(display.getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
                drawCell(gc, column.title, left, (headerHeight - rowHeight) / 2, column.width - arrow, column.right);
                if (arrow > 0) {
                    int x = left + column.width - arrow - 2;
                    int y = headerHeight / 2;
                    gc.setBackground(dim);
                    gc.fillPolygon(ascending ? new int[] {x, y + 3, x + 8, y + 3, x + 4, y - 2} : new int[] {x, y - 2, x + 8, y - 2, x + 4, y + 3});
                    gc.setBackground(display.getSystemColor(SWT.COLOR_WIDGET_BACKGROUND));
                }
                gc.setForeground(lines);
                gc.drawLine(left + column.width - 1, 3, left + column.width - 1, headerHeight - 4);
            }
            left += column.width;
        }
    }

    /** A cell's text in its box, clipped, with an ellipsis if it does not fit. */
    private static void drawCell(GC gc, String text, int x, int y, int width, boolean right) {
        int room = width - 2 * PAD;
        if (room <= 0 || text.isEmpty()) {
            return;
        }
        int textWidth = gc.textExtent(text).x;
        String shown = text;
        if (textWidth > room) {
            shown = fit(gc, text, room);
            textWidth = gc.textExtent(shown).x;
        }
        gc.setClipping(x, y, width, Integer.MAX_VALUE / 4);
        gc.drawText(shown, right ? x + width - PAD - textWidth : x + PAD, y + 4, true);
        gc.setClipping((Rectangle) null);
    }

    /** {@code text}, or its longest start that fits in {@code room} pixels followed by an ellipsis. */
    static String fit(GC gc, String text, int room) {
        int low = 0;
        int high = text.length();
        while (low < high) {
            int middle = (low + high + 1) / 2;
            if (gc.textExtent(text.substring(0, middle) + PLACEHOLDER).x <= room) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return text.substring(0, low) + PLACEHOLDER;
    }

    private String cell(Object[] values, int column) {
        return column < values.length ? shown(values[column]) : "";
    }

    /** A cell's value whole, as Ctrl+C copies it (the tooltip shows it where the cell shows less). */
    private String whole(Object[] values, int column) {
        return column < values.length && values[column] != null ? String.valueOf(values[column]) : "";
    }

    /**
     * How a cell shows a value: a floating-point number with at most six decimals, trailing zeros dropped, as pandas
     * shows a frame ({@code 3.9299999999999997} as {@code 3.93}); a very small or very large one, and anything else,
     * as it is.
     */
    public static String shown(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            double magnitude = Math.abs(number);
            if (Double.isFinite(number) && (number == 0 || (magnitude >= 1e-4 && magnitude < 1e15))) {
                String exact = value instanceof Float ? Float.toString((Float) value) : Double.toString(number);
                String rounded = new java.math.BigDecimal(exact).setScale(6, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
                return rounded.equals("-0") ? "0" : rounded;
            }
        }
        return String.valueOf(value);
    }

    // ---------------------------------------------------------------------------------------------- input

    private void mouseDown(Event event) {
        canvas.setFocus();
        if (event.button != 1) {
            return;
        }
        if (event.y < headerHeight) {
            int edge = edgeAt(event.x);
            if (edge >= 0) {
                resizing = edge;
                resizeStart = event.x;
                resizeWidth = columns.get(edge).width;
            } else {
                pressedHeader = columnAt(event.x);
            }
            return;
        }
        long row = top + (event.y - headerHeight) / rowHeight;
        if (row >= rowCount) {
            return;
        }
        if ((event.stateMask & SWT.SHIFT) != 0 && anchor >= 0) {
            lead = row;
        } else {
            anchor = row;
            lead = row;
        }
        canvas.redraw();
    }

    private void mouseMove(Event event) {
        if (resizing >= 0) {
            columns.get(resizing).width = Math.max(MIN_WIDTH, resizeWidth + event.x - resizeStart);
            updateScrollBars();
            canvas.redraw();
            return;
        }
        boolean onEdge = event.y < headerHeight && edgeAt(event.x) >= 0;
        canvas.setCursor(onEdge ? canvas.getDisplay().getSystemCursor(SWT.CURSOR_SIZEWE) : null);
        canvas.setToolTipText(tooltipAt(event.x, event.y));
    }

    private void mouseUp(Event event) {
        if (resizing >= 0) {
            resizing = -1;
            return;
        }
        int pressed = pressedHeader;
        pressedHeader = -1;
        if (pressed >= 0 && event.y < headerHeight && columnAt(event.x) == pressed) {
            onSort.accept(pressed);
        }
    }

    /** The column whose right edge is within a few pixels of x, or -1. */
    private int edgeAt(int x) {
        int left = -scrollX;
        for (int c = 0; c < columns.size(); c++) {
            left += columns.get(c).width;
            if (Math.abs(x - left) <= EDGE) {
                return c;
            }
        }
        return -1;
    }

    /** The whole text of a cell shown cut, or of a header; null elsewhere. */
    private String tooltipAt(int x, int y) {
        int column = columnAt(x);
        if (column < 0) {
            return null;
        }
        if (y < headerHeight) {
            return columns.get(column).tip;
        }
        long row = top + (y - headerHeight) / rowHeight;
        String text = text(row, column);
        if (text == null || text.isEmpty()) {
            return null;
        }
        Object[] values = rows.row(row);
        String whole = values == null ? text : whole(values, column);
        if (!whole.equals(text)) {
            return whole;
        }
        GC gc = new GC(canvas);
        try {
            return gc.textExtent(text).x > columns.get(column).width - 2 * PAD ? text : null;
        } finally {
            gc.dispose();
        }
    }

    private void keyDown(Event event) {
        boolean control = (event.stateMask & SWT.MOD1) != 0;
        if (control && (event.keyCode == 'c' || event.keyCode == 'C')) {
            long[] range = selection();
            if (range != null) {
                onCopy.accept(range[0], range[1]);
            }
            return;
        }
        if (control && (event.keyCode == 'a' || event.keyCode == 'A')) {
            if (rowCount > 0) {
                anchor = 0;
                lead = rowCount - 1;
                canvas.redraw();
            }
            return;
        }
        int page = Math.max(1, visibleRowCount() - 1);
        long from = lead < 0 ? top : lead;
        long to;
        switch (event.keyCode) {
            case SWT.ARROW_UP -> to = from - 1;
            case SWT.ARROW_DOWN -> to = lead < 0 ? top : from + 1;
            case SWT.PAGE_UP -> to = from - page;
            case SWT.PAGE_DOWN -> to = from + page;
            case SWT.HOME -> to = 0;
            case SWT.END -> to = rowCount - 1;
            case SWT.ARROW_LEFT -> {
                scrollHorizontally(-30);
                return;
            }
            case SWT.ARROW_RIGHT -> {
                scrollHorizontally(30);
                return;
            }
            default -> {
                return;
            }
        }
        if (rowCount == 0) {
            return;
        }
        to = clamp(to);
        if ((event.stateMask & SWT.SHIFT) == 0 || anchor < 0) {
            anchor = to;
        }
        lead = to;
        reveal(to);
        canvas.redraw();
    }

    private void scrollHorizontally(int pixels) {
        ScrollBar bar = canvas.getHorizontalBar();
        bar.setSelection(Math.max(0, Math.min(bar.getMaximum() - bar.getThumb(), scrollX + pixels)));
        scrollX = bar.getSelection();
        canvas.redraw();
    }

    // ---------------------------------------------------------------------------------------------- scrolling

    private long clamp(long row) {
        return Math.max(0, Math.min(rowCount - 1, row));
    }

    private long scale() {
        return Math.max(1, (rowCount + SCROLL_LIMIT - 1) / SCROLL_LIMIT);
    }

    private long maxTop() {
        int page = Math.max(1, (canvas.getClientArea().height - headerHeight) / rowHeight);
        return Math.max(0, rowCount - page);
    }

    private int totalWidth() {
        return columns.stream().mapToInt(column -> column.width).sum();
    }

    private void updateScrollBars() {
        Rectangle area = canvas.getClientArea();
        int page = Math.max(1, (area.height - headerHeight) / rowHeight);
        long scale = scale();
        ScrollBar vertical = canvas.getVerticalBar();
        int maximum = (int) Math.max(1, (rowCount + scale - 1) / scale);
        int thumb = (int) Math.max(1, Math.min(maximum, page / scale));
        top = Math.max(0, Math.min(top, maxTop()));
        vertical.setValues((int) (top / scale), 0, maximum, thumb, 1, Math.max(1, thumb));
        vertical.setEnabled(rowCount > page);

        ScrollBar horizontal = canvas.getHorizontalBar();
        int width = Math.max(1, totalWidth());
        scrollX = Math.max(0, Math.min(scrollX, Math.max(0, width - area.width)));
        horizontal.setValues(scrollX, 0, width, Math.max(1, Math.min(width, area.width)), 20, Math.max(1, area.width));
        horizontal.setEnabled(width > area.width);
    }

    /** The selected rows as tab-separated lines, a header line first (what Ctrl+C puts on the clipboard). */
    public static String tabSeparated(List<String> titles, List<Object[]> selected) {
        StringBuilder text = new StringBuilder(String.join("\t", titles)).append(System.lineSeparator());
        for (Object[] row : selected) {
            for (int c = 0; c < row.length; c++) {
                if (c > 0) {
                    text.append('\t');
                }
                text.append(row[c] == null ? "" : String.valueOf(row[c]).replace('\t', ' ').replace('\n', ' '));
            }
            text.append(System.lineSeparator());
        }
        return text.toString();
    }
}
