package org.agilab.api;

/** Facts about the app API itself. Apps outlive releases: the version changes only with the API. */
public final class AgilabApi {

    /** The API version apps compile against; equal to the exported package version. */
    public static final String VERSION = "0.1.0";

    private AgilabApi() {
    }
}
