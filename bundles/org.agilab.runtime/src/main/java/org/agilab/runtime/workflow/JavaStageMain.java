package org.agilab.runtime.workflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

import org.agilab.runtime.json.JsonCodec;

/**
 * The JVM of a {@code java} stage: runs its code in JShell (in this JVM, so what it prints goes to the stage's log)
 * after a preamble that gives it, as variables:
 *
 * <ul>
 * <li>{@code Path lab}: the lab folder (also the working folder);</li>
 * <li>{@code List<Path> inputs}, {@code List<Path> outputs}: the stage's {@code consumes} and {@code produces}, resolved;
 * {@code Path output}: the first output, or null;</li>
 * <li>{@code java.sql.Connection duckdb}: a DuckDB connection on a read-only database whose relative paths resolve
 * from the lab folder (it reads files; it creates no table).</li>
 * </ul>
 *
 * The imports {@code java.nio.file.*}, {@code java.util.*}, {@code java.util.stream.*} and {@code java.sql.*} are
 * there. A snippet that does not compile, or throws, fails the stage with exit code 1 and its line.
 */
public final class JavaStageMain {

    /** What the manager hands over, as JSON in a file of the run folder. */
    public record Spec(String lab, String stage, List<String> inputs, List<String> outputs, String code) {
    }

    private static final Map<String, Object> CONTEXT = new LinkedHashMap<>();

    private JavaStageMain() {
    }

    /** The stage's context, for the preamble (reached by reflection, so snippets compile against the JDK only). */
    public static Map<String, Object> context() {
        return CONTEXT;
    }

    public static void main(String[] args) throws Exception {
        Spec spec = JsonCodec.read(Files.readString(Path.of(args[0])), Spec.class);
        Path lab = Path.of(spec.lab());
        Path database = Files.createTempFile("agilab-stage", ".duckdb");
        Files.delete(database);
        int code;
        try (Connection duckdb = StageRunner.duckdb(database)) {
            try (java.sql.Statement statement = duckdb.createStatement()) {
                statement.execute("SET file_search_path = '" + lab.toString().replace("'", "''") + "'");
            }
            CONTEXT.put("lab", lab);
            CONTEXT.put("inputs", spec.inputs().stream().map(Path::of).toList());
            CONTEXT.put("outputs", spec.outputs().stream().map(Path::of).toList());
            CONTEXT.put("duckdb", duckdb);
            code = run(spec.code());
        } finally {
            Files.deleteIfExists(database);
            Files.deleteIfExists(Path.of(database + ".wal"));
        }
        System.out.flush();
        System.exit(code);
    }

    private static final String PREAMBLE = String.join("\n",
            "import java.nio.file.*;",
            "import java.util.*;",
            "import java.util.stream.*;",
            "import java.sql.*;",
            "@SuppressWarnings(\"unchecked\") Map<String, Object> agilab$ = (Map<String, Object>) Class.forName(\""
                    + JavaStageMain.class.getName() + "\").getMethod(\"context\").invoke(null);",
            "Path lab = (Path) agilab$.get(\"lab\");",
            "@SuppressWarnings(\"unchecked\") List<Path> inputs = (List<Path>) agilab$.get(\"inputs\");",
            "@SuppressWarnings(\"unchecked\") List<Path> outputs = (List<Path>) agilab$.get(\"outputs\");",
            "Path output = outputs.isEmpty() ? null : outputs.get(0);",
            "java.sql.Connection duckdb = (java.sql.Connection) agilab$.get(\"duckdb\");",
            "");

    /** Evaluates the preamble, then the code snippet by snippet; returns the exit code. */
    static int run(String code) {
        try (JShell shell = JShell.builder().executionEngine("local").out(System.out).err(System.err).build()) {
            if (evaluate(shell, PREAMBLE, 0, "the stage's preamble (a bug)") != 0) {
                return 10;
            }
            return evaluate(shell, code, 1, "C");
        }
    }

    private static int evaluate(JShell shell, String source, int firstLine, String what) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = source;
        int line = firstLine;
        while (!remaining.isBlank()) {
            int skip = 0;
            while (skip < remaining.length() && Character.isWhitespace(remaining.charAt(skip))) {
                skip++;
            }
            line += countNewlines(remaining.substring(0, skip));
            remaining = remaining.substring(skip);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            boolean complete = info.completeness().isComplete();
            String snippet = complete ? info.source() : remaining;
            int consumed = complete ? remaining.length() - info.remaining().length() : remaining.length();
            for (SnippetEvent event : shell.eval(snippet)) {
                if (event.status() == Snippet.Status.REJECTED) {
                    List<Diag> diagnostics = shell.diagnostics(event.snippet()).toList();
                    for (Diag diag : diagnostics) {
                        int at = line + lineOf(snippet, (int) diag.getStartPosition());
                        System.err.println(what + ", line " + at + ": " + diag.getMessage(null));
                    }
                    if (diagnostics.isEmpty()) {
                        System.err.println(what + ", line " + line + ": incomplete or invalid Java: " + snippet.strip());
                    }
                    return 1;
                }
                if (event.exception() != null) {
                    System.err.println(what + ", line " + line + ": " + event.exception());
                    event.exception().printStackTrace(System.err);
                    return 1;
                }
            }
            line += countNewlines(remaining.substring(0, consumed));
            remaining = remaining.substring(consumed);
        }
        return 0;
    }

    private static int countNewlines(String text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }

    private static int lineOf(String text, int offset) {
        return countNewlines(text.substring(0, Math.max(0, Math.min(offset, text.length()))));
    }
}
