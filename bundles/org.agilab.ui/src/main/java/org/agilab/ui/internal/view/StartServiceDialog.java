package org.agilab.ui.internal.view;

import org.agilab.api.ExecutionMode;
import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.settings.AppSettings;
import org.agilab.runtime.settings.RunOverrides;
import org.agilab.ui.internal.TitledFormDialog;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * Start Service: the mode and the workers the service's tasks run with, the app's settings by default (the cluster
 * bit added, as {@code serve start} adds it); a mode that is not one is refused here, naming the letters.
 */
final class StartServiceDialog extends TitledFormDialog {

    private String defaultWorkers;
    private String defaultMode = "d";
    private Text modeField;
    private Text workersField;
    private String mode;
    private String workers;

    /** @param defaultWorkers the IDE's workers preference when the app sets none, else null */
    StartServiceDialog(Shell parent, IProject project, String defaultWorkers) {
        super(parent, ViewMessages.Service_start, NLS.bind(ViewMessages.Service_startTitle, project.getName()), ViewMessages.Service_startMessage,
                ViewMessages.Service_startButton);
        this.defaultWorkers = defaultWorkers == null ? "" : defaultWorkers;
        try {
            AppSettings settings = AppSettings.load(AppProject.at(project.getLocation().toFile().toPath()), IdePreferences.home(project),
                    RunOverrides.none());
            defaultMode = ExecutionMode.of(settings.mode().bits() | ExecutionMode.CLUSTER).letters();
            if (this.defaultWorkers.isBlank()) {
                this.defaultWorkers = settings.workers().entrySet().stream().map(entry -> entry.getKey() + ":" + entry.getValue())
                        .collect(java.util.stream.Collectors.joining(","));
            }
        } catch (RuntimeException unreadable) {
            // the settings' own error comes from serve start, which reads them again
        }
    }

    @Override
    protected void createForm(Composite area) {
        Composite fields = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 10).applyTo(fields);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(fields);
        new Label(fields, SWT.NONE).setText(ViewMessages.Service_mode);
        modeField = new Text(fields, SWT.BORDER);
        modeField.setText(defaultMode);
        modeField.setToolTipText(ViewMessages.Service_modeTip);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(modeField);
        new Label(fields, SWT.NONE).setText(ViewMessages.Service_workers);
        workersField = new Text(fields, SWT.BORDER);
        workersField.setText(defaultWorkers);
        workersField.setToolTipText(ViewMessages.Service_workersTip);
        GridDataFactory.fillDefaults().grab(true, false).hint(320, SWT.DEFAULT).applyTo(workersField);
        modeField.addModifyListener(event -> check());
    }

    private void check() {
        String problem = null;
        try {
            if (!modeField.getText().isBlank()) {
                ExecutionMode.parse(modeField.getText());
            }
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        showProblem(problem);
    }

    @Override
    protected void okPressed() {
        mode = modeField.getText().strip();
        workers = workersField.getText().strip();
        super.okPressed();
    }

    String mode() {
        return mode;
    }

    String workers() {
        return workers;
    }
}
