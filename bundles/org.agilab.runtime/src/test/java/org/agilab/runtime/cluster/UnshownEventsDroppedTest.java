package org.agilab.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.protocol.Events;
import org.agilab.runtime.protocol.JsonLinesSink;
import org.agilab.runtime.log.Redactor;
import org.junit.jupiter.api.Test;

class UnshownEventsDroppedTest {

    @Test
    void aTerseTerminalGetsLogsHostsAndTheResultButNoItemWorkerOrPhaseEvents() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Coordinator.UnshownEventsDropped(bytes), true, StandardCharsets.UTF_8);
        Events events = new Events(new Redactor());
        events.addSink(new JsonLinesSink(out));
        events.emit(Event.itemStarted("0", "a.csv"));
        events.emit(new Event(Event.LOG, Map.of("level", "info", "logger", "App", "message", "a message naming \"type\":\"item\"")));
        events.emit(Event.workerState("0", "127.0.0.1", "started", null));
        events.emit(Event.hostState("127.0.0.1", "failed", "node-1 exited"));
        events.emit(new Event(Event.PHASE, Map.of("name", "run", "state", "started")));
        events.emit(new Event(Event.RESULT, Map.of("command", "run", "status", "ok")));
        out.flush();
        List<String> types = bytes.toString(StandardCharsets.UTF_8).lines().map(EventEnvelope::parse).map(e -> e.event().type()).toList();
        assertEquals(List.of(Event.LOG, Event.HOST, Event.RESULT), types);
    }
}
