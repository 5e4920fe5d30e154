import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agilab.runtime.cluster.ClusterJvm;
import org.agilab.runtime.node.IgniteSetup;
import org.agilab.runtime.cluster.PortLeases;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.cluster.ClusterGroup;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.lang.IgniteFuture;

/**
 * Dispatch overhead of AGILab's cluster transport, for the Dask comparison (benchmarks only): two node JVMs started
 * with the runtime's Ignite configuration (BenchNode), a client as the manager's, and empty jobs sent
 * one after the other and all at once, alternating nodes as the planner's chunks do. Prints microseconds per job.
 *
 *     java -cp BENCH:RUNTIME_AND_IGNITE IgniteDispatchBench WORK_FOLDER SEQUENTIAL IN_FLIGHT
 */
public final class IgniteDispatchBench {

    /** The empty job: returns its number. */
    public static final class Noop implements IgniteCallable<Integer> {
        private static final long serialVersionUID = 1L;
        private final int value;

        Noop(int value) {
            this.value = value;
        }

        @Override
        public Integer call() {
            return value;
        }
    }

    /**
     * A node as NodeMain starts one (the runtime's configuration), whose job gate admits the empty job instead of chunk
     * jobs only: the same collision path a chunk job takes, so the figure includes the gate's cost.
     */
    public static final class BenchNode {
        public static void main(String[] args) throws Exception {
            int index = Integer.parseInt(args[4]);
            IgniteConfiguration configuration = IgniteSetup.configuration(args[0], index,
                    new IgniteSetup.PortBlock(Integer.parseInt(args[1]), Integer.parseInt(args[2])), Path.of(args[3]), args[5],
                    "127.0.0.1", java.util.List.of("127.0.0.1:" + Integer.parseInt(args[1])), System.out, IgniteSetup.DEFAULT_FAILURE_DETECTION_MS, null);
            configuration.setCollisionSpi(new NoopGate());
            Ignition.start(configuration);
            Files.writeString(Path.of(args[3]).resolveSibling(args[0] + ".ready"), "ready");
            Thread.currentThread().join();
        }
    }

    /** Activates empty jobs, as the nodes' gate activates chunk jobs. */
    @org.apache.ignite.spi.IgniteSpiMultipleInstancesSupport(true)
    public static final class NoopGate extends org.apache.ignite.spi.IgniteSpiAdapter implements org.apache.ignite.spi.collision.CollisionSpi {
        @Override
        public void onCollision(org.apache.ignite.spi.collision.CollisionContext context) {
            for (org.apache.ignite.spi.collision.CollisionJobContext job : context.waitingJobs()) {
                Object user = job.getJob() instanceof org.apache.ignite.internal.GridInternalWrapper<?> wrapper ? wrapper.userObject() : job.getJob();
                if (user instanceof Noop) {
                    job.activate();
                } else {
                    job.cancel();
                }
            }
        }

        @Override
        public void setExternalCollisionListener(org.apache.ignite.spi.collision.CollisionExternalListener listener) {
        }

        @Override
        public void spiStart(String name) {
        }

        @Override
        public void spiStop() {
        }
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int sequential = Integer.parseInt(args[1]);
        int inFlight = Integer.parseInt(args[2]);
        Files.createDirectories(work);
        IgniteSetup.PortBlock ports = PortLeases.acquire(work.resolve(PortLeases.FILE), "dispatch-bench", PortLeases.DEFAULT_DISCOVERY,
                PortLeases.DEFAULT_COMMUNICATION, "127.0.0.1");
        String clusterId = "dispatch-bench";
        List<Process> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                command.addAll(ClusterJvm.options());
                command.addAll(List.of("-Xms256m", "-Xmx512m", "-cp", System.getProperty("java.class.path"), BenchNode.class.getName(),
                        "node-" + i, Integer.toString(ports.discovery()), Integer.toString(ports.communication()),
                        work.resolve("node-" + i + ".work").toString(), Integer.toString(i), clusterId));
                nodes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("node-" + i + ".log").toFile())
                        .start());
            }
            for (int i = 0; i < 2; i++) {
                while (!Files.exists(work.resolve("node-" + i + ".ready"))) {
                    if (!nodes.get(i).isAlive()) {
                        throw new IllegalStateException("node-" + i + " exited; see " + work.resolve("node-" + i + ".log"));
                    }
                    Thread.sleep(20);
                }
            }
            try (Ignite client = Ignition.start(IgniteSetup.configuration("bench-client", IgniteSetup.CLIENT, ports, work.resolve("client"), clusterId,
                    "127.0.0.1", java.util.List.of("127.0.0.1:" + ports.discovery() + ".." + (ports.discovery() + 9)),
                    new java.io.PrintStream(Files.newOutputStream(work.resolve("client.log")), true),
                    IgniteSetup.DEFAULT_FAILURE_DETECTION_MS, null))) {
                List<ClusterGroup> groups = new ArrayList<>();
                client.cluster().forServers().nodes().forEach(node -> groups.add(client.cluster().forNode(node)));
                for (int i = 0; i < 2000; i++) { // warm-up: both sides' JIT and connections
                    client.compute(groups.get(i % groups.size())).call(new Noop(i));
                }
                long start = System.nanoTime();
                for (int i = 0; i < sequential; i++) {
                    client.compute(groups.get(i % groups.size())).call(new Noop(i));
                }
                double sequentialUs = (System.nanoTime() - start) / 1e3 / sequential;
                start = System.nanoTime();
                List<IgniteFuture<Integer>> futures = new ArrayList<>(inFlight);
                for (int i = 0; i < inFlight; i++) {
                    futures.add(client.compute(groups.get(i % groups.size())).callAsync(new Noop(i)));
                }
                for (IgniteFuture<Integer> future : futures) {
                    future.get();
                }
                double inFlightUs = (System.nanoTime() - start) / 1e3 / inFlight;
                System.out.printf("{\"sequential_us\": %.1f, \"in_flight_us\": %.1f}%n", sequentialUs, inFlightUs);
            }
        } finally {
            for (Process node : nodes) {
                node.destroy();
            }
            for (Process node : nodes) {
                node.waitFor();
            }
        }
    }
}
