package dev.vpsguard.agent.backup;

import static dev.vpsguard.agent.backup.BackupFixtures.PARIS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.backup.BackupRun.Outcome;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class VzdumpLogParserTest {
    @Test
    void successfulNightlyRun() {
        VzdumpTask t = VzdumpLogParser.parse(BackupFixtures.lines("vzdump-task-ok.log"), PARIS);
        assertThat(t.result()).isEqualTo(VzdumpTask.Result.OK);
        assertThat(t.storage()).isEqualTo("nfs-backup");
        assertThat(t.runs()).hasSize(2);
        BackupRun vm = t.runs().get(0);
        assertThat(vm.vmid()).isEqualTo(101);
        assertThat(vm.guestType()).isEqualTo("qemu");
        assertThat(vm.outcome()).isEqualTo(Outcome.OK);
        // 01:00:03 in Paris in December is 00:00:03 UTC.
        assertThat(vm.started()).isEqualTo(Instant.parse("2026-12-02T00:00:03Z"));
        assertThat(vm.ended()).isEqualTo(Instant.parse("2026-12-02T00:01:22Z"));
        assertThat(vm.archive())
                .isEqualTo("/mnt/pve/nfs-backup/dump/vzdump-qemu-101-2026_12_02-01_00_03.vma.zst");
        assertThat(t.runs().get(1).guestType()).isEqualTo("lxc");
        assertThat(t.runs().get(1).outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void partialRunKeepsTheSuccessAndEachFailureWithItsReason() {
        VzdumpTask t =
                VzdumpLogParser.parse(BackupFixtures.lines("vzdump-task-partial.log"), PARIS);
        assertThat(t.result()).isEqualTo(VzdumpTask.Result.ERRORS);
        assertThat(t.runs())
                .extracting(BackupRun::vmid, BackupRun::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(101, Outcome.OK),
                        org.assertj.core.groups.Tuple.tuple(205, Outcome.FAILED),
                        org.assertj.core.groups.Tuple.tuple(310, Outcome.FAILED));
        assertThat(t.runs().get(1).error())
                .startsWith("command 'set -o pipefail")
                .endsWith("failed: exit code 2");
        assertThat(t.runs().get(1).ended()).isEqualTo(Instant.parse("2026-12-03T00:03:40Z"));
        assertThat(t.runs().get(2).error()).isEqualTo("no space left on device");
    }

    @Test
    void storageOfflineFailsTheWholeJobWithoutRuns() {
        VzdumpTask t =
                VzdumpLogParser.parse(
                        BackupFixtures.lines("vzdump-task-storage-offline.log"), PARIS);
        assertThat(t.result()).isEqualTo(VzdumpTask.Result.FAILED);
        assertThat(t.runs()).isEmpty();
    }

    @Test
    void aLogCutMidBackupIsIncompleteNotSuccessful() {
        VzdumpTask t = VzdumpLogParser.parse(BackupFixtures.lines("vzdump-task-cut.log"), PARIS);
        assertThat(t.result()).isEqualTo(VzdumpTask.Result.UNFINISHED);
        assertThat(t.storage()).isEqualTo("pbs");
        BackupRun r = t.runs().get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.INCOMPLETE);
        assertThat(r.ended()).isNull();
        assertThat(r.archive()).isEqualTo("vm/101/2026-12-04T00:00:02Z");
    }

    @Test
    void perGuestLogWithTimeStampPrefixes() {
        VzdumpTask t = VzdumpLogParser.parse(BackupFixtures.lines("vzdump-qemu-101.log"), PARIS);
        assertThat(t.runs()).singleElement().extracting(BackupRun::outcome).isEqualTo(Outcome.OK);
        // No "at" lines in this log: the stamps of its first and Finished lines date the run.
        assertThat(t.runs().get(0).started()).isEqualTo(Instant.parse("2026-12-02T00:00:03Z"));
        assertThat(t.runs().get(0).ended()).isEqualTo(Instant.parse("2026-12-02T00:01:22Z"));
    }

    @Test
    void aGuestThatFailsBeforeStartingIsStillAFailure() {
        VzdumpTask t =
                VzdumpLogParser.parse(
                        List.of(
                                "ERROR: Backup of VM 999 failed - unable to find configuration file for VM 999 on node 'pve1'",
                                "INFO: Backup job finished with errors",
                                "TASK ERROR: job errors"),
                        PARIS);
        assertThat(t.runs())
                .singleElement()
                .extracting(BackupRun::vmid, BackupRun::outcome)
                .containsExactly(999, Outcome.FAILED);
    }

    @Property
    void neverThrowsOnGarbage(@ForAll List<String> lines) {
        assertThat(VzdumpLogParser.parse(lines, PARIS)).isNotNull();
    }
}
