package org.agilab.runtime.manager;

import java.nio.file.Path;

/** A separate process for tests: takes the lifecycle lock, says so on stdout, and holds it until stdin closes. */
public final class LockHolder {

    public static void main(String[] args) throws Exception {
        try (LifecycleLock lock = LifecycleLock.acquire(Path.of(args[0]), "test-holder")) {
            System.out.println("locked " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the test closes our stdin
            }
        }
    }

    /** Starts a holder in its own JVM on this test's classpath and waits until it has the lock. */
    public static Process start(Path workerEnv) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), workerEnv.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream())).readLine();
        if (line == null || !line.startsWith("locked")) {
            process.destroyForcibly();
            throw new IllegalStateException("the lock holder did not start: " + line);
        }
        return process;
    }
}
