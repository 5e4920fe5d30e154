package org.agilab.ui.internal.workflow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.agilab.core.internal.operation.WorkflowJob;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.workflow.LabFile;
import org.agilab.runtime.workflow.LabPlan;
import org.agilab.ui.internal.console.StageConsole;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.IURIEditorInput;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.editors.text.TextEditor;
import org.eclipse.ui.forms.editor.FormEditor;

/**
 * The Workflow editor of a {@code lab_stages.toml} (m2e's POM editor and PDE's manifest editor are the model): a Stages
 * page (the stage list with kind icons and status, a form per stage, a code editor for its {@code C}), a Graph page
 * (waves as columns, dependencies as edges, each stage's status), and the Source page, a text editor on the file. The
 * text is the model: a form edit goes through {@link LabFile} (only the value's text changes: comments, order and
 * unknown keys stay) and is applied to the source document, so dirty state, undo, Save and Revert are the text
 * editor's; a source edit refreshes the forms. Run stage / Run ready / Run all start a {@link WorkflowJob} (the
 * {@code workflow run} command in a manager JVM); its stage events update each stage's status live and feed a console
 * per stage. The lab's problems (TOML syntax, dependency cycles, unknown dependencies, a {@code consumes} nothing
 * provides) are shown in the form's header and, for a workspace file, as problem markers at their line.
 */
public final class WorkflowEditor extends FormEditor {

    public static final String ID = "org.agilab.ui.workflowEditor";
    public static final String MARKER = "org.agilab.core.workflowProblem";
    /** A refresh this long after the last keystroke in the Source page. */
    private static final int SOURCE_DELAY_MS = 300;

    private TextEditor source;
    private StagesPage stagesPage;
    private GraphPage graphPage;
    private IDocument document;
    private Path labFile;
    private LabFile lab;
    private LabPlan plan;
    private AgilabException problem;
    private final Map<String, StageStatus> statuses = new ConcurrentHashMap<>();
    private final List<Runnable> modelListeners = new ArrayList<>();
    private volatile WorkflowJob running;
    /** Set while a form edit writes the document: the refresh it causes runs at once. */
    private boolean applyingEdit;
    private int sourceEdits;
    /** The problem the file's markers show, so that an unchanged one is not marked again. */
    private String lastMarked;

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        super.init(site, input);
        labFile = pathOf(input);
        if (labFile == null) {
            throw new PartInitException(NLS.bind(WorkflowMessages.Editor_notAFile, input.getName()));
        }
        setPartName(labFile.getParent().getFileName() + "/" + labFile.getFileName());
        setTitleToolTip(labFile.toString());
    }

    static Path pathOf(IEditorInput input) {
        if (input instanceof IFileEditorInput file && file.getFile().getLocation() != null) {
            return file.getFile().getLocation().toFile().toPath();
        }
        if (input instanceof IURIEditorInput uri && "file".equals(uri.getURI().getScheme())) {
            return Path.of(uri.getURI());
        }
        return null;
    }

    @Override
    protected void addPages() {
        try {
            stagesPage = new StagesPage(this);
            addPage(stagesPage);
            graphPage = new GraphPage(this);
            addPage(graphPage);
            source = new org.agilab.ui.internal.editor.TomlEditor();
            int index = addPage(source, getEditorInput());
            setPageText(index, WorkflowMessages.Editor_source);
        } catch (PartInitException e) {
            org.eclipse.core.runtime.ILog.of(WorkflowEditor.class).log(e.getStatus());
            return;
        }
        document = source.getDocumentProvider().getDocument(getEditorInput());
        document.addDocumentListener(new IDocumentListener() {
            @Override
            public void documentAboutToBeChanged(DocumentEvent event) {
            }

            @Override
            public void documentChanged(DocumentEvent event) {
                if (applyingEdit) {
                    reload();
                } else {
                    Display display = getSite().getShell().getDisplay();
                    display.asyncExec(() -> { // a file buffer may change the document off the UI thread
                        int edit = ++sourceEdits;
                        display.timerExec(SOURCE_DELAY_MS, () -> {
                            if (edit == sourceEdits && document != null) {
                                reload();
                            }
                        });
                    });
                }
            }
        });
        statuses.putAll(StageStatus.fromManifest(labFile.getParent()));
        reload();
    }

    @Override
    public void dispose() {
        document = null; // a pending refresh finds nothing to do
        super.dispose();
    }

    // ------------------------------------------------------------------------------------------------------------ model

    /** Reads the document again: the lab, its plan or its problem; the markers; then the pages. */
    void reload() {
        if (document == null) {
            return;
        }
        String text = document.get();
        problem = null;
        plan = null;
        try {
            lab = LabFile.parse(labFile, text);
            String metaProblem = lab.metaProblem();
            if (metaProblem != null) {
                problem = AgilabException.of(org.agilab.runtime.error.FailureClass.SETTINGS, metaProblem).file(labFile).build();
            } else {
                plan = LabPlan.of(lab, null, null, home());
            }
        } catch (AgilabException e) {
            problem = e; // a text that does not parse keeps the last lab that did on screen
        }
        updateMarkers();
        modelListeners.forEach(Runnable::run);
    }

    private Path home() {
        try {
            return org.agilab.core.internal.preferences.IdePreferences.home(project()).path();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The problem as a marker on a workspace file, at its line, when it changed: in a workspace Job (a marker is a
     * workspace change, which must not wait for a build on the UI thread).
     */
    private void updateMarkers() {
        IFile file = getEditorInput() instanceof IFileEditorInput input ? input.getFile() : null;
        String marked = problem == null ? "" : problem.getMessage() + "@" + problem.line();
        if (file == null || marked.equals(lastMarked)) {
            return;
        }
        lastMarked = marked;
        AgilabException shown = problem;
        org.eclipse.core.resources.WorkspaceJob job = new org.eclipse.core.resources.WorkspaceJob(WorkflowMessages.Editor_markers) {
            @Override
            public org.eclipse.core.runtime.IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
                if (!file.exists()) {
                    return org.eclipse.core.runtime.Status.OK_STATUS;
                }
                file.deleteMarkers(MARKER, false, IResource.DEPTH_ZERO);
                if (shown != null) {
                    IMarker marker = file.createMarker(MARKER);
                    marker.setAttribute(IMarker.SEVERITY, IMarker.SEVERITY_ERROR);
                    marker.setAttribute(IMarker.MESSAGE, shown.getMessage() + (shown.hint() == null ? "" : " (" + shown.hint() + ")"));
                    marker.setAttribute(IMarker.LINE_NUMBER, Math.max(1, shown.line()));
                    marker.setAttribute(IMarker.LOCATION, shown.line() > 0 ? "line " + shown.line() : file.getName());
                }
                return org.eclipse.core.runtime.Status.OK_STATUS;
            }
        };
        job.setRule(file.getWorkspace().getRuleFactory().markerRule(file));
        job.setSystem(true);
        job.schedule();
    }

    /** The lab as the text reads now (the last one that parsed when the text does not), or null. */
    LabFile lab() {
        return lab;
    }

    /** The plan (waves), or null when the lab has a problem. */
    LabPlan plan() {
        return plan;
    }

    /** The lab's first problem, or null. */
    AgilabException problem() {
        return problem;
    }

    public Path labFile() {
        return labFile;
    }

    /** The pages, in order. */
    public static final int STAGES_PAGE = 0;
    public static final int GRAPH_PAGE = 1;
    public static final int SOURCE_PAGE = 2;

    /** Shows one of the pages ({@link #STAGES_PAGE}, {@link #GRAPH_PAGE}, {@link #SOURCE_PAGE}). */
    public void showPage(int page) {
        setActivePage(page);
    }

    StageStatus status(String stageId) {
        return statuses.get(stageId);
    }

    /** Called on the UI thread after each reload and status change. */
    void onModelChanged(Runnable listener) {
        modelListeners.add(listener);
    }

    /**
     * Applies an edit of the lab to the document: the smallest replacement that turns its text into the edited one, so
     * the text editor's undo and markers follow. A refused edit (it would make the file invalid) is shown, never applied.
     *
     * @return whether the edit was applied
     */
    boolean edit(UnaryOperator<LabFile> change) {
        LabFile current;
        LabFile edited;
        try {
            current = LabFile.parse(labFile, document.get());
            edited = change.apply(current);
        } catch (AgilabException | IllegalArgumentException e) {
            stagesPage.showMessage(e.getMessage());
            return false;
        }
        String before = current.text();
        String after = edited.text();
        if (before.equals(after)) {
            return true;
        }
        int start = 0;
        int max = Math.min(before.length(), after.length());
        while (start < max && before.charAt(start) == after.charAt(start)) {
            start++;
        }
        int endBefore = before.length();
        int endAfter = after.length();
        while (endBefore > start && endAfter > start && before.charAt(endBefore - 1) == after.charAt(endAfter - 1)) {
            endBefore--;
            endAfter--;
        }
        applyingEdit = true;
        try {
            document.replace(start, endBefore - start, after.substring(start, endAfter));
        } catch (BadLocationException e) {
            throw new IllegalStateException("the document changed under the edit", e);
        } finally {
            applyingEdit = false;
        }
        return true;
    }

    /** The document the Source page edits (tests). */
    public IDocument document() {
        return document;
    }

    /** The text editor of the Source page. */
    public TextEditor sourceEditor() {
        return source;
    }

    /** Puts the file back as saved. */
    public void revert() {
        source.doRevertToSaved();
        reload();
    }

    /**
     * Reads the file again when the editor holds no unsaved edit (a file changed by "Add as Stage" while the lab was
     * open); an editor with unsaved edits keeps them (the text editor asks about the change when it is activated).
     */
    void revertIfClean() {
        if (!isDirty()) {
            source.doRevertToSaved();
            reload();
        }
    }

    @Override
    public void doSave(IProgressMonitor monitor) {
        stagesPage.commitPending();
        source.doSave(monitor == null ? new org.eclipse.core.runtime.NullProgressMonitor() : monitor);
        reload();
    }

    @Override
    public void doSaveAs() {
        // one lab, one file: Save As would leave the lab's manifest and state behind
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }

    @Override
    public boolean isDirty() {
        return source != null && source.isDirty();
    }

    IProject project() {
        return getEditorInput() instanceof IFileEditorInput input ? input.getFile().getProject() : null;
    }

    // -------------------------------------------------------------------------------------------------------------- runs

    /** Whether a run of this lab is going on. */
    public boolean isRunning() {
        return running != null;
    }

    /**
     * Saves the lab if it is dirty, then runs it in a {@link WorkflowJob}: each stage's status follows its events, its
     * console follows its log. Returns the Job, or null when the lab cannot run (its problem is shown).
     */
    public WorkflowJob run(WorkflowJob.Selection selection, String stageId) {
        if (running != null) {
            return null;
        }
        stagesPage.commitPending();
        if (isDirty()) {
            doSave(new org.eclipse.core.runtime.NullProgressMonitor());
        }
        if (problem != null || lab == null) {
            stagesPage.showMessage(problem == null ? WorkflowMessages.Editor_cannotRun : problem.getMessage());
            return null;
        }
        Display display = getSite().getShell().getDisplay();
        StageConsole labConsole = StageConsole.of(labFile, null);
        labConsole.println(NLS.bind(WorkflowMessages.Console_run, java.time.LocalTime.now().withNano(0), selection == WorkflowJob.Selection.STAGE
                ? stageId : selection.name().toLowerCase(java.util.Locale.ROOT)));
        WorkflowJob job = new WorkflowJob(labFile, selection, stageId, lab.stages().size(), project(), new WorkflowJob.Listener() {
            @Override
            public void stage(Event.Stage event) {
                StageStatus status = StageStatus.of(event);
                StageConsole console = StageConsole.of(labFile, event.stage());
                if ("running".equals(event.status())) {
                    console.follow(Path.of(event.log()), NLS.bind(WorkflowMessages.Console_started, event.stage(), event.log()));
                } else if (event.isOver()) {
                    console.stageEnded(NLS.bind(WorkflowMessages.Console_ended, event.stage(), status.label()), "failed".equals(event.status()));
                }
                labConsole.println(event.stage() + ": " + status.label());
                statuses.put(event.stage(), status);
                display.asyncExec(WorkflowEditor.this::statusesChanged);
            }

            @Override
            public void output(String line) {
                labConsole.error(line);
            }
        });
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                running = null;
                Event outcome = job.outcome();
                if (outcome instanceof Event.Failure failure) {
                    labConsole.error(failure.text());
                } else if (outcome instanceof Event.Result result && result.summary() != null) {
                    labConsole.println(result.summary());
                }
                // the manifest has the run's last word (outputs, skipped stages the events did not repeat)
                statuses.putAll(StageStatus.fromManifest(labFile.getParent()));
                display.asyncExec(WorkflowEditor.this::statusesChanged);
            }
        });
        running = job;
        statusesChanged();
        labConsole.show();
        job.schedule();
        return job;
    }

    /** Cancels the running Job, if any. */
    public void stop() {
        WorkflowJob job = running;
        if (job != null) {
            job.cancel();
        }
    }

    private void statusesChanged() {
        if (stagesPage != null && !stagesPage.isDisposed()) {
            modelListeners.forEach(Runnable::run);
        }
    }

    /** The status shown for a stage (tests): {@code ok (0.12 s)}, {@code failed: ...}, or empty. */
    public String statusLabel(String stageId) {
        StageStatus status = statuses.get(stageId);
        return status == null ? "" : status.label();
    }

    /** The Stages page (tests). */
    public StagesPage stagesPage() {
        return stagesPage;
    }

    /** The Graph page (tests). */
    public GraphPage graphPage() {
        return graphPage;
    }
}
