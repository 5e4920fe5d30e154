package org.agilab.api;

import java.util.List;
import java.util.Objects;

/**
 * Upstream's five parts of a distribution: {@code work_plan} (for each worker slot, its works),
 * {@code work_plan_metadata} (for each worker slot, each work's name and weight), {@code partition_key} (what a work
 * is: "plane"), {@code nb_unit} (what its items are: "files") and {@code weights_unit} ("KB").
 */
public record Distribution(List<List<Work>> workPlan, List<List<WorkWeight>> workPlanMetadata, String partitionKey,
        String nbUnit, String weightsUnit) {

    public Distribution {
        Objects.requireNonNull(workPlan, "workPlan");
        Objects.requireNonNull(workPlanMetadata, "workPlanMetadata");
        if (workPlan.size() != workPlanMetadata.size()) {
            throw new IllegalArgumentException("work_plan has " + workPlan.size() + " workers but work_plan_metadata has "
                    + workPlanMetadata.size());
        }
        for (int i = 0; i < workPlan.size(); i++) {
            if (workPlan.get(i).size() != workPlanMetadata.get(i).size()) {
                throw new IllegalArgumentException("worker " + i + " has " + workPlan.get(i).size() + " works but "
                        + workPlanMetadata.get(i).size() + " metadata entries");
            }
        }
        workPlan = workPlan.stream().map(List::copyOf).toList();
        workPlanMetadata = workPlanMetadata.stream().map(List::copyOf).toList();
    }

    /** A plan with nothing to do, as the minimal app returns. */
    public static Distribution empty(int slots, String partitionKey, String nbUnit, String weightsUnit) {
        List<List<Work>> plan = java.util.stream.IntStream.range(0, slots).mapToObj(i -> List.<Work>of()).toList();
        List<List<WorkWeight>> metadata = java.util.stream.IntStream.range(0, slots).mapToObj(i -> List.<WorkWeight>of()).toList();
        return new Distribution(plan, metadata, partitionKey, nbUnit, weightsUnit);
    }

    public int workCount() {
        return workPlan.stream().mapToInt(List::size).sum();
    }
}
