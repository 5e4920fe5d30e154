package org.agilab.runtime.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Times {@link Planner#makeChunks(long[], double[])} and prints a Markdown table (figures go to docs/benchmarks.md;
 * no test asserts them). Weights are file sizes drawn log-uniformly between 1 KB and 50 MB from a seeded
 * {@link Random}. Every case is warmed up before it is timed. Cases above the exact threshold plan the same input on
 * every run; cases at or below it plan a different input on every run, since the exact search's cost depends on the
 * input. "max load / bound" is the planned max load over the simple lower bound
 * {@code max(total / sum of capacities, heaviest / largest capacity)} (worst over the inputs).
 *
 * <p>Run: {@code java -cp <main classes>:<test classes> org.agilab.runtime.plan.PlannerBenchmark}
 */
public final class PlannerBenchmark {

    private static final long SEED = 20240611L;
    private static final double[] EIGHT_MIXED = {1.0, 1.0, 2.0, 2.0, 0.5, 1.5, 3.0, 0.75};

    /** Keeps the JIT from discarding the planning work. */
    private static double sink;

    private record Case(String name, int works, double[] capacities, int warmups, int runs) {
    }

    private PlannerBenchmark() {
    }

    public static void main(String[] args) {
        List<Case> cases = new ArrayList<>();
        for (int works : new int[] {10, 1_000, 100_000}) {
            int runs = works >= 100_000 ? 30 : 50;
            int warmups = works >= 100_000 ? 30 : 200;
            cases.add(new Case(works + " works, 8 equal slots", works, equal(8), warmups, runs));
            cases.add(new Case(works + " works, 8 mixed slots", works, EIGHT_MIXED, warmups, runs));
        }
        Random capacityRandom = new Random(SEED + 1);
        double[] sixteenMixed = new double[16];
        for (int slot = 0; slot < sixteenMixed.length; slot++) {
            sixteenMixed[slot] = 0.5 + 2.5 * capacityRandom.nextDouble();
        }
        int threshold = Planner.EXACT_THRESHOLD;
        cases.add(new Case(threshold + " works, 4 equal slots", threshold, equal(4), 300, 50));
        cases.add(new Case(threshold + " works, 4 mixed slots", threshold, Arrays.copyOf(EIGHT_MIXED, 4), 300, 50));
        cases.add(new Case(threshold + " works, 16 equal slots", threshold, equal(16), 300, 50));
        cases.add(new Case(threshold + " works, 16 mixed slots", threshold, sixteenMixed, 300, 50));

        System.out.println("| case | method | runs | median ms | min ms | max ms | max load / bound |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (Case benchmark : cases) {
            System.out.println(measure(benchmark));
        }
        System.out.println();
        System.out.println("(checksum " + sink + ")");
    }

    private static String measure(Case benchmark) {
        boolean variedInputs = benchmark.works() <= Planner.EXACT_THRESHOLD;
        Random random = new Random(SEED + benchmark.works() * 31L + benchmark.capacities().length);
        long[] fixedWeights = fileSizes(random, benchmark.works());
        for (int warmup = 0; warmup < benchmark.warmups(); warmup++) {
            long[] weights = variedInputs ? fileSizes(random, benchmark.works()) : fixedWeights;
            sink += Planner.makeChunks(weights, benchmark.capacities()).maxLoad();
        }
        double[] millis = new double[benchmark.runs()];
        double worstRatio = 0;
        boolean exact = false;
        for (int run = 0; run < benchmark.runs(); run++) {
            long[] weights = variedInputs ? fileSizes(random, benchmark.works()) : fixedWeights;
            long start = System.nanoTime();
            Chunks plan = Planner.makeChunks(weights, benchmark.capacities());
            millis[run] = (System.nanoTime() - start) / 1e6;
            sink += plan.maxLoad();
            exact = plan.exact();
            worstRatio = Math.max(worstRatio, plan.maxLoad() / simpleLowerBound(weights, benchmark.capacities()));
        }
        Arrays.sort(millis);
        double median = millis.length % 2 == 1
                ? millis[millis.length / 2]
                : (millis[millis.length / 2 - 1] + millis[millis.length / 2]) / 2;
        String method = (exact ? "exact" : "LPT") + (variedInputs ? ", new input per run" : "");
        return String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %.3f | %.4f |", benchmark.name(), method,
                benchmark.runs(), median, millis[0], millis[millis.length - 1], worstRatio);
    }

    /** Log-uniform sizes between 1 KB and 50 MB, like a folder of data files. */
    private static long[] fileSizes(Random random, int count) {
        double low = Math.log(1_000);
        double high = Math.log(50_000_000);
        long[] sizes = new long[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = (long) Math.exp(low + (high - low) * random.nextDouble());
        }
        return sizes;
    }

    private static double simpleLowerBound(long[] weights, double[] capacities) {
        double total = Arrays.stream(weights).sum();
        double heaviest = Arrays.stream(weights).max().orElse(0);
        double capacitySum = Arrays.stream(capacities).sum();
        double largest = Arrays.stream(capacities).max().orElseThrow();
        return Math.max(total / capacitySum, heaviest / largest);
    }

    private static double[] equal(int slots) {
        double[] capacities = new double[slots];
        Arrays.fill(capacities, 1.0);
        return capacities;
    }
}
