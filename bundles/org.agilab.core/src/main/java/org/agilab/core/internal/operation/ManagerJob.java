package org.agilab.core.internal.operation;

import java.io.IOException;

import org.agilab.core.launch.ManagerLauncher;
import org.agilab.core.launch.ManagerProcess;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

/**
 * One manager command (install, distribute, run, benchmark) in a Job of the {@link #FAMILY}: the manager JVM runs it,
 * its phases become the Job's progress (at most one update per {@link #PROGRESS_INTERVAL_MS}), cancelling the Job (the
 * Progress view's stop, a launch's Terminate) sends the manager a cancel, and its outcome is the Job's status with the
 * runtime's classified error.
 */
public final class ManagerJob extends Job {

    /** Every AGILab Job belongs to it: {@code Job.getJobManager().find(FAMILY)}, cancel all, join all. */
    public static final Object FAMILY = ManagerJob.class.getName();
    static final long PROGRESS_INTERVAL_MS = 200;
    /** How long a cancelled manager has to end by itself before it is killed. */
    static final long CANCEL_GRACE_MS = 15_000;

    private final ManagerOperation operation;
    private final ManagerProcess.Listener listener;
    /** Options for the manager's JVM beyond Ignite's (a debug launch's JDWP agent). */
    private final java.util.List<String> jvmOptions;
    private volatile ManagerProcess process;
    private volatile int exitCode = -1;
    private volatile Event outcome;

    /**
     * @param listener also receives every event and output line (a launch's console)
     */
    public ManagerJob(ManagerOperation operation, ManagerProcess.Listener listener) {
        this(operation, listener, java.util.List.of());
    }

    /** @param jvmOptions added to the manager JVM's options (a debug launch's JDWP agent) */
    public ManagerJob(ManagerOperation operation, ManagerProcess.Listener listener, java.util.List<String> jvmOptions) {
        super(operation.label());
        this.operation = operation;
        this.listener = listener;
        this.jvmOptions = java.util.List.copyOf(jvmOptions);
        setUser(false);
    }

    @Override
    public boolean belongsTo(Object family) {
        return FAMILY.equals(family);
    }

    /** The manager's exit code once the Job is done, -1 before. */
    public int exitCode() {
        return exitCode;
    }

    /** The manager's last result or error event, or null. */
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
        monitor.beginTask(operation.label(), IProgressMonitor.UNKNOWN);
        long[] lastUpdate = {0};
        try {
            java.util.List<String> options = new java.util.ArrayList<>(org.agilab.runtime.cluster.ClusterJvm.options());
            options.addAll(jvmOptions);
            ManagerLauncher launcher = new ManagerLauncher(operation.java() == null
                    ? org.agilab.runtime.launch.ManagerClasspath.currentJava() : operation.java(), options);
            RunEvents.started(this);
            process = launcher.start(operation.arguments(), operation.environment(), operation.workingDirectory(),
                    new ManagerProcess.Listener() {
                        @Override
                        public void event(EventEnvelope envelope) {
                            Event event = envelope.event();
                            if (event.isFinal()) {
                                outcome = event;
                            } else if (event instanceof Event.Phase phase && phase.state() == Event.PhaseState.STARTED) {
                                long now = System.currentTimeMillis();
                                if (now - lastUpdate[0] >= PROGRESS_INTERVAL_MS) {
                                    lastUpdate[0] = now;
                                    monitor.subTask(phase.name());
                                }
                            }
                            listener.event(envelope);
                            RunEvents.event(ManagerJob.this, envelope);
                        }

                        @Override
                        public void output(String line) {
                            listener.output(line);
                        }
                    });
            handOverSecrets(process);
            if (monitor.isCanceled()) {
                process.cancel();
            }
            exitCode = awaitEnd(process, monitor);
            return status();
        } catch (IOException e) {
            return Status.error(org.eclipse.osgi.util.NLS.bind(org.agilab.core.internal.CoreMessages.Launch_cannotStart, e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            return Status.CANCEL_STATUS;
        } finally {
            monitor.done();
            RunEvents.ended(this);
        }
    }

    /**
     * Waits for a manager to end, sending it a cancel when the monitor is cancelled and killing it when it has not ended
     * {@link #CANCEL_GRACE_MS} later; its exit code.
     */
    static int awaitEnd(ManagerProcess process, IProgressMonitor monitor) throws InterruptedException {
        long cancelledAt = 0;
        while (process.isAlive()) {
            if (monitor.isCanceled() && cancelledAt == 0) {
                process.cancel();
                cancelledAt = System.currentTimeMillis();
            }
            if (cancelledAt != 0 && System.currentTimeMillis() - cancelledAt > CANCEL_GRACE_MS) {
                process.destroy(); // it did not end after its cancel: never a manager left behind
            }
            Thread.sleep(50);
        }
        return process.waitFor();
    }

    public ManagerOperation operation() {
        return operation;
    }

    /**
     * The SSH secrets of the run's hosts (and those for every host), from Secure Storage to the manager's stdin: the
     * only way a secret leaves the store.
     */
    private void handOverSecrets(ManagerProcess manager) {
        org.agilab.core.internal.preferences.SecretStore store = org.agilab.core.internal.preferences.SecretStores.current();
        if (store == null) {
            return;
        }
        try {
            for (org.agilab.core.internal.preferences.SecretStore.HostSecret secret : store.all()) {
                if ("*".equals(secret.host()) || operation.workerHosts().contains(secret.host())) {
                    manager.sendCredentials("*".equals(secret.host()) ? null : secret.host(), secret.user(), secret.password(),
                            secret.passphrase());
                }
            }
        } catch (org.agilab.core.internal.preferences.SecretStore.SecretsUnavailableException | RuntimeException | LinkageError e) {
            // the run goes on without them (hosts that need them say so); the manager is never left without its reader
            listener.output(org.eclipse.osgi.util.NLS.bind(org.agilab.core.internal.CoreMessages.Launch_noSecrets, e.getMessage()));
        }
    }

    private IStatus status() {
        return statusOf(exitCode, outcome);
    }

    /** A manager's end as a Job's status: OK, cancelled, a warning for the user's own failures, an error for internal ones. */
    static IStatus statusOf(int exitCode, Event outcome) {
        if (exitCode == 0) {
            return Status.OK_STATUS;
        }
        if (exitCode == FailureClass.CANCELLED.exitCode()) {
            return Status.CANCEL_STATUS;
        }
        Event error = outcome;
        String message = error instanceof Event.Failure failure ? failure.text()
                : org.eclipse.osgi.util.NLS.bind(org.agilab.core.internal.CoreMessages.Launch_exitCode, exitCode);
        // an expected failure (settings, data, cluster...) is the user's to fix: a warning in the Job, not an internal error
        return new Status(exitCode == FailureClass.INTERNAL.exitCode() ? IStatus.ERROR : IStatus.WARNING, "org.agilab.core", exitCode,
                message, null);
    }
}
