package dev.vpsguard.agent.backup;

import static dev.vpsguard.agent.backup.BackupFixtures.PARIS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.backup.BackupRun.Outcome;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parsers on output published by operators of real Proxmox hosts (sources in {@code
 * src/test/resources/backup/published/README.md}).
 */
class PublishedCapturesTest {
    private static List<String> published(String name) {
        return BackupFixtures.lines("published/" + name);
    }

    @Test
    void aBackupServerTimeoutIsAFailureDatedByItsFailedAtLine() {
        // The excerpt starts after the guest's "Starting Backup" line.
        VzdumpTask t = VzdumpLogParser.parse(published("vzdump-pbs-failed-timeout.log"), PARIS);
        assertThat(t.runs())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.vmid()).isEqualTo(111);
                            assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
                            assertThat(r.error())
                                    .isEqualTo("VM 111 qmp command 'backup' failed - got timeout");
                            // 22:02:56 in Paris in April (UTC+2); the archive was named 20:00:14Z.
                            assertThat(r.ended()).isEqualTo(Instant.parse("2026-04-23T20:02:56Z"));
                        });
        assertThat(t.result())
                .as("the excerpt stops before the status line")
                .isEqualTo(VzdumpTask.Result.UNFINISHED);
    }

    @Test
    void aConnectionResetToTheBackupServerFailsTheGuestWithItsReason() {
        VzdumpTask t =
                VzdumpLogParser.parse(published("vzdump-pbs-failed-connection-reset.log"), PARIS);
        assertThat(t.storage()).isEqualTo("pbs-rpi");
        BackupRun r = t.runs().get(0);
        assertThat(t.runs()).hasSize(1);
        assertThat(r.vmid()).isEqualTo(100);
        assertThat(r.guestType()).isEqualTo("qemu");
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error())
                .startsWith("backup write data failed")
                .endsWith("pipelined request failed: connection reset");
        // The host's local start time is the UTC time Proxmox Backup Server named the snapshot.
        assertThat(r.started()).isEqualTo(Instant.parse("2025-08-08T10:26:45Z"));
        assertThat(r.archive()).isEqualTo("vm/100/2025-08-08T10:26:45Z");
        assertThat(r.ended()).isEqualTo(Instant.parse("2025-08-08T10:40:31Z"));
    }

    @Test
    void anExcerptWithoutTheGuestsStartStillProvesItsSuccessAndTheNextIsIncomplete() {
        // The reporter's host is at UTC-05:00 (their backup server's log says so).
        ZoneId host = ZoneId.of("America/Chicago");
        VzdumpTask t = VzdumpLogParser.parse(published("vzdump-pbs-ok-excerpt.log"), host);
        assertThat(t.runs())
                .extracting(BackupRun::vmid, BackupRun::outcome, BackupRun::ended)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                106, Outcome.OK, Instant.parse("2026-09-06T14:24:49Z")),
                        org.assertj.core.groups.Tuple.tuple(107, Outcome.INCOMPLETE, null));
        assertThat(t.runs().get(1).started()).isEqualTo(Instant.parse("2026-09-06T14:24:50Z"));
    }

    @Test
    void aTaskThatEndsWithWarningsIsNotUnfinished() {
        // The status line as published; that thread's vzdump task ended "WARNINGS: 2".
        assertThat(VzdumpLogParser.parse(List.of("TASK WARNINGS: 1"), PARIS).result())
                .isEqualTo(VzdumpTask.Result.WARNINGS);
    }

    @Test
    void aPerGuestLogReadWhileTheBackupRunsIsIncompleteFromItsFirstStamp() {
        VzdumpTask t = VzdumpLogParser.parse(published("vzdump-qemu-117-running.log"), PARIS);
        assertThat(t.runs())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.vmid()).isEqualTo(117);
                            assertThat(r.outcome()).isEqualTo(Outcome.INCOMPLETE);
                            // This log has no "Backup started at" line: its first stamp dates the
                            // run.
                            assertThat(r.started())
                                    .isEqualTo(Instant.parse("2019-05-17T21:06:14Z"));
                            assertThat(r.ended()).isNull();
                        });
    }

    @Test
    void aDirectoryListingKeepsItsBackupsOnly() {
        List<RestorePoint> points =
                PvesmListParser.parse("dir1", published("pvesm-list-dir1.txt"), PARIS);
        assertThat(points).hasSize(11);
        assertThat(points)
                .extracting(RestorePoint::vmid)
                .containsExactly(102, 105, 105, 105, 105, 104, 104, 104, 104, 106, 121);
        assertThat(points.get(0).format()).isEqualTo("tar.zst");
        assertThat(points.get(0).created()).isEqualTo(Instant.parse("2024-02-15T02:00:00Z"));
        assertThat(points.get(10).sizeBytes()).isEqualTo(491_076_225_929L);
    }

    @Test
    void anLzoArchiveAFourDigitVmidAndATemplateWithoutVmid() {
        List<RestorePoint> points =
                PvesmListParser.parse(
                        "sshfs-macpro-10g-sgtera2",
                        published("pvesm-list-sshfs-excerpt.txt"),
                        PARIS);
        assertThat(points)
                .extracting(RestorePoint::vmid, RestorePoint::format)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(120, "vma.lzo"),
                        org.assertj.core.groups.Tuple.tuple(9999, "vma.zst"));
    }

    @Test
    void anEmptyStorageIsItsHeaderAlone() {
        assertThat(PvesmListParser.parse("ztosh10-multi", published("pvesm-list-empty.txt"), PARIS))
                .isEmpty();
    }
}
