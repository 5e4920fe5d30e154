package org.agilab.runtime.workflow;

import java.nio.file.Path;
import java.util.List;

/**
 * How one stage of a run ended.
 *
 * @param status what the CLI and the IDE show
 * @param manifestStatus upstream's finer status, as the automation manifest records it ({@code completed},
 *        {@code failed}, {@code skipped_unchanged}, {@code skipped_outputs_exist}, {@code skipped_disabled},
 *        {@code skipped_not_runnable}, {@code skipped_after_failure}, {@code skipped_not_ready}, {@code cancelled})
 * @param reason why, for people (null when it simply ran)
 * @param log the stage's log file, null when it did not run
 * @param outputs its declared outputs as they are after the stage
 */
public record StageOutcome(String stage, String array, StageKind kind, Status status, String manifestStatus, String reason, Path log,
        long durationMs, int wave, String startedAt, String finishedAt, String codeSha256, String fingerprint, List<OutputRecord> outputs) {

    /** The statuses the CLI prints ({@code --json}: {@code status}). */
    public enum Status {
        OK("ok"), SKIPPED("skipped"), FAILED("failed"), CANCELLED("cancelled"), NOT_RUNNABLE("not-runnable");

        private final String id;

        Status(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /**
     * A declared output as upstream's manifest records it: {@code spec} as written, the resolved {@code path},
     * {@code exists}, {@code is_dir}, {@code is_file}, {@code size_bytes}, {@code mtime} (seconds), {@code sha256} and
     * {@code sha256_status} ({@code ok}, {@code directory}: a hash of the folder's files, {@code missing}), and
     * {@code kind} ({@code file}, {@code directory}, {@code missing}).
     */
    public record OutputRecord(String spec, String path, boolean exists, boolean is_dir, boolean is_file, Long size_bytes, Double mtime,
            String sha256, String sha256_status, String kind) {
    }
}
