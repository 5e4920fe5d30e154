package org.agilab.ui.internal.workflow;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.workflow.AutomationManifest;
import org.eclipse.swt.SWT;

/**
 * What the editor shows of a stage's last run: its status as the CLI names it ({@code running}, {@code ok},
 * {@code skipped}, {@code failed}, {@code cancelled}, {@code not-runnable}), why, its log and how long it took; read
 * from the lab's automation manifest, then replaced live by the run's stage events.
 */
record StageStatus(String status, String reason, String log, Long durationMs) {

    /** Each stage's status in the manifest of the lab's latest run (ours or upstream's), by stage id. */
    @SuppressWarnings("unchecked")
    static Map<String, StageStatus> fromManifest(Path labFolder) {
        Map<String, StageStatus> statuses = new LinkedHashMap<>();
        Map<String, Object> manifest = labFolder == null ? null : AutomationManifest.read(labFolder);
        if (manifest == null || !(manifest.get("stages") instanceof List<?> stages)) {
            return statuses;
        }
        for (Object item : stages) {
            if (item instanceof Map<?, ?> record && record.get("stage_id") != null) {
                Map<String, Object> r = (Map<String, Object>) record;
                Object seconds = r.get("duration_seconds");
                Long ms = seconds instanceof Number n ? Math.round(n.doubleValue() * 1000) : null;
                String reason = text(r.get("reason"));
                statuses.put(String.valueOf(r.get("stage_id")), new StageStatus(status(text(r.get("status"))),
                        reason.isEmpty() ? text(r.get("error")) : reason, text(r.get("log")), ms));
            }
        }
        return statuses;
    }

    static StageStatus of(Event.Stage event) {
        return new StageStatus(event.status(), event.reason(), event.log(), event.durationMs());
    }

    /** Upstream's manifest status as the CLI's. */
    static String status(String manifestStatus) {
        return switch (manifestStatus) {
            case "completed" -> "ok";
            case "failed" -> "failed";
            case "cancelled", "skipped_after_failure" -> "cancelled";
            case "skipped_not_runnable" -> "not-runnable";
            default -> manifestStatus.startsWith("skipped") ? "skipped" : manifestStatus;
        };
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    /** One line: {@code ok (1.25 s)}, {@code failed: why}. */
    String label() {
        StringBuilder label = new StringBuilder(status);
        if (durationMs != null && durationMs > 0 && !"running".equals(status)) {
            label.append(String.format(" (%.2f s)", durationMs / 1000.0));
        }
        if (reason != null && !reason.isBlank()) {
            label.append(": ").append(reason.lines().findFirst().orElse(""));
        }
        return label.toString();
    }

    /** The system colour the status is drawn with. */
    int colour() {
        return switch (status) {
            case "ok" -> SWT.COLOR_DARK_GREEN;
            case "failed" -> SWT.COLOR_RED;
            case "running" -> SWT.COLOR_BLUE;
            case "cancelled" -> SWT.COLOR_DARK_YELLOW;
            default -> SWT.COLOR_DARK_GRAY;
        };
    }

    /** The fill of a stage's box in the graph (RGB). */
    int[] fill() {
        return switch (status) {
            case "ok" -> new int[] {205, 235, 205};
            case "failed" -> new int[] {245, 200, 200};
            case "running" -> new int[] {205, 220, 250};
            case "cancelled" -> new int[] {245, 235, 190};
            case "skipped" -> new int[] {225, 235, 225};
            default -> new int[] {235, 235, 235};
        };
    }
}
