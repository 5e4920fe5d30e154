package org.agilab.runtime.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.plan.DistributionTree;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventOutcome;
import org.agilab.runtime.protocol.EventEnvelope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** install, distribute and run on the repository's own apps, through the manager's entry point. */
class AppsEndToEndTest {

    static final Path REPO_APPS = Path.of("../../apps").toAbsolutePath().normalize();

    @TempDir
    Path home;

    record Outcome(int code, List<Event> events, String err) implements EventOutcome {
        Map<String, Object> data() {
            return result().data();
        }

        <T extends Event> List<T> ofType(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(home);
    }

    /** Runs the manager as a caller would, keeping its control channel open (a closed one means cancel). */
    Outcome agilab(String... args) {
        try (PipedOutputStream control = new PipedOutputStream(); PipedInputStream in = new PipedInputStream(control)) {
            return agilab(in, args);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Outcome agilab(java.io.InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--home", home.toString(), "--protocol"));
        int code = new ManagerMain(Map.of("USER", "tester", "APPS_PATH", REPO_APPS.toString()),
                in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(all.toArray(String[]::new));
        List<Event> events = out.toString(StandardCharsets.UTF_8).lines().map(EventEnvelope::parse).map(EventEnvelope::event).toList();
        return new Outcome(code, events, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void mycodeRunsItsDagInModeZeroAndPool() {
        for (String mode : List.of("0", "p")) {
            Outcome run = agilab("run", "--app", "mycode", "--mode", mode);
            assertEquals(0, run.code(), run.last().toString());
            Map<String, Object> data = run.data();
            assertEquals("dag", data.get("family"));
            assertEquals(6L, data.get("works"));
            List<String> finished = run.ofType(Event.Item.class).stream().filter(e -> e.state() == Event.ItemState.FINISHED)
                    .map(Event.Item::item).toList();
            assertEquals(6, finished.size(), finished.toString());
            assertTrue(finished.indexOf("algo_A") < finished.indexOf("algo_B") && finished.indexOf("algo_B") < finished.indexOf("algo_C"));
            assertTrue(finished.indexOf("algo_X") < finished.indexOf("algo_Y") && finished.indexOf("algo_Y") < finished.indexOf("algo_Z"));
            List<String> logs = run.ofType(Event.Log.class).stream().map(Event.Log::message).toList();
            assertTrue(logs.stream().anyMatch(m -> m.contains("algo_C: 3 * (algo_A + algo_B) = 585")), logs.toString());
            assertTrue(logs.stream().anyMatch(m -> m.contains("algo_Z: xyxyz@worker0")), logs.toString());
        }
        Outcome pool = agilab("run", "--app", "mycode", "--mode", "p");
        assertTrue((Long) pool.data().get("poolWidth") >= 1);
        assertEquals("___p", pool.data().get("label"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void distributeWritesUpstreamKeysAndReusesOnlyAMatchingPlan() throws Exception {
        Outcome first = agilab("distribute", "--app", "mycode");
        assertEquals(0, first.code(), first.last().toString());
        assertEquals(false, first.data().get("reused"));
        Path tree = home.resolve("wenv/mycode_worker/distribution_tree.json");
        Map<String, Object> json = JsonCodec.readObject(Files.readString(tree));
        for (String key : List.of("work_plan", "work_plan_metadata", "partition_key", "nb_unit", "weights_unit", "workers",
                "args_fingerprint", "inputs_fingerprint", "edited")) {
            assertTrue(json.containsKey(key), key);
        }
        assertEquals("id", json.get("partition_key"));
        assertEquals(List.of("algo A", 1.1), ((List<List<Object>>) json.get("work_plan_metadata")).get(0).get(0));

        assertEquals(true, agilab("distribute", "--app", "mycode").data().get("reused"), "same workers, args, inputs");
        assertEquals(false, agilab("distribute", "--app", "mycode", "--set", "nfile=2").data().get("reused"), "args changed");
        assertEquals(false, agilab("distribute", "--app", "mycode", "--workers", "127.0.0.1:3").data().get("reused"), "workers changed");

        // a person edits the plan: it is reused as long as it matches, and never replaced silently
        Files.writeString(tree, Files.readString(tree).replace("\"edited\": false", "\"edited\": true"));
        assertTrue(DistributionTree.read(tree).edited());
        assertEquals(true, agilab("distribute", "--app", "mycode", "--workers", "127.0.0.1:3").data().get("reused"));
        String before = Files.readString(tree);
        Outcome refused = agilab("distribute", "--app", "mycode");
        assertEquals(3, refused.code());
        assertTrue(refused.failure().hint().contains("--replan"), refused.last().toString());
        assertTrue(refused.ofType(Event.Log.class).stream().anyMatch(e -> e.level() == Event.Level.WARN), "it warns");
        assertEquals(before, Files.readString(tree), "the edited plan is kept");
        Outcome replanned = agilab("distribute", "--app", "mycode", "--replan");
        assertEquals(0, replanned.code());
        assertFalse(DistributionTree.read(tree).edited());
    }

    @Test
    void aMovedPartitionIsSavedAsAnEditedPlanThatTheNextDistributeKeeps() throws Exception {
        assertEquals(0, agilab("distribute", "--app", "mycode", "--workers", "127.0.0.1:2").code());
        Path file = home.resolve("wenv/mycode_worker/distribution_tree.json");
        DistributionTree planned = DistributionTree.read(file);
        String moved = planned.distribution().workPlan().get(0).get(0).name();
        int before0 = planned.distribution().workPlan().get(0).size();
        List<Double> loads = planned.loads();

        DistributionTree edited = planned.move(0, moved, 1);
        assertTrue(edited.edited());
        assertEquals(before0 - 1, edited.distribution().workPlan().get(0).size());
        assertEquals(moved, edited.distribution().workPlan().get(1).get(edited.distribution().workPlan().get(1).size() - 1).name());
        double weight = planned.distribution().workPlanMetadata().get(0).get(0).weight();
        assertEquals(loads.get(0) - weight, edited.loads().get(0), 1e-9, "the weight moves with its work");
        assertEquals(loads.get(1) + weight, edited.loads().get(1), 1e-9);
        IllegalArgumentException unknown = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> planned.move(0, "no such work", 1));
        assertTrue(unknown.getMessage().contains("worker 0 has no work named no such work"), unknown.getMessage());
        edited.write(file);

        // the next distribute (and so the next run) reuses it as it was edited (ClusterRunsTest runs one on real nodes)
        Outcome again = agilab("distribute", "--app", "mycode", "--workers", "127.0.0.1:2");
        assertEquals(true, again.data().get("reused"), again.last().toString());
        assertEquals(edited.toJson().get("work_plan"), DistributionTree.read(file).toJson().get("work_plan"));
        assertTrue(DistributionTree.read(file).edited(), "and the plan stays edited");
    }

    @Test
    void dataTemplateRunsWithDuckdbAndWritesItsSummaries() throws Exception {
        Outcome run = agilab("run", "--app", REPO_APPS.resolve("templates/data_template_project").toString(), "--mode", "p");
        assertEquals(0, run.code(), run.last().toString());
        assertEquals(5L, run.data().get("rows"));
        assertEquals(2L, run.data().get("items"));
        Path out = home.resolve("localshare/tester/data_template/dataframe");
        assertEquals("file,rows,mean\ncities_a.csv,3,11.3333\n", Files.readString(out.resolve("cities_a.csv.summary.csv")));
        assertEquals("file,rows,mean\ncities_b.csv,2,14.2500\n", Files.readString(out.resolve("cities_b.csv.summary.csv")));
        try (var files = Files.list(out)) {
            assertEquals(2, files.count(), "no temporary files left");
        }
    }

    @Test
    void duckdbTemplateRunsInTheDuckDbFamilyWithAndWithoutThePool() throws Exception {
        for (String mode : List.of("0", "p")) {
            Outcome run = agilab("run", "--app", REPO_APPS.resolve("templates/duckdb_template_project").toString(), "--mode", mode);
            assertEquals(0, run.code(), run.last().toString());
            assertEquals("duckdb", run.data().get("family"));
            assertEquals(5L, run.data().get("rows"));
            Path out = home.resolve("localshare/tester/duckdb_template/dataframe");
            assertEquals("file,rows,mean\ncities_a.csv,3,11.3333\n", Files.readString(out.resolve("cities_a.csv.summary.csv")));
            assertEquals("file,rows,mean\ncities_b.csv,2,14.25\n", Files.readString(out.resolve("cities_b.csv.summary.csv")));
            try (var files = Files.list(out)) {
                assertEquals(2, files.count(), "no temporary files left");
            }
        }
    }

    @Test
    void dagTemplateAndMinimalAppRunAsTheyAre() {
        Outcome dag = agilab("run", "--app", REPO_APPS.resolve("templates/dag_template_project").toString(), "--mode", "p");
        assertEquals(0, dag.code(), dag.last().toString());
        assertTrue(dag.ofType(Event.Log.class).stream().anyMatch(e -> e.message().contains("sum of squares")));
        Outcome minimal = agilab("run", "--app", "minimal_app", "--mode", "0");
        assertEquals(0, minimal.code(), minimal.last().toString());
        assertEquals(0L, minimal.data().get("works"), "no input data: an empty plan, as upstream's starter");
    }

    @Test
    void installIsCachedAndRunSaysSo() {
        Outcome first = agilab("install", "--app", "mycode");
        assertEquals(0, first.code(), first.last().toString());
        assertEquals(true, first.data().get("rebuilt"));
        Outcome second = agilab("install", "--app", "mycode");
        assertEquals(false, second.data().get("rebuilt"));
        assertTrue(first.ofType(Event.Phase.class).stream().anyMatch(p -> "compile".equals(p.name())), "the first install compiles");
        Outcome run = agilab("run", "--app", "mycode", "--mode", "0");
        assertEquals(0, run.code(), run.last().toString());
        List<String> phases = run.ofType(Event.Phase.class).stream().map(Event.Phase::name).distinct().toList();
        assertTrue(phases.contains("fingerprint") && !phases.contains("compile"), "the run checks the install and finds it up to date: " + phases);
    }

    @Test
    void sshHostsNeedASchedulerTheyReachAndBadArgsNameTheKey() {
        Outcome remote = agilab("run", "--app", "mycode", "--mode", "dp", "--workers", "10.0.0.5:2");
        assertEquals(3, remote.code(), remote.last().toString());
        assertEquals("cluster.scheduler", remote.failure().key());
        assertTrue(remote.failure().message().contains("which the hosts [10.0.0.5] cannot reach"), remote.last().toString());
        Outcome mixed = agilab("run", "--app", "mycode", "--mode", "dp", "--workers", "127.0.0.1:1,10.0.0.5:2");
        assertEquals(3, mixed.code(), mixed.last().toString());
        assertTrue(mixed.failure().message().startsWith("[cluster.workers] mixes 127.0.0.1 with SSH hosts [10.0.0.5]"),
                mixed.last().toString());
        Outcome badArg = agilab("run", "--app", "mycode", "--set", "nfile=-2");
        assertEquals(3, badArg.code());
        assertTrue(badArg.failure().message().startsWith("args.nfile = -2: must be at least 0"), badArg.last().toString());
        Outcome unknown = agilab("distribute", "--app", "mycode", "--set", "nfil=2");
        assertEquals(3, unknown.code());
        assertTrue(unknown.failure().hint().contains("did you mean 'nfile'"), unknown.last().toString());
    }
}
