package org.agilab.core.internal.headless;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.agilab.core.launch.ManagerLauncher;
import org.agilab.core.launch.ManagerProcess;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.protocol.EventSink;
import org.agilab.runtime.protocol.FinalEventSink;
import org.agilab.runtime.protocol.HumanSink;
import org.agilab.runtime.request.ManagerRequest;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/**
 * {@code -application org.agilab.core.headless <command> [options]}: the same operations as {@code ./agilab}, for CI
 * and scripts that run Eclipse products. It starts a manager JVM exactly as the IDE does, renders its events for a
 * terminal (or prints the final event with {@code --json}), forwards Ctrl-C as a cancel message, and exits with the
 * manager's exit code.
 */
public final class HeadlessApplication implements IApplication {

    private volatile ManagerProcess manager;

    @Override
    public Object start(IApplicationContext context) throws Exception {
        String[] raw = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
        List<String> args = Arrays.asList(raw);
        // read as the manager reads them, even from a command line it will refuse
        java.util.Set<ManagerRequest.Flag> flags = ManagerRequest.flagsIn(args);
        boolean json = flags.contains(ManagerRequest.Flag.JSON);
        boolean verbose = flags.contains(ManagerRequest.Flag.VERBOSE);
        EventSink sink = json ? new FinalEventSink(System.out) : new HumanSink(System.out, System.err, verbose);
        Thread interrupt = new Thread(() -> {
            ManagerProcess running = manager;
            if (running != null && running.isAlive()) {
                running.cancel();
            }
        }, "agilab-headless-interrupt");
        Runtime.getRuntime().addShutdownHook(interrupt);
        context.applicationRunning();
        try {
            manager = ManagerLauncher.withCurrentJava().start(args, Map.of(), Path.of("").toAbsolutePath(),
                    new ManagerProcess.Listener() {
                        @Override
                        public void event(EventEnvelope event) {
                            sink.accept(event);
                        }

                        @Override
                        public void output(String line) {
                            System.err.println(line);
                        }
                    });
            return manager.waitFor();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it has sent the cancel
            }
        }
    }

    @Override
    public void stop() {
        ManagerProcess running = manager;
        if (running != null && running.isAlive()) {
            running.cancel();
        }
    }
}
