package dev.vpsguard.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.backup.BackupFinding.Kind;
import dev.vpsguard.server.backup.BackupRunFact.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BackupComplianceTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final BackupPolicy UNIXO = BackupPolicy.forContract("unixo-cloud").orElseThrow();
    static final BackupPolicy MTDS = BackupPolicy.forContract("mtds-cloud").orElseThrow();
    static final Instant NOW = Instant.parse("2026-12-03T13:00:00Z");

    /**
     * Nightly runs at 01:00 Paris (00:00 UTC) for the last {@code days} days, each leaving a point.
     */
    static List<RestorePointFact> nightly(int days) {
        List<RestorePointFact> out = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            Instant t = Instant.parse("2026-12-03T00:00:02Z").minus(Duration.ofDays(d));
            out.add(
                    new RestorePointFact(
                            "g1",
                            "nfs-backup",
                            "nfs-backup:backup/vzdump-qemu-101-" + d + ".vma.zst",
                            t));
        }
        return out;
    }

    static BackupRunFact run(String end, Outcome o, String error) {
        Instant e = Instant.parse(end);
        return new BackupRunFact(
                "g1", e.minusSeconds(80), o == Outcome.INCOMPLETE ? null : e, o, error);
    }

    @Test
    void sevenNightlyPointsAndAGoodLastRunAreCompliant() {
        GuestBackupStatus s =
                BackupCompliance.evaluate(
                        UNIXO,
                        "g1",
                        true,
                        List.of(run("2026-12-03T00:01:22Z", Outcome.OK, null)),
                        nightly(7),
                        NOW,
                        PARIS);
        assertThat(s.findings()).isEmpty();
        assertThat(s.dailyRestorePoints()).isEqualTo(7);
        assertThat(s.lastSuccess()).isEqualTo(Instant.parse("2026-12-03T00:01:22Z"));
    }

    @Test
    void fourPointsBreakUnixosSevenRollingDaysButNotMtds() {
        GuestBackupStatus u =
                BackupCompliance.evaluate(UNIXO, "g1", true, List.of(), nightly(4), NOW, PARIS);
        assertThat(u.findings())
                .extracting(BackupFinding::kind)
                .containsExactly(Kind.TOO_FEW_RESTORE_POINTS);
        assertThat(u.findings().get(0).detail())
                .isEqualTo("4 daily restore points in the last 7 days (promised 7)");
        assertThat(u.findings().get(0).clause()).isEqualTo("UNIXO Cloud CSV, Annexe 2");
        assertThat(
                        BackupCompliance.evaluate(
                                        MTDS, "g1", true, List.of(), nightly(4), NOW, PARIS)
                                .compliant())
                .isTrue();
    }

    @Test
    void aFailedNightAfterOldPointsIsAFailureAndAStaleBackup() {
        List<RestorePointFact> old = nightly(7).subList(2, 7); // the last two nights left nothing
        GuestBackupStatus s =
                BackupCompliance.evaluate(
                        MTDS,
                        "g1",
                        true,
                        List.of(
                                run(
                                        "2026-12-02T00:03:40Z",
                                        Outcome.FAILED,
                                        "no space left on device"),
                                run(
                                        "2026-12-03T00:03:52Z",
                                        Outcome.FAILED,
                                        "no space left on device")),
                        old,
                        NOW,
                        PARIS);
        assertThat(s.findings())
                .extracting(BackupFinding::kind)
                .containsExactly(Kind.NO_RECENT_SUCCESS, Kind.LAST_RUN_FAILED);
        assertThat(s.failures()).isEqualTo(2);
        assertThat(s.lastError()).isEqualTo("no space left on device");
        assertThat(s.findings().get(0).detail())
                .isEqualTo("last successful backup 2026-12-01T00:00:02Z, 60 h ago (at most 30 h)");
    }

    @Test
    void anUnfinishedRunIsNotASuccess() {
        GuestBackupStatus s =
                BackupCompliance.evaluate(
                        MTDS,
                        "g1",
                        true,
                        List.of(run("2026-12-03T00:01:22Z", Outcome.INCOMPLETE, null)),
                        List.of(),
                        NOW,
                        PARIS);
        assertThat(s.lastSuccess()).isNull();
        assertThat(s.findings())
                .extracting(BackupFinding::kind)
                .containsExactly(
                        Kind.NO_RECENT_SUCCESS, Kind.TOO_FEW_RESTORE_POINTS, Kind.LAST_RUN_FAILED);
    }

    @Test
    void aGuestNoJobTakesIsNotScheduled() {
        GuestBackupStatus s =
                BackupCompliance.evaluate(MTDS, "g1", false, List.of(), nightly(1), NOW, PARIS);
        assertThat(s.findings())
                .extracting(BackupFinding::kind)
                .containsExactly(Kind.NOT_SCHEDULED);
    }

    @Test
    void factsFromTheFutureAreIgnored() {
        GuestBackupStatus s =
                BackupCompliance.evaluate(
                        MTDS,
                        "g1",
                        true,
                        List.of(),
                        List.of(
                                new RestorePointFact(
                                        "g1",
                                        "pbs",
                                        "pbs:backup/vm/101/2026-12-04T00:00:02Z",
                                        Instant.parse("2026-12-04T00:00:02Z"))),
                        NOW,
                        PARIS);
        assertThat(s.lastSuccess()).isNull();
    }

    /**
     * Restore points counted are exactly the distinct Paris dates of the points in the last 7 days.
     */
    @Property(tries = 200)
    void dailyPointsAreDistinctLocalDaysInTheWindow(
            @ForAll @IntRange(min = 0, max = 40) int count, @ForAll long seed) {
        java.util.Random r = new java.util.Random(seed);
        List<RestorePointFact> points = new ArrayList<>();
        java.util.Set<java.time.LocalDate> expected = new java.util.HashSet<>();
        for (int i = 0; i < count; i++) {
            Instant t = NOW.minusSeconds(r.nextInt(14 * 86_400));
            points.add(new RestorePointFact("g1", "s", "v" + i, t));
            if (!t.isBefore(NOW.minus(Duration.ofDays(7)))) {
                expected.add(t.atZone(PARIS).toLocalDate());
            }
        }
        GuestBackupStatus s =
                BackupCompliance.evaluate(UNIXO, "g1", true, List.of(), points, NOW, PARIS);
        assertThat(s.dailyRestorePoints()).isEqualTo(expected.size());
        assertThat(s.findings().stream().anyMatch(f -> f.kind() == Kind.TOO_FEW_RESTORE_POINTS))
                .isEqualTo(expected.size() < 7);
    }
}
