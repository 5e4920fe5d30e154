package org.agilab.runtime.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.env.Provenance;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppSettingsTest {

    @TempDir
    Path dir;

    AgilabHome home;
    AppProject app;
    Path projectFile;

    @BeforeEach
    void setUp() throws Exception {
        home = AgilabHome.resolve(dir.resolve("home"), Map.of("USER", "tester"));
        Path folder = Files.createDirectories(dir.resolve("apps/demo_project"));
        projectFile = folder.resolve("app_settings.toml");
        app = AppProject.at(folder);
    }

    private AppSettings load(String project, RunOverrides overrides) throws Exception {
        Files.writeString(projectFile, project);
        return AppSettings.load(app, home, overrides);
    }

    @Test
    void everyValueKnowsWhereItCameFrom() throws Exception {
        Path userFile = home.userSettings("demo_project");
        Files.createDirectories(userFile.getParent());
        Files.writeString(userFile, "[args]\nnfile = 5\n");
        AppSettings settings = load("""
                [args]
                nfile = 1
                data_in = "demo/dataset"

                [cluster]
                pool = true
                verbose = 2

                [cluster.workers]
                "127.0.0.1" = 2
                """, RunOverrides.none().set("data_in=elsewhere").set("cluster.verbose=3"));
        assertFalse(settings.hasErrors(), settings.problems().toString());

        AppSettings.Setting nfile = settings.setting("args.nfile");
        assertEquals(5L, nfile.value());
        assertEquals(Provenance.Kind.USER, nfile.provenance().kind());
        assertEquals(userFile, nfile.provenance().file());
        assertEquals(2, nfile.provenance().line());

        AppSettings.Setting dataIn = settings.setting("args.data_in");
        assertEquals("elsewhere", dataIn.value());
        assertEquals(Provenance.Kind.COMMAND_LINE, dataIn.provenance().kind());

        AppSettings.Setting pool = settings.setting("cluster.pool");
        assertEquals(Provenance.Kind.PROJECT, pool.provenance().kind());
        assertEquals(6, pool.provenance().line());

        assertEquals(3L, settings.value("cluster.verbose"));
        assertEquals(Provenance.Kind.DEFAULT, settings.setting("cluster.scheduler").provenance().kind());
        assertEquals(Map.of("127.0.0.1", 2L), settings.workers());
        assertEquals(9, settings.workersSetting().provenance().line());
        assertEquals(1, settings.mode().bits(), "pool=true gives mode 1");
        assertEquals(Map.of("nfile", 5L, "data_in", "elsewhere"), settings.args());

        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) settings.toJson().get("args.nfile");
        assertEquals("user", json.get("source"));
        assertEquals(2, json.get("line"));
    }

    @Test
    void workersAndModeFromTheCommandLineReplaceTheFile() throws Exception {
        AppSettings settings = load("[args]\n[cluster.workers]\n\"10.0.0.5\" = 4\n",
                RunOverrides.none().workers("127.0.0.1:2,127.0.0.2:1").mode("dp"));
        assertEquals(Map.of("127.0.0.1", 2L, "127.0.0.2", 1L), settings.workers());
        assertEquals(List.of("127.0.0.1", "127.0.0.2"), List.copyOf(settings.workers().keySet()));
        assertEquals(5, settings.mode().bits());
        assertEquals(Provenance.Kind.COMMAND_LINE, settings.modeProvenance().kind());
    }

    @Test
    void wrongTypeNamesFileKeyAndLine() throws Exception {
        AppSettings settings = load("[args]\n\n[cluster]\npool = \"yes\"\n", RunOverrides.none());
        AgilabException error = assertThrows(AgilabException.class, settings::requireValid);
        assertEquals(FailureClass.SETTINGS, error.failureClass());
        assertEquals(projectFile, error.file());
        assertEquals(4, error.line());
        assertEquals("cluster.pool", error.key());
        assertTrue(error.getMessage().contains("boolean"), error.getMessage());
    }

    @Test
    void theServiceTableIsCheckedAndATypoIsAWarningNamingTheKnownKeys() throws Exception {
        AppSettings good = load("[args]\n[service]\nmax_attempts = 2\ncleanup_done_ttl_sec = 3600.5\ncleanup_failed_max_files = 0\n",
                RunOverrides.none());
        assertTrue(good.problems().isEmpty(), good.problems().toString());
        assertEquals(2L, good.value("service.max_attempts"));
        AgilabException error = assertThrows(AgilabException.class,
                load("[args]\n[service]\nmax_attempts = 0\n", RunOverrides.none())::requireValid);
        assertEquals(3, error.line());
        assertEquals("service.max_attempts", error.key());
        assertTrue(error.getMessage().contains("must be 1 or more"), error.getMessage());
        AppSettings typo = load("[args]\n[service]\nmax_attempt = 2\n", RunOverrides.none());
        assertEquals(1, typo.problems().size());
        assertFalse(typo.hasErrors(), "an unknown key is a warning, as in upstream's schema");
        assertTrue(typo.problems().get(0).toString().contains("max_attempts"), typo.problems().toString());
    }

    @Test
    void aNodeCompilerOutsideItsChoicesNamesLineAndChoices() throws Exception {
        AppSettings settings = load("[args]\n[cluster]\nnode_compiler = \"fast\"\n", RunOverrides.none());
        AgilabException error = assertThrows(AgilabException.class, settings::requireValid);
        assertEquals(3, error.line());
        assertEquals("cluster.node_compiler", error.key());
        assertTrue(error.getMessage().contains("[auto, quick, full]"), error.getMessage());
        assertTrue(load("[args]\n[cluster]\nnode_compiler = \"full\"\n", RunOverrides.none()).problems().isEmpty());
    }

    @Test
    void warmUpRunsOutsideItsRangeNamesLineAndRangeAndAbsentMeansNone() throws Exception {
        for (String value : List.of("-1", "21")) {
            AgilabException error = assertThrows(AgilabException.class,
                    load("[args]\n[cluster]\nwarm_up_runs = " + value + "\n", RunOverrides.none())::requireValid);
            assertEquals(3, error.line());
            assertEquals("cluster.warm_up_runs", error.key());
            assertTrue(error.getMessage().contains("must be 0 to 20"), error.getMessage());
        }
        assertEquals(4, ClusterSettings.of(load("[args]\n[cluster]\nwarm_up_runs = 4\n", RunOverrides.none())).warmUpRuns());
        assertEquals(0, ClusterSettings.of(load("[args]\n[cluster]\n", RunOverrides.none())).warmUpRuns());
    }

    @Test
    void tlsFalseIsASettingsErrorWithItsLineEvenOn127001() throws Exception {
        AppSettings settings = load("[args]\n[cluster]\nscheduler = \"127.0.0.1\"\ntls = false\n[cluster.workers]\n\"127.0.0.1\" = 2\n",
                RunOverrides.none());
        AgilabException error = assertThrows(AgilabException.class, settings::requireValid);
        assertEquals(FailureClass.SETTINGS, error.failureClass());
        assertEquals(projectFile, error.file());
        assertEquals(4, error.line());
        assertEquals("cluster.tls", error.key());
        assertTrue(error.getMessage().contains("127.0.0.1 included"), error.getMessage());
        assertTrue(error.hint().contains("remove 'tls = false'"), error.hint());
        assertTrue(load("[args]\n[cluster]\ntls = true\n", RunOverrides.none()).problems().isEmpty(), "tls = true is what TLS does anyway");
        assertTrue(load("[args]\n", RunOverrides.none().set("cluster.tls=false")).problems().stream()
                .anyMatch(p -> p.isError() && "cluster.tls".equals(p.key())), "from --set too");
    }

    @Test
    void workerCountsAreBoundedAndNeverTruncated() throws Exception {
        AppSettings huge = load("[args]\n[cluster.workers]\n\"127.0.0.1\" = 99999999999\n", RunOverrides.none());
        AgilabException error = assertThrows(AgilabException.class, huge::requireValid);
        assertEquals(FailureClass.SETTINGS, error.failureClass());
        assertEquals(projectFile, error.file());
        assertEquals(3, error.line());
        assertTrue(error.key().startsWith("cluster.workers"), error.key());
        assertTrue(error.getMessage().contains("at most " + SettingsValidator.MAX_WORKERS_PER_HOST), error.getMessage());
        // 4294967298 is 2 once cut to an int: it must be refused, not planned as 2 workers
        assertTrue(load("[args]\n", RunOverrides.none().workers("127.0.0.1:4294967298")).problems().stream()
                .anyMatch(p -> p.isError() && p.message().contains("4294967298")), "from --workers too");
        assertTrue(load("[args]\n", RunOverrides.none().workers("127.0.0.1:200,127.0.0.1:200")).problems().stream()
                .anyMatch(p -> p.isError() && p.message().contains("400")), "counts of one host add up before the bound");
        int cores = Runtime.getRuntime().availableProcessors();
        AppSettings crowded = load("[args]\n[cluster.workers]\n\"127.0.0.1\" = " + (cores + 9) + "\n", RunOverrides.none());
        crowded.requireValid();
        assertTrue(crowded.problems().stream().anyMatch(p -> !p.isError() && p.message().contains(cores + " cores")),
                "more workers than this machine's cores: a warning " + crowded.problems());
        assertTrue(load("[args]\n[cluster.workers]\n\"10.0.0.5\" = " + (cores + 9) + "\n", RunOverrides.none()).problems().isEmpty(),
                "another host's cores are not this machine's");
    }

    @Test
    void aThrottleThatIsNotNodeEqualsFactorNamesThePart() throws Exception {
        AppSettings settings = load("[args]\n[cluster]\nthrottle = \"node-1=3, node-2=fast\"\n", RunOverrides.none());
        AgilabException error = assertThrows(AgilabException.class, settings::requireValid);
        assertEquals(3, error.line());
        assertEquals("cluster.throttle", error.key());
        assertTrue(error.getMessage().contains("\"node-2=fast\""), error.getMessage());
        assertEquals(java.util.Map.of("node-1", 3.0, "node-2", 1.5), ClusterSettings.parseThrottle("node-1=3,node-2=1.5"));
    }

    @Test
    void sshHostTablesAreCheckedKeyByKeyWithTheirLines() throws Exception {
        AppSettings good = load("[args]\n[cluster]\nssh_host_key_policy = \"accept-new\"\n[cluster.workers]\n\"10.0.0.5\" = 2\n"
                + "[cluster.hosts.\"10.0.0.5\"]\nport = 2222\nuser = \"agi\"\nroot = \"/data/agilab\"\n", RunOverrides.none());
        good.requireValid();
        assertEquals(2222L, good.value("cluster.hosts.\"10.0.0.5\".port"));
        AppSettings badPort = load("[args]\n[cluster.hosts.\"10.0.0.5\"]\nport = 70000\n", RunOverrides.none());
        AgilabException port = assertThrows(AgilabException.class, badPort::requireValid);
        assertEquals(3, port.line());
        assertTrue(port.getMessage().contains("must be a TCP port"), port.getMessage());
        AppSettings typo = load("[args]\n[cluster.hosts.\"10.0.0.5\"]\nusr = \"agi\"\n", RunOverrides.none());
        SettingsProblem unknown = typo.problems().get(0);
        assertEquals(3, unknown.line());
        assertTrue(unknown.hint().contains("did you mean 'user'"), unknown.hint());
        AppSettings policy = load("[args]\n[cluster]\nssh_host_key_policy = \"trust-all\"\n", RunOverrides.none());
        AgilabException wrongPolicy = assertThrows(AgilabException.class, policy::requireValid);
        assertEquals("cluster.ssh_host_key_policy", wrongPolicy.key());
        assertTrue(wrongPolicy.getMessage().contains("\"strict\" or \"accept-new\""), wrongPolicy.getMessage());
    }

    @Test
    void unknownKeySuggestsTheKnownOne() throws Exception {
        AppSettings settings = load("[cluster]\nverbos = 1\n", RunOverrides.none());
        SettingsProblem problem = settings.problems().get(0);
        assertEquals(2, problem.line());
        assertEquals("cluster.verbos", problem.key());
        assertTrue(problem.hint().contains("did you mean 'verbose'"), problem.hint());
    }

    @Test
    void theKnownKeysAreTheOnesTheHintsName() throws Exception {
        Map<String, String> cluster = SettingsValidator.knownKeys(List.of("cluster"));
        assertEquals("an integer", cluster.get("verbose"));
        assertEquals(List.copyOf(cluster.keySet()).stream().sorted().toList(), List.copyOf(cluster.keySet()));
        AppSettings settings = load("[cluster]\nverbos = 1\n", RunOverrides.none());
        for (String key : cluster.keySet()) {
            assertTrue(settings.problems().get(0).hint().contains(key), key);
        }
        assertTrue(SettingsValidator.knownKeys(List.of("cluster", "hosts", "gpu1")).containsKey("port"));
        assertTrue(SettingsValidator.knownKeys(List.of("args")).isEmpty());
        assertTrue(SettingsValidator.knownTables().contains("cluster.service_health"));
    }

    @Test
    void negativeWorkerCountNamesTheHostLine() throws Exception {
        AppSettings settings = load("[args]\n[cluster.workers]\n\"127.0.0.1\" = 1\n\"127.0.0.2\" = -2\n", RunOverrides.none());
        AgilabException error = assertThrows(AgilabException.class, settings::requireValid);
        assertEquals(4, error.line());
        assertEquals("cluster.workers.\"127.0.0.2\"", error.key());
        assertTrue(error.getMessage().contains("-2"), error.getMessage());
    }

    @Test
    void badModeLettersNameTheLetter() throws Exception {
        AppSettings settings = load("[cluster]\nmode = \"pdx\"\n", RunOverrides.none());
        AgilabException error = assertThrows(AgilabException.class, settings::requireValid);
        assertEquals(2, error.line());
        assertTrue(error.getMessage().contains("'x'"), error.getMessage());
        AppSettings fromOption = load("[args]\n", RunOverrides.none().mode("pq"));
        AgilabException optionError = assertThrows(AgilabException.class, fromOption::requireValid);
        assertTrue(optionError.hint().contains("--mode"), optionError.hint());
    }

    @Test
    void syntaxErrorsCarryTheirLine() throws Exception {
        AppSettings settings = load("[args]\nnfile = 1\n[cluster\n", RunOverrides.none());
        AgilabException error = assertThrows(AgilabException.class, settings::requireValid);
        assertEquals(3, error.line());
        assertTrue(error.getMessage().startsWith("TOML syntax"), error.getMessage());
    }

    @Test
    void badSetValueNamesTheOption() throws Exception {
        AppSettings settings = load("[args]\n", RunOverrides.none().set("cluster.verbose=loud"));
        AgilabException error = assertThrows(AgilabException.class, settings::requireValid);
        assertEquals("cluster.verbose", error.key());
        assertTrue(error.hint().contains("--set cluster.verbose"), error.hint());
        assertThrows(AgilabException.class, () -> RunOverrides.none().set("novalue"));
        assertThrows(AgilabException.class, () -> RunOverrides.none().workers("127.0.0.1:many"));
    }

    @Test
    void otherTablesAreKeptAndNotJudged() throws Exception {
        AppSettings settings = load("""
                [args]
                [view_maps]
                whatever = [1, "mixed"]
                [pages]
                view_module = ["view_maps"]
                [pages.view_maps]
                anything = true
                """, RunOverrides.none());
        assertFalse(settings.hasErrors(), settings.problems().toString());
        assertEquals(List.of("view_maps"), settings.value("pages.view_module"));
        assertEquals(true, settings.value("pages.view_maps.anything"));
    }

    @Test
    void missingFileIsAnErrorNamingIt() {
        AppSettings settings = AppSettings.load(app, home, RunOverrides.none());
        AgilabException error = assertThrows(AgilabException.class, settings::requireValid);
        assertEquals(projectFile, error.file());
    }

    @Test
    void aCachedParseGivesTheSameSettingsAndProblems() throws Exception {
        String project = """
                [args]
                nfile = 2
                rate = 0.5
                flag = true
                tags = ["a", "b"]
                day = 2020-01-02

                [cluster]
                verbos = 1

                [cluster.workers]
                "127.0.0.1" = 2
                "127.0.0.2" = -1
                """;
        AppSettings first = load(project, RunOverrides.none());
        try (var cached = Files.list(home.settingsCache())) {
            assertEquals(1, cached.count(), "the parse was cached");
        }
        AppSettings second = load(project, RunOverrides.none());
        assertEquals(first.toJson(), second.toJson());
        assertEquals(first.problems(), second.problems());
        assertEquals(2L, second.value("args.nfile"));
        assertEquals(0.5, second.value("args.rate"));
        assertEquals(List.of("a", "b"), second.value("args.tags"));
        assertEquals("2020-01-02", second.value("args.day"));
        assertEquals(Map.of("127.0.0.1", 2L), second.workers());
        assertEquals(2, second.problems().size(), "the unknown key and the negative count");

        try (var cached = Files.list(home.settingsCache())) {
            Files.writeString(cached.findFirst().orElseThrow(), "not json");
        }
        assertEquals(first.toJson(), load(project, RunOverrides.none()).toJson(), "a broken cache entry is parsed again");
    }

    @Test
    void legacyKeysOnlyWarn() throws Exception {
        AppSettings settings = load("[cluster]\nuser = \"agi\"\n", RunOverrides.none());
        assertFalse(settings.hasErrors());
        assertEquals(SettingsProblem.Severity.WARNING, settings.problems().get(0).severity());
    }
}
