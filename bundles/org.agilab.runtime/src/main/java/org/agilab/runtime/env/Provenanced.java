package org.agilab.runtime.env;

/** A value together with where it came from. */
public record Provenanced<T>(T value, Provenance provenance) {
}
