package org.agilab.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

import org.agilab.api.AgilabApi;

/** The runtime's version and the facts about the JVM and OS that records and doctor report. */
public final class RuntimeInfo {

    public static final String VERSION = "0.1.0";
    public static final int MINIMUM_JAVA = 17;

    private RuntimeInfo() {
    }

    public static Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("runtime", VERSION);
        env.put("api", AgilabApi.VERSION);
        env.put("javaVersion", System.getProperty("java.version"));
        env.put("javaVendor", System.getProperty("java.vendor"));
        env.put("javaHome", System.getProperty("java.home"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.put("cpus", Runtime.getRuntime().availableProcessors());
        env.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return env;
    }

    public static int javaFeatureVersion() {
        return Runtime.version().feature();
    }
}
