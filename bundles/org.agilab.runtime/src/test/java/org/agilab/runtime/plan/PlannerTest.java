package org.agilab.runtime.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Checks the planner against independent, deliberately simple references: exhaustive enumeration for the exact
 * optimum and its tie rule, a boxed-sort, scan-every-slot LPT for the greedy plan, and subset-sum dynamic programs for
 * the LPT approximation bound.
 */
class PlannerTest {

    private static final double EPSILON = Planner.RELATIVE_EPSILON;

    // ---------------------------------------------------------------- exact search

    @Test
    void exactMatchesBruteForceOnRandomSmallCases() {
        Random random = new Random(20240611L);
        int improvedOverLpt = 0;
        for (int trial = 0; trial < 300; trial++) {
            int works = 1 + random.nextInt(8);
            int slots = 1 + random.nextInt(4);
            long[] weights = randomWeights(random, works, trial % 4);
            double[] capacities = randomCapacities(random, slots, trial);
            String context = "trial " + trial + " weights " + Arrays.toString(weights) + " capacities "
                    + Arrays.toString(capacities);

            Chunks plan = Planner.makeChunks(weights, capacities);
            BruteForce brute = BruteForce.solve(weights, capacities);

            assertTrue(plan.exact(), context);
            assertEquals(brute.optimum, plan.maxLoad(), 1e-9 * Math.max(1, brute.optimum), context);
            assertPartition(plan, works, slots, context);
            assertEquals(recomputedMaxLoad(plan, weights, capacities), plan.maxLoad(), 0.0, context);
            Chunks expected = expectedExactPlan(weights, capacities, brute);
            assertEquals(expected, plan, context);
            if (plan.maxLoad() < referenceLpt(weights, capacities).maxLoad()) {
                improvedOverLpt++;
            }
        }
        // Some cases must exercise the search itself, not only LPT being optimal already (6 with this seed).
        assertTrue(improvedOverLpt >= 3, "only " + improvedOverLpt + " cases improved on LPT");
    }

    @Test
    void exactFindsTheFirstOptimalPlanWhereLptFails() {
        // Small integer weights on 2-3 slots: the shapes where LPT most often misses the optimum.
        Random random = new Random(31L);
        int improvedOverLpt = 0;
        for (int trial = 0; trial < 300; trial++) {
            int works = 5 + random.nextInt(4);
            long[] weights = new long[works];
            for (int work = 0; work < works; work++) {
                weights[work] = 1 + random.nextInt(12);
            }
            double[] capacities = randomCapacities(random, 2 + random.nextInt(2), trial);
            String context = "weights " + Arrays.toString(weights) + " capacities " + Arrays.toString(capacities);
            Chunks plan = Planner.makeChunks(weights, capacities);
            BruteForce brute = BruteForce.solve(weights, capacities);
            Chunks expected = expectedExactPlan(weights, capacities, brute);
            assertEquals(expected, plan, context);
            if (plan.maxLoad() < referenceLpt(weights, capacities).maxLoad()) {
                improvedOverLpt++;
            }
        }
        assertTrue(improvedOverLpt >= 30, "only " + improvedOverLpt + " cases improved on LPT");
    }

    @Test
    void exactMatchesBruteForceAtTheThreshold() {
        Random random = new Random(7L);
        int[][] shapes = {{12, 2}, {12, 3}, {11, 3}, {10, 4}, {12, 3}, {9, 5}};
        for (int trial = 0; trial < shapes.length; trial++) {
            int works = shapes[trial][0];
            int slots = shapes[trial][1];
            long[] weights = randomWeights(random, works, trial % 4);
            double[] capacities = randomCapacities(random, slots, trial);
            String context = "weights " + Arrays.toString(weights) + " capacities " + Arrays.toString(capacities);
            Chunks plan = Planner.makeChunks(weights, capacities);
            BruteForce brute = BruteForce.solve(weights, capacities);
            assertTrue(plan.exact(), context);
            assertEquals(expectedExactPlan(weights, capacities, brute), plan, context);
        }
    }

    @Test
    void exactBeatsLptOnTheClassicCounterExample() {
        // LPT gives {3,2,2} | {3,2} = 7; the optimum is {3,3} | {2,2,2} = 6.
        long[] weights = {3, 3, 2, 2, 2};
        assertEquals(7.0, referenceLpt(weights, new double[] {1, 1}).maxLoad());
        Chunks plan = Planner.makeChunks(weights, 2);
        assertEquals(new Chunks(new int[][] {{0, 1}, {2, 3, 4}}, 6.0, true), plan);
    }

    @Test
    void exactKeepsLptWhenLptIsOptimal() {
        long[] weights = {5, 5, 5, 5};
        assertEquals(new Chunks(new int[][] {{0, 2}, {1, 3}}, 10.0, true), Planner.makeChunks(weights, 2));
    }

    @Test
    void exactUsesLargerCapacities() {
        // Capacity 3 takes 6 of the 8 units: loads 6/3 = 2 and 2/1 = 2.
        long[] weights = {2, 2, 2, 2};
        Chunks plan = Planner.makeChunks(weights, new double[] {1.0, 3.0});
        assertEquals(2.0, plan.maxLoad());
        assertEquals(1, plan.worksOf(0).length);
        assertEquals(3, plan.worksOf(1).length);
    }

    @Test
    void exactSearchStaysFastOnManySlotsWithDistinctCapacities() {
        // Such inputs made a plain depth-first search run for minutes; they must finish at once.
        Random random = new Random(99L);
        for (int trial = 0; trial < 40; trial++) {
            long[] weights = new long[12];
            for (int work = 0; work < weights.length; work++) {
                weights[work] = 100 + random.nextInt(5);
            }
            double[] capacities = new double[4 + random.nextInt(253)];
            for (int slot = 0; slot < capacities.length; slot++) {
                capacities[slot] = 0.5 + 2.5 * random.nextDouble();
            }
            Chunks plan = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> Planner.makeChunks(weights, capacities), "hang guard, not a benchmark");
            String context = "trial " + trial;
            assertTrue(plan.exact(), context);
            assertPartition(plan, 12, capacities.length, context);
            assertEquals(recomputedMaxLoad(plan, weights, capacities), plan.maxLoad(), 0.0, context);
            assertTrue(plan.maxLoad() <= referenceLpt(weights, capacities).maxLoad(), context);
            double largest = Arrays.stream(capacities).max().orElseThrow();
            double heaviest = Arrays.stream(weights).max().orElseThrow();
            assertTrue(plan.maxLoad() >= heaviest / largest, context);
        }
    }

    // ---------------------------------------------------------------- threshold and LPT

    @Test
    void thresholdSwitchesFromExactToLpt() {
        long[] twelve = new long[Planner.EXACT_THRESHOLD];
        long[] thirteen = new long[Planner.EXACT_THRESHOLD + 1];
        Arrays.fill(twelve, 10);
        Arrays.fill(thirteen, 10);
        assertTrue(Planner.makeChunks(twelve, 5).exact());
        assertFalse(Planner.makeChunks(thirteen, 5).exact());
    }

    @Test
    void aboveTheThresholdThePlanIsLptEvenWhenLptIsNotOptimal() {
        // The classic counter example padded with zero-weight works past the threshold: LPT's 7, not the optimum 6.
        long[] weights = new long[Planner.EXACT_THRESHOLD + 1];
        System.arraycopy(new long[] {3, 3, 2, 2, 2}, 0, weights, 0, 5);
        Chunks plan = Planner.makeChunks(weights, 2);
        assertFalse(plan.exact());
        assertEquals(7.0, plan.maxLoad());
    }

    @Test
    void lptMatchesTheReferenceExactly() {
        Random random = new Random(12345L);
        for (int trial = 0; trial < 200; trial++) {
            int works = Planner.EXACT_THRESHOLD + 1 + random.nextInt(trial < 150 ? 60 : 3000);
            int slots = 1 + random.nextInt(trial % 5 == 0 ? 100 : 16);
            long[] weights = randomWeights(random, works, trial % 4);
            double[] capacities = randomCapacities(random, slots, trial);
            Chunks plan = Planner.makeChunks(weights, capacities);
            String context = "trial " + trial + " works " + works + " slots " + slots;
            assertFalse(plan.exact(), context);
            assertPartition(plan, works, slots, context);
            assertEquals(referenceLpt(weights, capacities), plan, context);
            assertEquals(recomputedMaxLoad(plan, weights, capacities), plan.maxLoad(), 0.0, context);
        }
    }

    @Test
    void lptStaysWithinGrahamsBoundOfTheSimpleLowerBound() {
        // Equal capacities: the last work placed on the fullest slot started below the average, and it is at most the
        // (m+1)-th heaviest unless it is alone on its slot. So max load <= max(heaviest, sum/m + w[m+1] * (1 - 1/m)).
        Random random = new Random(4L);
        for (int trial = 0; trial < 200; trial++) {
            int works = Planner.EXACT_THRESHOLD + 1 + random.nextInt(500);
            int slots = 2 + random.nextInt(40);
            long[] weights = randomWeights(random, works, trial % 4);
            Chunks plan = Planner.makeChunks(weights, slots);
            long[] descending = Arrays.stream(weights).boxed().sorted(Comparator.reverseOrder())
                    .mapToLong(Long::longValue).toArray();
            double sum = Arrays.stream(weights).sum();
            double simpleLowerBound = Math.max(sum / slots, descending[0]);
            double mPlusFirst = slots < works ? descending[slots] : 0;
            double graham = Math.max(descending[0], sum / slots + mPlusFirst * (1 - 1.0 / slots));
            String context = "trial " + trial;
            assertTrue(plan.maxLoad() >= simpleLowerBound * (1 - 1e-12), context);
            assertTrue(plan.maxLoad() <= graham * (1 + 1e-12), context + ": " + plan.maxLoad() + " > " + graham);
        }
    }

    @Test
    void lptStaysWithinFourThirdsOfTheOptimum() {
        // LPT <= (4/3 - 1/(3m)) * OPT (Graham 1969). The bound holds against the optimum, not against the simple lower
        // bound max(sum/m, heaviest): 13 equal works on 12 slots give 2 against a simple bound of 13/12.
        Random random = new Random(43L);
        int worse = 0;
        for (int trial = 0; trial < 120; trial++) {
            int slots = trial < 100 ? 2 : 3;
            int works = Planner.EXACT_THRESHOLD + 1 + random.nextInt(slots == 2 ? 40 : 8);
            long[] weights = new long[works];
            for (int work = 0; work < works; work++) {
                weights[work] = 1 + random.nextInt(slots == 2 ? 200 : 30);
            }
            long optimum = slots == 2 ? optimumOnTwoSlots(weights) : optimumOnThreeSlots(weights);
            Chunks plan = Planner.makeChunks(weights, slots);
            assertTrue(plan.maxLoad() >= optimum, "trial " + trial);
            assertTrue(plan.maxLoad() <= (4.0 / 3 - 1.0 / (3 * slots)) * optimum + 1e-9,
                    "trial " + trial + ": " + plan.maxLoad() + " vs optimum " + optimum);
            if (plan.maxLoad() > optimum) {
                worse++;
            }
        }
        assertTrue(worse > 0, "the cases should include some where LPT is not optimal");
    }

    @Test
    void lptPrefersTheLowestSlotOnTies() {
        long[] weights = new long[20];
        Arrays.fill(weights, 7);
        Chunks plan = Planner.makeChunks(weights, 3);
        // Equal weights go round-robin from slot 0, in index order.
        assertArrayEquals(new int[] {0, 3, 6, 9, 12, 15, 18}, plan.worksOf(0));
        assertArrayEquals(new int[] {1, 4, 7, 10, 13, 16, 19}, plan.worksOf(1));
        assertArrayEquals(new int[] {2, 5, 8, 11, 14, 17}, plan.worksOf(2));
    }

    @Test
    void lptListsEachSlotHeaviestFirst() {
        long[] weights = {1, 9, 4, 9, 0, 16, 2, 25, 3, 8, 5, 6, 7, 11};
        Chunks plan = Planner.makeChunks(weights, 3);
        for (int slot = 0; slot < plan.slotCount(); slot++) {
            int[] works = plan.worksOf(slot);
            for (int i = 1; i < works.length; i++) {
                boolean ordered = weights[works[i - 1]] > weights[works[i]]
                        || (weights[works[i - 1]] == weights[works[i]] && works[i - 1] < works[i]);
                assertTrue(ordered, "slot " + slot + " " + Arrays.toString(works));
            }
        }
    }

    @Test
    void heaviestFirstSortsByWeightThenIndex() {
        Random random = new Random(5L);
        for (int size : new int[] {0, 1, 2, 31, 32, 33, 100, 1000, 4097}) {
            long[] weights = new long[size];
            for (int i = 0; i < size; i++) {
                weights[i] = random.nextInt(20);
            }
            int[] expected = referenceOrder(weights);
            assertArrayEquals(expected, Planner.heaviestFirst(weights), "size " + size);
            // Weights too large to share a long with the index take the merge sort path.
            long[] huge = new long[size];
            for (int i = 0; i < size; i++) {
                huge[i] = Long.MAX_VALUE / 8 - random.nextInt(20);
            }
            assertArrayEquals(referenceOrder(huge), Planner.heaviestFirst(huge), "huge, size " + size);
        }
        // The largest weight that still packs beside a 17-bit index (100,000 works), and the first that does not.
        for (long heaviest : new long[] {(1L << 46) - 1, 1L << 46}) {
            long[] weights = new long[100_000];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = heaviest - random.nextInt(3);
            }
            assertArrayEquals(referenceOrder(weights), Planner.heaviestFirst(weights), "heaviest " + heaviest);
        }
    }

    // ---------------------------------------------------------------- determinism and symmetry

    @Test
    void sameInputsGiveEqualPlans() {
        Random random = new Random(8L);
        for (int works : new int[] {7, 12, 500}) {
            long[] weights = randomWeights(random, works, 1);
            double[] capacities = {1.5, 0.75, 2.0, 1.5};
            Chunks first = Planner.makeChunks(weights, capacities);
            Chunks second = Planner.makeChunks(weights.clone(), capacities.clone());
            assertEquals(first, second);
            assertEquals(first.hashCode(), second.hashCode());
        }
    }

    @Test
    void permutingSlotsKeepsTheOptimum() {
        Random random = new Random(9L);
        for (int trial = 0; trial < 50; trial++) {
            long[] weights = randomWeights(random, 1 + random.nextInt(Planner.EXACT_THRESHOLD), trial % 4);
            double[] capacities = {1.0, 2.0, 1.0, 2.0, 1.0};
            double[] permuted = {2.0, 1.0, 1.0, 1.0, 2.0};
            double optimum = Planner.makeChunks(weights, capacities).maxLoad();
            assertEquals(optimum, Planner.makeChunks(weights, permuted).maxLoad(), optimum * 1e-12, "trial " + trial);
        }
    }

    @Test
    void equalCapacitiesOnlyScaleTheLoad() {
        Random random = new Random(10L);
        long[] weights = randomWeights(random, 300, 1);
        Chunks unit = Planner.makeChunks(weights, 6);
        double[] doubled = new double[6];
        Arrays.fill(doubled, 2.0);
        Chunks twice = Planner.makeChunks(weights, doubled);
        assertEquals(Arrays.deepToString(unit.slots()), Arrays.deepToString(twice.slots()));
        assertEquals(unit.maxLoad() / 2, twice.maxLoad(), unit.maxLoad() * 1e-15);
    }

    // ---------------------------------------------------------------- edge cases

    @Test
    void singleWorkGoesToOneSlot() {
        Chunks plan = Planner.makeChunks(new long[] {42}, 3);
        assertEquals(new Chunks(new int[][] {{0}, {}, {}}, 42.0, true), plan);
        // With mixed capacities it goes to the largest one.
        Chunks mixed = Planner.makeChunks(new long[] {42}, new double[] {1.0, 4.0, 2.0});
        assertEquals(new Chunks(new int[][] {{}, {0}, {}}, 10.5, true), mixed);
    }

    @Test
    void zeroWorksLeaveEverySlotEmpty() {
        Chunks plan = Planner.makeChunks(new long[0], 4);
        assertEquals(new Chunks(new int[4][0], 0.0, true), plan);
        assertEquals(4, plan.slotCount());
        assertEquals(0, plan.workCount());
    }

    @Test
    void moreSlotsThanWorksLeavesSomeEmpty() {
        Chunks plan = Planner.makeChunks(new long[] {5, 9, 1}, 6);
        assertEquals(new Chunks(new int[][] {{1}, {0}, {2}, {}, {}, {}}, 9.0, true), plan);
    }

    @Test
    void zeroWeightWorksAreStillAssigned() {
        Chunks allZero = Planner.makeChunks(new long[] {0, 0, 0}, 2);
        assertEquals(new Chunks(new int[][] {{0, 1, 2}, {}}, 0.0, true), allZero);
        long[] manyZero = new long[40];
        manyZero[17] = 3;
        Chunks lpt = Planner.makeChunks(manyZero, 4);
        assertPartition(lpt, 40, 4, "many zeros");
        assertEquals(3.0, lpt.maxLoad());
        assertArrayEquals(new int[] {17}, lpt.worksOf(0));
    }

    @Test
    void hugeWeightsAreSummedExactly() {
        long big = Long.MAX_VALUE / 4;
        long[] weights = {big, big, big, big - 1, 1};
        Chunks plan = Planner.makeChunks(weights, 2);
        assertPartition(plan, 5, 2, "huge");
        assertEquals(2.0 * big, plan.maxLoad(), 1.0);
        assertEquals(2 * big, Math.max(plan.weightOf(0, weights), plan.weightOf(1, weights)));
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void badInputMessagesNameTheIndexAndTheValue() {
        assertMessage(() -> Planner.makeChunks(new long[] {4, 1, -5}, 2), "weights[2]", "-5");
        assertMessage(() -> Planner.makeChunks(new long[] {1}, new double[] {1.0, Double.NaN}), "capacities[1]",
                "NaN");
        assertMessage(() -> Planner.makeChunks(new long[] {1}, new double[] {Double.POSITIVE_INFINITY}),
                "capacities[0]", "Infinity");
        assertMessage(() -> Planner.makeChunks(new long[] {1}, new double[] {2, 3, 0.0}), "capacities[2]", "0.0");
        assertMessage(() -> Planner.makeChunks(new long[] {1}, new double[] {-2.5}), "capacities[0]", "-2.5");
        assertMessage(() -> Planner.makeChunks(new long[] {1}, 0), "slots = 0", "at least one");
        assertMessage(() -> Planner.makeChunks(new long[] {1}, -3), "slots = -3", "at least one");
        assertMessage(() -> Planner.makeChunks(new long[] {1}, new double[0]), "capacities.length = 0",
                "at least one");
        assertMessage(() -> Planner.makeChunks(new long[] {Long.MAX_VALUE, 0, 1}, 2), "weights[2]", "= 1");
        assertThrows(NullPointerException.class, () -> Planner.makeChunks(null, 2));
        assertThrows(NullPointerException.class, () -> Planner.makeChunks(new long[0], null));
    }

    // ---------------------------------------------------------------- the Chunks record

    @Test
    void chunksCompareContentsAndStayImmutable() {
        int[][] slots = {{2, 0}, {1}};
        Chunks chunks = new Chunks(slots, 3.0, true);
        slots[0][0] = 99;
        assertArrayEquals(new int[] {2, 0}, chunks.worksOf(0));
        chunks.slots()[1][0] = 99;
        chunks.worksOf(1)[0] = 99;
        assertArrayEquals(new int[] {1}, chunks.worksOf(1));

        assertEquals(new Chunks(new int[][] {{2, 0}, {1}}, 3.0, true), chunks);
        assertEquals(new Chunks(new int[][] {{2, 0}, {1}}, 3.0, true).hashCode(), chunks.hashCode());
        assertNotEquals(new Chunks(new int[][] {{0, 2}, {1}}, 3.0, true), chunks);
        assertNotEquals(new Chunks(new int[][] {{2, 0}, {1}}, 3.5, true), chunks);
        assertNotEquals(new Chunks(new int[][] {{2, 0}, {1}}, 3.0, false), chunks);

        assertEquals(2, chunks.slotCount());
        assertEquals(3, chunks.workCount());
        assertArrayEquals(new int[] {0, 1, 0}, chunks.slotOfEachWork());
        long[] weights = {1, 3, 2};
        assertEquals(3, chunks.weightOf(0, weights));
        assertEquals(1.5, chunks.loadOf(1, weights, new double[] {1, 2}));
        assertTrue(chunks.toString().contains("[[2, 0], [1]]"), chunks.toString());
        assertThrows(IllegalStateException.class, () -> new Chunks(new int[][] {{0}, {0}}, 1, true).slotOfEachWork());
        assertThrows(IllegalArgumentException.class, () -> new Chunks(new int[0][], Double.NaN, true));
    }

    // ---------------------------------------------------------------- references and helpers

    /** Exhaustive search over every slot for every work, in rank order (weight descending, index ascending). */
    private static final class BruteForce {
        final long[] weights;
        final double[] capacities;
        final int[] order;
        double optimum = Double.POSITIVE_INFINITY;
        private double wanted = Double.NaN;
        private int[] found;

        private BruteForce(long[] weights, double[] capacities) {
            this.weights = weights;
            this.capacities = capacities;
            this.order = referenceOrder(weights);
        }

        static BruteForce solve(long[] weights, double[] capacities) {
            BruteForce brute = new BruteForce(weights, capacities);
            brute.enumerate(new int[weights.length], 0, new long[capacities.length]);
            return brute;
        }

        /** The first assignment (slot per rank) reaching {@code value}, in lexicographic = depth-first order. */
        int[] firstWithMaxLoad(double value) {
            wanted = value;
            found = null;
            enumerate(new int[weights.length], 0, new long[capacities.length]);
            if (found == null) {
                throw new AssertionError("no assignment reaches " + value);
            }
            return found;
        }

        private void enumerate(int[] slotOfRank, int rank, long[] loads) {
            if (found != null) {
                return;
            }
            if (rank == weights.length) {
                double max = 0;
                for (int slot = 0; slot < loads.length; slot++) {
                    max = Math.max(max, (double) loads[slot] / capacities[slot]);
                }
                optimum = Math.min(optimum, max);
                if (max == wanted) {
                    found = slotOfRank.clone();
                }
                return;
            }
            for (int slot = 0; slot < loads.length; slot++) {
                slotOfRank[rank] = slot;
                loads[slot] += weights[order[rank]];
                enumerate(slotOfRank, rank + 1, loads);
                loads[slot] -= weights[order[rank]];
            }
        }
    }

    /**
     * The documented rule: LPT's plan unless some plan is strictly better by the relative epsilon; then the first
     * optimal plan in depth-first order.
     */
    private static Chunks expectedExactPlan(long[] weights, double[] capacities, BruteForce brute) {
        Chunks lpt = referenceLpt(weights, capacities);
        if (!(brute.optimum < lpt.maxLoad() - lpt.maxLoad() * EPSILON)) {
            return withExact(lpt, true);
        }
        return toChunks(brute.order, brute.firstWithMaxLoad(brute.optimum), capacities.length, brute.optimum, true);
    }

    /** LPT written plainly: boxed sort, scan every slot, lowest index on ties. */
    private static Chunks referenceLpt(long[] weights, double[] capacities) {
        int[] order = referenceOrder(weights);
        boolean equal = Arrays.stream(capacities).allMatch(capacity -> capacity == capacities[0]);
        long[] loads = new long[capacities.length];
        int[] slotOfRank = new int[weights.length];
        for (int rank = 0; rank < order.length; rank++) {
            long weight = weights[order[rank]];
            int best = 0;
            for (int slot = 1; slot < capacities.length; slot++) {
                boolean better = equal
                        ? loads[slot] < loads[best]
                        : (double) (loads[slot] + weight) / capacities[slot]
                                < (double) (loads[best] + weight) / capacities[best];
                if (better) {
                    best = slot;
                }
            }
            slotOfRank[rank] = best;
            loads[best] += weight;
        }
        double max = 0;
        for (int slot = 0; slot < loads.length; slot++) {
            max = Math.max(max, (double) loads[slot] / capacities[slot]);
        }
        return toChunks(order, slotOfRank, capacities.length, max, weights.length <= Planner.EXACT_THRESHOLD);
    }

    private static int[] referenceOrder(long[] weights) {
        Integer[] boxed = new Integer[weights.length];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, Comparator.<Integer>comparingLong(i -> -weights[i]).thenComparingInt(i -> i));
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }

    private static Chunks toChunks(int[] order, int[] slotOfRank, int slotCount, double maxLoad, boolean exact) {
        List<List<Integer>> lists = new ArrayList<>();
        for (int slot = 0; slot < slotCount; slot++) {
            lists.add(new ArrayList<>());
        }
        for (int rank = 0; rank < order.length; rank++) {
            lists.get(slotOfRank[rank]).add(order[rank]);
        }
        int[][] slots = new int[slotCount][];
        for (int slot = 0; slot < slotCount; slot++) {
            slots[slot] = lists.get(slot).stream().mapToInt(Integer::intValue).toArray();
        }
        return new Chunks(slots, maxLoad, exact);
    }

    private static Chunks withExact(Chunks chunks, boolean exact) {
        return new Chunks(chunks.slots(), chunks.maxLoad(), exact);
    }

    /** The optimum on two equal slots: the largest subset sum not above half the total. */
    private static long optimumOnTwoSlots(long[] weights) {
        int total = (int) Arrays.stream(weights).sum();
        boolean[] reachable = new boolean[total + 1];
        reachable[0] = true;
        for (long weight : weights) {
            for (int sum = total; sum >= weight; sum--) {
                reachable[sum] |= reachable[sum - (int) weight];
            }
        }
        for (int half = total / 2; ; half--) {
            if (reachable[half]) {
                return total - half;
            }
        }
    }

    /** The optimum on three equal slots: over reachable (first, second) slot sums, the smallest max of the three. */
    private static long optimumOnThreeSlots(long[] weights) {
        int total = (int) Arrays.stream(weights).sum();
        boolean[][] reachable = new boolean[total + 1][total + 1];
        reachable[0][0] = true;
        for (long weightValue : weights) {
            int weight = (int) weightValue;
            boolean[][] next = new boolean[total + 1][];
            for (int first = 0; first <= total; first++) {
                next[first] = reachable[first].clone();
            }
            for (int first = 0; first <= total; first++) {
                for (int second = 0; first + second <= total; second++) {
                    if (reachable[first][second]) {
                        if (first + weight <= total) {
                            next[first + weight][second] = true;
                        }
                        if (second + weight <= total) {
                            next[first][second + weight] = true;
                        }
                    }
                }
            }
            reachable = next;
        }
        long best = Long.MAX_VALUE;
        for (int first = 0; first <= total; first++) {
            for (int second = 0; first + second <= total; second++) {
                if (reachable[first][second]) {
                    best = Math.min(best, Math.max(first, Math.max(second, total - first - second)));
                }
            }
        }
        return best;
    }

    /** Weight styles: wide byte sizes, small integers (ties, zeros), powers of two, one repeated value and zeros. */
    private static long[] randomWeights(Random random, int count, int style) {
        long[] weights = new long[count];
        long repeated = 1 + random.nextInt(1000);
        for (int i = 0; i < count; i++) {
            weights[i] = switch (style) {
                case 0 -> (long) Math.exp(random.nextDouble() * Math.log(5e10));
                case 1 -> random.nextInt(6);
                case 2 -> 1L << random.nextInt(20);
                default -> random.nextInt(4) == 0 ? 0 : repeated;
            };
        }
        return weights;
    }

    /** Half equal (1.0), a quarter random in [0.5, 3.0], a quarter from {1, 2} so equal capacities repeat. */
    private static double[] randomCapacities(Random random, int count, int trial) {
        double[] capacities = new double[count];
        for (int slot = 0; slot < count; slot++) {
            capacities[slot] = switch (trial % 4) {
                case 0, 2 -> 1.0;
                case 1 -> 0.5 + 2.5 * random.nextDouble();
                default -> 1 + random.nextInt(2);
            };
        }
        return capacities;
    }

    private static void assertPartition(Chunks plan, int works, int slots, String context) {
        assertEquals(slots, plan.slotCount(), context);
        assertEquals(works, plan.workCount(), context);
        int[] seen = new int[works];
        for (int slot = 0; slot < slots; slot++) {
            for (int work : plan.worksOf(slot)) {
                seen[work]++;
            }
        }
        for (int work = 0; work < works; work++) {
            assertEquals(1, seen[work], context + ": work " + work);
        }
    }

    private static double recomputedMaxLoad(Chunks plan, long[] weights, double[] capacities) {
        double max = 0;
        for (int slot = 0; slot < plan.slotCount(); slot++) {
            max = Math.max(max, plan.loadOf(slot, weights, capacities));
        }
        return max;
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) {
            assertTrue(error.getMessage().contains(part), "'" + error.getMessage() + "' lacks '" + part + "'");
        }
    }
}
