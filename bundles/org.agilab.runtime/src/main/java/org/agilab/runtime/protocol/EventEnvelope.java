package org.agilab.runtime.protocol;

import java.time.Instant;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import org.agilab.runtime.json.JsonCodec;

/** An event as sent: the protocol version, a sequence number, the time, and the event. */
public record EventEnvelope(int version, long seq, Instant time, Event event) {

    /** One line: the envelope's members, then the event's type and components. */
    public String toJsonLine() {
        JsonObject json = new JsonObject();
        json.add("v", new JsonPrimitive(version));
        json.add("seq", new JsonPrimitive(seq));
        json.add("time", new JsonPrimitive(time.toString()));
        EventTypes.tree(JsonCodec.gson(), event).entrySet().forEach(member -> json.add(member.getKey(), member.getValue()));
        return JsonCodec.write(json);
    }

    /**
     * Reads one line of the stream.
     *
     * @throws IllegalArgumentException when the line is not an event of a version this reader understands
     */
    public static EventEnvelope parse(String line) {
        JsonObject json;
        try {
            JsonElement tree = JsonCodec.readTree(line);
            if (!tree.isJsonObject()) {
                throw new IllegalArgumentException("not a protocol event: a JSON " + (tree.isJsonArray() ? "array" : "value"));
            }
            json = tree.getAsJsonObject();
        } catch (JsonCodec.Malformed e) {
            throw new IllegalArgumentException("not a protocol event: " + e.getMessage(), e);
        }
        JsonElement version = json.remove("v");
        if (version == null || !version.isJsonPrimitive() || !version.getAsJsonPrimitive().isNumber() || version.getAsInt() != Event.VERSION) {
            throw new IllegalArgumentException("protocol version " + version + " is not " + Event.VERSION
                    + ": the manager and its caller come from different AGILab releases");
        }
        JsonElement seq = json.remove("seq");
        JsonElement time = json.remove("time");
        Event event;
        try {
            event = EventTypes.fromTree(JsonCodec.gson(), json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a protocol event: " + e.getMessage(), e);
        }
        return new EventEnvelope(Event.VERSION, seq == null ? 0L : seq.getAsLong(), time == null ? Instant.EPOCH : Instant.parse(time.getAsString()),
                event);
    }
}
