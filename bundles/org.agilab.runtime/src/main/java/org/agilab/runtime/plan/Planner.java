package org.agilab.runtime.plan;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Splits weighted works over worker slots so that the largest capacity-normalised load is as small as possible
 * (upstream AGILab's {@code WorkDispatcher.make_chunks}). The load of slot {@code i} is the sum of the weights of the
 * works it gets divided by {@code capacities[i]}.
 *
 * <h2>Rules</h2>
 * <ul>
 * <li>Works are considered heaviest first; equal weights in ascending index order. This order is also the order in
 * which each slot lists its works.</li>
 * <li>Up to {@link #EXACT_THRESHOLD} works: the exact optimum, by branch and bound. Above it: greedy LPT (longest
 * processing time first).</li>
 * <li>LPT puts each work on the slot whose projected load {@code (load_i + w) / capacity_i} is smallest; on a tie the
 * lowest slot index wins. When all capacities are equal the slots' integer loads are compared exactly instead (same
 * choice, without rounding).</li>
 * <li>The exact search starts from the LPT plan as the incumbent, assigns works in the order above and tries slots in
 * index order. It replaces the incumbent only with a plan strictly better by a relative {@value #RELATIVE_EPSILON}, so
 * the result is the first optimal plan met in that order, and LPT's plan whenever LPT is already optimal. It stops
 * early once the incumbent reaches the lower bound {@code max(total / sum of capacities, heaviest / largest
 * capacity)}. Of several slots with the same capacity and the same current load only the first is tried (the others
 * would give the same loads).</li>
 * <li>No works: every slot empty, max load 0. More slots than works: some slots stay empty. Zero-weight works are still
 * assigned, by the same rules.</li>
 * </ul>
 * The result depends only on the inputs: no hashing order or timing is involved.
 *
 * <h2>Cost</h2>
 * Sorting is an index merge sort without boxing. With equal capacities LPT keeps a binary heap of slots, so it costs
 * {@code O(n log n + n log m)}; with mixed capacities it scans all slots per work, {@code O(n m)}.
 */
public final class Planner {

    /** Works up to this count get the exact optimum; above it, greedy LPT. */
    public static final int EXACT_THRESHOLD = 12;

    /** Relative margin by which the exact search must beat the incumbent to replace it. */
    public static final double RELATIVE_EPSILON = 1e-12;

    private Planner() {
    }

    /** Equal capacities (1.0) for {@code slots} slots. */
    public static Chunks makeChunks(long[] weights, int slots) {
        if (slots <= 0) {
            throw new IllegalArgumentException("slots = " + slots + ": need at least one worker slot");
        }
        double[] capacities = new double[slots];
        Arrays.fill(capacities, 1.0);
        return makeChunks(weights, capacities);
    }

    /**
     * Plans {@code weights} over one slot per capacity.
     *
     * @param weights one per work, each >= 0 (exact byte sizes); their sum must fit in a {@code long}
     * @param capacities one per worker slot, each finite and > 0
     * @throws IllegalArgumentException with a message naming the offending index and value (negative weight,
     *         NaN/infinite/<=0 capacity, zero slots, weights whose sum overflows)
     */
    public static Chunks makeChunks(long[] weights, double[] capacities) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(capacities, "capacities");
        validateCapacities(capacities);
        validateWeights(weights);
        int slotCount = capacities.length;
        int workCount = weights.length;
        if (workCount == 0) {
            return new Chunks(new int[slotCount][0], 0.0, true);
        }
        int[] order = heaviestFirst(weights);
        long[] sortedWeights = new long[workCount];
        for (int rank = 0; rank < workCount; rank++) {
            sortedWeights[rank] = weights[order[rank]];
        }
        boolean equalCapacities = allEqual(capacities);
        long[] loads = new long[slotCount];
        int[] slotOfRank = equalCapacities
                ? lptEqualCapacities(sortedWeights, loads)
                : lptMixedCapacities(sortedWeights, capacities, loads);
        double lptMaxLoad = maxLoad(loads, capacities);
        if (workCount > EXACT_THRESHOLD) {
            return toChunks(order, slotOfRank, slotCount, lptMaxLoad, false);
        }
        ExactSearch search = new ExactSearch(sortedWeights, capacities, slotOfRank, lptMaxLoad);
        search.run();
        return toChunks(order, search.bestSlotOfRank, slotCount, search.bestMaxLoad, true);
    }

    private static void validateCapacities(double[] capacities) {
        if (capacities.length == 0) {
            throw new IllegalArgumentException("capacities.length = 0: need at least one worker slot");
        }
        for (int slot = 0; slot < capacities.length; slot++) {
            double capacity = capacities[slot];
            if (!Double.isFinite(capacity) || capacity <= 0) {
                throw new IllegalArgumentException(
                        "capacities[" + slot + "] = " + capacity + ": each capacity must be finite and > 0");
            }
        }
    }

    private static void validateWeights(long[] weights) {
        long total = 0;
        for (int work = 0; work < weights.length; work++) {
            long weight = weights[work];
            if (weight < 0) {
                throw new IllegalArgumentException("weights[" + work + "] = " + weight + ": each weight must be >= 0");
            }
            if (total > Long.MAX_VALUE - weight) {
                // Loads are summed exactly in longs, so a total past Long.MAX_VALUE cannot be planned.
                throw new IllegalArgumentException("weights[" + work + "] = " + weight
                        + ": the sum of the weights up to this index exceeds " + Long.MAX_VALUE);
            }
            total += weight;
        }
    }

    private static boolean allEqual(double[] capacities) {
        for (double capacity : capacities) {
            if (capacity != capacities[0]) {
                return false;
            }
        }
        return true;
    }

    /** Size of the runs sorted by insertion before merging. */
    private static final int INSERTION_RUN = 32;

    /**
     * Work indexes ordered by weight descending, equal weights by index ascending. A stable merge sort over an
     * {@code int[]} of indexes starting in index order gives the tie order for free and boxes nothing.
     */
    static int[] heaviestFirst(long[] weights) {
        int count = weights.length;
        int[] sorted = new int[count];
        for (int index = 0; index < count; index++) {
            sorted[index] = index;
        }
        for (int start = 0; start < count; start += INSERTION_RUN) {
            insertionSort(sorted, start, Math.min(start + INSERTION_RUN, count), weights);
        }
        int[] buffer = new int[count];
        for (int width = INSERTION_RUN; width < count; width *= 2) {
            for (int start = 0; start < count; start += 2 * width) {
                int middle = Math.min(start + width, count);
                int end = Math.min(start + 2 * width, count);
                merge(sorted, buffer, start, middle, end, weights);
            }
            int[] swap = sorted;
            sorted = buffer;
            buffer = swap;
        }
        return sorted;
    }

    private static void insertionSort(int[] indexes, int start, int end, long[] weights) {
        for (int next = start + 1; next < end; next++) {
            int index = indexes[next];
            long weight = weights[index];
            int position = next;
            // Move past only strictly lighter works so that equal weights keep their index order.
            while (position > start && weights[indexes[position - 1]] < weight) {
                indexes[position] = indexes[position - 1];
                position--;
            }
            indexes[position] = index;
        }
    }

    private static void merge(int[] from, int[] to, int start, int middle, int end, long[] weights) {
        int left = start;
        int right = middle;
        int out = start;
        while (left < middle && right < end) {
            // Take from the right run only when strictly heavier: ties keep the left (lower index) first.
            if (weights[from[right]] > weights[from[left]]) {
                to[out++] = from[right++];
            } else {
                to[out++] = from[left++];
            }
        }
        while (left < middle) {
            to[out++] = from[left++];
        }
        while (right < end) {
            to[out++] = from[right++];
        }
    }

    /**
     * LPT when all capacities are equal: the slot with the smallest load (lowest index on ties) gets the next work.
     * A binary min-heap keyed on (load, slot index) finds it in {@code O(log m)}.
     */
    private static int[] lptEqualCapacities(long[] sortedWeights, long[] loads) {
        int slotCount = loads.length;
        int[] heap = new int[slotCount];
        for (int slot = 0; slot < slotCount; slot++) {
            heap[slot] = slot; // all loads 0, so index order is already a valid heap
        }
        int[] slotOfRank = new int[sortedWeights.length];
        for (int rank = 0; rank < sortedWeights.length; rank++) {
            int slot = heap[0];
            slotOfRank[rank] = slot;
            loads[slot] += sortedWeights[rank];
            siftDown(heap, loads);
        }
        return slotOfRank;
    }

    private static void siftDown(int[] heap, long[] loads) {
        int size = heap.length;
        int position = 0;
        int moving = heap[0];
        while (true) {
            int child = 2 * position + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && lighter(heap[child + 1], heap[child], loads)) {
                child++;
            }
            if (!lighter(heap[child], moving, loads)) {
                break;
            }
            heap[position] = heap[child];
            position = child;
        }
        heap[position] = moving;
    }

    private static boolean lighter(int slot, int otherSlot, long[] loads) {
        return loads[slot] < loads[otherSlot] || (loads[slot] == loads[otherSlot] && slot < otherSlot);
    }

    /** LPT with mixed capacities: scan every slot for the smallest projected normalised load. */
    private static int[] lptMixedCapacities(long[] sortedWeights, double[] capacities, long[] loads) {
        int slotCount = capacities.length;
        int[] slotOfRank = new int[sortedWeights.length];
        for (int rank = 0; rank < sortedWeights.length; rank++) {
            long weight = sortedWeights[rank];
            int bestSlot = 0;
            double bestProjected = (double) (loads[0] + weight) / capacities[0];
            for (int slot = 1; slot < slotCount; slot++) {
                double projected = (double) (loads[slot] + weight) / capacities[slot];
                if (projected < bestProjected) {
                    bestProjected = projected;
                    bestSlot = slot;
                }
            }
            slotOfRank[rank] = bestSlot;
            loads[bestSlot] += weight;
        }
        return slotOfRank;
    }

    private static double maxLoad(long[] loads, double[] capacities) {
        double max = 0;
        for (int slot = 0; slot < loads.length; slot++) {
            max = Math.max(max, (double) loads[slot] / capacities[slot]);
        }
        return max;
    }

    /** Lists each slot's works in rank order, which is the assignment order. */
    private static Chunks toChunks(int[] order, int[] slotOfRank, int slotCount, double maxLoad, boolean exact) {
        int[] counts = new int[slotCount];
        for (int slot : slotOfRank) {
            counts[slot]++;
        }
        int[][] slots = new int[slotCount][];
        for (int slot = 0; slot < slotCount; slot++) {
            slots[slot] = new int[counts[slot]];
        }
        int[] filled = new int[slotCount];
        for (int rank = 0; rank < slotOfRank.length; rank++) {
            int slot = slotOfRank[rank];
            slots[slot][filled[slot]++] = order[rank];
        }
        return new Chunks(slots, maxLoad, exact);
    }

    /**
     * Depth-first branch and bound over works in rank order, slots in index order. A branch is cut when the slot it
     * would fill reaches the target (the incumbent less the epsilon), when the remaining weight cannot fit under the
     * target in the slots' remaining room, or when the slot is interchangeable with an earlier one.
     */
    private static final class ExactSearch {

        /** Safety margin on the room bound so floating rounding can never cut the optimum. */
        private static final double ROOM_MARGIN = 1e-9;

        private final long[] sortedWeights;
        private final double[] capacities;
        private final int workCount;
        private final int slotCount;
        /** Equal capacities share a class: slots of one class with equal loads are interchangeable. */
        private final int[] capacityClass;
        /** Weight of the works from each rank to the end. */
        private final long[] remainingFromRank;
        private final double lowerBound;

        private final long[] loads;
        private final int[] slotOfRank;
        /** Per depth, the stamp of the node that last tried an empty slot of each capacity class. */
        private final long[][] emptyClassTriedStamp;
        /** Per depth, the (class, load) pairs of non-empty slots already tried by the current node. */
        private final int[][] triedClass;
        private final long[][] triedLoad;
        private long nodeStamp;

        int[] bestSlotOfRank;
        double bestMaxLoad;
        private double target;
        private boolean lowerBoundReached;

        ExactSearch(long[] sortedWeights, double[] capacities, int[] incumbentSlotOfRank, double incumbentMaxLoad) {
            this.sortedWeights = sortedWeights;
            this.capacities = capacities;
            this.workCount = sortedWeights.length;
            this.slotCount = capacities.length;
            this.capacityClass = new int[slotCount];
            Map<Long, Integer> classOfCapacity = new HashMap<>();
            double capacitySum = 0;
            double largestCapacity = 0;
            for (int slot = 0; slot < slotCount; slot++) {
                Integer fresh = classOfCapacity.size();
                capacityClass[slot] = classOfCapacity.computeIfAbsent(Double.doubleToLongBits(capacities[slot]),
                        bits -> fresh);
                capacitySum += capacities[slot];
                largestCapacity = Math.max(largestCapacity, capacities[slot]);
            }
            this.remainingFromRank = new long[workCount + 1];
            for (int rank = workCount - 1; rank >= 0; rank--) {
                remainingFromRank[rank] = remainingFromRank[rank + 1] + sortedWeights[rank];
            }
            this.lowerBound = Math.max(remainingFromRank[0] / capacitySum, sortedWeights[0] / largestCapacity);
            this.loads = new long[slotCount];
            this.slotOfRank = new int[workCount];
            this.emptyClassTriedStamp = new long[workCount][classOfCapacity.size()];
            this.triedClass = new int[workCount][workCount];
            this.triedLoad = new long[workCount][workCount];
            this.bestSlotOfRank = incumbentSlotOfRank.clone();
            setIncumbent(incumbentMaxLoad);
        }

        void run() {
            if (!lowerBoundReached) {
                search(0, 0.0);
            }
        }

        private void setIncumbent(double maxLoad) {
            bestMaxLoad = maxLoad;
            target = maxLoad - maxLoad * RELATIVE_EPSILON;
            lowerBoundReached = maxLoad <= lowerBound + lowerBound * RELATIVE_EPSILON;
        }

        /** Invariant: {@code currentMaxLoad < target}. */
        private void search(int rank, double currentMaxLoad) {
            if (rank == workCount) {
                System.arraycopy(slotOfRank, 0, bestSlotOfRank, 0, workCount);
                setIncumbent(currentMaxLoad);
                return;
            }
            if (!remainingFitsUnderTarget(rank)) {
                return;
            }
            long weight = sortedWeights[rank];
            long stamp = ++nodeStamp;
            long[] emptyTried = emptyClassTriedStamp[rank];
            int[] nonEmptyClasses = triedClass[rank];
            long[] nonEmptyLoads = triedLoad[rank];
            int nonEmptyTried = 0;
            for (int slot = 0; slot < slotCount; slot++) {
                long load = loads[slot];
                int slotClass = capacityClass[slot];
                if (load == 0) {
                    if (emptyTried[slotClass] == stamp) {
                        continue;
                    }
                    emptyTried[slotClass] = stamp;
                } else {
                    if (alreadyTried(nonEmptyClasses, nonEmptyLoads, nonEmptyTried, slotClass, load)) {
                        continue;
                    }
                    nonEmptyClasses[nonEmptyTried] = slotClass;
                    nonEmptyLoads[nonEmptyTried] = load;
                    nonEmptyTried++;
                }
                double projected = (double) (load + weight) / capacities[slot];
                if (!(projected < target)) {
                    continue;
                }
                loads[slot] = load + weight;
                slotOfRank[rank] = slot;
                search(rank + 1, Math.max(currentMaxLoad, projected));
                loads[slot] = load;
                if (lowerBoundReached) {
                    return;
                }
            }
        }

        private static boolean alreadyTried(int[] classes, long[] loadsTried, int count, int slotClass, long load) {
            for (int tried = 0; tried < count; tried++) {
                if (classes[tried] == slotClass && loadsTried[tried] == load) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the works from {@code rank} on could still fit in the room every slot has below the target. */
        private boolean remainingFitsUnderTarget(int rank) {
            double room = 0;
            for (int slot = 0; slot < slotCount; slot++) {
                double slotRoom = target * capacities[slot] - loads[slot];
                if (slotRoom > 0) {
                    room += slotRoom;
                }
            }
            return remainingFromRank[rank] <= room * (1 + ROOM_MARGIN);
        }
    }
}
