package dev.vpsguard.server.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Judges one guest's backup facts against its contract's {@link BackupPolicy}. Pure. */
public final class BackupCompliance {
    private BackupCompliance() {}

    /**
     * @param scheduled whether an enabled vzdump job on the guest's host takes the guest
     * @param zone the tenant's zone: a "day" of restore points is one of its calendar days
     */
    public static GuestBackupStatus evaluate(
            BackupPolicy policy,
            String guestId,
            boolean scheduled,
            List<BackupRunFact> runs,
            List<RestorePointFact> points,
            Instant now,
            ZoneId zone) {
        Instant windowStart = now.minus(Duration.ofDays(policy.windowDays()));
        Instant lastSuccess = null;
        int failures = 0;
        for (BackupRunFact r : runs) {
            Instant at = r.at();
            if (at == null || at.isAfter(now)) {
                continue;
            }
            if (r.outcome() == BackupRunFact.Outcome.OK && r.ended() != null) {
                lastSuccess = later(lastSuccess, r.ended());
            } else if (r.outcome() != BackupRunFact.Outcome.OK && !at.isBefore(windowStart)) {
                failures++;
            }
        }
        Set<LocalDate> days = new HashSet<>();
        for (RestorePointFact p : points) {
            if (p.created() == null || p.created().isAfter(now)) {
                continue;
            }
            lastSuccess = later(lastSuccess, p.created());
            if (!p.created().isBefore(windowStart)) {
                days.add(LocalDate.ofInstant(p.created(), zone));
            }
        }
        BackupRunFact latest =
                runs.stream()
                        .filter(r -> r.at() != null && !r.at().isAfter(now))
                        .max(Comparator.comparing(BackupRunFact::at))
                        .orElse(null);

        List<BackupFinding> findings = new ArrayList<>();
        String clause = policy.clause();
        if (!scheduled) {
            findings.add(
                    new BackupFinding(
                            BackupFinding.Kind.NOT_SCHEDULED,
                            clause,
                            "no enabled vzdump job takes this guest"));
        }
        if (lastSuccess == null) {
            findings.add(
                    new BackupFinding(
                            BackupFinding.Kind.NO_RECENT_SUCCESS,
                            clause,
                            "no successful backup seen"));
        } else if (Duration.between(lastSuccess, now).compareTo(policy.maxSinceSuccess()) > 0) {
            findings.add(
                    new BackupFinding(
                            BackupFinding.Kind.NO_RECENT_SUCCESS,
                            clause,
                            "last successful backup "
                                    + lastSuccess
                                    + ", "
                                    + Duration.between(lastSuccess, now).toHours()
                                    + " h ago (at most "
                                    + policy.maxSinceSuccess().toHours()
                                    + " h)"));
        }
        if (days.size() < policy.restorePoints()) {
            findings.add(
                    new BackupFinding(
                            BackupFinding.Kind.TOO_FEW_RESTORE_POINTS,
                            clause,
                            days.size()
                                    + " daily restore points in the last "
                                    + policy.windowDays()
                                    + " days (promised "
                                    + policy.restorePoints()
                                    + ")"));
        }
        if (latest != null && latest.outcome() != BackupRunFact.Outcome.OK) {
            findings.add(
                    new BackupFinding(
                            BackupFinding.Kind.LAST_RUN_FAILED,
                            clause,
                            latest.outcome() == BackupRunFact.Outcome.FAILED
                                    ? "latest backup failed: " + latest.error()
                                    : "latest backup started "
                                            + latest.started()
                                            + " and did not finish"));
        }
        return new GuestBackupStatus(
                guestId,
                lastSuccess,
                days.size(),
                failures,
                latest != null && latest.outcome() == BackupRunFact.Outcome.FAILED
                        ? latest.error()
                        : null,
                findings);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
