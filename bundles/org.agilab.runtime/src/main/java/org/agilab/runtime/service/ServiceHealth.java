package org.agilab.runtime.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The health of an app's service, and upstream's SLA gate over it ({@code [cluster.service_health]}): the status
 * ({@code running}, {@code degraded} when a worker is unhealthy, {@code idle} when no service or no worker runs), one
 * row per worker (upstream's {@code agi.service.health.v1} rows: worker, healthy, reason, heartbeat state and age), and
 * the thresholds crossed, each named.
 */
public final class ServiceHealth {

    /** Upstream's health file schema. */
    public static final String SCHEMA = "agi.service.health.v1";
    /** A heartbeat older than this many beats is late. */
    public static final int LATE_BEATS = 5;

    private ServiceHealth() {
    }

    /**
     * {@code [cluster.service_health]}, upstream's keys and defaults.
     *
     * @param allowIdle      whether an idle service (not running, or without workers) passes
     * @param maxUnhealthy   how many unhealthy workers pass
     * @param maxRestartRate the share of attempts since the service started that ended back in pending, which passes
     */
    public record Gate(boolean allowIdle, long maxUnhealthy, double maxRestartRate) {
        public static final Gate DEFAULT = new Gate(false, 0, 0.25);

        /** The gate of a settings table (missing keys keep upstream's defaults). */
        public static Gate of(Map<String, Object> table) {
            Object idle = table.get("allow_idle");
            Object unhealthy = table.get("max_unhealthy");
            Object rate = table.get("max_restart_rate");
            return new Gate(idle instanceof Boolean b ? b : DEFAULT.allowIdle,
                    unhealthy instanceof Number n ? n.longValue() : DEFAULT.maxUnhealthy,
                    rate instanceof Number n ? n.doubleValue() : DEFAULT.maxRestartRate);
        }
    }

    /** One worker's row, as upstream's health file has them. */
    public record WorkerRow(String worker, boolean healthy, String reason, String heartbeatState, Double heartbeatAgeSec) {
    }

    /**
     * The gate's verdict.
     *
     * @param crossed each threshold crossed, named as its key with its value and what crossed it
     */
    public record Verdict(String status, boolean passed, List<String> crossed, long unhealthy, double restartRate) {
    }

    /** The heartbeat row of the service process itself: late past {@value #LATE_BEATS} beats, missing when not alive. */
    public static WorkerRow serviceRow(ServiceState state, boolean alive, Duration heartbeatAge) {
        if (state == null || !alive) {
            return new WorkerRow("service", false, state == null ? "never-started" : "stopped", "missing", null);
        }
        double age = heartbeatAge.toMillis() / 1000.0;
        boolean late = heartbeatAge.toMillis() > LATE_BEATS * ServiceState.HEARTBEAT_MILLIS;
        return new WorkerRow("service (pid " + state.pid() + ")", !late, late ? "stale-heartbeat(" + (long) age + "s)" : "ok",
                late ? "late" : "fresh", age);
    }

    /**
     * The row of a worker slot the service dispatches to: its heartbeat is the node's membership of the cluster, as
     * the service last saw it; late past {@value #LATE_BEATS} beats (the node froze or left), gone when its process is.
     */
    public static WorkerRow slotRow(String worker, boolean processAlive, long pid, Duration heartbeatAge) {
        double age = heartbeatAge.toMillis() / 1000.0;
        if (!processAlive) {
            return new WorkerRow(worker, false, "process-gone(pid " + pid + ")", "missing", age);
        }
        boolean late = heartbeatAge.toMillis() > LATE_BEATS * ServiceState.HEARTBEAT_MILLIS;
        return new WorkerRow(worker, !late, late ? "stale-heartbeat(" + (long) age + "s)" : "ok", late ? "late" : "fresh", age);
    }

    /**
     * Judges the rows: idle when the service row is missing or no worker row is left beside it; degraded when any row
     * is unhealthy; the restart rate is the requeues over the attempts since the service started.
     */
    public static Verdict judge(Gate gate, List<WorkerRow> rows, int restarts, long finished) {
        boolean serviceUp = rows.stream().anyMatch(row -> row.worker().startsWith("service") && !"missing".equals(row.heartbeatState()));
        boolean idle = !serviceUp || rows.stream().noneMatch(row -> !row.worker().startsWith("service"));
        long unhealthy = rows.stream().filter(row -> !row.healthy() && !(idle && row.worker().startsWith("service"))).count();
        long attempts = finished + restarts;
        double restartRate = attempts == 0 ? 0 : (double) restarts / attempts;
        List<String> crossed = new ArrayList<>();
        if (idle && !gate.allowIdle()) {
            crossed.add("allow_idle=false: the service is idle (" + (serviceUp ? "no worker" : "not running") + ")");
        }
        if (unhealthy > gate.maxUnhealthy()) {
            crossed.add("max_unhealthy=" + gate.maxUnhealthy() + ": " + unhealthy + " unhealthy ("
                    + String.join(", ", rows.stream().filter(row -> !row.healthy()).map(row -> row.worker() + " " + row.reason()).toList()) + ")");
        }
        if (restartRate > gate.maxRestartRate()) {
            crossed.add("max_restart_rate=" + gate.maxRestartRate() + ": " + String.format(java.util.Locale.ROOT, "%.3f", restartRate) + " ("
                    + restarts + " of " + attempts + " attempts went back to pending)");
        }
        String status = idle ? "idle" : unhealthy > 0 ? "degraded" : "running";
        return new Verdict(status, crossed.isEmpty(), crossed, unhealthy, restartRate);
    }
}
