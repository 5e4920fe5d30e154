package org.agilab.runtime.workflow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One stage of a {@code lab_stages.toml}, as upstream writes it: {@code D} description, {@code Q} question, {@code M}
 * model, {@code C} code, {@code R} runtime, {@code E} environment, {@code id}, dependencies ({@code depends_on}, or
 * {@code deps} / {@code dependencies} as upstream's editor writes them), {@code produces}, {@code consumes},
 * {@code automation = {skip_if_outputs_exist, outputs}}, {@code profiles.<name>}, and any other key (notebook keys
 * such as {@code NB_CELL_ID}), all kept in {@link #values}.
 *
 * @param array the stage array it belongs to (the app's target name, or an older file's project name)
 * @param index its place in that array, from 0
 * @param id its {@code id} (or {@code stage_id}), else {@code stage_<n>} (prefixed with the array when the file has
 *        several arrays), as upstream derives it
 * @param line the line of its {@code [[array]]} header or of its inline table's {@code {}
 */
public record Stage(String array, int index, String id, int line, Map<String, Object> values) {

    public Stage {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Whether the stage names its id ({@code id} or {@code stage_id}). */
    public boolean explicitId() {
        return !text("id").isBlank() || !text("stage_id").isBlank();
    }

    public String text(String key) {
        Object value = values.get(key);
        return value instanceof String s ? s : value == null ? "" : String.valueOf(value);
    }

    public String description() {
        return text("D");
    }

    public String runtime() {
        return text("R");
    }

    public String code() {
        return text("C");
    }

    public StageKind kind() {
        return StageKind.of(values.containsKey("R") ? runtime() : null);
    }

    /** Upstream's dependency keys, read in its order: {@code deps}, {@code depends_on}, {@code dependencies}. */
    public List<String> dependsOn() {
        for (String key : List.of("deps", "depends_on", "dependencies")) {
            if (values.containsKey(key)) {
                return strings(values.get(key));
            }
        }
        return List.of();
    }

    /** The dependency key this stage uses (what an edit writes back), {@code depends_on} when it has none. */
    public String dependencyKey() {
        for (String key : List.of("deps", "depends_on", "dependencies")) {
            if (values.containsKey(key)) {
                return key;
            }
        }
        return "depends_on";
    }

    /** {@code automation}, with upstream's top-level fallbacks ({@code outputs}, {@code skip_if_outputs_exist}, ...). */
    public Map<String, Object> automation() {
        Map<String, Object> automation = new LinkedHashMap<>();
        if (values.get("automation") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> automation.put(String.valueOf(k), v));
        }
        for (String key : List.of("skip_if_outputs_exist", "skip_if_outputs_current", "outputs", "output_paths", "inputs",
                "input_paths", "parallel_safe", "enabled", "skip")) {
            if (values.containsKey(key) && !automation.containsKey(key) && !key.equals("enabled") && !key.equals("skip")) {
                automation.put(key, values.get(key));
            }
        }
        return automation;
    }

    /** What the stage writes: {@code produces}, then {@code automation.outputs}, without repeats. */
    public List<String> outputs() {
        LinkedHashSet<String> outputs = new LinkedHashSet<>(strings(values.get("produces")));
        Map<String, Object> automation = automation();
        outputs.addAll(strings(automation.get("outputs")));
        outputs.addAll(strings(automation.get("output_paths")));
        return List.copyOf(outputs);
    }

    /** What the stage reads: {@code consumes}, then {@code automation.inputs}. */
    public List<String> inputs() {
        LinkedHashSet<String> inputs = new LinkedHashSet<>(strings(values.get("consumes")));
        Map<String, Object> automation = automation();
        inputs.addAll(strings(automation.get("inputs")));
        inputs.addAll(strings(automation.get("input_paths")));
        return List.copyOf(inputs);
    }

    /** Upstream's rule: skip when every declared output exists ({@code automation.skip_if_outputs_exist}). */
    public boolean skipIfOutputsExist() {
        Map<String, Object> automation = automation();
        Object flag = automation.containsKey("skip_if_outputs_exist") ? automation.get("skip_if_outputs_exist")
                : automation.get("skip_if_outputs_current");
        return truthy(flag);
    }

    /** {@code enabled = false} or {@code skip = true}, on the stage or in {@code automation}. */
    public boolean disabled() {
        Object automation = values.get("automation");
        Map<?, ?> auto = automation instanceof Map<?, ?> m ? m : Map.of();
        return Boolean.FALSE.equals(values.get("enabled")) || Boolean.FALSE.equals(auto.get("enabled"))
                || Boolean.TRUE.equals(values.get("skip")) || Boolean.TRUE.equals(auto.get("skip"));
    }

    /**
     * The stage under a profile: {@code profiles.<name>} (or upstream's {@code pipeline_profiles},
     * {@code automation_profiles}) merged over its values, tables key by key.
     */
    public Stage withProfile(String profile) {
        if (profile == null || profile.isBlank()) {
            return this;
        }
        for (String key : List.of("profiles", "pipeline_profiles", "automation_profiles")) {
            if (values.get(key) instanceof Map<?, ?> profiles && profiles.get(profile) instanceof Map<?, ?> override) {
                return new Stage(array, index, id, line, merge(values, override));
            }
        }
        return this;
    }

    /** The profile names this stage declares. */
    public List<String> profiles() {
        List<String> names = new ArrayList<>();
        for (String key : List.of("profiles", "pipeline_profiles", "automation_profiles")) {
            if (values.get(key) instanceof Map<?, ?> profiles) {
                profiles.keySet().forEach(name -> names.add(String.valueOf(name)));
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<?, ?> override) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        override.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (merged.get(key) instanceof Map<?, ?> current && v instanceof Map<?, ?> nested) {
                merged.put(key, merge((Map<String, Object>) current, nested));
            } else {
                merged.put(key, v);
            }
        });
        return merged;
    }

    /** A string or a list of strings (nested lists and tables flattened, as upstream reads path specs). */
    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        collect(value, out);
        return out;
    }

    private static void collect(Object value, List<String> out) {
        if (value == null || value instanceof Boolean) {
            return;
        }
        if (value instanceof List<?> list) {
            list.forEach(item -> collect(item, out));
        } else if (value instanceof Map<?, ?> map) {
            map.keySet().stream().map(String::valueOf).sorted().forEach(key -> collect(map.get(key), out));
        } else {
            String text = String.valueOf(value).strip();
            if (!text.isEmpty()) {
                out.add(text);
            }
        }
    }

    static boolean truthy(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            return List.of("1", "true", "yes", "y", "on").contains(s.strip().toLowerCase(Locale.ROOT));
        }
        return value instanceof Number n && n.doubleValue() != 0;
    }
}
