package org.agilab.runtime.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.request.ManagerRequest.Flag;
import org.agilab.runtime.request.ManagerRequest.Setting;
import org.agilab.runtime.request.ManagerRequest.SettingOption;
import org.junit.jupiter.api.Test;

/**
 * The one reading of a command line: every request survives its own command line, every way of writing a command line
 * reads as the request it means, and a bad command line gets the error the CLI has always given.
 */
class ManagerRequestTest {

    @Test
    void everyCommandAndOptionSurvivesItsOwnCommandLine() {
        List<ManagerRequest> requests = new ArrayList<>();
        List<List<Setting>> settings = List.of(List.of(),
                List.of(Setting.set("nfile", "2")),
                List.of(new Setting(SettingOption.MODE, "dpc"), new Setting(SettingOption.WORKERS, "127.0.0.1:2,10.0.0.5:4"),
                        Setting.set("cluster.verbose", "2"), Setting.set("args.note", "a b=c \"q\" --app"),
                        new Setting(SettingOption.MODE, "13"), Setting.set("connectors.api_token", Redactor.MASK)));
        for (Command command : Command.values()) {
            for (List<String> words : List.of(List.<String>of(), List.of("status"), List.of("stop", "a=b"))) {
                for (List<Setting> given : settings) {
                    for (Set<Flag> flags : List.of(Set.<Flag>of(), EnumSet.allOf(Flag.class), Set.of(Flag.PROTOCOL, Flag.FORCE))) {
                        requests.add(new ManagerRequest(command, words, null, null, given, null, flags));
                        requests.add(new ManagerRequest(command, words, "flight_telemetry", Path.of("/home/u"), given, "0,p,dp", flags));
                        requests.add(new ManagerRequest(command, words, "--odd=app", Path.of("with space/home"), given, "", flags));
                    }
                }
            }
        }
        requests.add(new ManagerRequest(null, List.of(), null, null, List.of(), null, Set.of(Flag.HELP)));
        requests.add(new ManagerRequest(null, List.of(), "demo", null, List.of(), null, Set.of(Flag.VERSION, Flag.JSON)));
        for (Flag flag : Flag.values()) {
            requests.add(new ManagerRequest(Command.RUN, List.of(), null, null, List.of(), null, Set.of(flag)));
        }
        for (Map<ManagerRequest.Value, String> values : List.of(Map.of(ManagerRequest.Value.LAB, "/tmp/my lab"),
                Map.of(ManagerRequest.Value.STAGE, "speed_stats", ManagerRequest.Value.PROFILE, "smoke", ManagerRequest.Value.LAB, "--odd"))) {
            for (Set<Flag> flags : List.of(Set.<Flag>of(), Set.of(Flag.READY, Flag.JSON), Set.of(Flag.ALL, Flag.FORCE))) {
                requests.add(new ManagerRequest(Command.WORKFLOW, List.of("run"), "flight_telemetry", null, List.of(), null, flags, values));
            }
        }
        for (ManagerRequest request : requests) {
            assertEquals(request, ManagerRequest.parse(request.toArgv()), () -> String.join(" ", request.toArgv()));
        }
        ManagerRequest workflow = ManagerRequest.parse("workflow", "run", "--lab=/l", "--stage", "s", "--ready", "--profile", "p");
        assertEquals("/l", workflow.value(ManagerRequest.Value.LAB));
        assertEquals("s", workflow.value(ManagerRequest.Value.STAGE));
        assertEquals("p", workflow.value(ManagerRequest.Value.PROFILE));
        assertTrue(workflow.has(Flag.READY));
        assertEquals(List.of("workflow", "run", "--lab", "/l", "--stage", "s", "--profile", "p", "--ready"), workflow.toArgv());
        assertTrue(requests.size() > 300, "every command with every kind of option: " + requests.size());
    }

    @Test
    void everyWayOfWritingACommandLineReadsAsTheRequestItMeans() {
        ManagerRequest request = ManagerRequest.parse("run", "--app=demo", "-v", "--home", "/h", "--set=nfile=3", "--mode", "dp",
                "--set", "x=--y", "--workers=127.0.0.1:2", "--modes=0,p");
        assertEquals(Command.RUN, request.command());
        assertEquals("demo", request.app());
        assertEquals(Path.of("/h"), request.home());
        assertTrue(request.verbose());
        assertEquals("0,p", request.modes());
        assertEquals(List.of(Setting.set("nfile", "3"), new Setting(SettingOption.MODE, "dp"), Setting.set("x", "--y"),
                new Setting(SettingOption.WORKERS, "127.0.0.1:2")), request.settings());
        assertEquals(List.of("run", "--app", "demo", "--home", "/h", "--set", "nfile=3", "--mode", "dp", "--set", "x=--y", "--workers",
                "127.0.0.1:2", "--modes", "0,p", "--verbose"), request.toArgv());
        // a later --mode wins, as in the settings it overrides
        assertEquals("p", ManagerRequest.parse("run", "--mode", "d", "--mode", "p").overrides().setValues().get("cluster.mode"));
        assertTrue(ManagerRequest.parse("nodes", "help").help(), "'help' anywhere asks for help");
        assertEquals(List.of("status"), ManagerRequest.parse("nodes", "status", "-h").arguments());
        assertNull(ManagerRequest.parse("--version").command());
    }

    @Test
    void aBadCommandLineGetsTheErrorTheCliGives() {
        Map<List<String>, String> errors = Map.of(
                List.of("frobnicate"), "unknown command 'frobnicate'",
                List.of("doctor", "--bogus"), "unknown option --bogus",
                List.of("doctor", "--bogus=1"), "unknown option --bogus=1",
                List.of("doctor", "--app"), "--app needs a value",
                List.of("run", "--set"), "--set needs a value",
                List.of(), "no command given",
                List.of("--json"), "no command given",
                List.of("run", "--set", "novalue"), "--set 'novalue' is not key=value",
                List.of("run", "--workers", ",h:1"), "--workers ',h:1': '' has no host",
                List.of("run", "--workers", "h:x"), "--workers 'h:x': 'x' is not a worker count");
        errors.forEach((argv, message) -> {
            AgilabException error = assertThrows(AgilabException.class, () -> ManagerRequest.parse(argv), argv.toString());
            assertEquals(FailureClass.USAGE, error.failureClass(), argv.toString());
            assertTrue(error.getMessage().startsWith(message), argv + ": " + error.getMessage());
        });
        // the first wrong option is the one named
        assertTrue(assertThrows(AgilabException.class, () -> ManagerRequest.parse("run", "--set", "bad", "--bogus")).getMessage()
                .startsWith("--set 'bad'"));
        assertThrows(IllegalArgumentException.class, () -> new ManagerRequest(null, List.of(), "x", null, List.of(), null, Set.of()),
                "a request without a command asks for help or the version");
        assertThrows(IllegalArgumentException.class, () -> new ManagerRequest(Command.NODES, List.of("--stop"), null, null, List.of(), null,
                Set.of()), "a word that reads as an option cannot be written");
    }

    @Test
    void theLexerSplitsACommandLineAsTheParserReadsIt() {
        List<Redactor.Argument> arguments = ManagerRequest.lex(List.of("run", "--app", "--set", "--set", "api_token=x1234", "--set=k=v",
                "--set", "novalue", "--home"));
        assertEquals(List.of("run", "--app", "--set", "--set", "api_token=x1234", "--set=k=v", "--set", "novalue", "--home"),
                arguments.stream().map(Redactor.Argument::text).toList(), "every argument, in its place");
        assertFalse(arguments.get(2).isSet(), "the value of --app is never an assignment");
        assertEquals(new Redactor.Argument("api_token=x1234", "", "api_token", "x1234"), arguments.get(4));
        assertEquals(new Redactor.Argument("--set=k=v", "--set=", "k", "v"), arguments.get(5));
        assertFalse(arguments.get(7).isSet());
        assertEquals(EnumSet.of(Flag.PROTOCOL), ManagerRequest.flagsIn(List.of("--bogus", "--app", "--json", "--protocol")),
                "flags read even from a command line parse refuses, never from an option's value");
    }

    @Test
    void aMaskedSecretIsReadWhereSecretsLiveAndNeverUsedAsItIs() {
        ManagerRequest replayed = ManagerRequest.parse("run", "--set", "connectors.api_token=" + Redactor.MASK, "--set", "nfile=2");
        assertTrue(replayed.hasMaskedSecrets());
        List<String> found = new ArrayList<>();
        ManagerRequest resolved = replayed.withMaskedSecrets(Map.of("AGILAB_SET_CONNECTORS_API_TOKEN", "s3cret-value")::get, found::add);
        assertEquals(List.of(Setting.set("connectors.api_token", "s3cret-value"), Setting.set("nfile", "2")), resolved.settings());
        assertEquals(List.of("s3cret-value"), found, "the value is handed to the redactor");
        AgilabException missing = assertThrows(AgilabException.class, () -> replayed.withMaskedSecrets(name -> null, value -> {
        }));
        assertEquals(FailureClass.USAGE, missing.failureClass());
        assertTrue(missing.getMessage().contains("connectors.api_token") && missing.getMessage().contains("AGILAB_SET_CONNECTORS_API_TOKEN"),
                missing.getMessage());
        ManagerRequest plain = ManagerRequest.parse("run", "--set", "nfile=2");
        assertEquals(plain, plain.withMaskedSecrets(name -> {
            throw new AssertionError("nothing to look up");
        }, value -> {
        }));
    }
}
