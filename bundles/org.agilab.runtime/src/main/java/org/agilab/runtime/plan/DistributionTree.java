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

import com.google.gson.annotations.SerializedName;

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

    /**
     * The file as written: upstream's snake_case keys, each weight a {@code [name, weight]} pair as upstream writes it,
     * empty lists and absent values left out.
     */
    record FileForm(String schema, String created, boolean edited, Map<String, Long> workers,
            @SerializedName("args_fingerprint") String argsFingerprint, @SerializedName("inputs_fingerprint") String inputsFingerprint,
            @SerializedName("install_hash") String installHash, List<Double> capacities,
            @SerializedName("work_plan") List<List<WorkForm>> workPlan,
            @SerializedName("work_plan_metadata") List<List<List<Object>>> workPlanMetadata,
            @SerializedName("partition_key") String partitionKey, @SerializedName("nb_unit") String nbUnit,
            @SerializedName("weights_unit") String weightsUnit) {
    }

    /** One work in the file: upstream's {@code depends_on}. */
    record WorkForm(String name, List<String> items, Object args, @SerializedName("depends_on") List<String> dependsOn) {

        static WorkForm of(Work work) {
            return new WorkForm(work.name(), nullIfEmpty(work.items()), work.args(), nullIfEmpty(work.dependsOn()));
        }

        Work toWork() {
            if (name == null) {
                throw new IllegalArgumentException("a work without a name");
            }
            return new Work(name, items == null ? List.of() : items, args, dependsOn == null ? List.of() : dependsOn);
        }
    }

    private static <T> List<T> nullIfEmpty(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    /** The file's content, as {@link #write} writes it and the plan command reports it. */
    FileForm toFileForm() {
        List<List<WorkForm>> plan = distribution.workPlan().stream().map(works -> works.stream().map(WorkForm::of).toList()).toList();
        List<List<List<Object>>> metadata = distribution.workPlanMetadata().stream()
                .map(weights -> weights.stream().<List<Object>>map(w -> List.of(w.name(), w.weight())).toList()).toList();
        // capacities: the slots' relative speeds the plan was made for (absent: all equal)
        return new FileForm(SCHEMA, created, edited, workers, argsFingerprint, inputsFingerprint, installHash, nullIfEmpty(capacities),
                plan, metadata, distribution.partitionKey(), distribution.nbUnit(), distribution.weightsUnit());
    }

    /** The file's content as a JSON object, for results that carry the plan. */
    public Map<String, Object> toJson() {
        return JsonCodec.readObject(JsonCodec.write(toFileForm()));
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
        AtomicFiles.writeString(file, JsonCodec.writePretty(toFileForm()));
    }

    /**
     * Reads a tree written by {@link #write} (or edited by a person).
     *
     * @throws AgilabException (settings) naming the file when it is not a valid tree
     */
    public static DistributionTree read(Path file) {
        try {
            FileForm form = JsonCodec.read(Files.readString(file), FileForm.class);
            if (form.workPlan() == null || form.workPlanMetadata() == null || form.workers() == null) {
                throw new IllegalArgumentException("work_plan, work_plan_metadata and workers are required");
            }
            List<List<Work>> plan = form.workPlan().stream().map(works -> works.stream().map(WorkForm::toWork).toList()).toList();
            List<List<WorkWeight>> metadata = new ArrayList<>();
            for (List<List<Object>> worker : form.workPlanMetadata()) {
                List<WorkWeight> weights = new ArrayList<>();
                for (List<Object> pair : worker) {
                    if (pair.size() != 2 || !(pair.get(1) instanceof Number weight)) {
                        throw new IllegalArgumentException("a weight is a [name, number] pair, not " + pair);
                    }
                    weights.add(new WorkWeight(String.valueOf(pair.get(0)), weight.doubleValue()));
                }
                metadata.add(weights);
            }
            Distribution distribution = new Distribution(plan, metadata, form.partitionKey(), form.nbUnit(), form.weightsUnit());
            return new DistributionTree(distribution, new LinkedHashMap<>(form.workers()), form.argsFingerprint(), form.inputsFingerprint(),
                    form.installHash(), form.edited(), form.created(), form.capacities() == null ? List.of() : form.capacities());
        } catch (IOException | RuntimeException e) {
            throw AgilabException.of(FailureClass.SETTINGS, "not a valid distribution tree: " + e.getMessage()).file(file)
                    .hint("rerun distribute with --replan to write a new plan").cause(e).build();
        }
    }
}
