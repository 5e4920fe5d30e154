package org.agilab.runtime.record;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.api.Work;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;

/**
 * One chunk of a cluster run as its record keeps it ({@code chunks} in {@code run_manifest.json}): where it ran last,
 * its works and items, the args and mode it was given, and the staged worker it ran (the install hash and the files),
 * all as this machine sees them (an SSH host's chunk ran on the host's copies, under {@code remoteShare}). Enough to
 * run exactly that chunk again ({@code agilab replay-chunk}).
 *
 * @param index the chunk's index, also its worker id
 * @param count the run's chunk count
 * @param attempt 1 for the first send, more after a failover
 * @param remoteShare the share root on the SSH host it ran on, or null (this machine's share)
 */
public record RecordedChunk(int index, int count, int attempt, String node, String host, String remoteShare, int mode, List<Work> works,
        Map<String, Object> args, String app, Install install) {

    /** The staged worker a chunk ran: its content hash and files, on this machine. */
    public record Install(String hash, Path workerEnv, Path workerJar, List<Path> appClasspath, String managerClass, String workerClass) {
    }

    public RecordedChunk {
        works = List.copyOf(works);
        args = new LinkedHashMap<>(args);
    }

    /** Every item of the chunk's works, in order. */
    public List<String> items() {
        List<String> items = new ArrayList<>();
        works.forEach(work -> items.addAll(work.items()));
        return items;
    }

    /** The manifest's form (maps, lists and strings, so the redactor walks it). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("index", index);
        json.put("count", count);
        json.put("attempt", attempt);
        json.put("node", node);
        json.put("host", host);
        if (remoteShare != null) {
            json.put("remoteShare", remoteShare);
        }
        json.put("mode", mode);
        json.put("items", items());
        List<Object> workList = new ArrayList<>();
        for (Work work : works) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", work.name());
            entry.put("items", work.items());
            if (work.args() != null) {
                entry.put("args", work.args());
            }
            if (!work.dependsOn().isEmpty()) {
                entry.put("dependsOn", work.dependsOn());
            }
            workList.add(entry);
        }
        json.put("works", workList);
        json.put("args", args);
        json.put("app", app);
        Map<String, Object> installJson = new LinkedHashMap<>();
        installJson.put("hash", install.hash());
        installJson.put("workerEnv", install.workerEnv().toString());
        installJson.put("workerJar", install.workerJar().toString());
        installJson.put("appClasspath", install.appClasspath().stream().map(Path::toString).toList());
        installJson.put("managerClass", install.managerClass());
        installJson.put("workerClass", install.workerClass());
        json.put("install", installJson);
        return json;
    }

    /**
     * A chunk as a manifest holds it.
     *
     * @throws AgilabException ({@code usage}) naming {@code manifest} when a member is missing or of the wrong kind
     */
    @SuppressWarnings("unchecked")
    public static RecordedChunk fromJson(Map<String, Object> json, Path manifest) {
        try {
            Map<String, Object> installJson = (Map<String, Object>) json.get("install");
            Install install = new Install((String) required(installJson, "hash"), Path.of((String) required(installJson, "workerEnv")),
                    Path.of((String) required(installJson, "workerJar")),
                    ((List<String>) required(installJson, "appClasspath")).stream().map(Path::of).toList(),
                    (String) required(installJson, "managerClass"), (String) required(installJson, "workerClass"));
            List<Work> works = new ArrayList<>();
            for (Object entry : (List<Object>) required(json, "works")) {
                Map<String, Object> work = (Map<String, Object>) entry;
                works.add(new Work((String) required(work, "name"), (List<String>) work.get("items"), work.get("args"),
                        (List<String>) work.get("dependsOn")));
            }
            return new RecordedChunk(number(json, "index"), number(json, "count"), number(json, "attempt"), (String) json.get("node"),
                    (String) required(json, "host"), (String) json.get("remoteShare"), number(json, "mode"), works,
                    (Map<String, Object>) required(json, "args"), (String) required(json, "app"), install);
        } catch (ClassCastException | NullPointerException e) {
            throw AgilabException.of(FailureClass.USAGE, "a chunk of " + manifest + " is not as AGILab writes it: " + e.getMessage())
                    .file(manifest).hint("replay a record written by 'agilab run --mode d...'").cause(e).build();
        }
    }

    private static Object required(Map<String, Object> json, String key) {
        Object value = json.get(key);
        if (value == null) {
            throw new NullPointerException("no " + key);
        }
        return value;
    }

    private static int number(Map<String, Object> json, String key) {
        return ((Number) required(json, key)).intValue();
    }
}
