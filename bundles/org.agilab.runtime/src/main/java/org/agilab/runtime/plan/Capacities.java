package org.agilab.runtime.plan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.json.JsonCodec;

import com.google.gson.annotations.SerializedName;
import org.agilab.runtime.log.AgiLog;

/**
 * How fast each worker slot of a cluster is, relative to the slowest (1.0), for the planner: slots with twice the
 * capacity get twice the weight. Kept per app in {@code wenv/<target>_worker/capacities.json}. Before a slot has run,
 * its capacity comes from its host's facts, measured as upstream measures them (cores, RAM, free RAM, write
 * throughput): the host's cores shared among its slots. After each cluster run, each chunk's speed (its planned weight
 * over its measured duration) updates its slot's capacity, half old, half new, so one noisy run cannot swing the plan.
 * Upstream fits a random forest over {@code balancer_df.csv}; with a handful of slots a running average per slot
 * learns as fast and explains itself.
 */
public final class Capacities {

    public static final String FILE = "capacities.json";
    static final String SCHEMA = "agilab.capacities.v1";
    /** The weight of the newest measurement in a slot's running capacity. */
    static final double LEARNING_RATE = 0.5;
    /** Chunks shorter than this say more about dispatch than about the slot's speed: not learned from. */
    static final long MIN_LEARNING_MILLIS = 200;
    /** Capacities closer than this (15%) count as equal. */
    static final double NOISE = 0.15;
    private static final AgiLog LOG = AgiLog.get(Capacities.class);

    /** A host's facts, as upstream's capacity measurement takes them. */
    public record HostFacts(int cores, @SerializedName("ram_bytes") long ramBytes, @SerializedName("free_ram_bytes") long freeRamBytes,
            @SerializedName("write_mb_per_s") double writeMegabytesPerSecond) {

        /** As stored: the disk speed to a tenth of a MB/s. */
        HostFacts rounded() {
            return new HostFacts(cores, ramBytes, freeRamBytes, Math.round(writeMegabytesPerSecond * 10) / 10.0);
        }

        /** This host, writing a few MiB into {@code scratch} (fsynced) to time its disk. */
        static HostFacts measureHere(Path scratch) {
            long ram = 0;
            long free = 0;
            if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                ram = os.getTotalMemorySize();
                free = os.getFreeMemorySize();
            }
            double megabytesPerSecond = 0;
            try {
                Files.createDirectories(scratch);
                Path probe = Files.createTempFile(scratch, ".write-probe", ".tmp");
                try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.WRITE)) {
                    ByteBuffer block = ByteBuffer.allocate(1 << 20);
                    long start = System.nanoTime();
                    for (int i = 0; i < 8; i++) {
                        block.clear();
                        channel.write(block);
                    }
                    channel.force(true);
                    megabytesPerSecond = 8 / ((System.nanoTime() - start) / 1e9);
                } finally {
                    Files.deleteIfExists(probe);
                }
            } catch (IOException e) {
                LOG.debug("no write probe in " + scratch + ": " + e.getMessage());
            }
            return new HostFacts(Runtime.getRuntime().availableProcessors(), ram, free, megabytesPerSecond);
        }
    }

    /** {@value #FILE}: host facts by host, learned capacities by slot, and how many runs taught them. */
    record FileForm(String schema, String updated, long runs, Map<String, HostFacts> hosts, Map<String, Double> slots) {
        static final FileForm EMPTY = new FileForm(SCHEMA, null, 0, Map.of(), Map.of());

        FileForm {
            hosts = hosts == null ? Map.of() : hosts;
            slots = slots == null ? Map.of() : slots;
        }
    }

    private Capacities() {
    }

    /** The slots of {@code workers} in plan order: {@code host#0}, {@code host#1}, ... per host. */
    public static List<String> slots(Map<String, Long> workers) {
        List<String> slots = new ArrayList<>();
        workers.forEach((host, count) -> {
            for (int i = 0; i < count; i++) {
                slots.add(host + "#" + i);
            }
        });
        return slots;
    }

    /** The planner's capacities for {@code workers}, one per slot in plan order, the slowest 1.0. */
    public static double[] of(Path workerEnv, Map<String, Long> workers) {
        return of(read(workerEnv), workers);
    }

    private static double[] of(FileForm stored, Map<String, Long> workers) {
        Map<String, Double> learned = stored.slots();
        Map<String, HostFacts> hosts = stored.hosts();
        List<String> slots = slots(workers);
        // host facts count only when every host has them: a host not measured yet is no slower than the others
        boolean measured = workers.keySet().stream().allMatch(host -> hosts.get(host) != null && hosts.get(host).cores() > 0);
        double[] capacities = new double[slots.size()];
        for (int i = 0; i < capacities.length; i++) {
            String slot = slots.get(i);
            String host = slot.substring(0, slot.lastIndexOf('#'));
            Double value = learned.get(slot);
            if (value != null && value > 0) {
                capacities[i] = value;
            } else if (measured) {
                double cores = hosts.get(host).cores();
                capacities[i] = Math.max(cores, 1.0) / Math.max(1, workers.get(host)); // the host's cores shared by its slots
            } else {
                capacities[i] = 1.0;
            }
        }
        return normalised(capacities);
    }

    /**
     * Learns from a finished cluster run: chunk {@code i} ran on slot {@code i} with the planned weight
     * {@code weights[i]} in {@code millis[i]}. The host facts are measured the first time a host is seen.
     *
     * @return the capacities the next plan will use (as {@link #of} gives them)
     */
    public static double[] learn(Path workerEnv, Map<String, Long> workers, double[] weights, long[] millis) {
        List<String> slots = slots(workers);
        FileForm stored = read(workerEnv);
        Map<String, Double> learned = new LinkedHashMap<>(stored.slots());
        Map<String, HostFacts> hosts = new LinkedHashMap<>(stored.hosts());
        for (String host : workers.keySet()) {
            if (!hosts.containsKey(host) && (host.equals("127.0.0.1") || host.equals("localhost"))) {
                hosts.put(host, HostFacts.measureHere(workerEnv).rounded()); // remote hosts are measured where they run
            }
        }
        double[] speeds = new double[Math.min(slots.size(), Math.min(weights.length, millis.length))];
        double slowest = Double.MAX_VALUE;
        for (int i = 0; i < speeds.length; i++) {
            if (weights[i] > 0 && millis[i] >= MIN_LEARNING_MILLIS) {
                speeds[i] = weights[i] / millis[i];
                slowest = Math.min(slowest, speeds[i]);
            }
        }
        if (slowest != Double.MAX_VALUE) {
            for (int i = 0; i < speeds.length; i++) {
                if (speeds[i] > 0) {
                    double measured = speeds[i] / slowest;
                    Double known = learned.get(slots.get(i));
                    double before = known != null ? known : measured;
                    learned.put(slots.get(i), round((1 - LEARNING_RATE) * before + LEARNING_RATE * measured));
                }
            }
        }
        FileForm updated = new FileForm(SCHEMA, Instant.now().toString(), stored.runs() + 1, hosts, learned);
        AtomicFiles.writeString(workerEnv.resolve(FILE), JsonCodec.writePretty(updated));
        return of(updated, workers);
    }

    /**
     * Divided by the slowest; when the fastest is within {@link #NOISE} of the slowest, all 1.0: on a shared machine
     * such differences are noise, and planning for them would only move works between equal slots run after run.
     */
    static double[] normalised(double[] capacities) {
        double slowest = Double.MAX_VALUE;
        double fastest = 0;
        for (double capacity : capacities) {
            slowest = Math.min(slowest, capacity);
            fastest = Math.max(fastest, capacity);
        }
        double[] result = new double[capacities.length];
        for (int i = 0; i < capacities.length; i++) {
            result[i] = fastest / slowest < 1 + NOISE ? 1.0 : round(capacities[i] / slowest);
        }
        return result;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static FileForm read(Path workerEnv) {
        Path file = workerEnv.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return FileForm.EMPTY;
        }
        try {
            return JsonCodec.read(Files.readString(file), FileForm.class);
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring an unreadable " + file + " (" + e.getMessage() + "): capacities start afresh");
            return FileForm.EMPTY;
        }
    }
}
