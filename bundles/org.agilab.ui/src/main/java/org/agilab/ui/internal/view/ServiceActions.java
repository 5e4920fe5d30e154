package org.agilab.ui.internal.view;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.agilab.core.internal.launch.OperationLaunches;
import org.agilab.core.internal.operation.ManagerJob;
import org.agilab.core.internal.operation.ManagerOperation;
import org.agilab.core.internal.preferences.LaunchDefaults;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.request.ManagerRequest;
import org.agilab.ui.internal.editor.SubmitTaskDialog;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;

/**
 * The service actions of an app (docs/service.md): Start Service, Stop Service, Submit Task... and Show Service
 * Health, from the Apps view and the AGILab menu. Each runs the manager's {@code serve} command, as Stop Nodes runs
 * {@code nodes stop}: a launch with its console, its Job cancellable in the Progress view; a failure is shown with its
 * class, message and hint once the manager ended, never while the UI waits.
 */
public final class ServiceActions {

    static final String START = "serve start";
    static final String STOP = "serve stop";
    static final String SUBMIT = "serve submit";
    static final String HEALTH = "serve health";

    private ServiceActions() {
    }

    /** Asks for the service's mode and workers (the app's settings by default), then starts it; null when cancelled. */
    public static ManagerJob start(Shell shell, IProject project) {
        ManagerOperation defaults = applied(project, START, null, null, Map.of(), Map.of());
        StartServiceDialog dialog = new StartServiceDialog(shell, project, defaults.workers());
        if (dialog.open() != Window.OK) {
            return null;
        }
        return start(project, dialog.mode(), dialog.workers());
    }

    /** Starts the app's service with {@code mode} and {@code workers} (blank: the app's settings'). */
    public static ManagerJob start(IProject project, String mode, String workers) {
        return launch(applied(project, START, mode, workers, Map.of(), Map.of()), ViewMessages.Service_start, false);
    }

    /** Asks whether to drain or stop at once, then stops the service and the app's nodes; null when cancelled. */
    public static ManagerJob stop(Shell shell, IProject project) {
        MessageDialog ask = new MessageDialog(shell, ViewMessages.Service_stop, null, NLS.bind(ViewMessages.Service_stopQuestion, project.getName()),
                MessageDialog.QUESTION, 0, ViewMessages.Service_drain, ViewMessages.Service_stopNow, IDialogConstants.CANCEL_LABEL);
        int choice = ask.open();
        if (choice != 0 && choice != 1) {
            return null;
        }
        return stop(project, choice == 1);
    }

    /** Drains the service (or stops it at once with {@code now}), then its nodes: no process is left. */
    public static ManagerJob stop(IProject project, boolean now) {
        return launch(applied(project, now ? STOP + " --now" : STOP, null, null, Map.of(), Map.of()), ViewMessages.Service_stop, false);
    }

    /** Opens the app's args form for one task, then queues it; null when cancelled. */
    public static ManagerJob submit(Shell shell, IProject project) {
        SubmitTaskDialog dialog = new SubmitTaskDialog(shell, project);
        if (dialog.open() != Window.OK) {
            return null;
        }
        return submit(project, dialog.values(), dialog.items());
    }

    /** Queues one task with its {@code --set} values and, when given, the plan's items it runs. */
    public static ManagerJob submit(IProject project, Map<String, String> values, List<String> items) {
        String command = SUBMIT;
        Map<ManagerRequest.Value, String> options = Map.of();
        if (!items.isEmpty()) {
            // --items PATH...: the first after the option, the others as the words that follow
            options = Map.of(ManagerRequest.Value.ITEMS, items.get(0));
            command = SUBMIT + " " + String.join(" ", items.subList(1, items.size()));
        }
        return launch(applied(project, command, null, null, values, options), ViewMessages.Service_submit, false);
    }

    /** Checks the service against its health gate and shows the verdict and each crossed threshold. */
    public static ManagerJob health(IProject project) {
        return launch(applied(project, HEALTH, null, null, Map.of(), Map.of()), ViewMessages.Service_health, true);
    }

    /**
     * The operation with the IDE's settings applied as for a launch (the home, the manager's Java, SSH secrets); only
     * start takes a mode, workers and the preferences' {@code --set}s: submit refuses them, and a task's values are its own.
     */
    static ManagerOperation applied(IProject project, String command, String mode, String workers, Map<String, String> values,
            Map<ManagerRequest.Value, String> options) {
        Path folder = project.getLocation().toFile().toPath();
        ManagerOperation asked = new ManagerOperation(command, folder, blankToNull(mode), blankToNull(workers), values, null, folder, null, null, options);
        ManagerOperation applied = LaunchDefaults.apply(project, asked).operation();
        if (command.equals(START)) {
            return applied;
        }
        return new ManagerOperation(command, folder, null, null, values, applied.environment(), folder, applied.java(), applied.workerHosts(),
                options);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static ManagerJob launch(ManagerOperation operation, String title, boolean showVerdict) {
        ManagerJob job = OperationLaunches.start(operation);
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                String report = showVerdict ? verdict(job.outcome()) : job.exitCode() == 0
                        || job.exitCode() == FailureClass.CANCELLED.exitCode() ? null : failure(job.outcome(), job.exitCode());
                if (report != null && PlatformUI.isWorkbenchRunning()) {
                    Display display = PlatformUI.getWorkbench().getDisplay();
                    display.asyncExec(() -> inform(display, title, report, job.exitCode() == 0));
                }
            }
        });
        return job;
    }

    /** A message the user reads when the work is over: a dialog that does not block whoever opened it. */
    private static void inform(Display display, String title, String message, boolean ok) {
        Shell parent = display.getActiveShell();
        if (parent == null && PlatformUI.getWorkbench().getActiveWorkbenchWindow() != null) {
            parent = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        }
        MessageDialog dialog = new MessageDialog(parent, title, null, message, ok ? MessageDialog.INFORMATION : MessageDialog.ERROR, 0,
                IDialogConstants.OK_LABEL);
        dialog.setBlockOnOpen(false);
        dialog.open();
    }

    /** A failed service command's classified error: its class, message and hint. */
    static String failure(Event outcome, int exitCode) {
        if (outcome instanceof Event.Failure failure) {
            return failure.failureClass() + ": " + failure.message() + (failure.hint() == null ? "" : "\n\n" + failure.hint());
        }
        return NLS.bind(ViewMessages.Service_exitCode, exitCode);
    }

    /** The health gate's verdict ({@code serve health}'s data): passed or failed, the service's status, crossed thresholds. */
    static String verdict(Event outcome) {
        Map<String, Object> data = outcome instanceof Event.Result result ? result.data()
                : outcome instanceof Event.Failure failure ? failure.data() : null;
        if (data == null) {
            return outcome instanceof Event.Failure ? failure(outcome, -1) : NLS.bind(ViewMessages.Service_exitCode, -1);
        }
        boolean passed = Boolean.TRUE.equals(data.get("passed"));
        StringBuilder text = new StringBuilder(NLS.bind(passed ? ViewMessages.Service_gatePassed : ViewMessages.Service_gateFailed,
                data.get("status")));
        text.append('\n').append(NLS.bind(ViewMessages.Service_depths, new Object[] {number(data.get("pending")), number(data.get("running")),
                number(data.get("done")), number(data.get("failed"))}));
        if (data.get("crossed") instanceof List<?> crossed && !crossed.isEmpty()) {
            text.append("\n\n").append(ViewMessages.Service_crossed).append('\n')
                    .append(crossed.stream().map(line -> "  " + line).collect(Collectors.joining("\n")));
        }
        if (data.get("workerHealth") instanceof List<?> rows) {
            for (Object row : rows) {
                if (row instanceof Map<?, ?> map && !Boolean.TRUE.equals(map.get("healthy"))) {
                    text.append("\n  ").append(map.get("worker")).append(": ").append(map.get("reason"));
                }
            }
        }
        return text.toString();
    }

    /** A JSON number as an integer when it is one (the codec reads them as doubles). */
    private static Object number(Object value) {
        return value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue()) ? (Object) number.longValue() : value;
    }
}
