package org.agilab.runtime.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JVM options every JVM that runs Ignite needs on Java 17: Ignite's documented --add-opens set and its quiet
 * flags, kept in one file ({@code ignite-jvm-options.txt} beside this class) that ./agilab also reads. No Ignite type
 * here, so Eclipse code can ask without Ignite in the framework.
 */
public final class ClusterJvm {

    public static final String OPTIONS_RESOURCE = "org/agilab/runtime/cluster/ignite-jvm-options.txt";

    private ClusterJvm() {
    }

    public static List<String> options() {
        try (InputStream in = ClusterJvm.class.getClassLoader().getResourceAsStream(OPTIONS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPTIONS_RESOURCE + " is missing from the runtime jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + OPTIONS_RESOURCE, e);
        }
    }
}
