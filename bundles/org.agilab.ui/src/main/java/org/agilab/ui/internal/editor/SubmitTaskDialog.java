package org.agilab.ui.internal.editor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.runtime.app.ArgsBinder;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.settings.AppSettings;
import org.agilab.runtime.settings.RunOverrides;
import org.agilab.ui.args.ArgsSection;
import org.agilab.ui.args.ArgsSectionContext;
import org.agilab.ui.internal.TitledFormDialog;
import org.agilab.ui.internal.view.ViewMessages;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.forms.widgets.FormToolkit;

/**
 * Submit Task...: one task's values in the app's args form, then queued ({@code serve submit}). The form is the one the
 * settings editor shows: the sections the app contributes ({@link ArgsSection}, written here into the task rather
 * than into the file) and a field per typed arg ({@link AppArgs}; the settings' {@code [args]} keys while the app's
 * classes are not built), each showing the value the app has now; a task sets only the values changed. Other
 * {@code key=value} lines and the plan's items to run (optional) follow. The runtime checks the values when it
 * queues the task, as it checks a run's.
 */
public final class SubmitTaskDialog extends TitledFormDialog {

    private final IProject project;
    private final AppProject app;
    private final Map<String, Object> current = new LinkedHashMap<>();
    private AppArgs args;
    private ArgsSections contributed = new ArgsSections(List.of());
    /** The values set by the contributed sections, as TOML literals. */
    private final Map<String, String> fromSections = new LinkedHashMap<>();
    private final Map<String, Text> fields = new LinkedHashMap<>();
    private final Map<String, String> shownValues = new LinkedHashMap<>();
    private Text others;
    private Text itemsField;
    private FormToolkit toolkit;
    private Map<String, String> values = Map.of();
    private List<String> items = List.of();

    public SubmitTaskDialog(Shell parent, IProject project) {
        super(parent, ViewMessages.Service_submitTitle, NLS.bind(ViewMessages.Service_submitHeading, project.getName()),
                ViewMessages.Service_submitMessage, ViewMessages.Service_submitButton);
        this.project = project;
        this.app = AppProject.at(project.getLocation().toFile().toPath());
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected void createForm(Composite area) {
        readValues();
        toolkit = new FormToolkit(area.getDisplay());
        ScrolledComposite scroll = new ScrolledComposite(area, SWT.V_SCROLL);
        GridDataFactory.fillDefaults().grab(true, true).hint(600, 700).applyTo(scroll);
        Composite body = new Composite(scroll, SWT.NONE);
        GridLayoutFactory.swtDefaults().margins(10, 10).applyTo(body);
        scroll.setContent(body);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);

        ArgsSectionContext context = new TaskContext();
        for (ArgsSections.Contribution contribution : contributed.contributions()) {
            Group group = group(body, contribution.title());
            try {
                ArgsSection section = contribution.create();
                section.createControls(group, toolkit, context);
            } catch (CoreException | RuntimeException | LinkageError e) {
                new Label(group, SWT.WRAP).setText(NLS.bind(org.agilab.ui.internal.Messages.SettingsEditor_sectionFailed, e));
            }
        }
        if (!contributed.replaceGenerated()) {
            List<String> keys = new ArrayList<>();
            if (args != null) {
                args.fields().forEach(field -> keys.add(field.key()));
            } else {
                keys.addAll(current.keySet());
            }
            if (!keys.isEmpty()) {
                Group group = group(body, ViewMessages.Service_submitArgs);
                ((org.eclipse.swt.layout.GridLayout) group.getLayout()).numColumns = 2;
                for (String key : keys) {
                    Label label = new Label(group, SWT.NONE);
                    label.setText(key + ":");
                    Text text = new Text(group, SWT.BORDER);
                    String shown = literal(current.get(key));
                    text.setText(shown);
                    String tip = description(key);
                    label.setToolTipText(tip);
                    text.setToolTipText(tip);
                    GridDataFactory.fillDefaults().grab(true, false).applyTo(text);
                    fields.put(key, text);
                    shownValues.put(key, shown);
                }
            }
        }
        Group more = group(body, ViewMessages.Service_submitOthers);
        others = new Text(more, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL);
        others.setToolTipText(ViewMessages.Service_submitOthersTip);
        GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, 50).applyTo(others);
        Group itemsGroup = group(body, ViewMessages.Service_submitItems);
        itemsField = new Text(itemsGroup, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL);
        itemsField.setToolTipText(ViewMessages.Service_submitItemsTip);
        GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, 50).applyTo(itemsField);
        scroll.setMinSize(body.computeSize(SWT.DEFAULT, SWT.DEFAULT));
    }

    private static Group group(Composite parent, String title) {
        Group group = new Group(parent, SWT.NONE);
        group.setText(title);
        GridLayoutFactory.swtDefaults().applyTo(group);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(group);
        return group;
    }

    /** The app's args as a run would get them now: the settings' values over the args class's defaults. */
    private void readValues() {
        args = AppArgs.load(project, app);
        contributed = ArgsSections.forApp(app);
        if (args != null) {
            current.putAll(args.defaults());
        }
        try {
            AppSettings settings = AppSettings.load(app, IdePreferences.home(project), RunOverrides.none());
            current.putAll(settings.args());
        } catch (RuntimeException unreadable) {
            setErrorMessage(unreadable.getMessage()); // serve submit refuses them too, with the file and line
        }
    }

    private String description(String key) {
        if (args != null) {
            for (ArgsBinder.ArgField field : args.fields()) {
                if (field.key().equals(key) && field.rules() != null && !field.rules().description().isEmpty()) {
                    return key + ": " + field.rules().description();
                }
            }
        }
        return key;
    }

    /** A value as {@code --set} reads it back: a TOML literal for lists, the text for the rest. */
    static String literal(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            List<String> quoted = new ArrayList<>();
            for (Object element : list) {
                quoted.add(element instanceof String s ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : String.valueOf(element));
            }
            return "[" + String.join(", ", quoted) + "]";
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        return String.valueOf(value);
    }

    @Override
    protected void okPressed() {
        Map<String, String> chosen = new LinkedHashMap<>(fromSections);
        fields.forEach((key, text) -> {
            if (!text.getText().equals(shownValues.get(key))) {
                chosen.put(key, text.getText());
            }
        });
        for (String line : others.getText().split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                setErrorMessage(NLS.bind(ViewMessages.Service_submitBadLine, line.strip()));
                return;
            }
            chosen.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
        }
        List<String> paths = new ArrayList<>();
        for (String line : itemsField.getText().split("\\R")) {
            if (!line.isBlank()) {
                paths.add(line.strip());
            }
        }
        values = chosen;
        items = List.copyOf(paths);
        super.okPressed();
    }

    @Override
    public boolean close() {
        if (toolkit != null) {
            toolkit.dispose();
        }
        if (args != null) {
            args.close();
        }
        return super.close();
    }

    /** The task's {@code --set} values: those changed in the form, those the sections wrote, the other lines. */
    public Map<String, String> values() {
        return values;
    }

    /** The plan's items the task runs (empty: all of them). */
    public List<String> items() {
        return items;
    }

    /** What a contributed section sees: the app's values and those of this task; its writes set the task's values. */
    private final class TaskContext implements ArgsSectionContext {

        @Override
        public String app() {
            return app.name();
        }

        @Override
        public Path appFolder() {
            return app.folder();
        }

        @Override
        public Object value(String key) {
            return current.get(key);
        }

        @Override
        public String write(String key, Object value, Control control) {
            if (args != null) {
                for (ArgsBinder.ArgField field : args.fields()) {
                    String problem = field.key().equals(key) ? ArgsBinder.problem(field, value) : null;
                    if (problem != null) {
                        setErrorMessage(key + ": " + problem);
                        return problem;
                    }
                }
            }
            setErrorMessage(null);
            current.put(key, value);
            fromSections.put(key, literal(value));
            Text field = fields.get(key);
            if (field != null) {
                // the generated field shows it too, and does not set it again
                field.setText(literal(value));
                shownValues.put(key, field.getText());
            }
            return null;
        }
    }
}
