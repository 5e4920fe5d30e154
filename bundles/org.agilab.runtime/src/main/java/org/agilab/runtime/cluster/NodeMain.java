package org.agilab.runtime.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.ignite.Ignition;

/**
 * A worker node: an Ignite server JVM with the staged worker on its classpath. Started by the manager; writes its
 * ready file once it has joined, then serves chunk jobs until it is stopped (SIGTERM runs Ignite's shutdown).
 * Arguments: name, discovery port, communication port, work folder, ready file.
 */
public final class NodeMain {

    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        IgniteSetup.PortBlock ports = new IgniteSetup.PortBlock(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        Path work = Path.of(args[3]);
        Path ready = Path.of(args[4]);
        Files.createDirectories(work);
        Ignition.start(IgniteSetup.configuration(name, false, ports, work));
        Files.writeString(ready, Long.toString(ProcessHandle.current().pid()));
        Thread.currentThread().join();
    }
}
