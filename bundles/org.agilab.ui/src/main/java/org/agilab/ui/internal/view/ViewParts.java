package org.agilab.ui.internal.view;

import java.nio.file.Path;

import org.eclipse.core.filesystem.EFS;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.jface.viewers.ISelectionProvider;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.IViewSite;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.ide.FileStoreEditorInput;

/**
 * What every AGILab view does the Eclipse way: actions with an icon and a tooltip, a row context menu others can
 * contribute to, F1 help, run logs opened read-only.
 */
public final class ViewParts {

    public static final String BUNDLE = "org.agilab.ui";
    /**
     * Active while an AGILab view is: F1 there shows the view's help. GTK gives plain F1 to no help listener (only
     * Ctrl+F1), and the platform binds F1 to nothing on Linux, so without it F1 did nothing in the views.
     */
    public static final String VIEWS_CONTEXT = "org.agilab.ui.viewsContext";

    private ViewParts() {
    }

    /** An icon of this bundle ({@code icons/...}), drawn by {@code tools/icons/DrawIcons.java}. */
    public static ImageDescriptor image(String path) {
        return ResourceLocator.imageDescriptorFromBundle(BUNDLE, path).orElse(ImageDescriptor.getMissingImageDescriptor());
    }

    /** An action with its icon and tooltip: toolbars show icons, never words run together. */
    public static Action action(String text, String tooltip, ImageDescriptor image, Runnable run) {
        Action action = new Action(text, image) {
            @Override
            public void run() {
                run.run();
            }
        };
        action.setToolTipText(tooltip);
        return action;
    }

    /**
     * The rows' context menu: {@code actions} (null for a separator), then the additions group, registered with the
     * view's site under its id so that other plug-ins contribute to it (object contributions on the rows).
     */
    public static MenuManager contextMenu(IViewSite site, ISelectionProvider rows, Control control, IAction... actions) {
        MenuManager menu = new MenuManager("#PopupMenu", site.getId());
        for (IAction action : actions) {
            if (action == null) {
                menu.add(new Separator());
            } else {
                menu.add(action);
            }
        }
        menu.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
        control.setMenu(menu.createContextMenu(control));
        site.registerContextMenu(site.getId(), menu, rows);
        return menu;
    }

    /** The selection of a view without rows (a chart): always empty. */
    public static final ISelectionProvider NO_ROWS = new ISelectionProvider() {
        @Override
        public void addSelectionChangedListener(org.eclipse.jface.viewers.ISelectionChangedListener listener) {
        }

        @Override
        public org.eclipse.jface.viewers.ISelection getSelection() {
            return org.eclipse.jface.viewers.StructuredSelection.EMPTY;
        }

        @Override
        public void removeSelectionChangedListener(org.eclipse.jface.viewers.ISelectionChangedListener listener) {
        }

        @Override
        public void setSelection(org.eclipse.jface.viewers.ISelection selection) {
        }
    };

    /** The view's F1 help: the context of its controls, and F1 bound to context help while the view is active. */
    public static void help(IViewSite site, Control control, String contextId) {
        PlatformUI.getWorkbench().getHelpSystem().setHelp(control, contextId);
        IContextService contexts = site.getService(IContextService.class);
        if (contexts != null) {
            contexts.activateContext(VIEWS_CONTEXT); // the site's service: active only while the view is
        }
    }

    /** Opens a run's or a node's log read-only, without spell checking ({@link RunLogEditor}). */
    public static void openLog(IWorkbenchPage page, Path log, String title) {
        try {
            page.openEditor(new FileStoreEditorInput(EFS.getLocalFileSystem().getStore(log.toUri())), RunLogEditor.ID);
        } catch (PartInitException e) {
            ErrorDialog.openError(page.getWorkbenchWindow().getShell(), title, null, e.getStatus());
        }
    }
}
