import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.workflow.LabFile;
import org.agilab.runtime.workflow.LabPlan;
import org.agilab.runtime.workflow.StageOutcome;
import org.agilab.runtime.workflow.WorkflowRun;

/**
 * The bookkeeping of a 100-stage lab (benchmarks only): ten waves of ten shell stages, each stage of a wave after two of
 * the wave before and consuming their outputs, each writing a 4 KiB file. The first run runs them (100 processes);
 * every later run finds them all unchanged, so what it costs is the bookkeeping alone: read the file, check and plan,
 * fingerprint every stage (its code, its inputs, its dependencies' outputs), check its outputs, write the state and the
 * manifest. Prints one JSON line: the first run's seconds, the first bookkeeping run's (this JVM cold), the median of
 * the next ROUNDS, and the median with the hash cache emptied before each run (every file read and hashed again).
 *
 *     java -cp RUNTIME:API:GSON:TOMLJ:ANTLR:BENCH WorkflowBench DIR ROUNDS
 */
public final class WorkflowBench {

    public static void main(String[] args) throws Exception {
        Path lab = Files.createDirectories(Path.of(args[0]));
        int rounds = Integer.parseInt(args[1]);
        StringBuilder text = new StringBuilder("[__meta__]\nschema = \"agilab.lab_stages.v1\"\nversion = 1\n\n[workflow]\nmax_workers = 4\n");
        for (int wave = 0; wave < 10; wave++) {
            for (int i = 0; i < 10; i++) {
                String id = "s" + wave + "_" + i;
                text.append("\n[[bench]]\nid = \"").append(id).append("\"\nD = \"no-op stage ").append(id).append("\"\nR = \"shell\"\n");
                text.append("C = \"head -c 4096 /dev/zero > out/").append(id).append(".bin\"\n");
                text.append("produces = [\"out/").append(id).append(".bin\"]\n");
                if (wave > 0) {
                    String a = "s" + (wave - 1) + "_" + i;
                    String b = "s" + (wave - 1) + "_" + ((i + 1) % 10);
                    text.append("depends_on = [\"").append(a).append("\", \"").append(b).append("\"]\n");
                    text.append("consumes = [\"out/").append(a).append(".bin\", \"out/").append(b).append(".bin\"]\n");
                }
            }
        }
        Files.createDirectories(lab.resolve("out"));
        Files.writeString(lab.resolve(LabFile.FILE_NAME), text);
        double first = run(lab, false);
        double cold = run(lab, false);
        List<Double> warm = new ArrayList<>();
        List<Double> rehash = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            warm.add(run(lab, false));
            rehash.add(run(lab, true));
        }
        System.out.printf("{\"stages\": 100, \"first_run_s\": %.3f, \"bookkeeping_cold_jvm_s\": %.3f, \"bookkeeping_s\": %.4f, "
                + "\"bookkeeping_rehash_s\": %.4f, \"rounds\": %d}%n", first, cold, median(warm), median(rehash), rounds);
    }

    private static int ran;

    private static double run(Path lab, boolean emptyHashCache) throws Exception {
        if (emptyHashCache) {
            Path state = WorkflowRun.workflowFolder(lab).resolve("state.json");
            String json = Files.readString(state);
            Files.writeString(state, json.substring(0, json.indexOf("\"hashes\"")) + "\"hashes\": {}\n}\n");
        }
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", "/usr/bin:/bin");
        long start = System.nanoTime();
        LabPlan plan = LabPlan.of(LabFile.load(lab.resolve(LabFile.FILE_NAME)), null, null);
        WorkflowRun.Result result = WorkflowRun.run(plan, new WorkflowRun.Options(lab, null, 4, false, WorkflowRun.Selection.ALL, null,
                environment, new Redactor(), null, null, new Cancellation()), null);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (result.outcomes().size() != 100 || result.failed()) {
            throw new IllegalStateException("the bench lab did not run: " + result.outcomes());
        }
        if (ran++ > 0 && skipped(result) != 100) {
            throw new IllegalStateException("a bookkeeping run ran stages: " + result.outcomes());
        }
        return seconds;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    static long skipped(WorkflowRun.Result result) {
        return result.count(StageOutcome.Status.SKIPPED);
    }
}
