package org.agilab.runtime.data;

/** A sort of the rows by one column, nulls last whatever the direction. */
public record SortOrder(String column, boolean ascending) {
}
