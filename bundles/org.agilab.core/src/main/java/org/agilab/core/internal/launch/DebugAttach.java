package org.agilab.core.internal.launch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.agilab.core.internal.CoreMessages;
import org.agilab.core.launch.ManagerProcess;
import org.agilab.runtime.protocol.EventEnvelope;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.sourcelookup.AbstractSourceLookupDirector;
import org.eclipse.debug.core.sourcelookup.ISourceContainer;
import org.eclipse.debug.core.sourcelookup.ISourceLookupParticipant;
import org.eclipse.jdt.core.IJavaProject;
import org.eclipse.jdt.core.JavaCore;
import org.eclipse.jdt.debug.core.JDIDebugModel;
import org.eclipse.jdt.launching.sourcelookup.containers.JavaProjectSourceContainer;
import org.eclipse.jdt.launching.sourcelookup.containers.JavaSourceLookupParticipant;
import org.eclipse.osgi.util.NLS;

import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;

/**
 * Debug As > AGILab Run, and Debug Chunk: the JVM doing the work (the manager, where the local modes run the worker;
 * a replayed chunk's JVM) starts suspended with JDWP listening on 127.0.0.1 only, on a free port; once it says it
 * listens (JDWP's own line on its stdout), the JDT debugger attaches, as a Remote Java Application does, with source
 * lookup in the app's project. The debug target belongs to the launch: Terminate and Disconnect are those of any
 * Java launch.
 */
public final class DebugAttach implements ManagerProcess.Listener {

    /** What JDWP prints on the debuggee's stdout once it listens. */
    static final String LISTENING = "Listening for transport dt_socket at address:";

    private final ILaunch launch;
    private final IProcess process;
    private final ManagerProcess.Listener delegate;
    private final int port;
    private final String label;
    private volatile boolean attaching;

    /**
     * @param delegate the launch's process, which still gets every event and line
     * @param port where the work's JVM listens ({@link #freePort}): the manager's own JVM, which says so in JDWP's line
     *            on its stdout; or a JVM the manager starts (a replayed chunk), which a {@code debuggee} event announces
     */
    public DebugAttach(ILaunch launch, IProcess process, ManagerProcess.Listener delegate, int port, String label) {
        this.launch = launch;
        this.process = process;
        this.delegate = delegate;
        this.port = port;
        this.label = label;
    }

    /** The JVM option that makes the work's JVM wait, suspended, for a debugger on 127.0.0.1:{@code port}. */
    public static String jvmOption(int port) {
        // 127.0.0.1 only: JDWP has no authentication, so it must never listen where another machine reaches it
        return "-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:" + port;
    }

    /** A TCP port free on 127.0.0.1 at this moment. */
    public static int freePort() throws CoreException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new CoreException(Status.error(NLS.bind(CoreMessages.Debug_noPort, e.getMessage()), e));
        }
    }

    /** Looks up sources in the app's project (its Java sources, then its classpath: the API container, lib/). */
    public static void lookUpSourcesIn(ILaunch launch, IProject project) {
        IJavaProject javaProject = JavaCore.create(project);
        AbstractSourceLookupDirector director = new AbstractSourceLookupDirector() {
            @Override
            public void initializeParticipants() {
                addParticipants(new ISourceLookupParticipant[] {new JavaSourceLookupParticipant()});
            }
        };
        director.initializeParticipants();
        director.setSourceContainers(javaProject.exists() ? new ISourceContainer[] {new JavaProjectSourceContainer(javaProject)}
                : new ISourceContainer[0]);
        launch.setSourceLocator(director);
    }

    @Override
    public void event(EventEnvelope envelope) {
        if (envelope.event() instanceof org.agilab.runtime.protocol.Event.Debuggee debuggee && debuggee.port() == port
                && "127.0.0.1".equals(debuggee.host())) {
            startAttaching();
        }
        delegate.event(envelope);
    }

    @Override
    public void output(String line) {
        if (line.startsWith(LISTENING + " " + port) || line.startsWith(LISTENING + " 127.0.0.1:" + port)) {
            startAttaching();
            return;
        }
        delegate.output(line);
    }

    private synchronized void startAttaching() {
        if (attaching) {
            return;
        }
        attaching = true;
        Job attach = Job.create(NLS.bind(CoreMessages.Debug_attaching, label, port), this::attach);
        attach.setSystem(true);
        attach.schedule();
    }

    private IStatus attach(IProgressMonitor monitor) {
        try {
            AttachingConnector socket = org.eclipse.jdi.Bootstrap.virtualMachineManager().attachingConnectors().stream()
                    .filter(connector -> connector.name().equals("com.sun.jdi.SocketAttach")).findFirst()
                    .orElseThrow(() -> new IOException("no JDI socket connector"));
            Map<String, Connector.Argument> arguments = socket.defaultArguments();
            arguments.get("hostname").setValue("127.0.0.1");
            arguments.get("port").setValue(Integer.toString(port));
            VirtualMachine vm = socket.attach(arguments);
            // the target installs the workspace's breakpoints, then resumes the suspended JVM; terminating it ends that JVM
            launch.addDebugTarget(JDIDebugModel.newDebugTarget(launch, vm, NLS.bind(CoreMessages.Debug_target, label, port), process, true,
                    true));
            return Status.OK_STATUS;
        } catch (IOException | com.sun.jdi.connect.IllegalConnectorArgumentsException | RuntimeException e) {
            delegate.output(NLS.bind(CoreMessages.Debug_cannotAttach, port, e.getMessage()));
            return Status.warning(NLS.bind(CoreMessages.Debug_cannotAttach, port, e.getMessage()), e);
        }
    }
}
