package flight_telemetry_worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import flight_telemetry.FlightTelemetryArgs;

import org.agilab.api.DataException;
import org.agilab.api.DataWorker;
import org.agilab.api.DuckDbContext;
import org.agilab.api.DuckDbWorker;
import org.agilab.api.ExecutionMode;
import org.agilab.api.OutputFile;
import org.agilab.api.Work;
import org.agilab.api.WorkerContext;

/**
 * For each plane (work): reads its files (one {@code workPool} per file, in parallel in pool mode), then per aircraft
 * orders the points by time and computes the previous point and the distance from it, and writes one file per
 * aircraft. Keeps a reduce summary per worker ({@code reduce_summary_worker_<id>.json}), as upstream.
 */
public class FlightTelemetryWorker implements DataWorker<FlightTelemetryArgs, FlightRows>, DuckDbWorker<FlightTelemetryArgs> {

    private Path dataOut;
    /** The rows kept: from datemin's first second to datemax's last (epoch seconds, UTC; until is exclusive). */
    private long from;
    private long until;
    private String format;
    private boolean compiled;
    private boolean duckDb;
    private final Map<String, String> aircraftPlane = new LinkedHashMap<>();
    private final Set<String> files = new TreeSet<>();
    private final Set<String> outputs = new TreeSet<>();
    /** Distance sums per plane, added up in plane order: the summary is the same whatever order planes finish in. */
    private final Map<String, Double> planeDistance = new java.util.TreeMap<>();
    private long rows;
    private double distanceMax;
    private long kernelNanos;
    /** The run's profile, summed over threads: reading and parsing files, grouping by aircraft, ordering, writing. */
    private final java.util.concurrent.atomic.AtomicLong readNanos = new java.util.concurrent.atomic.AtomicLong();
    private long groupNanos;
    private long sortNanos;
    private long writeNanos;
    private long timeStart = Long.MAX_VALUE;
    private long timeEnd = Long.MIN_VALUE;

    @Override
    public boolean hasCompiledKernel() {
        return true;
    }

    @Override
    public void start(WorkerContext<FlightTelemetryArgs> context) throws IOException {
        FlightTelemetryArgs args = context.args();
        dataOut = context.resolveOutput(args.dataOut);
        Path dataIn = context.resolveInput(args.dataIn);
        if (dataIn.startsWith(dataOut)) {
            throw new DataException(dataOut, 0, null, "data_out contains data_in: outputs would mix with the input files");
        }
        from = args.datemin.toEpochDay() * 86_400L;
        until = args.datemax.plusDays(1).toEpochDay() * 86_400L;
        format = args.outputFormat;
        compiled = context.mode().has(ExecutionMode.COMPILED);
        duckDb = runsOnDuckDb(args);
        Files.createDirectories(dataOut);
        context.log().info("writing " + format + " to " + dataOut + " with the " + kernelName() + " kernel, rows from "
                + args.datemin + " to " + args.datemax + " inclusive");
    }

    /**
     * The duckdb engine, unless the run skips or limits rows per file (nskip, nread): those count a file's lines as the
     * Java reader sees them, so such runs take the plain engine.
     */
    @Override
    public boolean runsOnDuckDb(FlightTelemetryArgs args) {
        return args.engine.equals("duckdb") && args.nskip == 0 && args.nread == 0;
    }

    private String kernelName() {
        return duckDb ? "duckdb (SQL)" : compiled ? "compiled" : "plain";
    }

    @Override
    public long workDuckDb(DuckDbContext<FlightTelemetryArgs> context, Work work) throws Exception {
        return FlightDuckDb.work(this, context, work, from, until, format, dataOut);
    }

    @Override
    public FlightRows workPool(WorkerContext<FlightTelemetryArgs> context, String item) throws IOException {
        long start = System.nanoTime();
        FlightRows rows = FlightCsv.read(Path.of(item), context.args().nskip, context.args().nread, from, until);
        readNanos.addAndGet(System.nanoTime() - start);
        return rows;
    }

    @Override
    public long rowsOf(FlightRows result) {
        return result.rows();
    }

    /** workDone of different planes may run at once in pool mode: the totals and the summary are updated under this lock. */
    private final Object totals = new Object();

    @Override
    public long workDone(WorkerContext<FlightTelemetryArgs> context, Work work, List<FlightRows> results) throws Exception {
        long groupStart = System.nanoTime();
        PlaneRows plane = PlaneRows.of(results);
        long groupTime = System.nanoTime() - groupStart;
        claim(work, results.stream().map(FlightRows::file).toList(), plane.aircraft().stream().map(Kernels.Selection::aircraft).toList());
        synchronized (totals) {
            groupNanos += groupTime;
        }
        for (Kernels.Selection selection : plane.aircraft()) {
            long kernelStart = System.nanoTime();
            long[] sortTime = new long[1];
            Track track = compiled ? Kernels.compiled(selection, plane.time(), plane.lat(), plane.lon(), sortTime)
                    : Kernels.plain(selection, plane.time(), plane.lat(), plane.lon(), sortTime);
            long kernelTime = System.nanoTime() - kernelStart;
            String output = TrackFiles.write(context, track, dataOut, format).getFileName().toString();
            long writeTime = System.nanoTime() - kernelStart - kernelTime;
            synchronized (totals) {
                kernelNanos += kernelTime;
                sortNanos += sortTime[0];
                writeNanos += writeTime;
            }
            long size = track.size();
            added(work, track.aircraft(), size, track.distanceSum(), track.distanceMax(), size == 0 ? 0 : track.time()[0],
                    size == 0 ? 0 : track.time()[track.size() - 1], output);
        }
        planeDone(context, work, plane.rows(), plane.aircraft().size());
        return plane.rows();
    }

    /**
     * Notes a plane's files and aircraft (whichever engine read them): an aircraft in the files of two planes is a data
     * error, since each aircraft's output is one plane's.
     */
    void claim(Work work, List<Path> planeFiles, List<String> aircraft) {
        synchronized (totals) {
            for (Path file : planeFiles) {
                files.add(file.getFileName().toString());
            }
            for (String name : aircraft) {
                String earlier = aircraftPlane.putIfAbsent(name, work.name());
                if (earlier != null && !earlier.equals(work.name())) {
                    throw new DataException(planeFiles.get(0).getParent(), 0, "aircraft", "aircraft " + name
                            + " is in the files of plane " + earlier + " and of plane " + work.name()
                            + "; each aircraft's file is one plane's");
                }
            }
        }
    }

    /** Adds one written track to the worker's totals (times in epoch seconds, UTC). */
    void added(Work work, String aircraft, long size, double distanceSum, double distanceMax, long first, long last, String output) {
        synchronized (totals) {
            outputs.add(output);
            rows += size;
            planeDistance.merge(work.name() + "\u0000" + aircraft, distanceSum, Double::sum);
            this.distanceMax = Math.max(this.distanceMax, distanceMax);
            if (size > 0) {
                timeStart = Math.min(timeStart, first);
                timeEnd = Math.max(timeEnd, last);
            }
        }
    }

    /** Adds to the run's profile (nanoseconds): reading, ordering, the kernel with its ordering, writing. */
    void profile(long read, long sort, long kernel, long write) {
        readNanos.addAndGet(read);
        synchronized (totals) {
            sortNanos += sort;
            kernelNanos += kernel;
            writeNanos += write;
        }
    }

    /** Rewrites the summary and says the plane is done, whichever engine ran it. */
    void planeDone(WorkerContext<FlightTelemetryArgs> context, Work work, long planeRows, int aircraft) throws IOException {
        synchronized (totals) {
            writeSummary(context);
        }
        context.log().info("plane " + work.name() + ": " + planeRows + " rows, " + aircraft + " aircraft");
    }

    /** Upstream's reduce partial, rewritten after each plane so it always describes what is on disk. */
    private void writeSummary(WorkerContext<FlightTelemetryArgs> context) throws IOException {
        double distanceSum = 0;
        for (double sum : planeDistance.values()) {
            distanceSum += sum;
        }
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"reducer\": \"flight_telemetry.trajectory-metrics.v1\",\n");
        json.append("  \"worker\": ").append(context.workerId()).append(",\n");
        json.append("  \"host\": \"").append(context.host()).append("\",\n");
        json.append("  \"kernel\": \"").append(duckDb ? "duckdb" : compiled ? "compiled" : "plain").append("\",\n");
        json.append("  \"rows\": ").append(rows).append(",\n");
        json.append("  \"aircraft_count\": ").append(aircraftPlane.size()).append(",\n");
        json.append("  \"aircraft\": ").append(quoted(new TreeSet<>(aircraftPlane.keySet()))).append(",\n");
        json.append("  \"file_count\": ").append(files.size()).append(",\n");
        json.append("  \"files\": ").append(quoted(files)).append(",\n");
        json.append("  \"distance_sum_m\": ").append(Double.toString(distanceSum)).append(",\n");
        json.append("  \"distance_mean_m\": ").append(Double.toString(rows == 0 ? 0.0 : distanceSum / rows)).append(",\n");
        json.append("  \"distance_max_m\": ").append(Double.toString(distanceMax)).append(",\n");
        json.append("  \"time_start\": \"").append(rows == 0 ? "" : Dates.format(timeStart)).append("\",\n");
        json.append("  \"time_end\": \"").append(rows == 0 ? "" : Dates.format(timeEnd)).append("\",\n");
        json.append("  \"outputs\": ").append(quoted(outputs)).append("\n}\n");
        Path target = dataOut.resolve(String.format(Locale.ROOT, "reduce_summary_worker_%d.json", context.workerId()));
        try (OutputFile out = context.output(target, "the summary of worker " + context.workerId())) {
            out.writeString(json);
            out.commit();
        }
    }

    /**
     * The kernel's time is a log line, not part of the summary: outputs depend on the inputs only, so a chunk replayed
     * ({@code agilab replay-chunk}) writes them again byte for byte.
     */
    @Override
    public void stop(WorkerContext<FlightTelemetryArgs> context) {
        synchronized (totals) {
            // the kernel alone (order by time, previous point, distance), one thread: what benchmarks compare
            context.log().info(String.format(Locale.ROOT, "kernel time %.3f ms for %d rows", kernelNanos / 1e6, rows));
            // where the worker's time went, summed over its threads (so up to the pool width times the wall time); logged,
            // not in the summary, so the outputs depend on the inputs only (tests/bench/flight-profile reads this line)
            context.log().info(String.format(Locale.ROOT, "profile ms: read %.3f group %.3f sort %.3f kernel %.3f write %.3f",
                    readNanos.get() / 1e6, groupNanos / 1e6, sortNanos / 1e6, kernelNanos / 1e6, writeNanos / 1e6));
        }
    }

    private static String quoted(Iterable<String> values) {
        StringBuilder list = new StringBuilder("[");
        for (String value : values) {
            if (list.length() > 1) {
                list.append(", ");
            }
            list.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return list.append(']').toString();
    }
}
