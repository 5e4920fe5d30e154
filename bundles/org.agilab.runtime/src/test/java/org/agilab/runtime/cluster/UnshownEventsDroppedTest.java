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
    void aTerseTerminalGetsLogsHostsAndTheResultButNoItemWorkerPhasePlanOrRelayEvents() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Coordinator.UnshownEventsDropped(bytes), true, StandardCharsets.UTF_8);
        Events events = new Events(new Redactor());
        events.addSink(new JsonLinesSink(out));
        events.emit(Event.Item.started("0", "a.csv"));
        events.emit(new Event.Log(Event.Level.INFO, "App", "a message naming \"type\":\"item\""));
        events.emit(Event.Worker.local("0", "127.0.0.1", Event.WorkerState.STARTED, null));
        events.emit(new Event.Host("127.0.0.1", Event.HostState.FAILED, "node-1 exited"));
        events.emit(Event.Phase.started("run"));
        events.emit(new Event.Plan("/w/distribution_tree.json", Event.PlanState.PLANNED, false, 2, 1));
        events.emit(new Event.Relay("0", "node-0", 1, 4, 4));
        events.emit(Event.Result.ok("run", Map.of(), null));
        out.flush();
        List<Class<?>> types = bytes.toString(StandardCharsets.UTF_8).lines().map(EventEnvelope::parse).<Class<?>>map(e -> e.event().getClass()).toList();
        assertEquals(List.of(Event.Log.class, Event.Host.class, Event.Result.class), types);
    }
}
