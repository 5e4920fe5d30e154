package org.agilab.runtime.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.record.RunHistory;
import org.agilab.runtime.record.RunRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run replayed from its record (the IDE's Runs view hands the recorded argv back to the manager): a {@code --set}
 * secret the record masked is read again from {@code AGILAB_SET_<KEY>} (environment, then .env), never used as the
 * mask, and refused with the variable's name when it is nowhere. Records name the home they ran in.
 */
class ReplayedRequestTest {

    @TempDir
    Path dir;

    Path home;
    final Map<String, String> environment = new HashMap<>();

    record Outcome(int code, String out, String err) {
    }

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        Path app = Files.createDirectories(dir.resolve("apps/demo_project"));
        Files.writeString(app.resolve("app_settings.toml"), "[args]\nnfile = 1\n\n[cluster]\npool = true\n\n[cluster.workers]\n\"127.0.0.1\" = 2\n");
        environment.put("USER", "tester");
        environment.put("APPS_PATH", dir.resolve("apps").toString());
    }

    Outcome run(List<String> argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new ManagerMain(environment, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(argv.toArray(String[]::new));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<RunHistory.Entry> records() {
        return RunHistory.list(home.resolve("log/execute"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMaskedSetValueIsReadFromItsVariableNeverUsedAsTheMask() throws Exception {
        // cluster.verbose is a number: the mask itself would be a settings error (exit 3), the variable's value is not
        List<String> replayed = List.of("doctor", "--app", "demo", "--home", home.toString(), "--set", "cluster.verbose=" + Redactor.MASK,
                "--json");
        Outcome refused = run(replayed);
        assertEquals(2, refused.code(), refused.out() + refused.err());
        assertTrue(refused.out().contains("AGILAB_SET_CLUSTER_VERBOSE") && refused.out().contains("cluster.verbose"), refused.out());

        environment.put("AGILAB_SET_CLUSTER_VERBOSE", "2");
        Outcome fromEnvironment = run(replayed);
        assertEquals(0, fromEnvironment.code(), fromEnvironment.out() + fromEnvironment.err());
        Map<String, Object> settings = (Map<String, Object>) ((Map<String, Object>) JsonCodec.readObject(fromEnvironment.out().strip())
                .get("data")).get("settings");
        assertEquals(2L, ((Map<String, Object>) settings.get("cluster.verbose")).get("value"));

        environment.remove("AGILAB_SET_CLUSTER_VERBOSE");
        Files.createDirectories(home.resolve(".agilab"));
        Files.writeString(home.resolve(".agilab/.env"), "AGILAB_SET_CLUSTER_VERBOSE=1\n");
        Outcome fromDotEnv = run(replayed);
        assertEquals(0, fromDotEnv.code(), fromDotEnv.out() + fromDotEnv.err());
        settings = (Map<String, Object>) ((Map<String, Object>) JsonCodec.readObject(fromDotEnv.out().strip()).get("data")).get("settings");
        assertEquals(1L, ((Map<String, Object>) settings.get("cluster.verbose")).get("value"));
    }

    @Test
    void aRecordedSecretReplaysFromWhereSecretsLiveAndStaysMasked() throws Exception {
        String secret = "Planted-" + java.util.UUID.randomUUID();
        Outcome first = run(List.of("doctor", "--app", "demo", "--home", home.toString(), "--set", "connectors.api_token=" + secret));
        assertEquals(0, first.code(), first.err());
        RunHistory.Entry recorded = records().get(0);
        List<String> argv = RunHistory.argv(recorded);
        assertTrue(argv.contains("connectors.api_token=" + Redactor.MASK), argv.toString());
        assertEquals(home.toRealPath(), RunHistory.home(recorded).toRealPath(), "the record names its home");
        assertEquals(dir.resolve("apps/demo_project").toRealPath(), RunHistory.appFolder(recorded).toRealPath());

        assertEquals(2, run(argv).code(), "without the secret, the recorded command line is refused");
        environment.put(RunRecord.replayVariable("connectors.api_token"), secret);
        Outcome again = run(argv);
        assertEquals(0, again.code(), again.err());
        assertFalse(again.out().contains(secret) || again.err().contains(secret));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(home.resolve("log"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            assertFalse(Files.readString(file).contains(secret), file.toString());
        }
        assertTrue(Files.readString(records().get(0).folder().resolve(RunRecord.REPLAY_FILE)).contains("AGILAB_SET_CONNECTORS_API_TOKEN"),
                "the replay's replay asks for the secret again");
    }
}
