package org.agilab.runtime.protocol;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.agilab.runtime.json.Json;

/** An event as sent: the protocol version, a sequence number, the time, and the event. */
public record EventEnvelope(int version, long seq, Instant time, Event event) {

    public String toJsonLine() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("v", version);
        json.put("seq", seq);
        json.put("time", time.toString());
        json.put("type", event.type());
        json.putAll(event.fields());
        return Json.write(json);
    }

    /**
     * Reads one line of the stream.
     *
     * @throws IllegalArgumentException when the line is not an event of a version this reader understands
     */
    public static EventEnvelope parse(String line) {
        Map<String, Object> json;
        try {
            json = Json.parseObject(line);
        } catch (Json.JsonException e) {
            throw new IllegalArgumentException("not a protocol event: " + e.getMessage(), e);
        }
        Object version = json.remove("v");
        if (!(version instanceof Long number) || number != Event.VERSION) {
            throw new IllegalArgumentException("protocol version " + version + " is not " + Event.VERSION
                    + ": the manager and its caller come from different AGILab releases");
        }
        Object seq = json.remove("seq");
        Object time = json.remove("time");
        Object type = json.remove("type");
        if (!(type instanceof String)) {
            throw new IllegalArgumentException("event without a type: " + line);
        }
        return new EventEnvelope(Event.VERSION, seq instanceof Long s ? s : 0L,
                time instanceof String t ? Instant.parse(t) : Instant.EPOCH, new Event((String) type, new LinkedHashMap<>(json)));
    }
}
