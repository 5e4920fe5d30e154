package org.agilab.api;

/** A work's name and weight in the plan's {@code weights_unit}, as upstream's metadata pairs. */
public record WorkWeight(String name, double weight) {
}
