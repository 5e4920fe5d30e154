package org.agilab.ui.internal;

import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Text;

/**
 * The Browse... button beside a path field, as every wizard, dialog and preference page here has one: it opens the
 * folder or file dialog on the field's current value (the user's home when empty) and puts the choice into the field.
 */
public final class BrowseButton {

    /** What the field holds. */
    public enum Kind {
        FOLDER, FILE_TO_OPEN, FILE_TO_SAVE
    }

    private BrowseButton() {
    }

    /**
     * A Browse... button in {@code parent} (next to {@code field} in its layout) choosing a {@code kind} for it;
     * {@code extensions} filter a file dialog ({@code "*.zip"}).
     */
    public static Button create(Composite parent, Text field, Kind kind, String... extensions) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(Messages.NewAppPage_browse);
        button.addListener(SWT.Selection, event -> {
            String chosen = open(field, kind, extensions);
            if (chosen != null) {
                field.setText(chosen);
            }
        });
        return button;
    }

    private static String open(Text field, Kind kind, String... extensions) {
        String current = field.getText().strip();
        Path path = current.isEmpty() ? null : Path.of(current);
        if (kind == Kind.FOLDER) {
            DirectoryDialog dialog = new DirectoryDialog(field.getShell());
            dialog.setFilterPath(path == null ? System.getProperty("user.home") : current);
            return dialog.open();
        }
        FileDialog dialog = new FileDialog(field.getShell(), kind == Kind.FILE_TO_SAVE ? SWT.SAVE : SWT.OPEN);
        if (extensions.length > 0) {
            dialog.setFilterExtensions(extensions);
        }
        if (path != null && path.getParent() != null) {
            dialog.setFilterPath(path.getParent().toString());
            dialog.setFileName(path.getFileName().toString());
        } else {
            dialog.setFilterPath(System.getProperty("user.home"));
        }
        dialog.setOverwrite(kind == Kind.FILE_TO_SAVE); // the platform asks before replacing a file
        return dialog.open();
    }
}
