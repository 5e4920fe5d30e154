package org.agilab.runtime.workflow;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.ContentHash;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.workflow.StageOutcome.OutputRecord;
import org.agilab.runtime.workflow.StageOutcome.Status;

/**
 * Runs a lab's plan: wave after wave, the stages of a wave at once (at most {@link Options#maxWorkers}), each with its
 * own log. A stage is skipped when its last success had the same fingerprint (its code and settings, the content of
 * what it consumes, the outputs of the stages it depends on) and its outputs are still what that success wrote; also,
 * as upstream, when {@code automation.skip_if_outputs_exist} holds and every output exists, and when it is disabled. A
 * failed stage stops its dependents (the others go on); a cancel stops the running stages and the rest. Writes
 * {@code .agilab/workflow/state.json}, the logs under {@code .agilab/workflow/runs/<run>/}, and upstream's automation
 * manifest ({@link AutomationManifest}) in the lab folder.
 */
public final class WorkflowRun {

    /** Which stages of the plan to run. */
    public enum Selection {
        /** every stage (the default). */
        ALL,
        /** the stages whose dependencies are all up to date and which are not themselves (upstream's "run ready"). */
        READY,
        /** one stage ({@link Options#stage}), whatever the state of its dependencies. */
        STAGE
    }

    /**
     * How to run.
     *
     * @param home the AGILab home that {@code agilab} stages use unless their line names one
     * @param environment the caller's environment: {@code agilab} stages get it, other stages get it without secrets
     * @param redactor the secrets known to the caller (values never given to shell, java or Python stages)
     * @param python the Python interpreter for upstream's Python stages, or null (they are then not runnable)
     * @param java the command that starts a JVM with the runtime on its classpath: java, options, -cp, classpath
     */
    public record Options(Path home, String profile, int maxWorkers, boolean force, Selection selection, String stage,
            Map<String, String> environment, Redactor redactor, String python, List<String> java, Cancellation cancellation) {
    }

    /** Told of each stage as it starts and ends (from the stage's own thread). */
    public interface Listener {
        default void started(Stage stage, int wave, Path log) {
        }

        default void finished(StageOutcome outcome) {
        }
    }

    /** The result of a run: each stage's outcome in plan order, the manifest written, and the run's folder. */
    public record Result(String runId, List<StageOutcome> outcomes, Path manifest, Path runFolder, String status) {
        public long count(Status status) {
            return outcomes.stream().filter(o -> o.status() == status).count();
        }

        public boolean failed() {
            return outcomes.stream().anyMatch(o -> o.status() == Status.FAILED);
        }
    }

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss_SSS");

    private final LabPlan plan;
    private final Options options;
    private final Listener listener;
    private final StageState state;
    private final Path labFolder;
    private final Path runFolder;
    private final String runId;
    private final Map<String, StageOutcome> outcomes = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> appLocks = new ConcurrentHashMap<>();

    private WorkflowRun(LabPlan plan, Options options, Listener listener) {
        this.plan = plan;
        this.options = options;
        this.listener = listener == null ? new Listener() {
        } : listener;
        this.labFolder = plan.lab().folder();
        this.state = StageState.load(workflowFolder(labFolder).resolve("state.json"));
        this.runId = LocalDateTime.now(ZoneOffset.UTC).format(RUN_ID);
        this.runFolder = workflowFolder(labFolder).resolve("runs").resolve(runId);
    }

    /** {@code .agilab/workflow/} in the lab folder: state, logs and run folders. */
    public static Path workflowFolder(Path labFolder) {
        return labFolder.resolve(".agilab").resolve("workflow");
    }

    /** Runs the plan and writes the manifest; a failed stage is an outcome, not an exception. */
    public static Result run(LabPlan plan, Options options, Listener listener) {
        return new WorkflowRun(plan, options, listener).execute();
    }

    private Result execute() {
        Instant started = Instant.now();
        String status = "completed";
        String error = "";
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.maxWorkers()), runnable -> {
            Thread thread = new Thread(runnable, "agilab-stage");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<List<Stage>> waves = plan.waves();
            for (int w = 0; w < waves.size(); w++) {
                int wave = w + 1;
                List<Future<?>> running = new ArrayList<>();
                for (Stage stage : waves.get(w)) {
                    if (!selected(stage)) {
                        continue;
                    }
                    running.add(pool.submit(() -> consider(stage, wave)));
                }
                for (Future<?> future : running) {
                    try {
                        future.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        options.cancellation().cancel("interrupted");
                    } catch (ExecutionException e) {
                        throw AgilabException.classify(e.getCause());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<StageOutcome> ordered = new ArrayList<>();
        for (Stage stage : plan.stages()) {
            StageOutcome outcome = outcomes.get(stage.id());
            if (outcome != null) {
                ordered.add(outcome);
            }
        }
        if (options.cancellation().isCancelled()) {
            status = "cancelled";
            error = "cancelled: " + options.cancellation().reason();
        } else if (ordered.stream().anyMatch(o -> o.status() == Status.FAILED)) {
            status = "failed";
            StageOutcome first = ordered.stream().filter(o -> o.status() == Status.FAILED).findFirst().orElseThrow();
            error = "stage '" + first.stage() + "' failed: " + first.reason();
        }
        Path manifest = AutomationManifest.write(plan, options, runId, runFolder, status, error, started, Instant.now(), ordered);
        return new Result(runId, Collections.unmodifiableList(ordered), manifest, runFolder, status);
    }

    private boolean selected(Stage stage) {
        return options.selection() != Selection.STAGE || stage.id().equals(options.stage());
    }

    /** Decides whether the stage runs, runs it, and records its outcome. */
    private void consider(Stage stage, int wave) {
        String startedAt = now();
        String codeSha = ContentHash.sha256(stage.code());
        // a stage whose dependency did not end well does not run
        if (options.selection() != Selection.STAGE) {
            for (String dep : plan.waitsFor(stage)) {
                StageOutcome before = outcomes.get(dep);
                if (before != null && (before.status() == Status.FAILED || before.status() == Status.CANCELLED)) {
                    String why = before.status() == Status.FAILED ? "not run: stage '" + dep + "' failed" + (before.log() == null ? ""
                            : " (log: " + before.log() + ")") : "not run: stage '" + dep + "' did not run";
                    finish(stage, wave, Status.CANCELLED, options.cancellation().isCancelled() ? "cancelled" : "skipped_after_failure", why,
                            null, startedAt, codeSha, null, 0);
                    return;
                }
                if (options.selection() == Selection.READY && before != null && before.status() == Status.OK) {
                    finish(stage, wave, Status.SKIPPED, "skipped_not_ready", "not ready: stage '" + dep + "' ran in this run", null, startedAt,
                            codeSha, null, 0);
                    return;
                }
                if (options.selection() == Selection.READY && before != null && "skipped_not_ready".equals(before.manifestStatus())) {
                    finish(stage, wave, Status.SKIPPED, "skipped_not_ready", "not ready: waits for '" + dep + "'", null, startedAt, codeSha, null, 0);
                    return;
                }
            }
        }
        if (options.cancellation().isCancelled()) {
            finish(stage, wave, Status.CANCELLED, "cancelled", "cancelled before it started", null, startedAt, codeSha, null, 0);
            return;
        }
        if (stage.disabled()) {
            finish(stage, wave, Status.SKIPPED, "skipped_disabled", "disabled (enabled = false or skip = true)", null, startedAt, codeSha, null, 0);
            return;
        }
        String notRunnable = notRunnable(stage);
        if (notRunnable != null) {
            finish(stage, wave, Status.NOT_RUNNABLE, "skipped_not_runnable", notRunnable, null, startedAt, codeSha, null, 0);
            return;
        }
        String fingerprint = fingerprint(stage);
        if (!options.force()) {
            if (stage.skipIfOutputsExist() && !stage.outputs().isEmpty()
                    && stage.outputs().stream().allMatch(o -> state.digest(plan.resolve(o)).exists())) {
                finish(stage, wave, Status.SKIPPED, "skipped_outputs_exist", "its outputs exist (automation.skip_if_outputs_exist)", null,
                        startedAt, codeSha, fingerprint, 0);
                return;
            }
            if (upToDate(stage, fingerprint)) {
                finish(stage, wave, Status.SKIPPED, "skipped_unchanged", "unchanged since its last success", null, startedAt, codeSha,
                        fingerprint, 0);
                return;
            }
        }
        Path log = runFolder.resolve(fileName(stage.id()) + ".log");
        listener.started(stage, wave, log);
        long start = System.nanoTime();
        StageRunner.Ending ending;
        try {
            ending = lockFor(stage).map(lock -> {
                lock.lock();
                try {
                    return StageRunner.run(stage, this.context(stage, log));
                } finally {
                    lock.unlock();
                }
            }).orElseGet(() -> StageRunner.run(stage, this.context(stage, log)));
        } catch (RuntimeException e) {
            ending = StageRunner.Ending.failed("the stage could not be run: " + AgilabException.classify(e).getMessage());
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (ending.ok()) {
            List<String> missing = stage.outputs().stream().filter(o -> !state.digest(plan.resolve(o)).exists()).toList();
            if (!missing.isEmpty()) {
                ending = StageRunner.Ending.failed("it ended without writing " + String.join(", ", missing) + " (declared in produces)");
            }
        }
        if (ending.ok()) {
            Map<String, String> hashes = new TreeMap<>();
            for (String output : stage.outputs()) {
                hashes.put(output, state.digest(plan.resolve(output)).sha256());
            }
            state.succeeded(stage.id(), new StageState.Success(fingerprint, hashes, now()));
            finish(stage, wave, Status.OK, "completed", null, log, startedAt, codeSha, fingerprint, ms);
        } else if (ending.cancelled() || options.cancellation().isCancelled()) {
            state.forget(stage.id());
            finish(stage, wave, Status.CANCELLED, "cancelled", "cancelled while it ran", log, startedAt, codeSha, fingerprint, ms);
        } else {
            state.forget(stage.id());
            finish(stage, wave, Status.FAILED, "failed", ending.reason(), log, startedAt, codeSha, fingerprint, ms);
        }
        state.save();
    }

    /** {@code agilab} stages of one app run one at a time: each takes the app's lifecycle lock. */
    private java.util.Optional<ReentrantLock> lockFor(Stage stage) {
        if (stage.kind() != StageKind.AGILAB) {
            return java.util.Optional.empty();
        }
        String app = StageRunner.appOf(stage);
        return java.util.Optional.of(appLocks.computeIfAbsent(app == null ? "" : app, key -> new ReentrantLock(true)));
    }

    private StageRunner.Context context(Stage stage, Path log) {
        List<Path> inputs = stage.inputs().stream().map(i -> plan.resolve(i)).toList();
        List<Path> outputs = stage.outputs().stream().map(o -> plan.resolve(o)).toList();
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("AGILAB_LAB_DIR", labFolder.toString());
        extra.put("AGILAB_STAGE_ID", stage.id());
        extra.put("AGILAB_PIPELINE_RUN_ID", runId);
        extra.put("AGILAB_PIPELINE_PROFILE", options.profile() == null ? "" : options.profile());
        return new StageRunner.Context(labFolder, runFolder, log, inputs, outputs, options, extra);
    }

    private String notRunnable(Stage stage) {
        if (stage.code().isBlank()) {
            return "no code (C is empty)";
        }
        return switch (stage.kind()) {
            case PYTHON -> options.python() == null || options.python().isBlank()
                    ? "Python stage (R = \"" + (stage.runtime().isBlank() ? "runpy" : stage.runtime())
                            + "\"): not runnable here; set python in the [workflow] table of lab_stages.toml to run it"
                    : null;
            case UNKNOWN -> "runtime R = \"" + stage.runtime() + "\" is not one this AGILab runs (agilab, sql, java, shell, runpy, agi.run)";
            default -> null;
        };
    }

    /**
     * What a stage's result depends on: its runtime and code and settings (not its description or question), the
     * content of its inputs, and for each dependency the content of its outputs (its fingerprint when it declares none).
     */
    private String fingerprint(Stage stage) {
        ContentHash hash = new ContentHash("agilab.workflow.stage.v1");
        Map<String, Object> values = new TreeMap<>(stage.values());
        for (String key : List.of("D", "Q", "M", "id", "stage_id", "profiles", "pipeline_profiles", "automation_profiles")) {
            values.remove(key);
        }
        values.keySet().removeIf(key -> key.startsWith("NB_"));
        hash.text("values", JsonCodec.canonical(values));
        if (stage.kind() == StageKind.AGILAB) {
            hash.text("home", String.valueOf(options.home()));
        }
        for (String input : stage.inputs()) {
            StageState.Digest digest = state.digest(plan.resolve(input));
            hash.text("input " + input, digest.kind() + ":" + digest.sha256());
        }
        for (String dep : plan.waitsFor(stage)) {
            Stage upstream = plan.stage(dep);
            if (upstream == null) {
                continue;
            }
            if (upstream.outputs().isEmpty()) {
                StageOutcome outcome = outcomes.get(dep);
                StageState.Success success = state.success(dep);
                String fp = outcome != null && outcome.fingerprint() != null ? outcome.fingerprint() : success == null ? "" : success.fingerprint();
                hash.text("dep " + dep, fp);
            } else {
                for (String output : upstream.outputs()) {
                    StageState.Digest digest = state.digest(plan.resolve(output));
                    hash.text("dep " + dep + " " + output, digest.kind() + ":" + digest.sha256());
                }
            }
        }
        return hash.hex();
    }

    private boolean upToDate(Stage stage, String fingerprint) {
        StageState.Success success = state.success(stage.id());
        if (success == null || !success.fingerprint().equals(fingerprint)) {
            return false;
        }
        for (String output : stage.outputs()) {
            StageState.Digest digest = state.digest(plan.resolve(output));
            if (!digest.exists() || !digest.sha256().equals(success.outputs().get(output))) {
                return false;
            }
        }
        return true;
    }

    private void finish(Stage stage, int wave, Status status, String manifestStatus, String reason, Path log, String startedAt, String codeSha,
            String fingerprint, long ms) {
        StageOutcome outcome = new StageOutcome(stage.id(), stage.array(), stage.kind(), status, manifestStatus, reason, log, ms, wave,
                startedAt, now(), codeSha, fingerprint, outputRecords(stage));
        outcomes.put(stage.id(), outcome);
        listener.finished(outcome);
    }

    List<OutputRecord> outputRecords(Stage stage) {
        List<OutputRecord> records = new ArrayList<>();
        for (String spec : stage.outputs()) {
            Path path = plan.resolve(spec);
            StageState.Digest digest = state.digest(path);
            boolean file = digest.kind().equals("file");
            boolean dir = digest.kind().equals("directory");
            records.add(new OutputRecord(spec, path.toString(), digest.exists(), dir, file, digest.size(), digest.mtime(), digest.sha256(),
                    file ? "ok" : dir ? "directory" : "missing", digest.kind()));
        }
        return records;
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** A stage id as a file name: letters, digits, {@code . _ -} kept, anything else {@code _}. */
    static String fileName(String id) {
        String name = id.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() || name.startsWith(".") ? "_" + name : name;
    }

    static Set<String> ids(List<Stage> stages) {
        Set<String> ids = new java.util.LinkedHashSet<>();
        stages.forEach(s -> ids.add(s.id()));
        return ids;
    }

    /** A usage-level check of a run's options against its plan. */
    public static void check(LabPlan plan, Options options) {
        if (options.selection() == Selection.STAGE && plan.stage(options.stage()) == null) {
            throw AgilabException.of(FailureClass.USAGE, "no stage '" + options.stage() + "' in " + plan.lab().path())
                    .hint("stage ids here: " + String.join(", ", ids(plan.stages()))).build();
        }
    }
}
