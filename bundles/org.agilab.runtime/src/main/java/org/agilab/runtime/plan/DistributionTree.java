package org.agilab.runtime.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.api.Distribution;
import org.agilab.api.Work;
import org.agilab.api.WorkWeight;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.json.JsonCodec;

/**
 * {@code ~/wenv/<target>_worker/distribution_tree.json}: upstream's keys ({@code work_plan},
 * {@code work_plan_metadata}, {@code partition_key}, {@code nb_unit}, {@code weights_unit}) plus what reuse needs
 * ({@code workers}, {@code args_fingerprint}, {@code inputs_fingerprint}, {@code install_hash}) and {@code edited},
 * which the IDE's plan editor sets when a user moves a partition.
 */
public record DistributionTree(Distribution distribution, Map<String, Long> workers, String argsFingerprint,
        String inputsFingerprint, String installHash, boolean edited, String created, List<Double> capacities) {

    public static final String FILE = "distribution_tree.json";
    public static final String SCHEMA = "agilab.distribution_tree.v1";

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema", SCHEMA);
        json.put("created", created);
        json.put("edited", edited);
        json.put("workers", workers);
        json.put("args_fingerprint", argsFingerprint);
        json.put("inputs_fingerprint", inputsFingerprint);
        json.put("install_hash", installHash);
        if (capacities != null && !capacities.isEmpty()) {
            json.put("capacities", capacities); // the slots' relative speeds the plan was made for (absent: all equal)
        }
        List<Object> plan = new ArrayList<>();
        for (List<Work> works : distribution.workPlan()) {
            List<Object> worker = new ArrayList<>();
            for (Work work : works) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", work.name());
                if (!work.items().isEmpty()) {
                    entry.put("items", work.items());
                }
                if (work.args() != null) {
                    entry.put("args", work.args());
                }
                if (!work.dependsOn().isEmpty()) {
                    entry.put("depends_on", work.dependsOn());
                }
                worker.add(entry);
            }
            plan.add(worker);
        }
        json.put("work_plan", plan);
        List<Object> metadata = new ArrayList<>();
        for (List<WorkWeight> weights : distribution.workPlanMetadata()) {
            metadata.add(weights.stream().map(w -> List.of(w.name(), w.weight())).toList());
        }
        json.put("work_plan_metadata", metadata);
        json.put("partition_key", distribution.partitionKey());
        json.put("nb_unit", distribution.nbUnit());
        json.put("weights_unit", distribution.weightsUnit());
        return json;
    }

    /**
     * This plan with the work {@code name} moved from worker {@code from} to the end of worker {@code to}'s list, its
     * weight with it, marked edited (upstream's workplan editor): the next run reuses it as long as its workers, args
     * and inputs match, and distribute never replaces it silently.
     *
     * @throws IllegalArgumentException naming the worker or work that does not exist
     */
    public DistributionTree move(int from, String name, int to) {
        List<List<Work>> plan = distribution.workPlan();
        if (from < 0 || from >= plan.size() || to < 0 || to >= plan.size()) {
            throw new IllegalArgumentException("the plan has workers 0 to " + (plan.size() - 1) + ", not " + (from < 0 || from >= plan.size() ? from : to));
        }
        List<List<Work>> works = new ArrayList<>();
        List<List<WorkWeight>> weights = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            works.add(new ArrayList<>(plan.get(i)));
            weights.add(new ArrayList<>(i < distribution.workPlanMetadata().size() ? distribution.workPlanMetadata().get(i) : List.of()));
        }
        int index = -1;
        for (int i = 0; i < works.get(from).size(); i++) {
            if (works.get(from).get(i).name().equals(name)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IllegalArgumentException("worker " + from + " has no work named " + name);
        }
        if (from != to) {
            works.get(to).add(works.get(from).remove(index));
            WorkWeight weight = index < weights.get(from).size() ? weights.get(from).remove(index) : new WorkWeight(name, 1.0);
            weights.get(to).add(weight);
        }
        Distribution moved = new Distribution(works, weights, distribution.partitionKey(), distribution.nbUnit(), distribution.weightsUnit());
        return new DistributionTree(moved, workers, argsFingerprint, inputsFingerprint, installHash, true, created, capacities);
    }

    /** Each worker's load: the sum of its works' weights over its slot's capacity (1 when the plan was made for equal slots). */
    public List<Double> loads() {
        List<Double> loads = new ArrayList<>();
        List<List<WorkWeight>> metadata = distribution.workPlanMetadata();
        for (int i = 0; i < distribution.workPlan().size(); i++) {
            double weight = i < metadata.size() ? metadata.get(i).stream().mapToDouble(WorkWeight::weight).sum() : 0;
            double capacity = capacities != null && i < capacities.size() && capacities.get(i) > 0 ? capacities.get(i) : 1.0;
            loads.add(weight / capacity);
        }
        return loads;
    }

    public void write(Path file) {
        AtomicFiles.writeString(file, JsonCodec.writePretty(toJson()));
    }

    /**
     * Reads a tree written by {@link #write} (or edited by a person).
     *
     * @throws AgilabException (settings) naming the file when it is not a valid tree
     */
    @SuppressWarnings("unchecked")
    public static DistributionTree read(Path file) {
        try {
            Map<String, Object> json = JsonCodec.readObject(Files.readString(file));
            List<List<Work>> plan = new ArrayList<>();
            for (Object worker : (List<Object>) json.get("work_plan")) {
                List<Work> works = new ArrayList<>();
                for (Object entry : (List<Object>) worker) {
                    Map<String, Object> work = (Map<String, Object>) entry;
                    works.add(new Work((String) work.get("name"), strings(work.get("items")), work.get("args"),
                            strings(work.get("depends_on"))));
                }
                plan.add(works);
            }
            List<List<WorkWeight>> metadata = new ArrayList<>();
            for (Object worker : (List<Object>) json.get("work_plan_metadata")) {
                List<WorkWeight> weights = new ArrayList<>();
                for (Object pair : (List<Object>) worker) {
                    List<Object> nameAndWeight = (List<Object>) pair;
                    weights.add(new WorkWeight(String.valueOf(nameAndWeight.get(0)), ((Number) nameAndWeight.get(1)).doubleValue()));
                }
                metadata.add(weights);
            }
            Map<String, Long> workers = new LinkedHashMap<>();
            ((Map<String, Object>) json.get("workers")).forEach((host, count) -> workers.put(host, ((Number) count).longValue()));
            Distribution distribution = new Distribution(plan, metadata, (String) json.get("partition_key"),
                    (String) json.get("nb_unit"), (String) json.get("weights_unit"));
            return new DistributionTree(distribution, workers, (String) json.get("args_fingerprint"),
                    (String) json.get("inputs_fingerprint"), (String) json.get("install_hash"),
                    Boolean.TRUE.equals(json.get("edited")), (String) json.get("created"),
                    json.get("capacities") instanceof List<?> list ? list.stream().map(v -> ((Number) v).doubleValue()).toList() : List.of());
        } catch (IOException | RuntimeException e) {
            throw AgilabException.of(FailureClass.SETTINGS, "not a valid distribution tree: " + e.getMessage()).file(file)
                    .hint("rerun distribute with --replan to write a new plan").cause(e).build();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        return ((List<Object>) value).stream().map(String::valueOf).toList();
    }
}
