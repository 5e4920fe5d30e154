package org.agilab.ui.internal.launch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.core.internal.launch.LaunchAttributes;
import org.agilab.core.internal.project.AgilabNature;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/**
 * The AGILab tab: the app project, the mode as checkboxes with the letters they make, the workers, and {@code --set}
 * overrides with what each replaces (the value and the file and line it comes from in the app's settings).
 */
public final class AgilabTab extends AbstractLaunchConfigurationTab {

    /** Mode letters in their canonical order, with the checkbox that sets each. */
    static final String LETTERS = "dcpr";

    private Combo project;
    private final Map<Character, Button> modes = new LinkedHashMap<>();
    private Button appMode;
    private Label letters;
    private Text workers;
    private Text overrides;
    private Text provenance;
    private Text applied;
    private Map<String, String> environment = Map.of();
    private boolean appliedPending;
    private final OverrideProvenance provenances = new OverrideProvenance();

    @Override
    public void createControl(Composite parent) {
        Composite root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(2, false));
        setControl(root);
        new Label(root, SWT.NONE).setText(Messages.AgilabTab_project);
        project = new Combo(root, SWT.DROP_DOWN | SWT.READ_ONLY);
        project.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        for (IProject candidate : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
            if (AgilabNature.has(candidate)) {
                project.add(candidate.getName());
            }
        }
        project.addModifyListener(event -> changed());

        // the mode: the app's (its boxes show it, greyed) unless this launch sets its own; two rows, so that the
        // settings list below is in view without scrolling
        Group mode = new Group(root, SWT.NONE);
        mode.setText(Messages.AgilabTab_mode);
        mode.setLayout(new GridLayout(2, true));
        mode.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        appMode = new Button(mode, SWT.CHECK);
        appMode.setText(Messages.AgilabTab_appMode);
        appMode.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        appMode.addListener(SWT.Selection, event -> {
            if (!appMode.getSelection() && modeLetters().isEmpty()) {
                showAppMode(); // start from the app's mode, then change what differs
            }
            changed();
        });
        addMode(mode, 'p', Messages.AgilabTab_pool);
        addMode(mode, 'c', Messages.AgilabTab_compiled);
        addMode(mode, 'd', Messages.AgilabTab_cluster);
        addMode(mode, 'r', Messages.AgilabTab_gpu);
        letters = new Label(mode, SWT.NONE);
        letters.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        Label workersLabel = new Label(root, SWT.WRAP);
        workersLabel.setText(Messages.AgilabTab_workers);
        workers = new Text(root, SWT.BORDER | SWT.SINGLE);
        workers.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        workers.addModifyListener(event -> changed());

        Label overridesLabel = new Label(root, SWT.WRAP);
        overridesLabel.setText(Messages.AgilabTab_overrides);
        overridesLabel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        // the overrides and what each replaces, side by side
        Composite overridesRow = new Composite(root, SWT.NONE);
        GridLayout rowLayout = new GridLayout(2, true);
        rowLayout.marginWidth = 0;
        rowLayout.marginHeight = 0;
        overridesRow.setLayout(rowLayout);
        overridesRow.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1));
        overrides = new Text(overridesRow, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL);
        GridData overridesData = new GridData(SWT.FILL, SWT.FILL, true, true);
        overridesData.heightHint = 60;
        overridesData.widthHint = 200;
        overrides.setLayoutData(overridesData);
        overrides.addModifyListener(event -> changed());
        provenance = new Text(overridesRow, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.WRAP);
        GridData provenanceData = new GridData(SWT.FILL, SWT.FILL, true, true);
        provenanceData.heightHint = 60;
        provenanceData.widthHint = 200;
        provenance.setLayoutData(provenanceData);
        provenance.setMessage(Messages.AgilabTab_provenance);
        provenance.setToolTipText(Messages.AgilabTab_provenance);

        Label appliedLabel = new Label(root, SWT.NONE);
        appliedLabel.setText(Messages.AgilabTab_applied);
        appliedLabel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        applied = new Text(root, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL);
        GridData appliedData = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        appliedData.heightHint = 110;
        applied.setLayoutData(appliedData);
        org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(root, "org.agilab.ui.launch_tab");
    }

    /**
     * Which value each IDE setting has for this launch and where it comes from (this launch, the app's settings, the
     * project's properties, the workspace preferences), shown 300 ms after the last change: it reads the app's settings.
     */
    private void showAppliedSoon() {
        if (appliedPending) {
            return;
        }
        appliedPending = true;
        applied.getDisplay().timerExec(300, () -> {
            appliedPending = false;
            if (!applied.isDisposed()) {
                applied.setText(describeApplied());
            }
        });
    }

    String describeApplied() {
        IProject chosen = projectByName();
        if (chosen == null || !chosen.exists() || chosen.getLocation() == null) {
            return "";
        }
        java.nio.file.Path folder = chosen.getLocation().toFile().toPath();
        org.agilab.core.internal.operation.ManagerOperation launch = new org.agilab.core.internal.operation.ManagerOperation("run", folder,
                modeLetters(), workers.getText().strip(), parseOverrides(overrides.getText(), new ArrayList<>()), environment, folder);
        StringBuilder text = new StringBuilder();
        for (org.agilab.core.internal.preferences.LaunchDefaults.Applied value : org.agilab.core.internal.preferences.LaunchDefaults
                .apply(chosen, launch).applied()) {
            text.append(value.setting().key()).append(" = ").append(value.value() == null ? "" : value.value()).append("  (")
                    .append(value.source().label()).append(")\n");
        }
        return text.toString().stripTrailing();
    }

    private void addMode(Composite parent, char letter, String label) {
        Button box = new Button(parent, SWT.CHECK);
        box.setText(label);
        box.addListener(SWT.Selection, event -> changed());
        modes.put(letter, box);
    }

    /** Ticks the boxes as the app's settings set the mode (what a launch without a mode of its own runs). */
    private void showAppMode() {
        org.agilab.api.ExecutionMode app = provenances.appMode(projectByName());
        int[] bits = {org.agilab.api.ExecutionMode.POOL, org.agilab.api.ExecutionMode.COMPILED, org.agilab.api.ExecutionMode.CLUSTER,
                org.agilab.api.ExecutionMode.GPU};
        char[] boxes = {'p', 'c', 'd', 'r'};
        for (int i = 0; i < boxes.length; i++) {
            modes.get(boxes[i]).setSelection(app != null && app.has(bits[i]));
        }
    }

    private void changed() {
        boolean fromApp = appMode.getSelection();
        modes.values().forEach(box -> box.setEnabled(!fromApp));
        if (fromApp) {
            showAppMode();
        }
        String mode = modeLetters();
        String source = provenances.appModeSource(projectByName());
        letters.setText(fromApp ? NLS.bind(Messages.AgilabTab_lettersFromApp, boxLetters(), source.isEmpty() ? "?" : source)
                : NLS.bind(Messages.AgilabTab_letters, mode.isEmpty() ? Messages.AgilabTab_fromSettings : mode));
        letters.getParent().layout();
        provenance.setText(provenances.describe(projectByName(), parseOverrides(overrides.getText(), new ArrayList<>())));
        showAppliedSoon();
        setDirty(true);
        updateLaunchConfigurationDialog();
    }

    /** The launch's own mode: the checked letters, or empty when it takes the app's. */
    String modeLetters() {
        return appMode.getSelection() ? "" : boxLetters();
    }

    /** The checked letters in upstream's order: {@code dcpr} filtered, e.g. {@code dcp}. */
    private String boxLetters() {
        StringBuilder text = new StringBuilder();
        for (char letter : LETTERS.toCharArray()) {
            if (modes.get(letter).getSelection()) {
                text.append(letter);
            }
        }
        return text.toString();
    }

    private IProject projectByName() {
        String name = project.getText();
        return name.isBlank() ? null : ResourcesPlugin.getWorkspace().getRoot().getProject(name);
    }

    /** {@code key = value} lines to a map; the numbers of the lines that are not, into {@code bad}. */
    static Map<String, String> parseOverrides(String text, List<Integer> bad) {
        Map<String, String> result = new LinkedHashMap<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                bad.add(i + 1);
                continue;
            }
            result.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
        }
        return result;
    }

    @Override
    public boolean isValid(ILaunchConfiguration configuration) {
        setErrorMessage(null);
        IProject chosen = projectByName();
        if (chosen == null || !AgilabNature.has(chosen)) {
            setErrorMessage(Messages.AgilabTab_noProject);
            return false;
        }
        List<Integer> bad = new ArrayList<>();
        parseOverrides(overrides.getText(), bad);
        if (!bad.isEmpty()) {
            setErrorMessage(NLS.bind(Messages.AgilabTab_badOverride, bad.get(0)));
            return false;
        }
        String hosts = workers.getText().strip();
        if (!hosts.isEmpty() && !hosts.matches("[^,:\\s]+:\\d+(,[^,:\\s]+:\\d+)*")) {
            setErrorMessage(NLS.bind(Messages.AgilabTab_badWorkers, hosts));
            return false;
        }
        return true;
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy configuration) {
        IResource selected = org.eclipse.debug.ui.DebugUITools.getSelectedResource();
        String name = selected != null && AgilabNature.has(selected.getProject()) ? selected.getProject().getName() : "";
        new LaunchAttributes(name, "", "", Map.of()).write(configuration);
    }

    @Override
    public void initializeFrom(ILaunchConfiguration configuration) {
        try {
            LaunchAttributes attributes = LaunchAttributes.read(configuration);
            environment = configuration.getAttribute(org.eclipse.debug.core.ILaunchManager.ATTR_ENVIRONMENT_VARIABLES, Map.of());
            provenances.forget(); // the app's settings may have changed since the tab last showed them
            if (project.indexOf(attributes.project()) < 0 && !attributes.project().isBlank()) {
                project.add(attributes.project());
            }
            project.setText(attributes.project());
            appMode.setSelection(attributes.mode().isBlank());
            for (Map.Entry<Character, Button> box : modes.entrySet()) {
                box.getValue().setSelection(attributes.mode().indexOf(box.getKey()) >= 0);
            }
            workers.setText(attributes.workers());
            StringBuilder text = new StringBuilder();
            attributes.overrides().forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
            overrides.setText(text.toString());
            changed();
            setDirty(false);
        } catch (CoreException e) {
            setErrorMessage(e.getStatus().getMessage());
        }
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy configuration) {
        new LaunchAttributes(project.getText(), modeLetters(), workers.getText().strip(),
                parseOverrides(overrides.getText(), new ArrayList<>())).write(configuration);
    }

    @Override
    public String getName() {
        return Messages.AgilabTab_name;
    }

    @Override
    public org.eclipse.swt.graphics.Image getImage() {
        return null;
    }
}
