package org.agilab.runtime.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.protocol.EventSink;
import org.agilab.runtime.protocol.Events;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteBiPredicate;

/**
 * Live events from a chunk running on a node to the manager that sent it, while the chunk runs: batched every
 * {@value #FLUSH_MILLIS} ms into one ordered Ignite message on the run's topic (never one message per event), each
 * event tagged with the node. The chunk's answer says how many events it sent, so the manager forwards them all
 * before it reports the chunk done.
 */
public final class EventRelay implements EventSink, AutoCloseable {

    private static final AgiLog LOG = AgiLog.get(EventRelay.class);

    static final long FLUSH_MILLIS = 50;
    private static final ScheduledExecutorService FLUSHER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "agilab-event-relay");
        thread.setDaemon(true);
        return thread;
    });

    private final Ignite ignite;
    private final UUID manager;
    private final String topic;
    private final int chunk;
    private final int attempt;
    private final String node;
    private final List<Event> pending = new ArrayList<>();
    private final ScheduledFuture<?> timer;
    private int sent;

    EventRelay(Ignite ignite, UUID manager, String topic, int chunk, int attempt) {
        this.ignite = ignite;
        this.manager = manager;
        this.topic = topic;
        this.chunk = chunk;
        this.attempt = attempt;
        this.node = ignite.name();
        this.timer = FLUSHER.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void accept(EventEnvelope envelope) {
        Event event = envelope.event();
        if (event instanceof Event.Item item) {
            event = item.on(node);
        } else if (event instanceof Event.Worker worker) {
            event = worker.on(node, attempt + 1);
        }
        synchronized (pending) {
            pending.add(event);
        }
    }

    /** One flush: a chunk's attempt (counted from 0) and its events in order. */
    record Batch(int chunk, int attempt, List<Event> events) {
    }

    /** Sends what is pending as one ordered message; flushes never interleave, so the manager sees events in order. */
    synchronized void flush() {
        List<Event> batch;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(pending);
            pending.clear();
        }
        ignite.message(ignite.cluster().forNodeId(manager)).sendOrdered(topic, JsonCodec.write(new Batch(chunk, attempt, batch)), 0);
        sent += batch.size();
    }

    /** Stops the timer and sends the rest. */
    @Override
    public synchronized void close() {
        timer.cancel(false);
        flush();
    }

    synchronized int sent() {
        return sent;
    }

    /**
     * The manager's end: forwards every relayed event into {@code events} as it arrives and counts them per chunk.
     */
    public static final class Receiver implements AutoCloseable {

        private final Ignite client;
        private final String topic = "agilab.events." + UUID.randomUUID();
        /** Events received per chunk and attempt ("3/0"): a chunk run again counts afresh. */
        private final Map<String, Integer> received = new java.util.HashMap<>();
        private final IgniteBiPredicate<UUID, Object> listener;

        public Receiver(Ignite client, Events events) {
            this.client = client;
            this.listener = (nodeId, payload) -> {
                try {
                    deliver(events, (String) payload);
                } catch (RuntimeException e) {
                    LOG.warn("a relayed event batch could not be delivered: " + e); // Ignite would only log it in the client log
                }
                return true;
            };
            client.message().localListen(topic, listener);
        }

        private void deliver(Events events, String payload) {
            Batch batch = JsonCodec.read(payload, Batch.class);
            String key = batch.chunk() + "/" + batch.attempt();
            batch.events().forEach(events::emit);
            synchronized (received) {
                received.merge(key, batch.events().size(), Integer::sum);
                received.notifyAll();
            }
        }

        public int received(int chunk, int attempt) {
            synchronized (received) {
                return received.getOrDefault(chunk + "/" + attempt, 0);
            }
        }

        public String topic() {
            return topic;
        }

        /** Where the manager tells running chunks to stop. */
        public String cancelTopic() {
            return topic + ".cancel";
        }

        public UUID managerNode() {
            return client.cluster().localNode().id();
        }

        /**
         * Waits until an attempt's events have all arrived (they travel apart from its answer), while the node that
         * sends them is still there: a dead node's last events never come.
         */
        public boolean awaitAll(int chunk, int attempt, int expected, long timeoutMillis, java.util.function.BooleanSupplier senderAlive)
                throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            String key = chunk + "/" + attempt;
            synchronized (received) {
                while (received.getOrDefault(key, 0) < expected) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0 || !senderAlive.getAsBoolean()) {
                        return false;
                    }
                    received.wait(Math.min(left, 100));
                }
                return true;
            }
        }

        @Override
        public void close() {
            client.message().stopLocalListen(topic, listener);
        }
    }
}
