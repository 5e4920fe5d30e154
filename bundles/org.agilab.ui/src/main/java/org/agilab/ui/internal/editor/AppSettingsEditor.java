package org.agilab.ui.internal.editor;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.runtime.app.ArgsBinder;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.settings.AppSettings;
import org.agilab.ui.args.ArgsSection;
import org.agilab.ui.args.ArgsSectionContext;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.forms.IManagedForm;
import org.eclipse.ui.forms.IMessageManager;
import org.eclipse.ui.forms.editor.FormEditor;
import org.eclipse.ui.forms.editor.FormPage;
import org.eclipse.ui.forms.widgets.FormToolkit;
import org.eclipse.ui.forms.widgets.ScrolledForm;
import org.eclipse.ui.forms.widgets.Section;
import org.eclipse.ui.texteditor.ITextEditorActionConstants;

/**
 * The AGILab settings editor of {@code app_settings.toml}, a multi-page form editor as m2e's POM editor is:
 * <b>Arguments</b> generated from the app's typed args ({@code @Arg}: a checkbox, a combo of the allowed values, a
 * spinner or a text; checked as typed by the binder's own rules), <b>Cluster</b> (mode toggles and the resulting
 * mode, scheduler, workers), <b>Views</b> ({@code [pages]}) and <b>Source</b>, the file's text. The Source page's
 * document is the one model: a form edit changes the text at that value only (the runtime's comment-preserving
 * writer), so undo, dirty state, Save and Revert are the text editor's; editing the text refreshes the forms. A
 * change may go to the user's overrides ({@code ~/.agilab/apps/<app>/app_settings.toml}) instead, saved with the
 * editor; each field says which file its value comes from.
 */
public final class AppSettingsEditor extends FormEditor {

    public static final String ID = "org.agilab.ui.settingsEditor";
    static final List<String> ARGS = List.of("args");
    static final List<String> CLUSTER = List.of("cluster");
    static final List<String> WORKERS = List.of("cluster", "workers");
    static final List<String> PAGES = List.of("pages");

    private TomlEditor source;
    private int sourceIndex;
    private SettingsModel model;
    private AppArgs args;
    private AppProject app;
    private final List<SettingsPage> pages = new ArrayList<>();
    /** True while the forms themselves write to the document: its listener then does not refresh them. */
    private boolean writing;
    private boolean refreshQueued;

    @Override
    protected void addPages() {
        try {
            IFile file = ((IFileEditorInput) getEditorInput()).getFile();
            app = AppProject.at(file.getProject().getLocation().toPath());
            Path overrides = IdePreferences.home(file.getProject()).userSettings(app.name());
            source = new TomlEditor();
            pages.add(new ArgumentsPage());
            pages.add(new ClusterPage());
            pages.add(new ViewsPage());
            for (SettingsPage page : pages) {
                addPage(page);
            }
            sourceIndex = addPage(source, getEditorInput());
            setPageText(sourceIndex, Messages.SettingsEditor_source);
            IDocument document = source.getDocumentProvider().getDocument(getEditorInput());
            model = new SettingsModel(new SettingsModel.Document() {
                @Override
                public String get() {
                    return document.get();
                }

                @Override
                public void set(String text) {
                    replaceDifference(document, text);
                }
            }, file.getLocation().toPath(), overrides);
            args = AppArgs.load(file.getProject(), app);
            document.addDocumentListener(new IDocumentListener() {
                @Override
                public void documentAboutToBeChanged(DocumentEvent event) {
                }

                @Override
                public void documentChanged(DocumentEvent event) {
                    if (!writing) {
                        queueRefresh();
                    }
                }
            });
            setPartName(file.getProject().getName());
            setTitleToolTip(file.getFullPath().toString());
            installGlobalActions();
        } catch (PartInitException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void init(org.eclipse.ui.IEditorSite site, IEditorInput input) throws PartInitException {
        if (!(input instanceof IFileEditorInput)) {
            throw new PartInitException(Messages.SettingsEditor_notAFile);
        }
        super.init(site, input);
    }

    /** Undo, redo and revert act on the document whichever page is shown: a form edit is a text edit. */
    private void installGlobalActions() {
        var bars = getEditorSite().getActionBars();
        bars.setGlobalActionHandler(ActionFactory.UNDO.getId(), source.getAction(ITextEditorActionConstants.UNDO));
        bars.setGlobalActionHandler(ActionFactory.REDO.getId(), source.getAction(ITextEditorActionConstants.REDO));
        bars.setGlobalActionHandler(ActionFactory.REVERT.getId(), new Action() {
            @Override
            public void run() {
                revert();
            }
        });
        bars.updateActionBars();
    }

    /** Replaces only the part of the document that differs: one small undoable edit, markers elsewhere untouched. */
    public static void replaceDifference(IDocument document, String text) {
        String old = document.get();
        int start = 0;
        int max = Math.min(old.length(), text.length());
        while (start < max && old.charAt(start) == text.charAt(start)) {
            start++;
        }
        int endOld = old.length();
        int endNew = text.length();
        while (endOld > start && endNew > start && old.charAt(endOld - 1) == text.charAt(endNew - 1)) {
            endOld--;
            endNew--;
        }
        try {
            document.replace(start, endOld - start, text.substring(start, endNew));
        } catch (BadLocationException e) {
            throw new IllegalStateException(e);
        }
    }

    private void queueRefresh() {
        if (refreshQueued) {
            return;
        }
        refreshQueued = true;
        getSite().getShell().getDisplay().asyncExec(() -> {
            refreshQueued = false;
            if (getContainer() != null && !getContainer().isDisposed()) {
                refreshForms();
            }
        });
    }

    void refreshForms() {
        AppSettings settings = model.settings();
        for (SettingsPage page : pages) {
            if (page.getManagedForm() != null) {
                page.refresh(settings);
            }
        }
        editorDirtyStateChanged();
    }

    /**
     * Writes a value from a form into the chosen file.
     *
     * @return null, or why the value could not be written
     */
    String write(List<String> table, String key, Object value) {
        writing = true;
        try {
            model.set(table, key, value);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } finally {
            writing = false;
            refreshForms();
        }
    }

    void remove(List<String> table, String key) {
        writing = true;
        try {
            model.remove(table, key);
        } finally {
            writing = false;
            refreshForms();
        }
    }

    SettingsModel model() {
        return model;
    }

    AppArgs args() {
        return args;
    }

    public TomlEditor source() {
        return source;
    }

    @Override
    public boolean isDirty() {
        return super.isDirty() || model != null && model.overridesDirty();
    }

    @Override
    public void doSave(IProgressMonitor monitor) {
        source.doSave(monitor);
        model.saveOverrides();
        editorDirtyStateChanged();
    }

    @Override
    public void doSaveAs() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }

    /** Back to the files as saved: the document and the overrides. */
    public void revert() {
        source.doRevertToSaved();
        model.revertOverrides();
        refreshForms();
    }

    @Override
    protected void pageChange(int newPageIndex) {
        super.pageChange(newPageIndex);
        if (newPageIndex != sourceIndex) {
            refreshForms();
        }
    }

    @Override
    public void dispose() {
        if (args != null) {
            args.close();
        }
        super.dispose();
    }

    /** Shows the page with this id (tests, and links between pages). */
    public void show(String pageId) {
        setActivePage(pageId);
    }

    // ---- pages

    /** A form page: a header with the file a change goes to, then its sections; refreshed from the settings. */
    abstract class SettingsPage extends FormPage {

        FormToolkit toolkit;
        IMessageManager messages;
        boolean refreshing;
        private Button toApp;
        private Button toOverrides;

        SettingsPage(String id, String title) {
            super(AppSettingsEditor.this, id, title);
        }

        @Override
        protected void createFormContent(IManagedForm managedForm) {
            ScrolledForm form = managedForm.getForm();
            toolkit = managedForm.getToolkit();
            messages = managedForm.getMessageManager();
            form.setText(getTitle());
            toolkit.decorateFormHeading(form.getForm());
            Composite body = form.getBody();
            body.setLayout(new GridLayout(1, false));
            Composite target = toolkit.createComposite(body);
            target.setLayout(new GridLayout(3, false));
            target.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
            toolkit.createLabel(target, Messages.SettingsEditor_writeTo);
            toApp = toolkit.createButton(target, NLS.bind(Messages.SettingsEditor_toApp, model.appFile().getFileName()), SWT.RADIO);
            toApp.setToolTipText(model.appFile().toString());
            toOverrides = toolkit.createButton(target, Messages.SettingsEditor_toOverrides, SWT.RADIO);
            toOverrides.setToolTipText(model.overridesFile().toString());
            toApp.addListener(SWT.Selection, event -> chooseTarget(false));
            toOverrides.addListener(SWT.Selection, event -> chooseTarget(true));
            createSections(body);
            refresh(model.settings());
        }

        private void chooseTarget(boolean overrides) {
            if (!refreshing) {
                model.writeToOverrides(overrides);
                refreshForms();
            }
        }

        final void refresh(AppSettings settings) {
            refreshing = true;
            try {
                toApp.setSelection(!model.writeToOverrides());
                toOverrides.setSelection(model.writeToOverrides());
                update(settings);
            } finally {
                refreshing = false;
            }
        }

        abstract void createSections(Composite body);

        abstract void update(AppSettings settings);

        Composite section(Composite body, String title, String description, int columns) {
            Section section = toolkit.createSection(body, Section.TITLE_BAR | Section.DESCRIPTION | Section.EXPANDED);
            section.setText(title);
            section.setDescription(description);
            section.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
            Composite client = toolkit.createComposite(section);
            client.setLayout(new GridLayout(columns, false));
            section.setClient(client);
            return client;
        }

        /** Where a value comes from, as the field shows it. */
        String origin(AppSettings settings, String dotted) {
            AppSettings.Setting setting = settings.setting(dotted);
            if (setting == null) {
                return Messages.SettingsEditor_fromDefault;
            }
            return switch (setting.provenance().kind()) {
                case USER -> Messages.SettingsEditor_fromOverrides;
                case PROJECT -> NLS.bind(Messages.SettingsEditor_fromApp, setting.provenance().line());
                default -> Messages.SettingsEditor_fromDefault;
            };
        }

        /** Writes a checked value, or shows at the field why it cannot be. */
        void commit(Control control, String messageKey, List<String> table, String key, Object value, String problem) {
            if (refreshing) {
                return;
            }
            String why = problem != null ? problem : write(table, key, value);
            if (why != null) {
                messages.addMessage(messageKey, key + ": " + why, null, org.eclipse.jface.dialogs.IMessageProvider.ERROR, control);
            } else {
                messages.removeMessage(messageKey, control);
            }
        }
    }

    /** One field of the Arguments page. */
    private record ArgControl(String key, Control control, Label origin, ArgsBinder.ArgField field) {
    }

    final class ArgumentsPage extends SettingsPage {

        static final String ID = "arguments";
        private final List<ArgControl> controls = new ArrayList<>();
        private final List<ArgsSection> sections = new ArrayList<>();

        ArgumentsPage() {
            super(ID, Messages.SettingsEditor_arguments);
        }

        @Override
        void createSections(Composite body) {
            ArgsSections contributed = ArgsSections.forApp(app);
            for (ArgsSections.Contribution contribution : contributed.contributions()) {
                Composite client = section(body, contribution.title(), NLS.bind(Messages.SettingsEditor_contributedSection, contribution.contributor()), 1);
                try {
                    ArgsSection section = contribution.create();
                    section.createControls(client, toolkit, context);
                    sections.add(section);
                } catch (CoreException | RuntimeException | LinkageError e) {
                    failed(client, contribution, e);
                }
            }
            if (contributed.replaceGenerated()) {
                return;
            }
            Composite client = section(body, Messages.SettingsEditor_argumentsSection, args == null
                    ? Messages.SettingsEditor_argumentsUntyped : NLS.bind(Messages.SettingsEditor_argumentsTyped, args.type().getName()), 3);
            if (args != null) {
                for (ArgsBinder.ArgField field : args.fields()) {
                    controls.add(field(client, field.key(), field));
                }
            } else {
                for (String key : argKeys(model.settings())) {
                    controls.add(field(client, key, null));
                }
            }
        }

        private List<String> argKeys(AppSettings settings) {
            List<String> keys = new ArrayList<>();
            for (AppSettings.Setting setting : settings.all()) {
                if (setting.path().size() == 2 && setting.path().get(0).equals("args")) {
                    keys.add(setting.path().get(1));
                }
            }
            return keys;
        }

        private ArgControl field(Composite client, String key, ArgsBinder.ArgField field) {
            Label label = toolkit.createLabel(client, key + ":");
            String description = field != null && field.rules() != null ? field.rules().description() : "";
            Class<?> type = field != null ? field.field().getType() : untypedType(model.settings().value("args." + key));
            String[] oneOf = field != null && field.rules() != null ? field.rules().oneOf() : new String[0];
            if (type.isEnum()) {
                List<String> names = new ArrayList<>();
                for (Object constant : type.getEnumConstants()) {
                    names.add(((Enum<?>) constant).name());
                }
                oneOf = names.toArray(String[]::new);
            }
            Control control;
            String messageKey = "args." + key;
            if (type == boolean.class || type == Boolean.class) {
                Button check = toolkit.createButton(client, "", SWT.CHECK);
                check.addListener(SWT.Selection, event -> commit(check, messageKey, ARGS, key, check.getSelection(), null));
                control = check;
            } else if (oneOf.length > 0) {
                Combo combo = new Combo(client, SWT.READ_ONLY);
                combo.setItems(oneOf);
                toolkit.adapt(combo);
                combo.addListener(SWT.Selection, event -> commit(combo, messageKey, ARGS, key, combo.getText(), null));
                control = combo;
            } else if ((type == int.class || type == Integer.class || type == long.class || type == Long.class) && field != null) {
                Spinner spinner = new Spinner(client, SWT.BORDER);
                double min = field.rules() == null ? Integer.MIN_VALUE : Math.max(field.rules().min(), Integer.MIN_VALUE);
                double max = field.rules() == null ? Integer.MAX_VALUE : Math.min(field.rules().max(), Integer.MAX_VALUE);
                spinner.setValues(0, (int) min, (int) max, 0, 1, 10);
                toolkit.adapt(spinner);
                spinner.addListener(SWT.Modify, event -> {
                    long value = spinner.getSelection();
                    commit(spinner, messageKey, ARGS, key, value, ArgsBinder.problem(field, value));
                });
                control = spinner;
            } else {
                Text text = toolkit.createText(client, "", SWT.BORDER | SWT.SINGLE);
                text.addListener(SWT.Modify, event -> {
                    Object value = parse(text.getText(), type);
                    String problem = value instanceof Problem p ? p.message() : field == null ? null : ArgsBinder.problem(field, value);
                    commit(text, messageKey, ARGS, key, value instanceof Problem ? null : value, problem);
                });
                control = text;
            }
            control.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            control.setData("agilab.key", messageKey);
            String tip = description.isEmpty() ? key : key + ": " + description;
            label.setToolTipText(tip);
            control.setToolTipText(tip);
            Label origin = toolkit.createLabel(client, "");
            origin.setForeground(client.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            origin.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false));
            return new ArgControl(key, control, origin, field);
        }

        /** A contributor's failure stays in its section, said there and in the Error Log; the editor goes on. */
        private void failed(Composite client, ArgsSections.Contribution contribution, Throwable e) {
            for (Control child : client.getChildren()) {
                child.dispose();
            }
            client.setLayout(new GridLayout(1, false));
            Label label = toolkit.createLabel(client, NLS.bind(Messages.SettingsEditor_sectionFailed, e), SWT.WRAP);
            label.setForeground(client.getDisplay().getSystemColor(SWT.COLOR_RED));
            label.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
            org.eclipse.core.runtime.ILog.of(AppSettingsEditor.class).error(contribution.title() + " of " + contribution.contributor(), e);
            client.layout();
        }

        /** What a contributed section sees: the arg values and the same checked write as the generated fields. */
        private final ArgsSectionContext context = new ArgsSectionContext() {
            @Override
            public String app() {
                return app.name();
            }

            @Override
            public java.nio.file.Path appFolder() {
                return app.folder();
            }

            @Override
            public Object value(String key) {
                AppSettings.Setting setting = model.settings().setting("args." + key);
                return setting != null ? setting.value() : args == null ? null : args.defaults().get(key);
            }

            @Override
            public String write(String key, Object value, Control control) {
                if (refreshing) {
                    // the section shows the settings' own value again: whatever was refused before is gone from it
                    if (control != null) {
                        messages.removeMessage("args." + key, control);
                    }
                    return null;
                }
                Object written = value instanceof Integer || value instanceof Short || value instanceof Byte ? Long.valueOf(((Number) value).longValue())
                        : value instanceof Float decimal ? Double.valueOf(decimal.doubleValue()) : value;
                ArgsBinder.ArgField field = args == null ? null
                        : args.fields().stream().filter(candidate -> candidate.key().equals(key)).findFirst().orElse(null);
                String problem = field == null ? null : ArgsBinder.problem(field, written);
                String why = problem != null ? problem : AppSettingsEditor.this.write(ARGS, key, written);
                if (control != null) {
                    if (why != null) {
                        messages.addMessage("args." + key, key + ": " + why, null, org.eclipse.jface.dialogs.IMessageProvider.ERROR, control);
                    } else {
                        messages.removeMessage("args." + key, control);
                    }
                }
                return why;
            }
        };

        @Override
        void update(AppSettings settings) {
            for (ArgsSection section : sections) {
                try {
                    section.refresh(context);
                } catch (RuntimeException | LinkageError e) {
                    org.eclipse.core.runtime.ILog.of(AppSettingsEditor.class).error("an args section's refresh failed", e);
                }
            }
            for (ArgControl arg : controls) {
                String dotted = "args." + arg.key();
                AppSettings.Setting setting = settings.setting(dotted);
                Object value = setting != null ? setting.value() : args == null ? null : args.defaults().get(arg.key());
                show(arg.control(), value);
                arg.origin().setText(origin(settings, dotted));
                arg.origin().getParent().layout(new Control[] {arg.origin()});
            }
        }

        private void show(Control control, Object value) {
            if (control.isFocusControl() && messages != null && control instanceof Text) {
                return; // the user is typing there: a value that is not written yet stays as typed
            }
            String text = value == null ? "" : value instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
                    : String.valueOf(value);
            if (control instanceof Button check) {
                check.setSelection(Boolean.TRUE.equals(value));
            } else if (control instanceof Combo combo) {
                combo.setText(text);
            } else if (control instanceof Spinner spinner) {
                if (value instanceof Number number && spinner.getSelection() != number.intValue()) {
                    spinner.setSelection(number.intValue());
                }
            } else if (control instanceof Text field && !field.getText().equals(text)) {
                field.setText(text);
            }
        }

        /** The control of an arg (tests). */
        Control control(String key) {
            return controls.stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow().control();
        }

        Label origin(String key) {
            return controls.stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow().origin();
        }
    }

    /** Without the args class, a value keeps the TOML type it has in the file. */
    static Class<?> untypedType(Object value) {
        if (value instanceof Boolean) {
            return boolean.class;
        }
        if (value instanceof Long) {
            return long.class;
        }
        if (value instanceof Double) {
            return double.class;
        }
        return value instanceof List ? List.class : String.class;
    }

    /** A value that could not be read from what was typed. */
    record Problem(String message) {
    }

    /** What a text field's text is as a value of the arg's type, or a {@link Problem}. */
    static Object parse(String text, Class<?> type) {
        String value = text.strip();
        try {
            if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
                return Double.parseDouble(value);
            }
            if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
                return Long.parseLong(value);
            }
            if (type == LocalDate.class) {
                LocalDate.parse(value);
                return value; // upstream writes dates as strings
            }
            if (type == List.class) {
                List<String> items = new ArrayList<>();
                for (String item : value.split(",")) {
                    if (!item.isBlank()) {
                        items.add(item.strip());
                    }
                }
                return items;
            }
        } catch (NumberFormatException e) {
            return new Problem(Messages.SettingsEditor_notANumber);
        } catch (java.time.format.DateTimeParseException e) {
            return new Problem(Messages.SettingsEditor_notADate);
        }
        return text;
    }

    final class ClusterPage extends SettingsPage {

        static final String ID = "cluster";
        private final Map<String, Button> toggles = new LinkedHashMap<>();
        private Label mode;
        private Text scheduler;
        private Table workers;
        private Text host;
        private Spinner slots;
        /** The node options by [cluster] key, and the SSH facts of the host being edited by [cluster.hosts."h"] key. */
        private final Map<String, Control> nodeOptions = new LinkedHashMap<>();
        private final Map<String, Text> hostFacts = new LinkedHashMap<>();
        private Label hostShown;

        ClusterPage() {
            super(ID, Messages.SettingsEditor_cluster);
        }

        @Override
        void createSections(Composite body) {
            Composite modes = section(body, Messages.SettingsEditor_modeSection, Messages.SettingsEditor_modeDescription, 2);
            for (String[] toggle : new String[][] {{"pool", Messages.AgilabTab_pool}, {"cython", Messages.AgilabTab_compiled},
                    {"cluster_enabled", Messages.AgilabTab_cluster}, {"rapids", Messages.AgilabTab_gpu}}) {
                Button button = toolkit.createButton(modes, toggle[1], SWT.CHECK);
                button.setToolTipText("[cluster] " + toggle[0]);
                button.addListener(SWT.Selection, event -> commit(button, "cluster." + toggle[0], CLUSTER, toggle[0], button.getSelection(), null));
                toggles.put(toggle[0], button);
            }
            mode = toolkit.createLabel(modes, "");
            mode.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

            Composite where = section(body, Messages.SettingsEditor_workersSection, Messages.SettingsEditor_workersDescription, 4);
            toolkit.createLabel(where, Messages.SettingsEditor_scheduler);
            scheduler = toolkit.createText(where, "", SWT.BORDER | SWT.SINGLE);
            scheduler.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
            scheduler.addListener(SWT.Modify, event -> commit(scheduler, "cluster.scheduler", CLUSTER, "scheduler", scheduler.getText().strip(),
                    scheduler.getText().isBlank() ? Messages.SettingsEditor_schedulerEmpty : null));
            workers = toolkit.createTable(where, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
            workers.setHeaderVisible(true);
            GridData table = new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1);
            table.heightHint = 120;
            workers.setLayoutData(table);
            TableColumn hostColumn = new TableColumn(workers, SWT.LEFT);
            hostColumn.setText(Messages.SettingsEditor_host);
            hostColumn.setWidth(260);
            TableColumn slotsColumn = new TableColumn(workers, SWT.RIGHT);
            slotsColumn.setText(Messages.SettingsEditor_slots);
            slotsColumn.setWidth(80);
            TableColumn originColumn = new TableColumn(workers, SWT.LEFT);
            originColumn.setText(Messages.SettingsEditor_origin);
            originColumn.setWidth(200);
            host = toolkit.createText(where, "", SWT.BORDER | SWT.SINGLE);
            host.setMessage(Messages.SettingsEditor_hostHint);
            host.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            slots = new Spinner(where, SWT.BORDER);
            slots.setValues(1, 1, (int) org.agilab.runtime.settings.SettingsValidator.MAX_WORKERS_PER_HOST, 0, 1, 4);
            toolkit.adapt(slots);
            Button add = toolkit.createButton(where, Messages.SettingsEditor_addWorker, SWT.PUSH);
            add.addListener(SWT.Selection, event -> {
                String address = host.getText().strip();
                commit(host, "cluster.workers", WORKERS, address, (long) slots.getSelection(),
                        address.isEmpty() ? Messages.SettingsEditor_hostEmpty : null);
            });
            Button removeWorker = toolkit.createButton(where, Messages.SettingsEditor_removeWorker, SWT.PUSH);
            removeWorker.addListener(SWT.Selection, event -> {
                if (workers.getSelectionCount() == 1) {
                    remove(WORKERS, workers.getSelection()[0].getText(0));
                }
            });
            workers.addListener(SWT.Selection, event -> {
                if (workers.getSelectionCount() == 1) {
                    host.setText(workers.getSelection()[0].getText(0));
                    slots.setSelection(Integer.parseInt(workers.getSelection()[0].getText(1)));
                }
            });
            host.addListener(SWT.Modify, event -> showHostFacts(model.settings()));

            Composite options = section(body, Messages.SettingsEditor_nodesSection, Messages.SettingsEditor_nodesDescription, 2);
            nodeOption(options, "idle_timeout", Messages.SettingsEditor_secondsHint);
            nodeOption(options, "failure_detection_timeout", Messages.SettingsEditor_secondsHint);
            nodeOption(options, "node_java", Messages.SettingsEditor_nodeJavaHint);
            nodeOption(options, "tls", null);
            nodeOption(options, "ssh_host_key_policy", null);
            nodeOption(options, "ssh_known_hosts", Messages.SettingsEditor_knownHostsHint);
            nodeOption(options, "ssh_connect_timeout", Messages.SettingsEditor_secondsHint);

            Composite facts = section(body, Messages.SettingsEditor_hostSection, Messages.SettingsEditor_hostDescription, 2);
            hostShown = toolkit.createLabel(facts, "");
            hostShown.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
            for (String key : List.of("user", "port", "key", "java", "root", "share")) {
                toolkit.createLabel(facts, key + ":");
                Text fact = toolkit.createText(facts, "", SWT.BORDER | SWT.SINGLE);
                fact.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
                fact.setToolTipText("[cluster.hosts.\"<host>\"] " + key);
                fact.addListener(SWT.Modify, event -> writeHostFact(fact, key));
                hostFacts.put(key, fact);
            }
        }

        /** One [cluster] option: a checkbox, the host-key policies, or a text (a number for the timeouts); empty removes it. */
        private void nodeOption(Composite client, String key, String hint) {
            toolkit.createLabel(client, key + ":");
            Control control;
            if (key.equals("tls")) {
                Button check = toolkit.createButton(client, "", SWT.CHECK);
                check.addListener(SWT.Selection, event -> commit(check, "cluster." + key, CLUSTER, key, check.getSelection(), null));
                control = check;
            } else if (key.equals("ssh_host_key_policy")) {
                Combo policy = new Combo(client, SWT.READ_ONLY);
                policy.setItems("strict", "accept-new");
                toolkit.adapt(policy);
                policy.addListener(SWT.Selection, event -> commit(policy, "cluster." + key, CLUSTER, key, policy.getText(), null));
                control = policy;
            } else {
                Text text = toolkit.createText(client, "", SWT.BORDER | SWT.SINGLE);
                if (hint != null) {
                    text.setMessage(hint);
                }
                boolean seconds = key.endsWith("_timeout");
                text.addListener(SWT.Modify, event -> {
                    if (refreshing) {
                        return;
                    }
                    if (text.getText().isBlank()) {
                        messages.removeMessage("cluster." + key, text);
                        remove(CLUSTER, key);
                        return;
                    }
                    Object value = seconds ? parse(text.getText(), double.class) : text.getText().strip();
                    String problem = value instanceof Problem p ? p.message()
                            : seconds && ((Double) value) <= 0 ? Messages.SettingsEditor_notPositive : null;
                    // a whole number of seconds is written as one: idle_timeout = 600, not 600.0
                    Object written = value instanceof Double d && d == Math.rint(d) ? (Object) d.longValue() : value;
                    commit(text, "cluster." + key, CLUSTER, key, problem == null ? written : null, problem);
                });
                control = text;
            }
            control.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            control.setToolTipText("[cluster] " + key);
            nodeOptions.put(key, control);
        }

        /** The host whose SSH facts the section shows: the one in the host field (a selected worker row fills it). */
        private String factsHost() {
            return host.getText().strip();
        }

        private void writeHostFact(Text fact, String key) {
            String at = factsHost();
            if (refreshing || at.isEmpty()) {
                return;
            }
            List<String> table = List.of("cluster", "hosts", at);
            if (fact.getText().isBlank()) {
                messages.removeMessage("host." + key, fact);
                remove(table, key);
                return;
            }
            Object value = key.equals("port") ? parse(fact.getText(), long.class) : fact.getText().strip();
            String problem = value instanceof Problem p ? p.message()
                    : key.equals("port") && ((Long) value < 1 || (Long) value > 65535) ? Messages.SettingsEditor_badPort : null;
            commit(fact, "host." + key, table, key, problem == null ? value : null, problem);
        }

        private void showHostFacts(AppSettings settings) {
            String at = factsHost();
            boolean refreshingBefore = refreshing;
            refreshing = true;
            try {
                hostShown.setText(at.isEmpty() ? Messages.SettingsEditor_hostNone : NLS.bind(Messages.SettingsEditor_hostShown, at));
                hostFacts.forEach((key, fact) -> {
                    fact.setEnabled(!at.isEmpty());
                    Object value = at.isEmpty() ? null : settings.value(org.agilab.runtime.settings.SettingKey.display(List.of("cluster", "hosts", at, key)));
                    String text = value == null ? "" : String.valueOf(value);
                    if (!fact.isFocusControl() && !fact.getText().equals(text)) {
                        fact.setText(text);
                    }
                });
                hostShown.getParent().layout(new Control[] {hostShown});
            } finally {
                refreshing = refreshingBefore;
            }
        }

        @Override
        void update(AppSettings settings) {
            toggles.forEach((key, button) -> {
                button.setSelection(Boolean.TRUE.equals(settings.value("cluster." + key)));
                button.setToolTipText("[cluster] " + key + " (" + origin(settings, "cluster." + key) + ")");
            });
            try {
                var execution = settings.mode();
                mode.setText(NLS.bind(Messages.SettingsEditor_mode, execution.label(), execution.letters().isEmpty() ? "0" : execution.letters()));
            } catch (RuntimeException e) {
                mode.setText(e.getMessage());
            }
            mode.getParent().layout(new Control[] {mode});
            Object schedulerValue = settings.value("cluster.scheduler");
            if (!scheduler.isFocusControl() && !String.valueOf(schedulerValue).equals(scheduler.getText())) {
                scheduler.setText(schedulerValue == null ? "" : String.valueOf(schedulerValue));
            }
            nodeOptions.forEach((key, control) -> {
                Object value = settings.value("cluster." + key);
                String text = value == null ? "" : String.valueOf(value);
                if (control instanceof Button check) {
                    check.setSelection(Boolean.TRUE.equals(value));
                } else if (control instanceof Combo combo) {
                    combo.setText(text.isEmpty() ? "strict" : text);
                } else if (control instanceof Text field && !field.isFocusControl() && !field.getText().equals(text)) {
                    field.setText(text);
                }
                control.setToolTipText("[cluster] " + key + " (" + origin(settings, "cluster." + key) + ")");
            });
            showHostFacts(settings);
            workers.removeAll();
            AppSettings.Setting workersSetting = settings.workersSetting();
            settings.workers().forEach((address, count) -> {
                TableItem item = new TableItem(workers, SWT.NONE);
                item.setText(new String[] {address, String.valueOf(count),
                        workersSetting == null ? Messages.SettingsEditor_fromDefault : origin(settings, "cluster.workers")});
            });
        }

        Map<String, Button> toggles() {
            return toggles;
        }

        Label modeLabel() {
            return mode;
        }

        Table workers() {
            return workers;
        }

        Text host() {
            return host;
        }

        Spinner slots() {
            return slots;
        }

        Control nodeOption(String key) {
            return nodeOptions.get(key);
        }

        Text hostFact(String key) {
            return hostFacts.get(key);
        }
    }

    final class ViewsPage extends SettingsPage {

        static final String ID = "views";
        private Text viewModule;
        private Text defaultView;

        ViewsPage() {
            super(ID, Messages.SettingsEditor_views);
        }

        @Override
        void createSections(Composite body) {
            Composite client = section(body, Messages.SettingsEditor_viewsSection, Messages.SettingsEditor_viewsDescription, 2);
            toolkit.createLabel(client, "view_module:");
            viewModule = toolkit.createText(client, "", SWT.BORDER | SWT.SINGLE);
            viewModule.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            viewModule.setToolTipText(Messages.SettingsEditor_viewModuleTip);
            viewModule.addListener(SWT.Modify, event -> commit(viewModule, "pages.view_module", PAGES, "view_module",
                    parse(viewModule.getText(), List.class), null));
            toolkit.createLabel(client, "default_view:");
            defaultView = toolkit.createText(client, "", SWT.BORDER | SWT.SINGLE);
            defaultView.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            defaultView.addListener(SWT.Modify, event -> commit(defaultView, "pages.default_view", PAGES, "default_view",
                    defaultView.getText().strip(), null));
        }

        @Override
        void update(AppSettings settings) {
            Object modules = settings.value("pages.view_module");
            String text = modules instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
                    : modules == null ? "" : String.valueOf(modules);
            if (!viewModule.isFocusControl() && !viewModule.getText().equals(text)) {
                viewModule.setText(text);
            }
            Object view = settings.value("pages.default_view");
            String shown = view == null ? "" : String.valueOf(view);
            if (!defaultView.isFocusControl() && !defaultView.getText().equals(shown)) {
                defaultView.setText(shown);
            }
        }
    }

    // ---- what tests drive, as a user would

    /** The form of a page ({@code arguments}, {@code cluster}, {@code views}): its header shows the field errors. */
    public ScrolledForm form(String pageId) {
        return ((FormPage) findPage(pageId)).getManagedForm().getForm();
    }

    /** The control of an arg on the Arguments page. */
    public Control argControl(String key) {
        return ((ArgumentsPage) pages.get(0)).control(key);
    }

    /** Where the shown value of an arg comes from, as its field says. */
    public String argOrigin(String key) {
        return ((ArgumentsPage) pages.get(0)).origin(key).getText();
    }

    /** A node option of the Cluster page by its [cluster] key (tests). */
    public Control nodeOption(String key) {
        return ((ClusterPage) pages.get(1)).nodeOption(key);
    }

    /** A field of the Cluster page's SSH host section by its [cluster.hosts."h"] key (tests). */
    public Text hostFact(String key) {
        return ((ClusterPage) pages.get(1)).hostFact(key);
    }

    /** The mode toggles by [cluster] key, and the resulting mode label. */
    public Map<String, Button> modeToggles() {
        return ((ClusterPage) pages.get(1)).toggles();
    }

    public String modeText() {
        return ((ClusterPage) pages.get(1)).modeLabel().getText();
    }

    public Table workersTable() {
        return ((ClusterPage) pages.get(1)).workers();
    }

    public Text workerHost() {
        return ((ClusterPage) pages.get(1)).host();
    }

    public Spinner workerSlots() {
        return ((ClusterPage) pages.get(1)).slots();
    }

    /** The document the Source page shows. */
    public IDocument document() {
        return source.getDocumentProvider().getDocument(getEditorInput());
    }

    /** Sends the changes to the user's overrides (true) or the app's settings, as the radio buttons do. */
    public void writeToOverrides(boolean overrides) {
        model.writeToOverrides(overrides);
        refreshForms();
    }

    /** Shows the Source page. */
    public void showSource() {
        setActivePage(sourceIndex);
    }
}
