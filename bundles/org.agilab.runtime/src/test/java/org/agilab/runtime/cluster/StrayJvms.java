package org.agilab.runtime.cluster;

import java.nio.file.Path;
import java.util.List;

import org.agilab.runtime.process.Detached;

/**
 * The JVMs a test left behind: nodes and coordinators run detached (their parent is not the test JVM), so they are
 * found by their command line, which names the test's own folder.
 */
public final class StrayJvms {

    private StrayJvms() {
    }

    /** Kills every process whose command line names {@code folder}, and says which there were. */
    public static List<String> killUnder(Path folder) {
        String marker = folder.toAbsolutePath().toString();
        List<ProcessHandle> strays = ProcessHandle.allProcesses()
                .filter(process -> process.pid() != ProcessHandle.current().pid())
                .filter(process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false)).toList();
        List<String> described = strays.stream().map(process -> process.pid() + " " + process.info().commandLine().orElse("?")
                .replaceAll("^(.{200}).*", "$1...")).toList();
        Detached.stop(strays, 10_000);
        return described;
    }
}
