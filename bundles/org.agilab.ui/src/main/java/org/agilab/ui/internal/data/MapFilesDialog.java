package org.agilab.ui.internal.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * Which of a dataset's files the map draws (upstream {@code view_maps}' dataset selection: one file, several, or those
 * a regular expression matches): a checked list of the files, named from their common folder, and a pattern that
 * checks the names it finds as it is typed.
 */
public final class MapFilesDialog extends TitleAreaDialog {

    private final List<Path> files;
    private final List<String> names;
    private final Set<Path> initial;
    private Table table;
    private Text pattern;
    private Set<Path> chosen;

    /** {@code selected}: the files drawn now, null for all. */
    public MapFilesDialog(Shell shell, List<Path> files, Set<Path> selected) {
        super(shell);
        this.files = List.copyOf(files);
        this.names = names(files);
        this.initial = selected == null ? Set.copyOf(files) : Set.copyOf(selected);
    }

    /** The files as the list names them: relative to their common folder. */
    static List<String> names(List<Path> files) {
        Path common = files.isEmpty() ? null : files.get(0).getParent();
        for (Path file : files) {
            while (common != null && !file.startsWith(common)) {
                common = common.getParent();
            }
        }
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            names.add(common == null ? file.toString() : common.relativize(file).toString());
        }
        return names;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(MapMessages.filesTitle);
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle(MapMessages.filesTitle);
        setMessage(MapMessages.filesMessage);
        Composite body = new Composite(area, SWT.NONE);
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        body.setLayout(new GridLayout(3, false));
        new Label(body, SWT.NONE).setText(MapMessages.filesPattern);
        pattern = new Text(body, SWT.BORDER | SWT.SEARCH);
        pattern.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        pattern.setMessage(MapMessages.filesPatternHint);
        pattern.addModifyListener(event -> checkMatching());
        table = new Table(body, SWT.CHECK | SWT.BORDER | SWT.V_SCROLL | SWT.MULTI);
        GridData list = new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1);
        list.heightHint = 260;
        list.widthHint = 420;
        table.setLayoutData(list);
        for (int i = 0; i < files.size(); i++) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(names.get(i));
            item.setChecked(initial.contains(files.get(i)));
        }
        table.addListener(SWT.Selection, event -> {
            if (event.detail == SWT.CHECK) {
                validate();
            }
        });
        Button all = new Button(body, SWT.PUSH);
        all.setText(MapMessages.filesAll);
        all.addListener(SWT.Selection, event -> checkAll(true));
        Button none = new Button(body, SWT.PUSH);
        none.setText(MapMessages.filesNone);
        none.addListener(SWT.Selection, event -> checkAll(false));
        return area;
    }

    private void checkAll(boolean checked) {
        for (TableItem item : table.getItems()) {
            item.setChecked(checked);
        }
        validate();
    }

    /** Checks exactly the files whose name the pattern finds; a pattern that is not valid says why and checks nothing. */
    private void checkMatching() {
        String text = pattern.getText();
        if (text.isEmpty()) {
            validate();
            return;
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            setErrorMessage(NLS.bind(MapMessages.filesBadPattern, e.getDescription(), e.getIndex()));
            getButton(IDialogConstants.OK_ID).setEnabled(false);
            return;
        }
        for (int i = 0; i < names.size(); i++) {
            table.getItem(i).setChecked(compiled.matcher(names.get(i)).find());
        }
        validate();
    }

    private void validate() {
        int checked = 0;
        for (TableItem item : table.getItems()) {
            checked += item.getChecked() ? 1 : 0;
        }
        setErrorMessage(checked == 0 ? MapMessages.filesNoneChecked : null);
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(checked > 0);
        }
    }

    @Override
    protected void okPressed() {
        Set<Path> checked = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            if (table.getItem(i).getChecked()) {
                checked.add(files.get(i));
            }
        }
        chosen = checked.size() == files.size() ? null : checked;
        super.okPressed();
    }

    /** After OK: the files checked, null when all are. */
    public Set<Path> chosen() {
        return chosen;
    }

    // for tests: the dialog's controls
    public Table table() {
        return table;
    }

    public Text pattern() {
        return pattern;
    }
}
