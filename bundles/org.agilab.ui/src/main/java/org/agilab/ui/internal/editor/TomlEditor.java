package org.agilab.ui.internal.editor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Map;
import java.util.ResourceBundle;

import org.agilab.core.internal.project.AgilabNature;
import org.agilab.runtime.app.ArgsBinder;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.settings.SettingsValidator;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentExtension3;
import org.eclipse.jface.text.presentation.IPresentationReconciler;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.jface.text.reconciler.IReconciler;
import org.eclipse.jface.text.rules.DefaultDamagerRepairer;
import org.eclipse.jface.text.rules.FastPartitioner;
import org.eclipse.jface.text.contentassist.ContentAssistant;
import org.eclipse.jface.text.contentassist.IContentAssistant;
import org.eclipse.jface.text.quickassist.IQuickAssistAssistant;
import org.eclipse.jface.text.quickassist.QuickAssistAssistant;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.editors.text.EditorsUI;
import org.eclipse.ui.editors.text.TextEditor;
import org.eclipse.ui.editors.text.TextSourceViewerConfiguration;
import org.eclipse.ui.texteditor.ContentAssistAction;
import org.eclipse.ui.texteditor.ITextEditorActionDefinitionIds;

/**
 * A text editor for TOML: coloured (a presentation reconciler, {@link TomlScanner}), never spell-checked (keys and
 * hosts are not words), Ctrl+Space completing table names and keys ({@link TomlCompletions}; in an
 * {@code app_settings.toml} of an app project, the keys the runtime's validator knows and the app's {@code @Arg} args),
 * Ctrl+1 offering the quick fixes of the markers on the line ({@link MarkerQuickFixes}). The default editor of
 * {@code .toml} files and the Source page of the settings and workflow editors.
 */
public final class TomlEditor extends TextEditor {

    public static final String ID = "org.agilab.ui.tomlEditor";

    private Configuration configuration;

    @Override
    protected void initializeEditor() {
        super.initializeEditor();
        configuration = new Configuration(this);
        setSourceViewerConfiguration(configuration);
    }

    @Override
    protected void doSetInput(IEditorInput input) throws CoreException {
        super.doSetInput(input);
        IDocument document = getDocumentProvider() == null ? null : getDocumentProvider().getDocument(input);
        if (document instanceof IDocumentExtension3 extension && extension.getDocumentPartitioner(TomlScanner.PARTITIONING) == null) {
            FastPartitioner partitioner = new FastPartitioner(TomlScanner.partitionScanner(), new String[] {TomlScanner.MULTILINE_STRING});
            extension.setDocumentPartitioner(TomlScanner.PARTITIONING, partitioner);
            partitioner.connect(document);
        }
    }

    @Override
    protected void createActions() {
        super.createActions();
        ResourceBundle labels = new ListResourceBundle() {
            @Override
            protected Object[][] getContents() {
                return new Object[][] {{"ContentAssistProposal.label", Messages.TomlEditor_contentAssist}};
            }
        };
        ContentAssistAction assist = new ContentAssistAction(labels, "ContentAssistProposal.", this);
        assist.setActionDefinitionId(ITextEditorActionDefinitionIds.CONTENT_ASSIST_PROPOSALS);
        setAction("ContentAssistProposal", assist);
        markAsStateDependentAction("ContentAssistProposal", true);
    }

    /** The viewer's configuration (tests reach the completion and quick-fix processors through it). */
    public TextSourceViewerConfiguration configuration() {
        return configuration;
    }

    /** The viewer (tests read its styles and drive its caret). */
    public ISourceViewer viewer() {
        return getSourceViewer();
    }

    /** What the editor's file may hold: the settings' tables and keys for an app's {@code app_settings.toml}. */
    TomlCompletions.Vocabulary vocabulary() {
        IFile file = getEditorInput() instanceof IFileEditorInput fileInput ? fileInput.getFile() : null;
        if (file == null || !file.getName().equals("app_settings.toml") || !AgilabNature.has(file.getProject())) {
            return TomlCompletions.Vocabulary.NONE;
        }
        return new TomlCompletions.Vocabulary() {
            @Override
            public List<String> tables() {
                return SettingsValidator.knownTables();
            }

            @Override
            public Map<String, String> keys(List<String> table) {
                return table.equals(AppSettingsEditor.ARGS) ? argKeys(file) : SettingsValidator.knownKeys(table);
            }
        };
    }

    /** The app's {@code @Arg} keys and their descriptions, read from its compiled args class (none before a build). */
    private static Map<String, String> argKeys(IFile file) {
        Map<String, String> keys = new LinkedHashMap<>();
        AppArgs args = AppArgs.load(file.getProject(), AppProject.at(file.getProject().getLocation().toPath()));
        if (args == null) {
            return keys;
        }
        try {
            for (ArgsBinder.ArgField field : args.fields()) {
                keys.put(field.key(), field.rules() == null ? "" : field.rules().description());
            }
        } finally {
            args.close();
        }
        return keys;
    }

    /** Colours, completion and quick fixes; no reconciler, since a text editor's reconciler is its spell checker. */
    static final class Configuration extends TextSourceViewerConfiguration {
        private final TomlEditor editor;

        Configuration(TomlEditor editor) {
            super(EditorsUI.getPreferenceStore());
            this.editor = editor;
        }

        @Override
        public String getConfiguredDocumentPartitioning(ISourceViewer sourceViewer) {
            return TomlScanner.PARTITIONING;
        }

        @Override
        public String[] getConfiguredContentTypes(ISourceViewer sourceViewer) {
            return new String[] {IDocument.DEFAULT_CONTENT_TYPE, TomlScanner.MULTILINE_STRING};
        }

        @Override
        public IPresentationReconciler getPresentationReconciler(ISourceViewer sourceViewer) {
            PresentationReconciler reconciler = new PresentationReconciler();
            reconciler.setDocumentPartitioning(TomlScanner.PARTITIONING);
            DefaultDamagerRepairer toml = new DefaultDamagerRepairer(new TomlScanner());
            reconciler.setDamager(toml, IDocument.DEFAULT_CONTENT_TYPE);
            reconciler.setRepairer(toml, IDocument.DEFAULT_CONTENT_TYPE);
            DefaultDamagerRepairer string = new DefaultDamagerRepairer(TomlScanner.multilineString());
            reconciler.setDamager(string, TomlScanner.MULTILINE_STRING);
            reconciler.setRepairer(string, TomlScanner.MULTILINE_STRING);
            return reconciler;
        }

        @Override
        public IReconciler getReconciler(ISourceViewer sourceViewer) {
            return null;
        }

        @Override
        public IContentAssistant getContentAssistant(ISourceViewer sourceViewer) {
            ContentAssistant assistant = new ContentAssistant();
            assistant.setDocumentPartitioning(TomlScanner.PARTITIONING);
            assistant.setContentAssistProcessor(new TomlCompletions(editor.vocabulary()), IDocument.DEFAULT_CONTENT_TYPE);
            assistant.enableAutoActivation(false);
            assistant.setInformationControlCreator(getInformationControlCreator(sourceViewer));
            return assistant;
        }

        @Override
        public IQuickAssistAssistant getQuickAssistAssistant(ISourceViewer sourceViewer) {
            QuickAssistAssistant assistant = new QuickAssistAssistant();
            assistant.setQuickAssistProcessor(new MarkerQuickFixes());
            assistant.setInformationControlCreator(getInformationControlCreator(sourceViewer));
            return assistant;
        }
    }
}
