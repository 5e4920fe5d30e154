package org.agilab.runtime.workflow;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.agilab.runtime.cluster.ClusterJvm;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.io.DuckDb;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.launch.ManagerClasspath;
import org.agilab.runtime.request.Command;
import org.agilab.runtime.request.ManagerRequest;

/** Runs one stage by its kind, its output in its log. */
final class StageRunner {

    /** What a stage runs with: its folders, its log, its inputs and outputs resolved, the run's options. */
    record Context(Path lab, Path runFolder, Path log, List<Path> inputs, List<Path> outputs, WorkflowRun.Options options,
            Map<String, String> extraEnvironment) {
    }

    /** How it ended: ok, cancelled, or failed with a reason. */
    record Ending(boolean ok, boolean cancelled, String reason) {
        static Ending success() {
            return new Ending(true, false, null);
        }

        static Ending failed(String reason) {
            return new Ending(false, false, reason);
        }

        static Ending cancel() {
            return new Ending(false, true, "cancelled");
        }
    }

    private StageRunner() {
    }

    static Ending run(Stage stage, Context context) {
        try {
            Files.createDirectories(context.log().getParent());
        } catch (IOException e) {
            return Ending.failed("cannot create " + context.log().getParent() + ": " + e.getMessage());
        }
        return switch (stage.kind()) {
            case SHELL -> process(List.of("/bin/sh", "-c", stage.code()), safeEnvironment(context), context);
            case PYTHON -> python(stage, context);
            case JAVA -> java(stage, context);
            case AGILAB -> agilab(stage, context);
            case SQL -> sql(stage, context);
            case UNKNOWN -> Ending.failed("not runnable: R = " + stage.runtime());
        };
    }

    // ------------------------------------------------------------------------------------------------- processes

    private static Map<String, String> safeEnvironment(Context context) {
        Map<String, String> environment = new LinkedHashMap<>(SafeEnvironment.of(context.options().environment(), context.options().redactor()));
        environment.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.putAll(context.extraEnvironment());
        return environment;
    }

    /** Runs a process in the lab folder, its stdout and stderr into the log; a cancel stops it and its children. */
    static Ending process(List<String> command, Map<String, String> environment, Context context) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(context.lab().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(context.log().toFile())).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close(); // no input: a stage that reads stdin sees its end
        } catch (IOException e) {
            return Ending.failed("cannot start " + command.get(0) + ": " + e.getMessage());
        }
        Runnable stop = () -> stop(process);
        context.options().cancellation().onCancel(stop);
        try {
            int code = process.waitFor();
            if (context.options().cancellation().isCancelled()) {
                return Ending.cancel();
            }
            return code == 0 ? Ending.success() : Ending.failed("exit code " + code + " (see its log " + context.log() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            return Ending.cancel();
        }
    }

    /** SIGTERM to the process and its descendants, then SIGKILL to whatever is left after 10 s. */
    private static void stop(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle handle : all) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    private static Ending python(Stage stage, Context context) {
        Path script = context.runFolder().resolve(WorkflowRun.fileName(stage.id()) + ".py");
        AtomicFiles.writeString(script, stage.code().endsWith("\n") ? stage.code() : stage.code() + "\n");
        return process(List.of(context.options().python(), script.toString()), safeEnvironment(context), context);
    }

    /** A JVM with the runtime on its classpath (the manager's own), the JVM options first. */
    private static List<String> jvm(Context context, List<String> options) {
        List<String> command = new ArrayList<>();
        List<String> java = context.options().java();
        if (java != null && !java.isEmpty()) {
            command.add(java.get(0));
            command.addAll(options);
            command.addAll(java.subList(1, java.size()));
        } else {
            command.add(ManagerClasspath.currentJava().toString());
            command.addAll(options);
            command.addAll(List.of("-cp", System.getProperty(ManagerClasspath.CLASSPATH_PROPERTY, System.getProperty("java.class.path"))));
        }
        for (String property : List.of("agilab.apps", "agilab.launcher")) {
            if (System.getProperty(property) != null) {
                int at = command.indexOf("-cp");
                command.add(at < 0 ? 1 : at, "-D" + property + "=" + System.getProperty(property));
            }
        }
        return command;
    }

    private static Ending java(Stage stage, Context context) {
        Path spec = context.runFolder().resolve(WorkflowRun.fileName(stage.id()) + ".java.json");
        JavaStageMain.Spec payload = new JavaStageMain.Spec(context.lab().toString(), stage.id(),
                context.inputs().stream().map(Path::toString).toList(), context.outputs().stream().map(Path::toString).toList(), stage.code());
        AtomicFiles.writeString(spec, JsonCodec.writePretty(payload));
        List<String> command = jvm(context, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
        command.add(JavaStageMain.class.getName());
        command.add(spec.toString());
        return process(command, safeEnvironment(context), context);
    }

    // ------------------------------------------------------------------------------------------------- agilab

    /** The agilab command line of a stage, as the CLI reads it ({@code agilab} or {@code ./agilab} first is optional). */
    static ManagerRequest request(Stage stage) {
        List<String> words = new ArrayList<>(CommandWords.split(stage.code().strip()));
        if (!words.isEmpty() && (words.get(0).equals("agilab") || words.get(0).endsWith("/agilab"))) {
            words.remove(0);
        }
        return ManagerRequest.parse(words);
    }

    /** The app an {@code agilab} stage works on, null for the default app. */
    static String appOf(Stage stage) {
        try {
            return request(stage).app();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Ending agilab(Stage stage, Context context) {
        ManagerRequest request;
        try {
            request = request(stage);
        } catch (AgilabException e) {
            return Ending.failed("its agilab line is not one the CLI reads: " + e.getMessage());
        }
        if (request.command() == Command.WORKFLOW) {
            return Ending.failed("an agilab stage cannot run a workflow");
        }
        if (request.home() == null && context.options().home() != null) {
            request = request.withHome(context.options().home());
        }
        List<String> command = jvm(context, ClusterJvm.options());
        command.add(ManagerClasspath.MAIN_CLASS);
        command.addAll(request.withFlags(java.util.Set.of(ManagerRequest.Flag.VERBOSE), java.util.Set.of(ManagerRequest.Flag.PROTOCOL,
                ManagerRequest.Flag.JSON)).toArgv());
        Map<String, String> environment = new LinkedHashMap<>(context.options().environment());
        environment.putAll(context.extraEnvironment());
        String shown = "$ agilab " + String.join(" ", request.toArgv()) + "\n";
        appendLog(context.log(), context.options().redactor() == null ? shown : context.options().redactor().redact(shown));
        return process(command, environment, context);
    }

    // ------------------------------------------------------------------------------------------------- sql

    /**
     * Runs the stage's DuckDB statements in an in-memory database whose relative paths resolve from the lab folder
     * ({@code file_search_path}). With an output, the last statement (a query) is written to the first output with
     * {@code COPY}, its format by extension ({@code .csv}, {@code .parquet}, {@code .json}: an array,
     * {@code .jsonl}/{@code .ndjson}: one object a line), to a temporary file renamed over the output.
     */
    private static Ending sql(Stage stage, Context context) {
        List<String> statements = SqlScript.split(stage.code());
        if (statements.isEmpty()) {
            return Ending.failed("no SQL statement in C");
        }
        Path output = context.outputs().isEmpty() ? null : context.outputs().get(0);
        StringBuilder log = new StringBuilder();
        Path temporary = null;
        try (Connection connection = duckdb(null); Statement statement = connection.createStatement()) {
            Runnable cancel = () -> {
                try {
                    statement.cancel();
                } catch (SQLException ignored) {
                    // already done
                }
            };
            context.options().cancellation().onCancel(cancel);
            statement.execute("SET file_search_path = '" + context.lab().toString().replace("'", "''") + "'");
            for (int i = 0; i < statements.size(); i++) {
                String sql = statements.get(i);
                boolean last = i == statements.size() - 1;
                if (last && output != null && SqlScript.isQuery(sql)) {
                    String format = format(output);
                    Files.createDirectories(output.toAbsolutePath().getParent());
                    temporary = output.resolveSibling("." + output.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
                    log.append("-- ").append(sql.lines().findFirst().orElse("")).append(" ... -> ").append(output).append('\n');
                    statement.execute("COPY (" + sql + "\n) TO '" + temporary.toString().replace("'", "''") + "' (" + format + ")");
                    try {
                        Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                        Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING);
                    }
                    temporary = null;
                    try (ResultSet count = statement.executeQuery("SELECT count(*) FROM (" + sql + "\n)")) {
                        log.append(count.next() ? count.getLong(1) : 0).append(" rows written\n");
                    }
                } else {
                    log.append("-- ").append(sql.lines().findFirst().orElse("")).append('\n');
                    if (statement.execute(sql)) {
                        try (ResultSet rows = statement.getResultSet()) {
                            log.append(table(rows, 20));
                        }
                    }
                }
            }
            appendLog(context.log(), log.toString());
            return Ending.success();
        } catch (SQLException | IOException e) {
            appendLog(context.log(), log + "error: " + e.getMessage() + "\n");
            if (context.options().cancellation().isCancelled()) {
                return Ending.cancel();
            }
            return Ending.failed(firstLine(e.getMessage()) + " (see its log " + context.log() + ")");
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a hidden temporary file, never taken for an output
                }
            }
        }
    }

    private static String format(Path output) {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return "FORMAT parquet";
        }
        if (name.endsWith(".json")) {
            return "FORMAT json, ARRAY true";
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return "FORMAT json";
        }
        return "FORMAT csv, HEADER true";
    }

    /**
     * A DuckDB connection: in memory, or on {@code readOnlyFile} opened read-only (then no table can be created, while
     * files can still be read).
     */
    static Connection duckdb(Path readOnlyFile) throws SQLException {
        if (readOnlyFile == null) {
            return DuckDb.connect("jdbc:duckdb:", new java.util.Properties());
        }
        try (Connection create = DuckDb.connect("jdbc:duckdb:" + readOnlyFile, new java.util.Properties())) {
            // an empty database file, so that it can be opened read-only
        }
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("duckdb.read_only", "true");
        return DuckDb.connect("jdbc:duckdb:" + readOnlyFile, properties);
    }

    private static String table(ResultSet rows, int limit) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            header.add(meta.getColumnLabel(c));
        }
        out.append(String.join("\t", header)).append('\n');
        int count = 0;
        while (rows.next()) {
            if (count++ < limit) {
                List<String> row = new ArrayList<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    row.add(String.valueOf(rows.getObject(c)));
                }
                out.append(String.join("\t", row)).append('\n');
            }
        }
        return out.append(count).append(" rows\n").toString();
    }

    private static String firstLine(String text) {
        return text == null ? "failed" : text.lines().findFirst().orElse(text);
    }

    static void appendLog(Path log, String text) {
        try (Writer writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            writer.write(text);
        } catch (IOException e) {
            // the log is help, not the result
        }
    }

    static String stackTrace(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
