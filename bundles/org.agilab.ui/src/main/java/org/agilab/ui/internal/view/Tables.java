package org.agilab.ui.internal.view;

import java.util.function.Function;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;

/** The AGILab views' tables: a list viewer with headers and lines, and text columns read from each row. */
public final class Tables {

    private Tables() {
    }

    /** A table of rows given as a List ({@code setInput}), headers and lines shown. */
    public static TableViewer create(Composite parent, int style) {
        TableViewer table = new TableViewer(parent, SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL | style);
        table.getTable().setHeaderVisible(true);
        table.getTable().setLinesVisible(true);
        table.setContentProvider(ArrayContentProvider.getInstance());
        return table;
    }

    /** A plain table whose items the caller makes (a dialog's fixed rows), headers and lines shown. */
    public static org.eclipse.swt.widgets.Table plain(Composite parent) {
        org.eclipse.swt.widgets.Table table = new org.eclipse.swt.widgets.Table(parent, SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        return table;
    }

    /** A column of a {@link #plain} table, its header also its tooltip (a narrow column's title is cut). */
    public static org.eclipse.swt.widgets.TableColumn column(org.eclipse.swt.widgets.Table table, String title, int width) {
        org.eclipse.swt.widgets.TableColumn column = new org.eclipse.swt.widgets.TableColumn(table, SWT.NONE);
        column.setText(title);
        column.setWidth(width);
        column.setToolTipText(title);
        return column;
    }

    /** A column whose text is {@code text} of each row (rows of type {@code T}); the column, for a caller's tooltip, say. */
    @SuppressWarnings("unchecked")
    public static <T> org.eclipse.swt.widgets.TableColumn column(TableViewer table, String title, int width, Function<T, String> text) {
        TableViewerColumn column = new TableViewerColumn(table, SWT.NONE);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        column.setLabelProvider(label(element -> text.apply((T) element)));
        return column.getColumn();
    }

    /** A column whose text is {@code text} of each row and whose icon is {@code image} of it (a state's, say). */
    @SuppressWarnings("unchecked")
    public static <T> void column(TableViewer table, String title, int width, Function<T, String> text,
            Function<T, org.eclipse.swt.graphics.Image> image) {
        TableViewerColumn column = new TableViewerColumn(table, SWT.NONE);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((T) element);
            }

            @Override
            public org.eclipse.swt.graphics.Image getImage(Object element) {
                return image.apply((T) element);
            }
        });
    }

    /** The same for a tree's column. */
    public static void column(TreeViewer tree, String title, int width, Function<Object, String> text) {
        TreeViewerColumn column = new TreeViewerColumn(tree, SWT.NONE);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        column.setLabelProvider(label(text));
    }

    private static ColumnLabelProvider label(Function<Object, String> text) {
        return new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply(element);
            }
        };
    }
}
