package org.agilab.ui.internal.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.agilab.core.internal.operation.WorkflowJob;
import org.agilab.runtime.workflow.LabFile;
import org.agilab.runtime.workflow.Stage;
import org.agilab.runtime.workflow.StageKind;
import org.agilab.ui.internal.console.StageConsole;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.text.Document;
import org.eclipse.jface.text.source.SourceViewer;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.forms.IManagedForm;
import org.eclipse.ui.forms.editor.FormPage;
import org.eclipse.ui.forms.widgets.FormToolkit;
import org.eclipse.ui.forms.widgets.ScrolledForm;
import org.eclipse.ui.forms.widgets.Section;

/**
 * The Stages page: the lab's stages (kind icon, id, runtime, last status, description) and the form of the selected one
 * ({@code id}, {@code D}, {@code Q}, {@code R}, dependencies, {@code produces}, {@code consumes}, and {@code C} in a
 * coloured code editor). A field's edit reaches the file {@link #COMMIT_DELAY_MS} after the last keystroke, or when the
 * field loses focus.
 */
public final class StagesPage extends FormPage {

    static final String ID = "org.agilab.ui.workflow.stages";
    static final int COMMIT_DELAY_MS = 400;
    static final List<String> RUNTIMES = List.of("agilab", "sql", "java", "shell", "runpy");

    private final WorkflowEditor editor;
    private ScrolledForm form;
    private TableViewer stages;
    private StageImages images;
    private Section details;
    private Text id;
    private Text description;
    private Text question;
    private Combo runtime;
    private Text dependsOn;
    private Text produces;
    private Text consumes;
    private Label status;
    private SourceViewer code;
    private StageKind codeKind;
    /** The selected stage, by its place (its id may be what is being edited). */
    private String selectedArray;
    private int selectedIndex = -1;
    private boolean filling;
    private final Map<String, Integer> pendingCommits = new LinkedHashMap<>();
    private int commits;

    StagesPage(WorkflowEditor editor) {
        super(editor, ID, WorkflowMessages.Stages_title);
        this.editor = editor;
    }

    @Override
    protected void createFormContent(IManagedForm managedForm) {
        form = managedForm.getForm();
        FormToolkit toolkit = managedForm.getToolkit();
        form.setText(editor.labFile().getParent().getFileName() + " \u2014 " + WorkflowMessages.Stages_title);
        toolkit.decorateFormHeading(form.getForm());
        Composite body = form.getBody();
        GridLayoutFactory.fillDefaults().margins(6, 6).applyTo(body);
        SashForm sash = new SashForm(body, SWT.HORIZONTAL);
        toolkit.adapt(sash);
        // small hints: the form fits the editor's width and height, the sash fills what there is
        GridDataFactory.fillDefaults().grab(true, true).hint(400, 280).applyTo(sash);

        Section list = toolkit.createSection(sash, Section.TITLE_BAR);
        list.setText(WorkflowMessages.Stages_list);
        list.setToolTipText(WorkflowMessages.Stages_listDescription);
        Composite listBody = toolkit.createComposite(list);
        GridLayoutFactory.fillDefaults().applyTo(listBody);
        list.setClient(listBody);
        stages = new TableViewer(toolkit.createTable(listBody, SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL));
        stages.getTable().setHeaderVisible(true);
        stages.getTable().setLinesVisible(true);
        stages.setContentProvider(ArrayContentProvider.getInstance());
        images = new StageImages(stages.getControl());
        column(WorkflowMessages.Stages_stage, 120, Stage::id, stage -> images.of(stage.kind()));
        column(WorkflowMessages.Stages_kind, 80, stage -> StageImages.kindLabel(stage, pythonConfigured()), null);
        column(WorkflowMessages.Stages_status, 130, stage -> statusOf(stage), null);
        column(WorkflowMessages.Stages_description, 240, stage -> stage.description().lines().findFirst().orElse(""), null);
        GridDataFactory.fillDefaults().grab(true, true).hint(200, 100).applyTo(stages.getControl());
        stages.addSelectionChangedListener(event -> {
            Stage stage = (Stage) ((IStructuredSelection) event.getSelection()).getFirstElement();
            if (stage != null) {
                selectedArray = stage.array();
                selectedIndex = stage.index();
            }
            fill();
        });
        MenuManager menu = new MenuManager();
        menu.add(action(WorkflowMessages.Run_stage, () -> runSelected()));
        menu.add(action(WorkflowMessages.Stages_showConsole, () -> selected().ifPresent(s -> StageConsole.of(editor.labFile(), s.id()).show())));
        menu.add(action(WorkflowMessages.Stages_remove, this::removeSelected));
        stages.getControl().setMenu(menu.createContextMenu(stages.getControl()));
        Composite buttons = toolkit.createComposite(listBody);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(buttons);
        toolkit.createButton(buttons, WorkflowMessages.Stages_add, SWT.PUSH).addListener(SWT.Selection, e -> addStage());
        toolkit.createButton(buttons, WorkflowMessages.Stages_remove, SWT.PUSH).addListener(SWT.Selection, e -> removeSelected());

        details = toolkit.createSection(sash, Section.TITLE_BAR);
        details.setText(WorkflowMessages.Stage_title);
        details.setToolTipText(WorkflowMessages.Stage_description);
        Composite fields = toolkit.createComposite(details);
        GridLayoutFactory.fillDefaults().numColumns(4).spacing(8, 4).applyTo(fields);
        details.setClient(fields);
        id = text(toolkit, fields, WorkflowMessages.Stage_id, SWT.SINGLE, 1, "id", () -> id.getText().strip());
        toolkit.createLabel(fields, WorkflowMessages.Stage_r);
        runtime = new Combo(fields, SWT.DROP_DOWN);
        runtime.setItems(RUNTIMES.toArray(String[]::new));
        toolkit.adapt(runtime, true, true);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(runtime);
        runtime.addModifyListener(e -> later("R", () -> runtime.getText().strip()));
        runtime.addListener(SWT.FocusOut, e -> commitNow("R", () -> runtime.getText().strip()));
        description = text(toolkit, fields, WorkflowMessages.Stage_d, SWT.MULTI | SWT.WRAP | SWT.V_SCROLL, 3, "D", () -> description.getText());
        ((org.eclipse.swt.layout.GridData) description.getLayoutData()).heightHint = 34;
        question = text(toolkit, fields, WorkflowMessages.Stage_q, SWT.SINGLE, 3, "Q", () -> question.getText());
        dependsOn = text(toolkit, fields, WorkflowMessages.Stage_dependsOn, SWT.SINGLE, 3, "depends_on", () -> list(dependsOn.getText()));
        produces = text(toolkit, fields, WorkflowMessages.Stage_produces, SWT.SINGLE, 1, "produces", () -> list(produces.getText()));
        consumes = text(toolkit, fields, WorkflowMessages.Stage_consumes, SWT.SINGLE, 1, "consumes", () -> list(consumes.getText()));
        toolkit.createLabel(fields, WorkflowMessages.Stage_status);
        status = toolkit.createLabel(fields, "", SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).span(3, 1).hint(100, SWT.DEFAULT).applyTo(status);
        Label codeLabel = toolkit.createLabel(fields, WorkflowMessages.Stage_c);
        GridDataFactory.fillDefaults().align(SWT.BEGINNING, SWT.BEGINNING).applyTo(codeLabel);
        code = new SourceViewer(fields, null, SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
        code.getTextWidget().setFont(JFaceResources.getTextFont());
        code.setDocument(new Document());
        configureCode(StageKind.SQL);
        GridDataFactory.fillDefaults().grab(true, true).span(3, 1).hint(150, 90).applyTo(code.getControl());
        code.getDocument().addDocumentListener(new org.eclipse.jface.text.IDocumentListener() {
            @Override
            public void documentAboutToBeChanged(org.eclipse.jface.text.DocumentEvent event) {
            }

            @Override
            public void documentChanged(org.eclipse.jface.text.DocumentEvent event) {
                later("C", () -> code.getDocument().get());
            }
        });
        code.getTextWidget().addListener(SWT.FocusOut, e -> commitNow("C", () -> code.getDocument().get()));
        sash.setWeights(45, 55);

        contributeRunActions(form.getToolBarManager(), editor, () -> selected().map(Stage::id).orElse(null));
        form.updateToolBar();
        editor.onModelChanged(this::refresh);
        refresh();
        org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(form, "org.agilab.ui.workflow_editor");
    }

    /**
     * Run Stage, Run Ready, Run All and Stop, in a form's toolbar, with their icon and text; enabled as the editor's
     * state allows (Run while no run is going on, Stop while one is).
     */
    static void contributeRunActions(IToolBarManager toolbar, WorkflowEditor editor, Supplier<String> selectedStage) {
        org.eclipse.jface.resource.ImageDescriptor run = org.eclipse.debug.ui.DebugUITools.getImageDescriptor(
                org.eclipse.debug.ui.IDebugUIConstants.IMG_ACT_RUN);
        org.eclipse.jface.resource.ImageDescriptor stopImage = org.eclipse.ui.PlatformUI.getWorkbench().getSharedImages()
                .getImageDescriptor(org.eclipse.ui.ISharedImages.IMG_ELCL_STOP);
        Action runStage = action(WorkflowMessages.Run_stage, () -> {
            String stage = selectedStage.get();
            if (stage != null) {
                editor.run(WorkflowJob.Selection.STAGE, stage);
            }
        });
        runStage.setToolTipText(WorkflowMessages.Run_stageTip);
        Action runReady = action(WorkflowMessages.Run_ready, () -> editor.run(WorkflowJob.Selection.READY, null));
        runReady.setToolTipText(WorkflowMessages.Run_readyTip);
        Action runAll = action(WorkflowMessages.Run_all, () -> editor.run(WorkflowJob.Selection.ALL, null));
        runAll.setToolTipText(WorkflowMessages.Run_allTip);
        Action stop = action(WorkflowMessages.Run_stop, editor::stop);
        stop.setToolTipText(WorkflowMessages.Run_stopTip);
        for (Action action : List.of(runStage, runReady, runAll)) {
            action.setImageDescriptor(run);
        }
        stop.setImageDescriptor(stopImage);
        for (Action action : List.of(runStage, runReady, runAll, stop)) {
            org.eclipse.jface.action.ActionContributionItem item = new org.eclipse.jface.action.ActionContributionItem(action);
            item.setMode(org.eclipse.jface.action.ActionContributionItem.MODE_FORCE_TEXT);
            toolbar.add(item);
        }
        Runnable update = () -> {
            boolean running = editor.isRunning();
            runStage.setEnabled(!running && selectedStage.get() != null);
            runReady.setEnabled(!running);
            runAll.setEnabled(!running);
            stop.setEnabled(running);
        };
        editor.onModelChanged(update);
        update.run();
    }

    private static Action action(String text, Runnable run) {
        return new Action(text) {
            @Override
            public void run() {
                run.run();
            }
        };
    }

    private void column(String title, int width, java.util.function.Function<Stage, String> text,
            java.util.function.Function<Stage, Image> image) {
        TableViewerColumn column = new TableViewerColumn(stages, SWT.NONE);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((Stage) element);
            }

            @Override
            public Image getImage(Object element) {
                return image == null ? null : image.apply((Stage) element);
            }

            @Override
            public Color getForeground(Object element) {
                StageStatus s = editor.status(((Stage) element).id());
                return title.equals(WorkflowMessages.Stages_status) && s != null ? stages.getControl().getDisplay().getSystemColor(s.colour()) : null;
            }

            @Override
            public String getToolTipText(Object element) {
                Stage stage = (Stage) element;
                StageStatus s = editor.status(stage.id());
                return stage.id() + " (" + StageImages.kindLabel(stage, pythonConfigured()) + ", line " + stage.line() + ")"
                        + (s == null ? "" : "\n" + s.label());
            }
        });
    }

    private boolean pythonConfigured() {
        LabFile lab = editor.lab();
        Object python = lab == null ? null : lab.table("workflow").get("python");
        return python != null && !String.valueOf(python).isBlank();
    }

    private String statusOf(Stage stage) {
        StageStatus s = editor.status(stage.id());
        return s == null ? "" : s.label();
    }

    private Text text(FormToolkit toolkit, Composite parent, String label, int style, int span, String key, Supplier<Object> value) {
        Label l = toolkit.createLabel(parent, label);
        GridDataFactory.fillDefaults().align(SWT.BEGINNING, (style & SWT.MULTI) != 0 ? SWT.BEGINNING : SWT.CENTER).applyTo(l);
        Text text = toolkit.createText(parent, "", style | SWT.BORDER);
        GridDataFactory.fillDefaults().grab(true, false).span(span, 1).hint(80, SWT.DEFAULT).applyTo(text);
        text.setData("key", key);
        text.addModifyListener(e -> later(key, value));
        text.addListener(SWT.FocusOut, e -> commitNow(key, value));
        return text;
    }

    static List<String> list(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    // ------------------------------------------------------------------------------------------------ the selected stage

    /** The selected stage, as the text reads now. */
    public java.util.Optional<Stage> selected() {
        LabFile lab = editor.lab();
        if (lab == null || selectedArray == null || !lab.arrays().containsKey(selectedArray)) {
            return java.util.Optional.empty();
        }
        List<Stage> inArray = lab.arrays().get(selectedArray).stages();
        return selectedIndex >= 0 && selectedIndex < inArray.size() ? java.util.Optional.of(inArray.get(selectedIndex)) : java.util.Optional.empty();
    }

    /** Selects a stage by id, as a click in the list would (tests, the graph). */
    public void select(String stageId) {
        LabFile lab = editor.lab();
        Stage stage = lab == null ? null : lab.stage(stageId);
        if (stage != null) {
            stages.setSelection(new StructuredSelection(stage), true);
        }
    }

    private void runSelected() {
        selected().ifPresent(stage -> editor.run(WorkflowJob.Selection.STAGE, stage.id()));
    }

    private void addStage() {
        LabFile lab = editor.lab();
        if (lab == null) {
            return;
        }
        String array = lab.arrays().isEmpty() ? editor.labFile().getParent().getFileName().toString() : lab.arrays().keySet().iterator().next();
        String newId = "stage_" + (lab.stages().size() + 1);
        for (int n = lab.stages().size() + 2; lab.stage(newId) != null; n++) {
            newId = "stage_" + n;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", newId);
        values.put("D", "");
        values.put("R", "sql");
        values.put("C", "");
        String created = newId;
        if (editor.edit(current -> current.withStage(array, values))) {
            select(created);
        }
    }

    private void removeSelected() {
        selected().ifPresent(stage -> {
            if (editor.edit(current -> current.withoutStage(current.arrays().get(stage.array()).stages().get(stage.index())))) {
                selectedIndex = -1;
                refresh();
            }
        });
    }

    // ------------------------------------------------------------------------------------------------------- edits

    /** The field's value reaches the file {@link #COMMIT_DELAY_MS} after its last change. */
    private void later(String key, Supplier<Object> value) {
        if (filling) {
            return;
        }
        int generation = ++commits;
        pendingCommits.put(key, generation);
        form.getDisplay().timerExec(COMMIT_DELAY_MS, () -> {
            if (!form.isDisposed() && pendingCommits.getOrDefault(key, -1) == generation) {
                commitNow(key, value);
            }
        });
    }

    /** Writes the field's value into the stage (an empty one removes the key, but C). */
    void commitNow(String key, Supplier<Object> value) {
        if (filling || !pendingCommits.containsKey(key)) {
            return;
        }
        pendingCommits.remove(key);
        java.util.Optional<Stage> stage = selected();
        if (stage.isEmpty()) {
            return;
        }
        Object v = value.get();
        String fileKey = key.equals("depends_on") ? stage.get().dependencyKey() : key;
        boolean empty = v == null || v instanceof String s && s.isEmpty() || v instanceof List<?> l && l.isEmpty();
        Object current = stage.get().values().get(fileKey);
        if (empty && !key.equals("C") ? current == null : v.equals(current)) {
            return;
        }
        String array = stage.get().array();
        int index = stage.get().index();
        editor.edit(lab -> {
            Stage target = lab.arrays().get(array).stages().get(index);
            return empty && !key.equals("C") ? lab.withoutKey(target, fileKey) : lab.withValue(target, fileKey, v);
        });
    }

    /** Commits every field edited but not yet written (before a save or a run). */
    void commitPending() {
        if (form == null || form.isDisposed()) {
            return;
        }
        for (String key : new ArrayList<>(pendingCommits.keySet())) {
            commitNow(key, switch (key) {
                case "id" -> () -> id.getText().strip();
                case "D" -> description::getText;
                case "Q" -> question::getText;
                case "R" -> () -> runtime.getText().strip();
                case "depends_on" -> () -> list(dependsOn.getText());
                case "produces" -> () -> list(produces.getText());
                case "consumes" -> () -> list(consumes.getText());
                default -> () -> code.getDocument().get();
            });
        }
    }

    // ----------------------------------------------------------------------------------------------------- showing

    boolean isDisposed() {
        return form == null || form.isDisposed();
    }

    void showMessage(String message) {
        if (form != null && !form.isDisposed()) {
            form.setMessage(message, IMessageProvider.ERROR);
        }
    }

    /** The list and the form from the editor's lab and statuses. */
    void refresh() {
        if (isDisposed()) {
            return;
        }
        LabFile lab = editor.lab();
        List<Stage> all = lab == null ? List.of() : lab.stages();
        stages.setInput(all);
        if (selectedIndex < 0 && !all.isEmpty()) {
            selectedArray = all.get(0).array();
            selectedIndex = 0;
        }
        selected().ifPresent(stage -> {
            if (!stage.equals(((IStructuredSelection) stages.getSelection()).getFirstElement())) {
                stages.setSelection(new StructuredSelection(stage), false);
            }
        });
        var problem = editor.problem();
        if (problem != null) {
            form.setMessage(problem.getMessage() + (problem.line() > 0 ? " [line " + problem.line() + "]" : ""), IMessageProvider.ERROR);
        } else if (editor.isRunning()) {
            form.setMessage(WorkflowMessages.Stages_running, IMessageProvider.INFORMATION);
        } else {
            form.setMessage(null, IMessageProvider.NONE);
        }
        fill();
    }

    /** The form from the selected stage; a field being typed in keeps its text. */
    private void fill() {
        java.util.Optional<Stage> stage = selected();
        filling = true;
        try {
            for (Control control : Arrays.asList(id, description, question, runtime, dependsOn, produces, consumes, code.getControl())) {
                control.setEnabled(stage.isPresent());
            }
            Stage s = stage.orElse(null);
            set(id, s == null ? "" : s.text("id").isEmpty() ? s.text("stage_id") : s.text("id"));
            set(description, s == null ? "" : s.description());
            set(question, s == null ? "" : s.text("Q"));
            if (!runtime.isFocusControl() && !runtime.getText().equals(s == null ? "" : s.runtime())) {
                runtime.setText(s == null ? "" : s.runtime());
            }
            set(dependsOn, s == null ? "" : String.join(", ", s.dependsOn()));
            set(produces, s == null ? "" : String.join(", ", listOf(s.values().get("produces"))));
            set(consumes, s == null ? "" : String.join(", ", listOf(s.values().get("consumes"))));
            StageStatus st = s == null ? null : editor.status(s.id());
            status.setText(st == null ? WorkflowMessages.Stage_neverRun : st.label());
            status.setForeground(st == null ? null : status.getDisplay().getSystemColor(st.colour()));
            StageKind kind = s == null ? StageKind.SQL : s.kind();
            if (kind != codeKind) {
                configureCode(kind);
            }
            if (!code.getTextWidget().isFocusControl() && !code.getDocument().get().equals(s == null ? "" : s.code())) {
                code.getDocument().set(s == null ? "" : s.code());
            }
            details.setText(s == null ? WorkflowMessages.Stage_title : s.id() + " \u2014 " + StageImages.kindLabel(s, pythonConfigured()));
            details.layout(true, true);
        } finally {
            filling = false;
        }
    }

    private static List<String> listOf(Object value) {
        if (value instanceof List<?> items) {
            return items.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    private static void set(Text text, String value) {
        if (!text.isFocusControl() && !text.getText().equals(value)) {
            text.setText(value);
        }
    }

    private void configureCode(StageKind kind) {
        if (codeKind != null) {
            code.unconfigure();
        }
        codeKind = kind;
        code.configure(new CodeViewerConfiguration(kind));
        code.setDocument(code.getDocument()); // the new reconciler colours the text it already holds
    }

    /** The code viewer (tests type into it as a user would). */
    public SourceViewer codeViewer() {
        return code;
    }

    /** The stage list (tests). */
    public TableViewer stageList() {
        return stages;
    }

    /** The form's field for a key ({@code id}, {@code D}, {@code Q}, {@code depends_on}, {@code produces}, {@code consumes}). */
    public Text field(String key) {
        return switch (key) {
            case "id" -> id;
            case "D" -> description;
            case "Q" -> question;
            case "depends_on" -> dependsOn;
            case "produces" -> produces;
            case "consumes" -> consumes;
            default -> throw new IllegalArgumentException(key);
        };
    }

    @Override
    public void setFocus() {
        if (stages != null) {
            stages.getControl().setFocus();
        }
    }
}
