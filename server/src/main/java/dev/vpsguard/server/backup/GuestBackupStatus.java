package dev.vpsguard.server.backup;

import java.time.Instant;
import java.util.List;

/**
 * One guest's backup compliance at an instant.
 *
 * @param lastSuccess the latest proof of a good backup (a finished run or a restore point), or null
 * @param dailyRestorePoints distinct local days holding a restore point within the window
 * @param failures failed or unfinished attempts within the window
 */
public record GuestBackupStatus(
        String guestId,
        Instant lastSuccess,
        int dailyRestorePoints,
        int failures,
        String lastError,
        List<BackupFinding> findings) {
    public GuestBackupStatus {
        findings = List.copyOf(findings);
    }

    public boolean compliant() {
        return findings.isEmpty();
    }
}
