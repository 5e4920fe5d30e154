package org.agilab.api;

import java.util.List;
import java.util.Map;

/** A DAG step's args from the plan: JSON-like values (maps, lists, strings, numbers, booleans). */
public record StepArgs(Object value) {

    @SuppressWarnings("unchecked")
    public Map<String, Object> asMap() {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalStateException("step args are " + describe() + ", not a map");
    }

    @SuppressWarnings("unchecked")
    public List<Object> asList() {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new IllegalStateException("step args are " + describe() + ", not a list");
    }

    public long asLong() {
        if (value instanceof Number number) {
            return number.longValue();
        }
        throw new IllegalStateException("step args are " + describe() + ", not a number");
    }

    private String describe() {
        return value == null ? "empty" : value.getClass().getSimpleName() + " " + value;
    }
}
