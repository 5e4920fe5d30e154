package org.agilab.runtime.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.log.Redactor;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static EventEnvelope roundTrip(Event event) {
        return EventEnvelope.parse(new EventEnvelope(Event.VERSION, 7, Instant.parse("2026-12-05T10:00:00Z"), event).toJsonLine());
    }

    @Test
    void everyEventTypeRoundTripsThroughItsWireLine() {
        AgilabException error = AgilabException.of(FailureClass.SETTINGS, "bad value").at(Path.of("/a/app_settings.toml"), 3)
                .key("cluster.verbose").hint("use true or false").build();
        List<Event> events = List.of(Event.Phase.started("install"), Event.Phase.finished("install", "ok", 12),
                new Event.Host("127.0.0.2", Event.HostState.SHIPPING, "to /w"),
                new Event.Worker("3", "127.0.0.1", "node-1", 2, Event.WorkerState.RESENT, "chunk 3 to node-1 (attempt 2)"),
                Event.Worker.local("0", "127.0.0.1", Event.WorkerState.STARTED, null), Event.Item.finished("0", "a.csv", 10, 5).on("node-0"),
                new Event.Log(Event.Level.WARN, "App", "careful"), Event.Result.ok("run", Map.of("rows", 21L, "kernel", "plain"), "21 rows"),
                Event.Failure.of("distribute", error),
                new Event.Nodes(Event.NodesState.STARTED, 2, "quick", "47500-47509", "2026-12-05T10:00:00Z", true),
                new Event.Delegated("flight_telemetry_project", 4242L), new Event.Debuggee("chunk 1", "127.0.0.1", 8000, 4343L),
                new Event.Plan("/w/distribution_tree.json", Event.PlanState.REUSED, true, 4, 2),
                new Event.Relay("1", "node-0", 2, 12, 11), new Event.Credentials(null, true, false),
                new Event.Host("127.0.0.2", Event.HostState.READY, "inputs", new Event.Inputs(2, 4096L, 7)));
        for (Event event : events) {
            EventEnvelope read = roundTrip(event);
            assertEquals(event, read.event(), read.toJsonLine());
            assertEquals(7, read.seq());
        }
    }

    @Test
    void theWireKeepsTheNamesCallersRead() {
        String line = new EventEnvelope(Event.VERSION, 1, Instant.EPOCH,
                new Event.Worker("3", "127.0.0.1", "node-1", 2, Event.WorkerState.SENT, null)).toJsonLine();
        assertEquals("{\"v\":2,\"seq\":1,\"time\":\"1970-01-01T00:00:00Z\",\"type\":\"worker\",\"worker\":\"3\",\"host\":\"127.0.0.1\","
                + "\"node\":\"node-1\",\"attempt\":2,\"state\":\"sent\"}", line);
        String failure = Event.Failure.of("run", AgilabException.of(FailureClass.DATA, "x").build()).toJson();
        assertTrue(failure.startsWith("{\"type\":\"error\",\"command\":\"run\",\"class\":\"data\",\"exitCode\":4"), failure);
    }

    @Test
    void theFactsOfARunHaveTheirWireNames() {
        assertEquals("{\"type\":\"nodes\",\"state\":\"reused\",\"count\":1,\"compiler\":\"full\",\"ports\":\"p\",\"since\":\"s\",\"tls\":true}",
                new Event.Nodes(Event.NodesState.REUSED, 1, "full", "p", "s", true).toJson());
        assertEquals("{\"type\":\"delegated\",\"app\":\"a_project\",\"pid\":42}", new Event.Delegated("a_project", 42).toJson());
        assertEquals("{\"type\":\"plan\",\"file\":\"/w/t.json\",\"state\":\"planned\",\"edited\":false,\"works\":3,\"workers\":2}",
                new Event.Plan("/w/t.json", Event.PlanState.PLANNED, false, 3, 2).toJson());
        assertEquals("{\"type\":\"relay\",\"worker\":\"0\",\"node\":\"node-1\",\"attempt\":1,\"sent\":5,\"received\":5}",
                new Event.Relay("0", "node-1", 1, 5, 5).toJson());
        assertTrue(new Event.Relay("0", "node-1", 1, 5, 4).lost());
        assertEquals("{\"type\":\"credentials\",\"host\":\"h\",\"password\":false,\"passphrase\":true}",
                new Event.Credentials("h", false, true).toJson());
        assertEquals("received SSH credentials for every host (password)", HumanSink.render(new Event.Credentials(null, true, false), true));
        assertEquals("{\"type\":\"host\",\"host\":\"h\",\"state\":\"ready\",\"inputs\":{\"shipped\":1,\"bytes\":9,\"unchanged\":0}}",
                new Event.Host("h", Event.HostState.READY, null, new Event.Inputs(1, 9, 0)).toJson());
        // a manager of an earlier release left tls out
        Event.Nodes old = assertInstanceOf(Event.Nodes.class,
                EventEnvelope.parse("{\"v\":2,\"seq\":1,\"type\":\"nodes\",\"state\":\"started\",\"count\":1}").event());
        assertNull(old.tls(), "a manager that did not say");
        assertEquals("running on the coordinator of a_project (pid 42)", HumanSink.render(new Event.Delegated("a_project", 42), true));
        assertNull(HumanSink.render(new Event.Delegated("a_project", 42), false), "shown with --verbose, as the log line it replaces");
    }

    @Test
    void unknownTypesAndStatesAreKeptOrIgnoredNotFatal() {
        Event later = EventEnvelope.parse("{\"v\":2,\"seq\":1,\"time\":\"1970-01-01T00:00:00Z\",\"type\":\"gauge\",\"cpu\":0.5}").event();
        Event.Unknown unknown = assertInstanceOf(Event.Unknown.class, later);
        assertEquals("gauge", unknown.type());
        assertTrue(HumanSink.render(later, true).contains("\"cpu\":0.5"));
        assertNull(HumanSink.render(later, false));
        Event.Host host = assertInstanceOf(Event.Host.class,
                EventEnvelope.parse("{\"v\":2,\"seq\":1,\"type\":\"host\",\"host\":\"h\",\"state\":\"hibernating\",\"extra\":1}").event());
        assertNull(host.state(), "a state of a later release reads as null");
        WorkerBoard board = new WorkerBoard();
        board.accept(EventEnvelope.parse("{\"v\":2,\"seq\":1,\"type\":\"worker\",\"worker\":\"0\",\"state\":\"paused\"}"));
        assertEquals("planned", board.snapshot().workers().get(0).state());
    }

    @Test
    void anotherVersionOrAnythingElseIsRefusedWithAReason() {
        IllegalArgumentException old = assertThrows(IllegalArgumentException.class,
                () -> EventEnvelope.parse("{\"v\":1,\"seq\":1,\"type\":\"phase\",\"name\":\"x\"}"));
        assertTrue(old.getMessage().contains("different AGILab releases"), old.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EventEnvelope.parse("Picked up JAVA_TOOL_OPTIONS: -Xmx1g"));
        assertThrows(IllegalArgumentException.class, () -> EventEnvelope.parse("[1,2]"));
        assertThrows(IllegalArgumentException.class, () -> EventEnvelope.parse("{\"v\":2,\"seq\":1}"));
    }

    @Test
    void secretsAreMaskedInEveryComponentBeforeSerialisationWhateverTheyHold() {
        Redactor redactor = new Redactor();
        String secret = "p\"w\\d<>";
        redactor.addSecret(secret);
        Events events = new Events(redactor);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.addSink(new JsonLinesSink(new PrintStream(out, true, StandardCharsets.UTF_8)));
        events.emit(new Event.Host("h", Event.HostState.FAILED, "login " + secret + " refused"));
        events.emit(Event.Result.ok("run", Map.of("nested", List.of(Map.of(secret, "v " + secret))), null));
        String text = out.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("p\\\"w") || text.contains(secret), text);
        List<Event> read = text.lines().map(EventEnvelope::parse).map(EventEnvelope::event).toList();
        assertEquals("login " + Redactor.MASK + " refused", ((Event.Host) read.get(0)).detail());
        assertEquals(Event.HostState.FAILED, ((Event.Host) read.get(0)).state(), "the masked event keeps its type and state");
        assertEquals(Map.of("nested", List.of(Map.of(Redactor.MASK, "v " + Redactor.MASK))), ((Event.Result) read.get(1)).data());
    }

    @Test
    void controlMessagesRoundTripAndNeverShowTheirSecretsAsText() {
        ControlMessage.SshCredentials credentials = new ControlMessage.SshCredentials("10.0.0.5", "agi", "pw\"1", null);
        assertEquals(credentials, ControlMessage.parse(credentials.toJsonLine()));
        assertFalse(credentials.toString().contains("pw"), credentials.toString());
        assertInstanceOf(ControlMessage.Cancel.class, ControlMessage.parse(new ControlMessage.Cancel().toJsonLine()));
        assertEquals(new ControlMessage.Unknown("pause"), ControlMessage.parse("{\"v\":2,\"type\":\"pause\"}"));
    }
}
