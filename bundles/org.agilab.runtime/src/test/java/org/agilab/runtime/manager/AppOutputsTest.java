package org.agilab.runtime.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventOutcome;
import org.agilab.runtime.protocol.EventEnvelope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outputs of a run, with an app written here that names its files after its works lower-cased, as a lossy file
 * naming (or a disk that ignores case) does: works {@code Alpha} and {@code alpha} share {@code alpha.txt}. Two outputs
 * of one run on one file fail as a data error naming both, the first file staying whole, in this JVM and across two
 * node JVMs; a run killed while it writes leaves a temporary file that the next run removes, and only that.
 */
class AppOutputsTest {

    @TempDir
    static Path apps;
    static Path app;

    @TempDir
    Path home;

    @BeforeAll
    static void writeApp() throws IOException {
        app = apps.resolve("collide_project");
        Files.createDirectories(app.resolve("src/collide"));
        Files.createDirectories(app.resolve("src/collide_worker"));
        Files.writeString(app.resolve("app_settings.toml"), """
                [args]
                data_out = "collide/dataframe"
                names = ["Alpha", "alpha"]
                hang = false

                [cluster]
                pool = false
                cluster_enabled = false
                scheduler = "127.0.0.1"

                [cluster.workers]
                "127.0.0.1" = 1
                """);
        Files.writeString(app.resolve("src/collide/CollideArgs.java"), """
                package collide;

                import java.util.List;

                public class CollideArgs {
                    public String dataOut = "collide/dataframe";
                    public List<String> names = List.of();
                    public boolean hang = false;
                }
                """);
        Files.writeString(app.resolve("src/collide/Collide.java"), """
                package collide;

                import java.util.ArrayList;
                import java.util.List;

                import org.agilab.api.AppManager;
                import org.agilab.api.Distribution;
                import org.agilab.api.PlanningContext;
                import org.agilab.api.Work;
                import org.agilab.api.WorkWeight;

                /** One work per name, all of the same weight. */
                public class Collide implements AppManager<CollideArgs> {

                    @Override
                    public Class<CollideArgs> argsType() {
                        return CollideArgs.class;
                    }

                    @Override
                    public Distribution buildDistribution(PlanningContext<CollideArgs> context) {
                        List<String> names = context.args().names;
                        long[] weights = new long[names.size()];
                        java.util.Arrays.fill(weights, 1000);
                        List<List<Work>> plan = new ArrayList<>();
                        List<List<WorkWeight>> metadata = new ArrayList<>();
                        for (int[] slot : context.makeChunks(weights)) {
                            List<Work> works = new ArrayList<>();
                            List<WorkWeight> weight = new ArrayList<>();
                            for (int index : slot) {
                                works.add(Work.partition(names.get(index), List.of(names.get(index))));
                                weight.add(new WorkWeight(names.get(index), 1));
                            }
                            plan.add(works);
                            metadata.add(weight);
                        }
                        return new Distribution(plan, metadata, "name", "names", "KB");
                    }
                }
                """);
        Files.writeString(app.resolve("src/collide_worker/CollideWorker.java"), """
                package collide_worker;

                import java.nio.file.Files;
                import java.nio.file.Path;
                import java.util.List;
                import java.util.Locale;

                import collide.CollideArgs;

                import org.agilab.api.DataWorker;
                import org.agilab.api.OutputFile;
                import org.agilab.api.Work;
                import org.agilab.api.WorkerContext;

                /** Writes each work's name to <name lower-cased>.txt. */
                public class CollideWorker implements DataWorker<CollideArgs, String> {

                    @Override
                    public String workPool(WorkerContext<CollideArgs> context, String item) {
                        return item;
                    }

                    @Override
                    public long workDone(WorkerContext<CollideArgs> context, Work work, List<String> results) throws Exception {
                        Path dataOut = Files.createDirectories(context.resolveOutput(context.args().dataOut));
                        Path target = dataOut.resolve(work.name().toLowerCase(Locale.ROOT) + ".txt");
                        for (int time = 0; time < 2; time++) { // the same output written twice is no collision
                            try (OutputFile out = context.output(target, "name " + work.name())) {
                                out.writeString(work.name() + " " + String.join(",", results) + "\\n");
                                while (context.args().hang) {
                                    Thread.sleep(50); // until the test kills this run, its output half written
                                }
                                out.commit();
                            }
                        }
                        return 1;
                    }

                    @Override
                    public long rowsOf(String result) {
                        return 1;
                    }
                }
                """);
    }

    record Outcome(int code, List<Event> events) implements EventOutcome {
    }

    Outcome agilab(String... args) throws IOException {
        try (PipedOutputStream control = new PipedOutputStream(); PipedInputStream in = new PipedInputStream(control)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> all = new ArrayList<>(List.of(args[0], "--app", app.toString(), "--home", home.toString(), "--protocol"));
            all.addAll(List.of(args).subList(1, args.length));
            int code = new ManagerMain(Map.of("USER", "tester"), in, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(all.toArray(String[]::new));
            return new Outcome(code, out.toString(StandardCharsets.UTF_8).lines().map(EventEnvelope::parse).map(EventEnvelope::event).toList());
        }
    }

    Path dataOut() {
        return home.resolve("localshare/tester/collide/dataframe");
    }

    List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(dataOut())) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void twoOutputsOnOneFileAreADataErrorNamingBothAndTheFirstStays() throws IOException {
        Outcome run = agilab("run", "--mode", "0");
        assertEquals(4, run.code(), run.last().toString());
        Event.Failure error = run.failure();
        assertEquals("data", error.failureClass());
        assertEquals(dataOut().resolve("alpha.txt").toString(), error.file());
        assertTrue(error.message().contains("name Alpha") && error.message().contains("name alpha"), error.toString());
        assertEquals("Alpha Alpha\n", Files.readString(dataOut().resolve("alpha.txt")), "the first output is not overwritten");
        assertEquals(List.of("alpha.txt"), files(), "no temporary file and no claim is left");

        Outcome apart = agilab("run", "--mode", "0", "--set", "names=[\"Alpha\", \"beta\"]");
        assertEquals(0, apart.code(), apart.last().toString());
        assertEquals(List.of("alpha.txt", "beta.txt"), files());
    }

    @Test
    void aRunKilledWhileItWritesLeavesATemporaryFileThatTheNextRunRemovesAndNothingElse() throws Exception {
        Files.createDirectories(dataOut());
        Path victim = Files.createDirectories(home.resolve("owner")).resolve("private.txt");
        Files.writeString(victim, "keep me\n");
        List<Path> users = List.of(dataOut().resolve(".notes.tmp"), dataOut().resolve("draft.agilab.tmp"),
                dataOut().resolve(".beta.txt.0123.agilab.tmp"), dataOut().resolve("notes.txt"));
        for (Path user : users) {
            Files.writeString(user, "the user's");
        }
        Files.createSymbolicLink(dataOut().resolve(".gamma.txt.0123456789abcdef.agilab.tmp"), victim);
        // the manager in its own JVM, as the launcher starts it, killed (SIGKILL) while its worker writes
        ProcessBuilder manager = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ManagerMain.class.getName(), "run", "--app", app.toString(), "--home",
                home.toString(), "--protocol", "--mode", "0", "--set", "names=[\"Alpha\", \"beta\"]", "--set", "hang=true")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        manager.environment().put("USER", "tester");
        Process killed = manager.start();
        List<String> leftovers = List.of();
        try {
            for (int wait = 0; wait < 2400 && leftovers.isEmpty() && killed.isAlive(); wait++) {
                Thread.sleep(50);
                leftovers = files().stream().filter(name -> name.startsWith(".alpha.txt.") && name.endsWith(".agilab.tmp")).toList();
            }
        } finally {
            killed.destroyForcibly();
            killed.waitFor();
        }
        assertEquals(1, leftovers.size(), "the killed run was writing alpha.txt: " + files());
        assertTrue(files().stream().anyMatch(name -> name.startsWith(".alpha.txt.") && name.endsWith(".agilab-claim")),
                "and had claimed it: " + files());

        Outcome next = agilab("run", "--mode", "0", "--set", "names=[\"Alpha\", \"beta\"]");
        assertEquals(0, next.code(), next.last().toString());
        assertEquals(List.of(".beta.txt.0123.agilab.tmp", ".notes.tmp", "alpha.txt", "beta.txt", "draft.agilab.tmp", "notes.txt"), files(),
                "the killed run's temporary file, its claim and a leftover link are gone; the user's files stay");
        for (Path user : users) {
            assertEquals("the user's", Files.readString(user), user + " is kept");
        }
        assertEquals("keep me\n", Files.readString(victim), "removing a leftover link leaves the file it pointed to");
    }

    @Test
    void twoNodesWritingOneFileAreADataErrorNamingBoth() throws IOException {
        Outcome run = agilab("run", "--mode", "d", "--workers", "127.0.0.1:2");
        try {
            assertEquals(4, run.code(), run.last().toString());
            Event.Failure error = run.failure();
            assertEquals("data", error.failureClass());
            assertTrue(error.message().contains("name Alpha") && error.message().contains("name alpha"), error.toString());
            String kept = Files.readString(dataOut().resolve("alpha.txt"));
            assertTrue(kept.equals("Alpha Alpha\n") || kept.equals("alpha alpha\n"), "one output, whole: " + kept);
            assertEquals(List.of("alpha.txt"), files(), "no temporary file and no claim is left");
        } finally {
            assertEquals(0, agilab("nodes", "stop").code());
            assertEquals(List.of(), org.agilab.runtime.cluster.StrayJvms.killUnder(home), "nodes stop leaves no JVM");
        }
    }
}
