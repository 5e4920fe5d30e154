package org.agilab.runtime.plan;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

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
 * <li>The exact search keeps LPT's plan unless some plan is strictly better, by a relative
 * {@value #RELATIVE_EPSILON}, than LPT's max load. Otherwise it returns the optimum, and of the optimal plans the first
 * one a depth-first search would meet trying works in the order above and slots in index order (the plan whose
 * slot-per-work sequence is lexicographically smallest). This is what a branch and bound started from the LPT
 * incumbent returns; here the bound is exact (a subset dynamic program checks that the remaining works still fit), so
 * the plan is built without backtracking and adversarial inputs cannot make the search explode.</li>
 * <li>No works: every slot empty, max load 0. More slots than works: some slots stay empty. Zero-weight works are still
 * assigned, by the same rules.</li>
 * </ul>
 * The result depends only on the inputs: no hashing order or timing is involved.
 *
 * <h2>Cost</h2>
 * Sorting is one primitive sort of packed (weight, index) keys, or an index merge sort for weights too large to
 * pack. With equal capacities LPT keeps a binary heap of slots, so it costs {@code O(n log n + n log m)}; with mixed
 * capacities it scans all slots per work, {@code O(n m)}. The exact search costs a few
 * dozen runs of an {@code O(2^n n)} packing check (n <= 12), plus sorting the slots' rooms per check.
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
     * Work indexes ordered by weight descending, equal weights by index ascending, without boxing. When every weight
     * leaves room for the index in the low bits of a {@code long}, one primitive sort of packed keys does it;
     * otherwise a stable merge sort of indexes.
     */
    static int[] heaviestFirst(long[] weights) {
        int count = weights.length;
        int indexBits = 32 - Integer.numberOfLeadingZeros(Math.max(count - 1, 1));
        long heaviest = 0;
        for (long weight : weights) {
            heaviest = Math.max(heaviest, weight);
        }
        return heaviest < (1L << (63 - indexBits))
                ? heaviestFirstPacked(weights, indexBits)
                : heaviestFirstMerged(weights);
    }

    /**
     * Sorts keys {@code weight << indexBits | (count - 1 - index)} ascending and reads them backwards: weight
     * descending, then {@code count - 1 - index} descending, which is index ascending.
     */
    private static int[] heaviestFirstPacked(long[] weights, int indexBits) {
        int count = weights.length;
        long[] keys = new long[count];
        for (int index = 0; index < count; index++) {
            keys[index] = weights[index] << indexBits | (count - 1 - index);
        }
        Arrays.sort(keys);
        long indexMask = (1L << indexBits) - 1;
        int[] sorted = new int[count];
        for (int rank = 0; rank < count; rank++) {
            sorted[rank] = count - 1 - (int) (keys[count - 1 - rank] & indexMask);
        }
        return sorted;
    }

    /** Stable merge sort of indexes, starting in index order so equal weights keep it. */
    private static int[] heaviestFirstMerged(long[] weights) {
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
     * The exact search for at most {@link #EXACT_THRESHOLD} works. It is a branch and bound whose bound is exact:
     * before a work is placed on a slot, a subset dynamic program checks that the remaining works still fit, so no
     * branch is ever abandoned and the plan is built in {@code n} steps.
     *
     * <ol>
     * <li>If no plan is strictly better than LPT by the relative epsilon (one packing check), LPT's plan is kept.</li>
     * <li>Otherwise the optimum is found by binary search over the candidate values {@code subset sum / capacity}
     * (the max load of any plan is one of them). Only the {@code n} largest capacities are needed: an optimal plan
     * never needs a smaller slot while a larger one is empty.</li>
     * <li>The plan is then the first one, in the order a depth-first search would meet it (works in rank order, slots
     * in index order), whose max load is the optimum: each work takes the lowest slot index from which the remaining
     * works still fit. Slots with the same remaining room give the same answer, so only the first of them is
     * checked.</li>
     * </ol>
     */
    private static final class ExactSearch {

        /** Safety margin below the floating lower bound when collecting candidate optimum values. */
        private static final double CANDIDATE_MARGIN = 1e-9;
        private static final int NO_BIN = Integer.MAX_VALUE;

        private final long[] sortedWeights;
        private final double[] capacities;
        private final int workCount;
        private final int slotCount;
        private final long totalWeight;
        /** Weight of the works from each rank to the end. */
        private final long[] remainingFromRank;
        /** The {@code min(n, m)} largest capacities, descending. */
        private final double[] largestCapacities;
        /** {@code max(total / sum of capacities, heaviest / largest capacity)}: narrows the candidate optima. */
        private final double lowerBound;

        // Scratch for the packing dynamic program: per subset of the remaining works, the first open bin and its fill.
        private final int[] packBin;
        private final long[] packFill;
        private final long[] binRooms;
        private final long[] sortedRooms;

        private final int[] lptSlotOfRank;
        private final double lptMaxLoad;

        int[] bestSlotOfRank;
        double bestMaxLoad;

        ExactSearch(long[] sortedWeights, double[] capacities, int[] lptSlotOfRank, double lptMaxLoad) {
            this.sortedWeights = sortedWeights;
            this.capacities = capacities;
            this.workCount = sortedWeights.length;
            this.slotCount = capacities.length;
            this.remainingFromRank = new long[workCount + 1];
            for (int rank = workCount - 1; rank >= 0; rank--) {
                remainingFromRank[rank] = remainingFromRank[rank + 1] + sortedWeights[rank];
            }
            this.totalWeight = remainingFromRank[0];
            double[] ascending = capacities.clone();
            Arrays.sort(ascending);
            double capacitySum = 0;
            for (double capacity : capacities) {
                capacitySum += capacity;
            }
            this.largestCapacities = new double[Math.min(workCount, slotCount)];
            for (int i = 0; i < largestCapacities.length; i++) {
                largestCapacities[i] = ascending[slotCount - 1 - i];
            }
            this.lowerBound = Math.max(totalWeight / capacitySum, sortedWeights[0] / largestCapacities[0]);
            this.packBin = new int[1 << workCount];
            this.packFill = new long[1 << workCount];
            this.binRooms = new long[slotCount];
            this.sortedRooms = new long[slotCount];
            this.lptSlotOfRank = lptSlotOfRank;
            this.lptMaxLoad = lptMaxLoad;
        }

        void run() {
            bestSlotOfRank = lptSlotOfRank;
            bestMaxLoad = lptMaxLoad;
            if (lptMaxLoad == 0) {
                return; // all weights are zero: nothing can be better
            }
            // "max load < threshold" is "max load <= the double just below it".
            double betterThanLpt = Math.nextDown(lptMaxLoad - lptMaxLoad * RELATIVE_EPSILON);
            if (!fitsAllUnder(betterThanLpt)) {
                return;
            }
            double optimum = smallestFeasibleCandidate(betterThanLpt);
            bestSlotOfRank = firstPlanWithin(optimum);
            long[] loads = new long[slotCount];
            for (int rank = 0; rank < workCount; rank++) {
                loads[bestSlotOfRank[rank]] += sortedWeights[rank];
            }
            bestMaxLoad = maxLoad(loads, capacities);
        }

        /** Whether some plan has every normalised load {@code <= limit}. */
        private boolean fitsAllUnder(double limit) {
            for (int bin = 0; bin < largestCapacities.length; bin++) {
                binRooms[bin] = largestSumWithin(largestCapacities[bin], limit); // descending, as capacities are
            }
            return fits(0, binRooms, largestCapacities.length);
        }

        /**
         * The optimum: the smallest value {@code subset sum / capacity} (over the largest capacities) at which all
         * works fit. {@code upper} is known to be feasible, so the largest candidate not above it is too.
         */
        private double smallestFeasibleCandidate(double upper) {
            long[] subsetSums = new long[1 << workCount];
            for (int subset = 1; subset < subsetSums.length; subset++) {
                int lowest = Integer.numberOfTrailingZeros(subset);
                subsetSums[subset] = subsetSums[subset & (subset - 1)] + sortedWeights[lowest];
            }
            Arrays.sort(subsetSums);
            double lower = lowerBound - lowerBound * CANDIDATE_MARGIN;
            double[] candidates = new double[subsetSums.length * largestCapacities.length];
            int count = 0;
            for (int bin = 0; bin < largestCapacities.length; bin++) {
                double capacity = largestCapacities[bin];
                if (bin > 0 && capacity == largestCapacities[bin - 1]) {
                    continue;
                }
                for (int i = 0; i < subsetSums.length; i++) {
                    if (i > 0 && subsetSums[i] == subsetSums[i - 1]) {
                        continue;
                    }
                    double candidate = (double) subsetSums[i] / capacity;
                    if (candidate >= lower && candidate <= upper) {
                        candidates[count++] = candidate;
                    }
                }
            }
            Arrays.sort(candidates, 0, count);
            // Binary search for the first feasible candidate; the last one is feasible.
            int low = 0;
            int high = count - 1;
            if (high < 0) {
                return upper; // unreachable: the optimum is always a candidate in range
            }
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (fitsAllUnder(candidates[middle])) {
                    high = middle;
                } else {
                    low = middle + 1;
                }
            }
            return candidates[low];
        }

        /**
         * The first plan, in depth-first order, with every normalised load {@code <= optimum}: each work in rank order
         * takes the lowest slot index from which the remaining works still fit.
         */
        private int[] firstPlanWithin(double optimum) {
            long[] limits = new long[slotCount];
            for (int slot = 0; slot < slotCount; slot++) {
                limits[slot] = largestSumWithin(capacities[slot], optimum);
            }
            long[] loads = new long[slotCount];
            int[] slotOfRank = new int[workCount];
            Set<Long> refusedRooms = new HashSet<>();
            for (int rank = 0; rank < workCount; rank++) {
                long weight = sortedWeights[rank];
                refusedRooms.clear();
                int chosen = -1;
                for (int slot = 0; slot < slotCount && chosen < 0; slot++) {
                    long room = limits[slot] - loads[slot];
                    if (weight > room || refusedRooms.contains(room)) {
                        continue; // too full, or same room as a slot already refused: same answer
                    }
                    loads[slot] += weight;
                    if (remainingFit(rank + 1, limits, loads)) {
                        chosen = slot;
                    } else {
                        loads[slot] -= weight;
                        refusedRooms.add(room);
                    }
                }
                if (chosen < 0) {
                    throw new IllegalStateException("exact planner: no slot fits work rank " + rank + " under "
                            + optimum + " although that optimum was found feasible");
                }
                slotOfRank[rank] = chosen;
            }
            return slotOfRank;
        }

        private boolean remainingFit(int fromRank, long[] limits, long[] loads) {
            int remaining = workCount - fromRank;
            if (remaining == 0) {
                return true;
            }
            for (int slot = 0; slot < slotCount; slot++) {
                sortedRooms[slot] = limits[slot] - loads[slot];
            }
            Arrays.sort(sortedRooms);
            // Only the `remaining` largest rooms can matter: a packing needs at most that many bins.
            int bins = Math.min(remaining, slotCount);
            for (int bin = 0; bin < bins; bin++) {
                binRooms[bin] = sortedRooms[slotCount - 1 - bin];
            }
            return fits(fromRank, binRooms, bins);
        }

        /**
         * Whether the works from {@code fromRank} on can be packed into bins of the given rooms (sorted descending).
         * Dynamic program over subsets: for each subset, the best (fewest bins closed, then least fill) state reached
         * by adding its works one at a time, opening the next bin when a work does not fit the current one. Since rooms
         * descend, a work that does not fit the next bin fits no later one.
         */
        private boolean fits(int fromRank, long[] rooms, int binCount) {
            int items = workCount - fromRank;
            if (items == 0) {
                return true;
            }
            int bins = Math.min(binCount, items);
            if (bins == 0 || sortedWeights[fromRank] > rooms[0]) {
                return false;
            }
            long roomTotal = 0;
            for (int bin = 0; bin < bins; bin++) {
                roomTotal = roomTotal > Long.MAX_VALUE - rooms[bin] ? Long.MAX_VALUE : roomTotal + rooms[bin];
            }
            if (remainingFromRank[fromRank] > roomTotal) {
                return false;
            }
            int full = (1 << items) - 1;
            packBin[0] = 0;
            packFill[0] = 0;
            for (int subset = 1; subset <= full; subset++) {
                int bestBin = NO_BIN;
                long bestFill = 0;
                for (int rest = subset; rest != 0; rest &= rest - 1) {
                    int item = Integer.numberOfTrailingZeros(rest);
                    int previous = subset ^ (1 << item);
                    int bin = packBin[previous];
                    if (bin == NO_BIN) {
                        continue;
                    }
                    long weight = sortedWeights[fromRank + item];
                    long fill = packFill[previous] + weight;
                    if (fill > rooms[bin]) {
                        bin++;
                        fill = weight;
                        if (bin >= bins || weight > rooms[bin]) {
                            continue;
                        }
                    }
                    if (bin < bestBin || (bin == bestBin && fill < bestFill)) {
                        bestBin = bin;
                        bestFill = fill;
                    }
                }
                packBin[subset] = bestBin;
                packFill[subset] = bestFill;
            }
            return packBin[full] != NO_BIN;
        }

        /** The largest weight {@code L <= total} whose normalised load {@code (double) L / capacity <= limit}. */
        private long largestSumWithin(double capacity, double limit) {
            if ((double) totalWeight / capacity <= limit) {
                return totalWeight;
            }
            // Rounded division is monotone in L, so the loads within the limit form a prefix of 0..total.
            long within = 0;
            long beyond = totalWeight;
            long estimate = (long) Math.floor(limit * capacity);
            if (estimate > within && estimate < beyond) {
                // Start the bisection from a tight bracket around the estimate; it is exact up to rounding.
                long below = Math.max(within, estimate - 2);
                long above = Math.min(beyond, estimate + 2);
                if ((double) below / capacity <= limit) {
                    within = below;
                }
                if ((double) above / capacity > limit) {
                    beyond = above;
                }
            }
            while (beyond - within > 1) {
                long middle = within + (beyond - within) / 2;
                if ((double) middle / capacity <= limit) {
                    within = middle;
                } else {
                    beyond = middle;
                }
            }
            return within;
        }
    }
}
