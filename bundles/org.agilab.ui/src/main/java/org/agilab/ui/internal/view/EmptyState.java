package org.agilab.ui.internal.view;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

/**
 * A view's content or, while it has nothing to show, a sentence saying what to do (as the Problems or Search views
 * say): a stack of the two, built in {@link #holder()}.
 */
public final class EmptyState {

    private final Composite holder;
    private final StackLayout stack = new StackLayout();
    private final Composite page;
    private final Label message;
    private Control content;

    public EmptyState(Composite parent) {
        holder = new Composite(parent, SWT.NONE);
        holder.setLayout(stack);
        page = new Composite(holder, SWT.NONE);
        page.setLayout(new GridLayout());
        message = new Label(page, SWT.WRAP);
        message.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
    }

    /** Where the view builds its content. */
    public Composite holder() {
        return holder;
    }

    /** The view's content, shown while there is something to show. */
    public void content(Control control) {
        content = control;
        stack.topControl = control;
        holder.layout();
    }

    /** Shows {@code text} instead of the content, or the content again when it is null. */
    public void show(String text) {
        if (holder.isDisposed()) {
            return;
        }
        message.setText(text == null ? "" : text);
        Control top = text == null ? content : page;
        if (stack.topControl != top) {
            stack.topControl = top;
            holder.layout(true, true);
        } else if (text != null) {
            page.layout(true, true);
        }
    }

    /**
     * Focuses the content, or the sentence's page while it shows: the view's part then holds the focus, so that F1
     * finds the view's help context (set on {@link #holder()}) rather than the part the user came from.
     */
    public void setFocus() {
        if (stack.topControl == page) {
            page.forceFocus();
        } else if (content != null) {
            content.setFocus();
        }
    }

    /** The sentence shown now, or null when the content is (tests). */
    public String shown() {
        return stack.topControl == page ? message.getText() : null;
    }
}
