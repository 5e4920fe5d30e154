package org.agilab.core.internal.operation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.core.internal.preferences.IdeSetting;
import org.agilab.core.launch.ManagerLauncher;
import org.agilab.core.launch.ManagerProcess;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

/**
 * {@code agilab workflow run --lab FILE (--all | --ready | --stage ID)} in a manager JVM, as a Job of
 * {@link ManagerJob#FAMILY}: each stage's typed {@link Event.Stage} (running, then its status) goes to the listener and
 * counts as the Job's progress; cancelling the Job sends the manager a cancel (its running stages are stopped). The
 * home and the manager's Java are the AGILab preferences' (the lab's project's, else the workspace's).
 */
public final class WorkflowJob extends Job {

    /** Which stages to run. */
    public enum Selection {
        ALL, READY, STAGE
    }

    /** Told of each stage event and of each line the manager prints outside the protocol; called on reader threads. */
    public interface Listener {
        void stage(Event.Stage stage);

        default void output(String line) {
        }
    }

    private final Path labFile;
    private final Selection selection;
    private final String stageId;
    private final int stageCount;
    private final IProject project;
    private final Listener listener;
    private volatile ManagerProcess process;
    private volatile int exitCode = -1;
    private volatile Event outcome;

    /**
     * @param stageId the stage {@link Selection#STAGE} runs, else null
     * @param stageCount the lab's stages (the Job's amount of work)
     * @param project the project that holds the lab (its preferences), or null
     */
    public WorkflowJob(Path labFile, Selection selection, String stageId, int stageCount, IProject project, Listener listener) {
        super(label(labFile, selection, stageId));
        this.labFile = labFile;
        this.selection = selection;
        this.stageId = stageId;
        this.stageCount = stageCount;
        this.project = project;
        this.listener = listener;
        setUser(true);
    }

    private static String label(Path labFile, Selection selection, String stageId) {
        String lab = labFile.toAbsolutePath().getParent().getFileName().toString();
        return switch (selection) {
            case ALL -> "AGILab workflow " + lab + ": run all";
            case READY -> "AGILab workflow " + lab + ": run ready stages";
            case STAGE -> "AGILab workflow " + lab + ": run " + stageId;
        };
    }

    @Override
    public boolean belongsTo(Object family) {
        return ManagerJob.FAMILY.equals(family);
    }

    /** The manager's command line (it adds {@code --protocol}). */
    public List<String> arguments() {
        List<String> arguments = new ArrayList<>(List.of("workflow", "run", "--lab", labFile.toAbsolutePath().toString()));
        switch (selection) {
            case ALL -> arguments.add("--all");
            case READY -> arguments.add("--ready");
            case STAGE -> arguments.addAll(List.of("--stage", stageId));
        }
        return arguments;
    }

    /** The manager's exit code once the Job is done, -1 before. */
    public int exitCode() {
        return exitCode;
    }

    /** The manager's final result or error event, or null. */
    public Event outcome() {
        return outcome;
    }

    @Override
    protected void canceling() {
        ManagerProcess running = process;
        if (running != null) {
            running.cancel();
        }
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(getName(), Math.max(1, selection == Selection.STAGE ? 1 : stageCount));
        Map<IdeSetting, IdePreferences.Value> preferences = IdePreferences.resolve(project);
        Map<String, String> environment = new LinkedHashMap<>();
        if (preferences.get(IdeSetting.HOME).isSet()) {
            environment.put(IdeSetting.HOME.environmentVariable(), preferences.get(IdeSetting.HOME).value());
        }
        IdePreferences.Value java = preferences.get(IdeSetting.MANAGER_JAVA);
        ManagerLauncher launcher = java.isSet() ? new ManagerLauncher(Path.of(java.value()), org.agilab.runtime.cluster.ClusterJvm.options())
                : ManagerLauncher.withCurrentJava();
        try {
            process = launcher.start(arguments(), environment, labFile.toAbsolutePath().getParent(), new ManagerProcess.Listener() {
                @Override
                public void event(EventEnvelope envelope) {
                    Event event = envelope.event();
                    if (event.isFinal()) {
                        outcome = event;
                    } else if (event instanceof Event.Stage stage) {
                        if ("running".equals(stage.status())) {
                            monitor.subTask(stage.stage());
                        } else if (stage.isOver()) {
                            monitor.worked(1);
                        }
                        listener.stage(stage);
                    }
                }

                @Override
                public void output(String line) {
                    listener.output(line);
                }
            });
            if (monitor.isCanceled()) {
                process.cancel();
            }
            exitCode = ManagerJob.awaitEnd(process, monitor);
            return ManagerJob.statusOf(exitCode, outcome);
        } catch (IOException e) {
            return Status.error(org.eclipse.osgi.util.NLS.bind(org.agilab.core.internal.CoreMessages.Launch_cannotStart, e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroy();
            }
            return Status.CANCEL_STATUS;
        } finally {
            monitor.done();
        }
    }
}
