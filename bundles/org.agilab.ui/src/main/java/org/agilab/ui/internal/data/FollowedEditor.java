package org.agilab.ui.internal.data;

import java.util.function.Consumer;

import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPartReference;

/**
 * The data editor a view draws (the Chart and Map views): the page's active one, followed as another becomes active
 * or it closes, with its filter's changes passed on. The view decides what following means (columns kept or guessed).
 */
final class FollowedEditor {

    private final IWorkbenchPage page;
    private final Runnable onFilter;
    private DataEditor editor;

    private final IPartListener2 partListener;

    /**
     * Starts following on {@code page}: {@code onEditor} is told each data editor to follow (null when the followed one
     * closes), and should call {@link #follow}; {@code onFilter} runs when the followed editor's filter changes.
     */
    FollowedEditor(IWorkbenchPage page, Consumer<DataEditor> onEditor, Runnable onFilter) {
        this.page = page;
        this.onFilter = onFilter;
        this.partListener = new IPartListener2() {
            @Override
            public void partActivated(IWorkbenchPartReference reference) {
                if (reference.getPart(false) instanceof DataEditor activated && activated != editor) {
                    onEditor.accept(activated);
                }
            }

            @Override
            public void partClosed(IWorkbenchPartReference reference) {
                if (editor != null && reference.getPart(false) == editor) {
                    onEditor.accept(null);
                }
            }
        };
        page.addPartListener(partListener);
    }

    /** The page's active editor when it is a data editor, else null: what a view opened now shows first. */
    DataEditor active() {
        return page.getActiveEditor() instanceof DataEditor active ? active : null;
    }

    /** Follows {@code next} (null: none) from now on, its filter's changes included. */
    void follow(DataEditor next) {
        if (editor != null) {
            editor.removeQueryListener(onFilter);
        }
        editor = next;
        if (next != null) {
            next.addQueryListener(onFilter);
        }
    }

    /** Stops following (the view closes). */
    void dispose() {
        page.removePartListener(partListener);
        follow(null);
    }
}
