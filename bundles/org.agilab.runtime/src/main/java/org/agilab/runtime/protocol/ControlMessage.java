package org.agilab.runtime.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import org.agilab.runtime.json.JsonCodec;

/**
 * A message from the caller to a running manager, one JSON object per line on the manager's stdin:
 * {@code {"v":2,"type":"cancel"}} or {@code {"v":2,"type":"credentials","host":...,"user":...,"password":...}}.
 */
public sealed interface ControlMessage {

    /** Stops the running operation, as if the user pressed Ctrl-C. */
    record Cancel() implements ControlMessage {
    }

    /**
     * SSH secrets for one host (every host when {@code host} is null), which never appear on a command line.
     */
    record SshCredentials(String host, String user, String password, String passphrase) implements ControlMessage {
        @Override
        public String toString() {
            return "SshCredentials[host=" + host + ", user=" + user + "]"; // never the secrets
        }
    }

    /** A message of a type this manager does not know: ignored with a warning. */
    record Unknown(String type) implements ControlMessage {
    }

    /** The line the caller writes (without its newline). */
    default String toJsonLine() {
        JsonObject json = new JsonObject();
        json.add("v", new JsonPrimitive(Event.VERSION));
        if (this instanceof Cancel) {
            json.add("type", new JsonPrimitive("cancel"));
        } else if (this instanceof SshCredentials) {
            json.add("type", new JsonPrimitive("credentials"));
            JsonCodec.tree(this, SshCredentials.class).getAsJsonObject().entrySet().forEach(m -> json.add(m.getKey(), m.getValue()));
        } else {
            json.add("type", new JsonPrimitive(((Unknown) this).type()));
        }
        return JsonCodec.write(json);
    }

    /**
     * Reads one line.
     *
     * @throws JsonCodec.Malformed when it is not a JSON object; the message never quotes the line (it may hold a secret)
     */
    static ControlMessage parse(String line) {
        JsonElement tree = JsonCodec.readTree(line);
        if (!tree.isJsonObject()) {
            throw new JsonCodec.Malformed("a control message is a JSON object");
        }
        JsonObject json = tree.getAsJsonObject();
        JsonElement type = json.get("type");
        String name = type != null && type.isJsonPrimitive() ? type.getAsString() : null;
        if ("cancel".equals(name)) {
            return new Cancel();
        }
        if ("credentials".equals(name)) {
            return JsonCodec.gson().fromJson(json, SshCredentials.class);
        }
        return new Unknown(name);
    }
}
