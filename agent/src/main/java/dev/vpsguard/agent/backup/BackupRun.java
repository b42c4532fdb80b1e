package dev.vpsguard.agent.backup;

import java.time.Instant;

/**
 * One guest's part of a vzdump task.
 *
 * @param started when the guest's backup started, or null when the log does not say
 * @param ended when it finished or failed, or null (still running, or the log stops short)
 * @param archive the archive written ({@code vzdump-qemu-...vma.zst} or a PBS snapshot), or null
 * @param error vzdump's reason for a failure, or null
 */
public record BackupRun(
        int vmid,
        String guestType,
        Instant started,
        Instant ended,
        Outcome outcome,
        String archive,
        String error) {
    public enum Outcome {
        OK,
        FAILED,
        /** Started but neither finished nor failed: the task crashed, or is still running. */
        INCOMPLETE
    }
}
