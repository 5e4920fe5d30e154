package org.agilab.runtime.node;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.api.ExecutionMode;
import org.agilab.api.Work;
import org.agilab.runtime.app.ArgsBinder;
import org.agilab.runtime.app.LoadedApp;
import org.agilab.runtime.app.SharePaths;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.exec.LocalRunner;
import org.agilab.runtime.exec.OutputClaims;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.Events;
import org.agilab.runtime.protocol.JsonLinesSink;
import org.agilab.runtime.record.RecordedChunk;

/**
 * The JVM that replays one recorded chunk ({@code agilab replay-chunk}): started on the node's classpath (the staged
 * worker jar, its libraries and the staged runtime), it reads a {@link Spec} as one JSON line on stdin, runs the chunk's
 * works as that chunk's worker, exactly as {@link ChunkJob} runs them on a node but without Ignite, and writes its
 * events as JSON lines on stdout, ending with one result or error. Its own JVM so that a debugger can be attached to it
 * alone (JDWP, started by the caller), and so that the app's classes load as on the node.
 */
public final class ChunkMain {

    /**
     * What the chunk JVM runs.
     *
     * @param argsJson the app's args as the chunk got them (a JSON object, read as {@link ChunkJob} reads them), {@code data_out}
     *            moved where the replay writes
     * @param shareRoot the share root that relative paths resolve against
     */
    public record Spec(String app, String workerJar, List<String> appClasspath, String managerClass, String workerClass, String installHash,
            String argsJson, List<Work> works, int mode, int workerId, int workerCount, String host, String shareRoot) {

        /** The spec of {@code chunk}, with its args and works as given (the caller moves data_out and fetched inputs). */
        public static Spec of(RecordedChunk chunk, Map<String, Object> args, List<Work> works, Path shareRoot) {
            RecordedChunk.Install install = chunk.install();
            return new Spec(chunk.app(), install.workerJar().toString(), install.appClasspath().stream().map(Path::toString).toList(),
                    install.managerClass(), install.workerClass(), install.hash(), JsonCodec.write(args), works, chunk.mode(), chunk.index(), chunk.count(),
                    chunk.host(), shareRoot.toString());
        }
    }

    private ChunkMain() {
    }

    public static void main(String[] argv) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Events events = new Events(new Redactor());
        events.addSink(new JsonLinesSink(out));
        AgiLog.addSink(events);
        int code;
        try {
            Spec spec = JsonCodec.read(new String(System.in.readAllBytes(), StandardCharsets.UTF_8), Spec.class);
            LocalRunner.Result result = run(spec, events);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("works", result.works());
            data.put("items", result.items());
            data.put("rows", result.rows());
            data.put("durationMs", result.durationMs());
            data.put("kernel", result.kernel());
            events.emit(Event.Result.ok("chunk", data, "chunk " + spec.workerId() + ": " + result.works() + " works, " + result.items()
                    + " items, " + result.rows() + " rows"));
            code = 0;
        } catch (RuntimeException e) {
            AgilabException error = AgilabException.classify(e);
            events.emit(Event.Failure.of("chunk", error));
            code = error.failureClass().exitCode();
        }
        out.flush();
        System.exit(code);
    }

    static LocalRunner.Result run(Spec spec, Events events) {
        Path workerJar = Path.of(spec.workerJar());
        Installer.Result install = new Installer.Result(workerJar.getParent().getParent(), workerJar,
                spec.appClasspath().stream().map(Path::of).toList(), spec.installHash(), false, 0, 0, spec.managerClass(), spec.workerClass(),
                null);
        try (LoadedApp app = LoadedApp.load(spec.app(), install)) {
            Object args = ArgsBinder.fromMap(app.argsType(), JsonCodec.readObject(spec.argsJson()));
            OutputClaims claims = OutputClaims.fresh();
            try {
                return LocalRunner.run(app, args, spec.works(), ExecutionMode.of(spec.mode()), new SharePaths(Path.of(spec.shareRoot())), events,
                        new Cancellation(), spec.workerId(), spec.workerCount(), spec.host(), claims);
            } finally {
                claims.release();
            }
        }
    }
}
