package org.agilab.core.internal.launch;

import java.util.HashMap;
import java.util.Map;

import org.agilab.core.internal.console.ConsoleOutput;
import org.agilab.core.internal.console.ConsoleOutputs;
import org.agilab.core.internal.operation.ManagerJob;
import org.agilab.core.launch.ManagerProcess;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.protocol.HumanSink;
import org.agilab.core.internal.CoreMessages;
import org.agilab.runtime.error.FailureClass;
import org.eclipse.osgi.util.NLS;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.IStreamMonitor;
import org.eclipse.debug.core.model.IStreamsProxy;

/**
 * A manager launch in the Debug view: its Console shows the manager's output (what the CLI would print: the app's log,
 * warnings, the summary), per-worker lines prefixed with the worker and host, and errors on the error stream;
 * Terminate cancels the run in the manager (the Job's cancel), which ends it cleanly with exit code 8.
 */
public final class ManagerRunProcess implements IProcess, ManagerProcess.Listener {

    private final ILaunch launch;
    private final String label;
    private final Map<String, String> attributes = new HashMap<>();
    private final TextStreamMonitor output = new TextStreamMonitor();
    private final TextStreamMonitor errors = new TextStreamMonitor();
    private final IStreamsProxy streams = new IStreamsProxy() {
        @Override
        public IStreamMonitor getErrorStreamMonitor() {
            return errors;
        }

        @Override
        public IStreamMonitor getOutputStreamMonitor() {
            return output;
        }

        @Override
        public void write(String input) {
            // a manager takes no typed input: its stdin is the control channel
        }
    };
    private volatile ManagerJob job;
    private volatile boolean terminated;
    /**
     * Where the lines go: stdout in a headless Eclipse (the process streams hold them too), the launch's own console in the
     * IDE (the process then offers no streams, so the platform opens no process console: its first page costs the UI
     * thread 200-300 ms, ours far less; Buildship shows its launches in its own consoles likewise).
     */
    private final ConsoleOutput.Streams console;
    private final boolean ownConsole;

    public ManagerRunProcess(ILaunch launch, String label) {
        this.launch = launch;
        this.label = label;
        ConsoleOutput output = ConsoleOutputs.current();
        this.ownConsole = output.isConsole();
        this.console = output.open(new ConsoleOutput.Source() {
            @Override
            public String label() {
                return label;
            }

            @Override
            public String title() {
                return ManagerRunProcess.this.title();
            }

            @Override
            public Object launch() {
                return launch;
            }

            @Override
            public boolean isTerminated() {
                return terminated;
            }

            @Override
            public void terminate() {
                ManagerRunProcess.this.terminate();
            }
        });
        attributes.put(IProcess.ATTR_PROCESS_TYPE, "org.agilab.manager");
    }

    /** As the Debug UI titles a process console: the configuration's name and its type's. */
    private String title() {
        org.eclipse.debug.core.ILaunchConfiguration configuration = launch.getLaunchConfiguration();
        if (configuration == null) {
            return label;
        }
        try {
            return configuration.getName() + " [" + configuration.getType().getName() + "]";
        } catch (org.eclipse.core.runtime.CoreException e) {
            return configuration.getName();
        }
    }

    /** Runs {@code job} as this process: its end is the process's termination. */
    public void start(ManagerJob managerJob) {
        this.job = managerJob;
        managerJob.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                console.ended(managerJob.exitCode()); // first: a console sees its end before the launch says it terminated
                terminated = true;
                fire(DebugEvent.TERMINATE);
            }
        });
        launch.addProcess(this);
        fire(DebugEvent.CREATE);
        managerJob.schedule();
    }

    private void fire(int kind) {
        DebugPlugin plugin = DebugPlugin.getDefault();
        if (plugin != null) {
            plugin.fireDebugEventSet(new DebugEvent[] {new DebugEvent(this, kind)});
        }
    }

    @Override
    public void event(EventEnvelope envelope) {
        Event event = envelope.event();
        if (event instanceof Event.Failure failure && FailureClass.CANCELLED.id().equals(failure.failureClass())) {
            // the user's own request: information, not a red error
            String line = NLS.bind(CoreMessages.Launch_cancelled, failure.message());
            if (!ownConsole) {
                output.append(line + "\n");
            }
            console.info(line);
            return;
        }
        String line = progressLine(event);
        if (line == null) {
            line = HumanSink.render(event, false);
        }
        if (event instanceof Event.Worker worker
                && (worker.state() == Event.WorkerState.FAILED || worker.state() == Event.WorkerState.CANCELLED)) {
            line = "worker " + worker.worker() + "@" + worker.host() + ": " + Event.wireName(worker.state())
                    + (worker.detail() == null ? "" : " (" + worker.detail() + ")");
        }
        if (line == null) {
            return;
        }
        boolean error = event instanceof Event.Failure || event instanceof Event.Log log && log.level() != null && log.level().isWarning();
        // an item's line names its worker; a worker's own line already does
        String prefix = event instanceof Event.Item item && item.worker() != null ? "[" + item.worker() + "] " : "";
        if (!ownConsole) {
            (error ? errors : output).append(prefix + line + "\n");
        }
        if (event instanceof Event.Failure failure && failure.file() != null) {
            console.error(prefix + line, failure.file(), failure.line());
        } else if (error) {
            console.error(prefix + line);
        } else {
            console.output(prefix + line);
        }
    }

    /** Phases shown as they start, without a person reading prose: the typed phase, node and host events. */
    private static final java.util.Set<String> QUIET_PHASES = java.util.Set.of("lock", "fingerprint", "settings", "args", "dataset");

    /**
     * A console's progress line for an event the terminal shows only with --verbose: a phase as it starts (install,
     * compile, start nodes...), the nodes started or reused, a host's state; null for the others.
     */
    static String progressLine(Event event) {
        boolean progress = event instanceof Event.Phase phase && phase.state() == Event.PhaseState.STARTED && !QUIET_PHASES.contains(phase.name())
                || event instanceof Event.Nodes || event instanceof Event.Host host && host.state() != Event.HostState.FAILED;
        return progress ? HumanSink.render(event, true) : null;
    }

    @Override
    public void output(String line) {
        if (!ownConsole) {
            errors.append(line + "\n"); // outside the protocol: JVM warnings, a crash
        }
        console.error(line);
    }

    @Override
    public String getLabel() {
        return label;
    }

    @Override
    public ILaunch getLaunch() {
        return launch;
    }

    @Override
    public IStreamsProxy getStreamsProxy() {
        return ownConsole ? null : streams;
    }

    @Override
    public void setAttribute(String key, String value) {
        attributes.put(key, value);
    }

    @Override
    public String getAttribute(String key) {
        return attributes.get(key);
    }

    @Override
    public int getExitValue() throws DebugException {
        if (!terminated) {
            throw new DebugException(org.eclipse.core.runtime.Status.error(org.agilab.core.internal.CoreMessages.Launch_stillRunning));
        }
        return job.exitCode();
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    @Override
    public boolean canTerminate() {
        return !terminated;
    }

    @Override
    public boolean isTerminated() {
        return terminated;
    }

    /** Cancels the run: the manager gets a cancel, ends its run cleanly and exits. */
    @Override
    public void terminate() {
        ManagerJob running = job;
        if (running != null && !terminated) {
            running.cancel();
        }
    }

    public ManagerJob job() {
        return job;
    }
}
