package org.agilab.runtime.protocol;

import java.io.IOException;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import org.agilab.runtime.json.JsonCodec;

/**
 * The wire names of the event types, and the Gson adapter that writes an {@link Event} as its record's components after
 * {@code "type"} and reads it back by that name. Named on {@link Event} with {@code @JsonAdapter}, so any value or
 * component declared as {@code Event} goes through it.
 */
public final class EventTypes implements TypeAdapterFactory {

    public static final String PHASE = "phase";
    public static final String HOST = "host";
    public static final String NODES = "nodes";
    public static final String WORKER = "worker";
    public static final String ITEM = "item";
    public static final String LOG = "log";
    public static final String STAGE = "stage";
    public static final String RESULT = "result";
    public static final String ERROR = "error";
    public static final String DELEGATED = "delegated";
    public static final String DEBUGGEE = "debuggee";
    public static final String PLAN = "plan";
    public static final String RELAY = "relay";
    public static final String CREDENTIALS = "credentials";

    private static final Map<String, Class<? extends Event>> TYPES = Map.ofEntries(Map.entry(PHASE, Event.Phase.class),
            Map.entry(HOST, Event.Host.class), Map.entry(NODES, Event.Nodes.class), Map.entry(WORKER, Event.Worker.class),
            Map.entry(ITEM, Event.Item.class), Map.entry(LOG, Event.Log.class), Map.entry(RESULT, Event.Result.class),
            Map.entry(ERROR, Event.Failure.class), Map.entry(DELEGATED, Event.Delegated.class),
            Map.entry(DEBUGGEE, Event.Debuggee.class), Map.entry(PLAN, Event.Plan.class),
            Map.entry(RELAY, Event.Relay.class), Map.entry(CREDENTIALS, Event.Credentials.class),
            Map.entry(STAGE, Event.Stage.class));

    /** The wire name of an event's type. */
    public static String nameOf(Event event) {
        // Java 17: no pattern switch yet; the sealed interface keeps this list complete
        if (event instanceof Event.Unknown unknown) {
            return unknown.type();
        }
        for (Map.Entry<String, Class<? extends Event>> type : TYPES.entrySet()) {
            if (type.getValue() == event.getClass()) {
                return type.getKey();
            }
        }
        throw new IllegalStateException("no wire name for " + event.getClass().getName());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        if (type.getRawType() != Event.class) {
            return null;
        }
        TypeAdapter<JsonElement> trees = gson.getAdapter(JsonElement.class);
        return (TypeAdapter<T>) new TypeAdapter<Event>() {
            @Override
            public void write(JsonWriter out, Event event) throws IOException {
                if (event == null) {
                    out.nullValue();
                    return;
                }
                trees.write(out, tree(gson, event));
            }

            @Override
            public Event read(JsonReader in) throws IOException {
                JsonElement element = trees.read(in);
                if (element == null || element.isJsonNull()) {
                    return null;
                }
                return fromTree(gson, element.getAsJsonObject());
            }
        }.nullSafe();
    }

    /** The event as a JSON object whose first member is its type. */
    static JsonObject tree(Gson gson, Event event) {
        JsonObject json = new JsonObject();
        json.add("type", new JsonPrimitive(nameOf(event)));
        JsonObject fields = event instanceof Event.Unknown unknown ? JsonParser.parseString(unknown.json()).getAsJsonObject()
                : gson.toJsonTree(event, event.getClass()).getAsJsonObject();
        fields.entrySet().forEach(field -> {
            if (!field.getKey().equals("type")) {
                json.add(field.getKey(), field.getValue());
            }
        });
        return json;
    }

    /** The event a JSON object holds, by its type; a type this reader does not know is an {@link Event.Unknown}. */
    static Event fromTree(Gson gson, JsonObject json) {
        JsonElement name = json.get("type");
        if (name == null || !name.isJsonPrimitive()) {
            throw new IllegalArgumentException("event without a type: " + json);
        }
        Class<? extends Event> type = TYPES.get(name.getAsString());
        if (type == null) {
            return new Event.Unknown(name.getAsString(), json.toString());
        }
        JsonObject fields = json.deepCopy();
        fields.remove("type");
        return gson.fromJson(fields, type);
    }
}
