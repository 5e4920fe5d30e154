package org.agilab.runtime.manager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.request.Command;
import org.agilab.runtime.request.ManagerRequest;
import org.agilab.runtime.workflow.LabFile;
import org.agilab.runtime.workflow.LabPlan;
import org.agilab.runtime.workflow.Stage;
import org.agilab.runtime.workflow.StageOutcome;
import org.agilab.runtime.workflow.WorkflowRun;

/**
 * {@code agilab workflow list|graph|run}: a lab's {@code lab_stages.toml}, from {@code --lab DIR} or upstream's
 * {@code ~/export/<target>/}. {@code list} and {@code graph} show every stage array of the file unless {@code --app}
 * names one; {@code run} runs the plan ({@code --stage ID}, {@code --ready} or {@code --all}, the default), one
 * {@link Event.Stage} per stage, and fails ({@code data}, exit 4) naming the first failed stage and its log.
 */
final class WorkflowCommand {

    private WorkflowCommand() {
    }

    static int execute(OperationContext context) {
        ManagerRequest request = context.request();
        List<String> words = request.arguments();
        if (words.size() != 1 || !List.of("list", "graph", "run").contains(words.get(0))) {
            throw AgilabException.of(FailureClass.USAGE, "workflow needs one of list, graph, run" + (words.isEmpty() ? "" : ", not '"
                    + String.join(" ", words) + "'")).hint("agilab workflow list --lab ~/export/flight_telemetry").build();
        }
        String action = words.get(0);
        Path file = labFile(context);
        LabFile lab = LabFile.load(file);
        String metaProblem = lab.metaProblem();
        if (metaProblem != null) {
            throw AgilabException.of(FailureClass.SETTINGS, metaProblem).file(file).hint("this file comes from a newer AGILab").build();
        }
        List<String> arrays = arrays(context, lab);
        String profile = request.value(ManagerRequest.Value.PROFILE);
        return switch (action) {
            case "list" -> list(context, lab, arrays);
            case "graph" -> graph(context, LabPlan.of(lab, arrays, profile, context.home().path()));
            default -> run(context, LabPlan.of(lab, arrays, profile, context.home().path()), profile);
        };
    }

    /** {@code --lab} (a folder, or the file itself), else the app's export folder {@code ~/export/<target>/}. */
    private static Path labFile(OperationContext context) {
        String lab = context.request().value(ManagerRequest.Value.LAB);
        Path folder;
        if (lab != null) {
            Path given = Path.of(lab).toAbsolutePath().normalize();
            if (Files.isRegularFile(given)) {
                return given;
            }
            folder = given;
        } else if (context.app() != null) {
            folder = context.home().exportRoot().resolve(context.app().target());
        } else {
            throw AgilabException.of(FailureClass.SETTINGS, "workflow needs a lab: --lab DIR, or --app NAME for ~/export/<target>/")
                    .hint("agilab workflow list --lab DIR").build();
        }
        return folder.resolve(LabFile.FILE_NAME);
    }

    /** The arrays of the app given with --app (its target or project name), or all of them (null). */
    private static List<String> arrays(OperationContext context, LabFile lab) {
        if (context.request().app() == null || context.app() == null) {
            return null;
        }
        AppProject app = context.app();
        List<String> names = new ArrayList<>();
        for (String name : lab.arrays().keySet()) {
            if (name.equals(app.target()) || name.equals(app.name())) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw AgilabException.of(FailureClass.SETTINGS, "no stages of " + app.name() + " in this lab (stage arrays: "
                    + String.join(", ", lab.arrays().keySet()) + ")").file(lab.path())
                    .hint("add [[" + app.target() + "]] stages, or leave out --app to see every array").build();
        }
        return names;
    }

    private static int list(OperationContext context, LabFile lab, List<String> arrays) {
        StringBuilder summary = new StringBuilder();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LabFile.StageArray array : lab.arrays().values()) {
            if (arrays != null && !arrays.contains(array.name())) {
                continue;
            }
            summary.append(array.name()).append(" (").append(array.stages().size()).append(" stages, ")
                    .append(array.form() == LabFile.Form.TABLES ? "[[tables]]" : "inline").append(")\n");
            for (Stage stage : array.stages()) {
                context.events().emit(new Event.Stage(stage.id(), array.name(), null, stage.runtime(), stage.description(), null,
                        stage.dependsOn(), null, null, null));
                summary.append(String.format("  %-28s %-8s line %-4d %s%n", stage.id(), kindLabel(stage), stage.line(), oneLine(stage.description())));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("stage", stage.id());
                row.put("app", array.name());
                row.put("R", stage.runtime());
                row.put("D", stage.description());
                row.put("line", stage.line());
                rows.add(row);
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("file", lab.path().toString());
        data.put("legacy", lab.legacy());
        data.put("stages", rows);
        summary.append(lab.path()).append(lab.legacy() ? " (legacy: no [__meta__])" : "");
        context.events().emit(Event.Result.ok(Command.WORKFLOW.id(), data, summary.toString()));
        return 0;
    }

    private static int graph(OperationContext context, LabPlan plan) {
        StringBuilder summary = new StringBuilder();
        List<List<Stage>> waves = plan.waves();
        for (int w = 0; w < waves.size(); w++) {
            summary.append("wave ").append(w + 1).append(":");
            for (Stage stage : waves.get(w)) {
                summary.append(' ').append(stage.id()).append(" (").append(kindLabel(stage)).append(')');
                List<String> waits = plan.waitsFor(stage);
                if (!waits.isEmpty()) {
                    summary.append(" <- ").append(String.join(", ", waits));
                }
                context.events().emit(new Event.Stage(stage.id(), stage.array(), "planned", stage.runtime(), stage.description(), w + 1,
                        waits, null, null, null));
            }
            summary.append('\n');
        }
        if (!plan.dependenciesDeclared()) {
            summary.append("(no stage declares depends_on: the stages run in the file's order)\n");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("file", plan.lab().path().toString());
        data.put("waves", waves.stream().map(wave -> wave.stream().map(Stage::id).toList()).toList());
        data.put("dot", plan.dot());
        context.events().emit(Event.Result.ok(Command.WORKFLOW.id(), data, summary.toString().stripTrailing()));
        return 0;
    }

    private static int run(OperationContext context, LabPlan plan, String profile) {
        ManagerRequest request = context.request();
        WorkflowRun.Selection selection = request.value(ManagerRequest.Value.STAGE) != null ? WorkflowRun.Selection.STAGE
                : request.has(ManagerRequest.Flag.READY) ? WorkflowRun.Selection.READY : WorkflowRun.Selection.ALL;
        if (request.value(ManagerRequest.Value.STAGE) != null && (request.has(ManagerRequest.Flag.READY) || request.has(ManagerRequest.Flag.ALL))
                || request.has(ManagerRequest.Flag.READY) && request.has(ManagerRequest.Flag.ALL)) {
            throw AgilabException.of(FailureClass.USAGE, "give one of --stage ID, --ready, --all").build();
        }
        Map<String, Object> workflow = plan.lab().table("workflow");
        Object python = workflow.get("python");
        int maxWorkers = workflow.get("max_workers") instanceof Long n && n > 0 ? n.intValue()
                : Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
        Map<String, String> environment = new LinkedHashMap<>(context.home().environment());
        WorkflowRun.Options options = new WorkflowRun.Options(context.home().path(), profile, maxWorkers, request.force(), selection,
                request.value(ManagerRequest.Value.STAGE), environment, context.redactor(), python == null ? null : String.valueOf(python),
                null, context.cancellation());
        WorkflowRun.check(plan, options);
        WorkflowRun.Result result = WorkflowRun.run(plan, options, new WorkflowRun.Listener() {
            @Override
            public void started(Stage stage, int wave, Path log) {
                context.events().emit(new Event.Stage(stage.id(), stage.array(), "running", stage.runtime(), stage.description(), wave,
                        stage.dependsOn(), null, log.toString(), null));
            }

            @Override
            public void finished(StageOutcome outcome) {
                Stage stage = plan.stage(outcome.stage());
                context.events().emit(new Event.Stage(outcome.stage(), outcome.array(), outcome.status().id(), stage.runtime(),
                        stage.description(), outcome.wave(), stage.dependsOn(), outcome.reason(),
                        outcome.log() == null ? null : outcome.log().toString(), outcome.durationMs()));
            }
        });
        if (context.record() != null) {
            context.record().output(result.manifest());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("run", result.runId());
        data.put("status", result.status());
        data.put("manifest", result.manifest().toString());
        data.put("waves", plan.waves().stream().map(wave -> wave.stream().map(Stage::id).toList()).toList());
        for (StageOutcome.Status status : StageOutcome.Status.values()) {
            data.put(status.id(), result.count(status));
        }
        String summary = result.outcomes().size() + " stages: " + result.count(StageOutcome.Status.OK) + " ran, "
                + result.count(StageOutcome.Status.SKIPPED) + " skipped, " + result.count(StageOutcome.Status.FAILED) + " failed, "
                + result.count(StageOutcome.Status.CANCELLED) + " cancelled, " + result.count(StageOutcome.Status.NOT_RUNNABLE)
                + " not runnable; manifest " + result.manifest();
        if (context.cancellation().isCancelled()) {
            AgilabException cancelled = AgilabException.of(FailureClass.CANCELLED, "cancelled: " + context.cancellation().reason()).build();
            context.events().emit(Event.Failure.of(Command.WORKFLOW.id(), cancelled, data, summary));
            return cancelled.failureClass().exitCode();
        }
        if (result.failed()) {
            StageOutcome first = result.outcomes().stream().filter(o -> o.status() == StageOutcome.Status.FAILED).findFirst().orElseThrow();
            AgilabException failed = AgilabException.of(FailureClass.DATA, "stage '" + first.stage() + "' failed: " + first.reason())
                    .file(plan.lab().path()).line(plan.stage(first.stage()).line())
                    .hint("read its log " + first.log() + "; its dependents did not run").build();
            context.events().emit(Event.Failure.of(Command.WORKFLOW.id(), failed, data, summary));
            return failed.failureClass().exitCode();
        }
        context.events().emit(Event.Result.ok(Command.WORKFLOW.id(), data, summary));
        return 0;
    }

    private static String kindLabel(Stage stage) {
        return stage.runtime().isBlank() ? "runpy" : stage.runtime();
    }

    private static String oneLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 70 ? line.substring(0, 67) + "..." : line;
    }
}
