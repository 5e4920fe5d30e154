package org.agilab.runtime.plan;

import java.util.Arrays;
import java.util.Objects;

/**
 * A work plan: for each worker slot, the indexes (into the planned weights array) of the works it gets, in the order
 * they were assigned (heaviest first, ties by index).
 *
 * <p>The record is immutable: the constructor and {@link #slots()} copy the arrays. {@link #equals(Object)} and
 * {@link #hashCode()} compare array contents, so two plans are equal when they give the same works to the same slots
 * in the same order, with the same max load and the same {@code exact} flag.
 *
 * @param slots for each slot, the indexes of its works
 * @param maxLoad the largest capacity-normalised load, {@code max_i(sum of weights in slot i / capacity_i)}
 * @param exact whether the exact search (rather than greedy LPT) produced the plan
 */
public record Chunks(int[][] slots, double maxLoad, boolean exact) {

    /** Plans with more works than this print a summary rather than every index. */
    private static final int PRINTED_WORKS_LIMIT = 64;

    public Chunks {
        Objects.requireNonNull(slots, "slots");
        int[][] copy = new int[slots.length][];
        for (int slot = 0; slot < slots.length; slot++) {
            copy[slot] = Objects.requireNonNull(slots[slot], "slots[" + slot + "]").clone();
        }
        slots = copy;
        if (Double.isNaN(maxLoad) || maxLoad < 0) {
            throw new IllegalArgumentException("maxLoad = " + maxLoad + ": must be >= 0");
        }
    }

    /** A copy of the per-slot work indexes. */
    @Override
    public int[][] slots() {
        int[][] copy = new int[slots.length][];
        for (int slot = 0; slot < slots.length; slot++) {
            copy[slot] = slots[slot].clone();
        }
        return copy;
    }

    /** The number of worker slots (equal to the number of capacities planned for). */
    public int slotCount() {
        return slots.length;
    }

    /** The number of works over all slots. */
    public int workCount() {
        int count = 0;
        for (int[] works : slots) {
            count += works.length;
        }
        return count;
    }

    /** A copy of the work indexes given to {@code slot}, in assignment order. */
    public int[] worksOf(int slot) {
        return slots[slot].clone();
    }

    /**
     * For each work index {@code 0..workCount()-1}, the slot it is assigned to.
     *
     * @throws IllegalStateException if the slots do not hold each index of {@code 0..workCount()-1} exactly once
     */
    public int[] slotOfEachWork() {
        int[] slotOfWork = new int[workCount()];
        Arrays.fill(slotOfWork, -1);
        for (int slot = 0; slot < slots.length; slot++) {
            for (int work : slots[slot]) {
                if (work < 0 || work >= slotOfWork.length || slotOfWork[work] != -1) {
                    throw new IllegalStateException("work " + work + " in slot " + slot
                            + " is out of range or assigned twice; the plan is not a partition of 0.."
                            + (slotOfWork.length - 1));
                }
                slotOfWork[work] = slot;
            }
        }
        return slotOfWork;
    }

    /** The sum of the weights of the works given to {@code slot} (not normalised by capacity). */
    public long weightOf(int slot, long[] weights) {
        long sum = 0;
        for (int work : slots[slot]) {
            sum += weights[work];
        }
        return sum;
    }

    /** The capacity-normalised load of {@code slot}: its weight divided by its capacity. */
    public double loadOf(int slot, long[] weights, double[] capacities) {
        return (double) weightOf(slot, weights) / capacities[slot];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Chunks that
                && exact == that.exact
                && Double.compare(maxLoad, that.maxLoad) == 0
                && Arrays.deepEquals(slots, that.slots);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.deepHashCode(slots) + Double.hashCode(maxLoad)) + Boolean.hashCode(exact);
    }

    @Override
    public String toString() {
        int works = workCount();
        String slotText = works <= PRINTED_WORKS_LIMIT
                ? Arrays.deepToString(slots)
                : slots.length + " slots, " + works + " works";
        return "Chunks[slots=" + slotText + ", maxLoad=" + maxLoad + ", exact=" + exact + "]";
    }
}
