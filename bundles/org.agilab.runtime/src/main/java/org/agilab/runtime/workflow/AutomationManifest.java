package org.agilab.runtime.workflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.RuntimeInfo;
import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.io.ContentHash;
import org.agilab.runtime.json.JsonCodec;

/**
 * Upstream's automation manifest ({@code agilab.pipeline.automation.v2}, compatible with v1), with its keys:
 * {@code schema}, {@code run_id}, {@code status}, {@code lab_dir}, {@code stages_file} and its {@code sha256},
 * {@code sequence} and {@code stage_ids} (1-based positions in the plan), {@code stage_deps},
 * {@code dependency_graph_dot}, {@code summary}, and a record per stage ({@code stage_index}, {@code status},
 * {@code code_sha256}, {@code outputs} with path, kind, size, mtime and sha256, ...). One difference, on purpose:
 * {@code waves} lists stage ids (upstream: positions), so a wave reads without the {@code stage_ids} table; upstream's
 * page shows either. Written atomically as {@code pipeline_automation_manifest.json} in the lab folder (the latest
 * run) and in the run's folder.
 */
public final class AutomationManifest {

    public static final String SCHEMA = "agilab.pipeline.automation.v2";
    public static final String FILE_NAME = "pipeline_automation_manifest.json";

    private AutomationManifest() {
    }

    static Path write(LabPlan plan, WorkflowRun.Options options, String runId, Path runFolder, String status, String error, Instant started,
            Instant finished, List<StageOutcome> outcomes) {
        Map<String, Object> manifest = build(plan, options, runId, runFolder, status, error, started, finished, outcomes);
        String json = JsonCodec.writePretty(manifest) + "\n";
        Path latest = plan.lab().folder().resolve(FILE_NAME);
        AtomicFiles.writeString(runFolder.resolve(FILE_NAME), json);
        AtomicFiles.writeString(latest, json);
        return latest;
    }

    static Map<String, Object> build(LabPlan plan, WorkflowRun.Options options, String runId, Path runFolder, String status, String error,
            Instant started, Instant finished, List<StageOutcome> outcomes) {
        List<Stage> stages = plan.stages();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("compatible_schemas", List.of("agilab.pipeline.automation.v1"));
        m.put("producer", "agilab-eclipse.workflow");
        m.put("producer_version", RuntimeInfo.VERSION);
        m.put("local_only", true);
        m.put("run_id", runId);
        m.put("workflow_source", "cli");
        m.put("profile", options.profile() == null || options.profile().isBlank() ? "balanced" : options.profile());
        m.put("status", status);
        m.put("apps", plan.stages().stream().map(Stage::array).distinct().toList());
        m.put("lab_dir", plan.lab().folder().toString());
        m.put("stages_file", plan.lab().path().toAbsolutePath().toString());
        m.put("stages_file_sha256", sha256(plan.lab().path()));
        m.put("started_at", started.toString());
        m.put("finished_at", finished.toString());
        m.put("duration_seconds", Duration.between(started, finished).toMillis() / 1000.0);
        List<Integer> sequence = new ArrayList<>();
        Map<String, String> stageIds = new LinkedHashMap<>();
        Map<String, List<String>> stageDeps = new LinkedHashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            sequence.add(i + 1);
            stageIds.put(Integer.toString(i + 1), stages.get(i).id());
            stageDeps.put(stages.get(i).id(), stages.get(i).dependsOn());
        }
        m.put("sequence", sequence);
        m.put("waves", plan.waves().stream().map(wave -> wave.stream().map(Stage::id).toList()).toList());
        m.put("max_workers", options.maxWorkers());
        m.put("stage_ids", stageIds);
        m.put("stage_deps", stageDeps);
        m.put("dependency_graph_dot", plan.dot());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("executed", outcomes.stream().filter(o -> o.status() == StageOutcome.Status.OK || o.status() == StageOutcome.Status.FAILED).count());
        summary.put("skipped", outcomes.stream().filter(o -> o.manifestStatus().startsWith("skipped")).count());
        summary.put("failed", outcomes.stream().filter(o -> o.status() == StageOutcome.Status.FAILED).count());
        summary.put("cancelled", outcomes.stream().filter(o -> "cancelled".equals(o.manifestStatus())).count());
        summary.put("stage_count", stages.size());
        m.put("summary", summary);
        m.put("error", error);
        List<Map<String, Object>> records = new ArrayList<>();
        for (StageOutcome outcome : outcomes) {
            Stage stage = plan.stage(outcome.stage());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("stage_index", stages.indexOf(stage) + 1);
            r.put("stage_id", outcome.stage());
            r.put("app", outcome.array());
            r.put("status", outcome.manifestStatus());
            r.put("wave", outcome.wave());
            r.put("profile", m.get("profile"));
            r.put("output_skip_rule", Map.of("enabled", stage.skipIfOutputsExist(), "outputs", stage.outputs()));
            r.put("description", stage.description());
            r.put("engine", stage.kind().id());
            r.put("runtime", stage.runtime());
            r.put("code_sha256", outcome.codeSha256());
            r.put("fingerprint", outcome.fingerprint() == null ? "" : outcome.fingerprint());
            r.put("started_at", outcome.startedAt());
            r.put("finished_at", outcome.finishedAt());
            r.put("duration_seconds", outcome.durationMs() / 1000.0);
            r.put("log", outcome.log() == null ? "" : outcome.log().toString());
            r.put("outputs", outcome.outputs());
            r.put("error", outcome.status() == StageOutcome.Status.FAILED && outcome.reason() != null ? outcome.reason() : "");
            r.put("reason", outcome.reason() == null ? "" : outcome.reason());
            records.add(r);
        }
        m.put("stages", records);
        m.put("run_manifest_path", runFolder.resolve(FILE_NAME).toString());
        m.put("latest_manifest_path", plan.lab().folder().resolve(FILE_NAME).toString());
        // as upstream: the hash of the manifest's canonical JSON without this key
        m.put("manifest_sha256", ContentHash.sha256(JsonCodec.canonical(m)));
        return m;
    }

    private static String sha256(Path file) {
        try {
            return Files.isRegularFile(file) ? ContentHash.sha256(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** Reads a manifest (ours or upstream's) from a lab folder; null when there is none or it is not JSON. */
    public static Map<String, Object> read(Path labFolder) {
        Path file = labFolder.resolve(FILE_NAME);
        try {
            return Files.isRegularFile(file) ? JsonCodec.readObject(Files.readString(file)) : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
