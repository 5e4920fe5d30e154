package org.agilab.runtime.manager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.agilab.runtime.data.DataColumn;
import org.agilab.runtime.data.DataQueryException;
import org.agilab.runtime.data.Dataset;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.record.RunHistory;
import org.agilab.runtime.request.Command;
import org.agilab.runtime.request.ManagerRequest.Value;

/**
 * {@code agilab export}: upstream's "Prepare data for experiment". Chosen columns of a run's data outputs, filtered, to
 * {@code ~/export/<target>/export.csv} (or {@code --out}), through the read-only data service; prints the file and the
 * row count. The run is the app's latest one with data outputs, or the record {@code --run} names.
 */
final class ExportCommand {

    private ExportCommand() {
    }

    static int execute(OperationContext context) {
        RunHistory.Entry run = run(context);
        String spec = RunHistory.outputData(run).orElseThrow(() -> AgilabException.of(FailureClass.DATA,
                "the run " + run.folder() + " recorded no data output (parquet, CSV or JSON) to export").file(run.folder())
                .hint("export a run that wrote data: agilab run --app " + run.target() + ", then agilab export --app " + run.target()).build());
        String out = context.request().value(Value.OUT);
        Path target = out != null ? Path.of(out).toAbsolutePath().normalize() : context.home().exportRoot().resolve(run.target()).resolve("export.csv");
        List<String> columns = new ArrayList<>();
        String chosen = context.request().value(Value.COLUMNS);
        if (chosen != null) {
            for (String name : chosen.split(",")) {
                if (!name.isBlank()) {
                    columns.add(name.strip());
                }
            }
        }
        String where = context.request().value(Value.WHERE);
        long rows;
        List<String> written;
        try (Dataset dataset = Dataset.open(spec, run.folder())) {
            written = columns.isEmpty() ? dataset.columns().stream().map(DataColumn::name).toList() : columns;
            rows = dataset.exportCsv(columns, where, target, context.cancellation());
        } catch (DataQueryException e) {
            FailureClass failure = e.kind() == DataQueryException.Kind.CANCELLED ? FailureClass.CANCELLED : FailureClass.DATA;
            throw AgilabException.of(failure, e.getMessage()).file(run.folder())
                    .hint(e.kind() == DataQueryException.Kind.INVALID || e.kind() == DataQueryException.Kind.REFUSED
                            ? "--columns takes the outputs' column names, --where a SQL expression over them, e.g. --where \"speed > 100\""
                            : "the outputs are in " + spec)
                    .cause(e).build();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("run", run.folder().toString());
        data.put("source", spec);
        data.put("out", target.toString());
        data.put("rows", rows);
        data.put("columns", written);
        data.put("where", where);
        String summary = String.format("%s: %,d rows, %d columns", target, rows, written.size());
        context.events().emit(Event.Result.ok(Command.EXPORT.id(), data, summary));
        return 0;
    }

    /** {@code --run DIR}, else the app's newest record with data outputs. */
    private static RunHistory.Entry run(OperationContext context) {
        String named = context.request().value(Value.RUN);
        if (named != null && !named.equals("latest")) {
            Path folder = Path.of(named).toAbsolutePath().normalize();
            if (!Files.isRegularFile(folder.resolve(org.agilab.runtime.record.RunRecord.MANIFEST_FILE))) {
                throw AgilabException.of(FailureClass.USAGE, folder + " is not a run record (it has no run_manifest.json)").file(folder)
                        .hint("--run takes a folder under ~/log/execute/<app>/, or latest").build();
            }
            return RunHistory.at(folder);
        }
        if (context.app() == null) {
            throw AgilabException.of(FailureClass.USAGE, "export needs --app NAME|PATH, or --run RECORD_DIR")
                    .hint("agilab export --app flight_telemetry --columns aircraft,date,speed").build();
        }
        String target = context.app().target();
        Path logs = context.home().executeLogs(target).getParent();
        Optional<RunHistory.Entry> latest = RunHistory.list(logs).stream()
                .filter(entry -> entry.target().equals(target) && "ok".equals(entry.status()) && RunHistory.outputData(entry).isPresent())
                .findFirst();
        return latest.orElseThrow(() -> AgilabException.of(FailureClass.DATA, "no run of " + context.app().name() + " with data outputs in "
                + context.home().executeLogs(target)).file(context.home().executeLogs(target))
                .hint("run it first: agilab run --app " + context.app().name()).build());
    }
}
