package org.agilab.runtime.app;

import java.nio.file.Path;

/** Upstream's share rule for app paths: absolute stays as given, relative is under the share root. */
public record SharePaths(Path shareRoot) {

    public Path resolve(String path) {
        Path given = Path.of(path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path);
        return given.isAbsolute() ? given.normalize() : shareRoot.resolve(given).normalize();
    }
}
