package flight_telemetry;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.agilab.api.AppManager;
import org.agilab.api.DataException;
import org.agilab.api.Distribution;
import org.agilab.api.PlanningContext;
import org.agilab.api.Work;
import org.agilab.api.WorkWeight;

/**
 * Plans the flight files by plane: the plane is the two digits before the first '_' of the file name
 * ({@code 60_5984.csv} is plane 60); each plane is one work, weighted by its files' bytes, spread over the workers by
 * the planner. As upstream's FlightTelemetry.build_distribution.
 */
public class FlightTelemetry implements AppManager<FlightTelemetryArgs> {

    static final Pattern PLANE = Pattern.compile("(\\d{2})_[^/]*\\.csv");

    @Override
    public Class<FlightTelemetryArgs> argsType() {
        return FlightTelemetryArgs.class;
    }

    /** reset_target: removes the app's own outputs from data_out once, before the workers start (never data_in). */
    @Override
    public void prepareRun(PlanningContext<FlightTelemetryArgs> context) throws IOException {
        FlightTelemetryArgs args = context.args();
        Path dataOut = context.resolveOutput(args.dataOut);
        if (!args.resetTarget || !Files.isDirectory(dataOut)) {
            return;
        }
        if (context.resolveInput(args.dataIn).startsWith(dataOut)) {
            throw new DataException(dataOut, 0, null, "data_out contains data_in: reset_target would delete input files");
        }
        try (var old = Files.newDirectoryStream(dataOut, "{*.csv,*.parquet,reduce_summary_worker_*.json}")) {
            for (Path file : old) {
                Files.delete(file);
            }
        }
        context.log().info("reset_target: removed the previous outputs from " + dataOut);
    }

    @Override
    public List<Path> planInputs(PlanningContext<FlightTelemetryArgs> context) {
        return List.of(context.resolveInput(context.args().dataIn));
    }

    @Override
    public Distribution buildDistribution(PlanningContext<FlightTelemetryArgs> context) throws IOException {
        FlightTelemetryArgs args = context.args();
        Path dataIn = context.resolveInput(args.dataIn);
        if (!Files.isDirectory(dataIn)) {
            throw new DataException(dataIn, 0, null, "the input folder does not exist: run install to stage the sample, "
                    + "or set data_in to a folder of <plane>_<id>.csv files");
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + args.files);
        Map<String, List<Path>> byPlane = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dataIn)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                String name = file.getFileName().toString();
                Matcher plane = PLANE.matcher(name);
                if (name.startsWith("._") || !matcher.matches(file.getFileName()) || !plane.matches()) {
                    continue;
                }
                byPlane.computeIfAbsent(plane.group(1), p -> new ArrayList<>()).add(file);
            }
        }
        if (byPlane.isEmpty()) {
            throw new DataException(dataIn, 0, null, "no flight files (<plane>_<id>.csv matching '" + args.files + "') in the input folder");
        }
        List<String> planes = new ArrayList<>(byPlane.keySet());
        long[] bytes = new long[planes.size()];
        for (int i = 0; i < planes.size(); i++) {
            List<Path> files = byPlane.get(planes.get(i));
            if (args.nfile > 0 && files.size() > args.nfile) {
                byPlane.put(planes.get(i), files = files.subList(0, args.nfile));
            }
            for (Path file : files) {
                bytes[i] += Files.size(file);
            }
        }
        List<List<Work>> plan = new ArrayList<>();
        List<List<WorkWeight>> metadata = new ArrayList<>();
        for (int[] slot : context.makeChunks(bytes)) {
            List<Work> works = new ArrayList<>();
            List<WorkWeight> weights = new ArrayList<>();
            for (int index : slot) {
                String plane = planes.get(index);
                works.add(Work.partition(plane, byPlane.get(plane).stream().map(Path::toString).toList()));
                weights.add(new WorkWeight(plane, bytes[index] / 1000.0));
            }
            plan.add(works);
            metadata.add(weights);
        }
        context.log().info(planes.size() + " planes, " + byPlane.values().stream().mapToInt(List::size).sum() + " files from " + dataIn);
        return new Distribution(plan, metadata, "plane", "files", "KB");
    }
}
