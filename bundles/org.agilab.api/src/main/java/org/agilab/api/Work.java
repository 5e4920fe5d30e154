package org.agilab.api;

import java.util.List;
import java.util.Objects;

/**
 * One unit of a plan. For data workers: a partition ({@code name}, e.g. a plane) and its {@code items} (e.g. files),
 * each processed by {@code workPool}. For DAG workers: a step ({@code name} is the step method), its {@code args}
 * (JSON-like: maps, lists, strings, numbers, booleans) and the names of the steps it depends on.
 */
public record Work(String name, List<String> items, Object args, List<String> dependsOn) {

    public Work {
        Objects.requireNonNull(name, "name");
        items = items == null ? List.of() : List.copyOf(items);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }

    /** A data partition with its items. */
    public static Work partition(String name, List<String> items) {
        return new Work(name, items, null, List.of());
    }

    /** A DAG step with its args and dependencies. */
    public static Work step(String name, Object args, String... dependsOn) {
        return new Work(name, List.of(), args, List.of(dependsOn));
    }
}
