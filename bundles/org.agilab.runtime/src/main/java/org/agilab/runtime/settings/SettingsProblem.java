package org.agilab.runtime.settings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.agilab.runtime.env.Provenance;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;

/**
 * One finding of the settings validator: the severity, where (file and line, or the command-line option), the key,
 * what is wrong and how to fix it. The IDE turns each into a marker at its line.
 */
public record SettingsProblem(Severity severity, Provenance where, int column, String key, String message, String hint) {

    public enum Severity {
        ERROR, WARNING
    }

    public Path file() {
        return where.file();
    }

    public int line() {
        return where.line();
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The problem as the classified settings error the CLI prints and exits with. */
    public AgilabException toException() {
        AgilabException.Builder builder = AgilabException.of(FailureClass.SETTINGS,
                (key == null ? "" : key + ": ") + message).key(key).hint(hint);
        if (where.file() != null) {
            builder.at(where.file(), where.line());
        } else if (where.name() != null) {
            builder.hint((hint == null ? "" : hint + "; ") + "it came from " + where.describe());
        }
        return builder.build();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("severity", severity.name().toLowerCase(java.util.Locale.ROOT));
        json.putAll(where.toJson());
        if (column > 0) {
            json.put("column", column);
        }
        if (key != null) {
            json.put("key", key);
        }
        json.put("message", message);
        if (hint != null) {
            json.put("hint", hint);
        }
        return json;
    }
}
