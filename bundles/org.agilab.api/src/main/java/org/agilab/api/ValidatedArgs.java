package org.agilab.api;

/** Args with rules across fields ({@code datemax} after {@code datemin}): checked after binding. */
public interface ValidatedArgs {

    /** @throws InvalidArgException naming the key, the value and the rule */
    void validate() throws InvalidArgException;
}
