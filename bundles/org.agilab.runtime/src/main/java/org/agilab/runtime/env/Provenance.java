package org.agilab.runtime.env;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an effective value came from: a built-in default, an environment variable, a command-line option, or a
 * file and line. Upstream users asked for this; {@code doctor} and {@code --json} show it for every value.
 */
public record Provenance(Kind kind, String name, Path file, int line) {

    public enum Kind {
        /** Built into AGILab. */
        DEFAULT("default"),
        /** An environment variable of the manager process. */
        ENVIRONMENT("environment"),
        /** {@code ~/.agilab/.env}. */
        DOTENV(".env"),
        /** The app project's own app_settings.toml: the source of truth. */
        PROJECT("project"),
        /** The per-user override file ~/.agilab/apps/&lt;app&gt;/app_settings.toml. */
        USER("user"),
        /** A command-line option of this run (--home, --set, --workers, --mode); never saved. */
        COMMAND_LINE("command line"),
        /** A system property of the manager JVM. */
        SYSTEM_PROPERTY("system property");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static Provenance builtIn() {
        return new Provenance(Kind.DEFAULT, null, null, 0);
    }

    public static Provenance environment(String variable) {
        return new Provenance(Kind.ENVIRONMENT, variable, null, 0);
    }

    public static Provenance commandLine(String option) {
        return new Provenance(Kind.COMMAND_LINE, option, null, 0);
    }

    public static Provenance systemProperty(String property) {
        return new Provenance(Kind.SYSTEM_PROPERTY, property, null, 0);
    }

    public static Provenance file(Kind kind, Path file, int line) {
        return new Provenance(kind, null, file, line);
    }

    /** "project /x/app_settings.toml:12", "environment AGILAB_HOME", "command line --set", "default". */
    public String describe() {
        StringBuilder text = new StringBuilder(kind.label());
        if (name != null) {
            text.append(' ').append(name);
        }
        if (file != null) {
            text.append(' ').append(file);
            if (line > 0) {
                text.append(':').append(line);
            }
        }
        return text.toString();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", kind.label());
        if (name != null) {
            json.put("name", name);
        }
        if (file != null) {
            json.put("file", file.toString());
        }
        if (line > 0) {
            json.put("line", line);
        }
        return json;
    }
}
