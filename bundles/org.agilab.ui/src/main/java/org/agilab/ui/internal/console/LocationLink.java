package org.agilab.ui.internal.console;

import java.nio.file.Path;
import java.util.regex.Pattern;

import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.IHyperlink;
import org.eclipse.ui.console.IPatternMatchListener;
import org.eclipse.ui.console.PatternMatchEvent;
import org.eclipse.ui.console.TextConsole;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.part.MultiPageEditorPart;
import org.eclipse.ui.texteditor.ITextEditor;

/**
 * A place a typed failure names ({@code file:line}), made a link where the console shows it: the console is told the
 * exact text by the failure event, so nothing reads the error's prose to find it. The link opens the file at the line.
 */
final class LocationLink implements IPatternMatchListener {

    private final String text;
    private final Path file;
    private final Integer line;
    private TextConsole console;

    LocationLink(String text, Path file, Integer line) {
        this.text = text;
        this.file = file;
        this.line = line;
    }

    @Override
    public String getPattern() {
        return Pattern.quote(text);
    }

    @Override
    public int getCompilerFlags() {
        return 0;
    }

    @Override
    public String getLineQualifier() {
        return null;
    }

    @Override
    public void connect(TextConsole shown) {
        console = shown;
    }

    @Override
    public void disconnect() {
        console = null;
    }

    @Override
    public void matchFound(PatternMatchEvent event) {
        TextConsole shown = console;
        if (shown == null) {
            return;
        }
        try {
            shown.addHyperlink(new Open(), event.getOffset(), event.getLength());
        } catch (BadLocationException e) {
            // the console was cleared meanwhile: nothing to link
        }
        shown.removePatternMatchListener(this); // one failure, one place
    }

    /** Opens the file (the workspace's editor for it when it is in a project) with the line selected. */
    final class Open implements IHyperlink {
        @Override
        public void linkActivated() {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            try {
                IFile[] inWorkspace = ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(file.toUri());
                IEditorPart editor = inWorkspace.length > 0 ? IDE.openEditor(page, inWorkspace[0])
                        : IDE.openEditorOnFileStore(page, EFS.getLocalFileSystem().getStore(file.toUri()));
                select(editor);
            } catch (PartInitException e) {
                ErrorDialog.openError(page.getWorkbenchWindow().getShell(), text, null, e.getStatus());
            }
        }

        private void select(IEditorPart editor) {
            ITextEditor text = editor instanceof ITextEditor direct ? direct : editor.getAdapter(ITextEditor.class);
            if (text == null && editor instanceof MultiPageEditorPart pages) { // a form editor's source page
                for (IEditorPart page : pages.findEditors(editor.getEditorInput())) {
                    if (page instanceof ITextEditor source) {
                        pages.setActiveEditor(page);
                        text = source;
                    }
                }
            }
            if (text == null || line == null) {
                return;
            }
            IDocument document = text.getDocumentProvider().getDocument(text.getEditorInput());
            try {
                text.selectAndReveal(document.getLineOffset(line - 1), document.getLineLength(line - 1));
            } catch (BadLocationException e) {
                // the file changed since the run: its first line is shown
            }
        }

        @Override
        public void linkEntered() {
        }

        @Override
        public void linkExited() {
        }
    }

    /** The place linked (tests). */
    String text() {
        return text;
    }
}
