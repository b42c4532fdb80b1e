package dev.vpsguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupFactsTest {
    static BackupFacts facts() {
        Instant t = Instant.parse("2026-12-03T01:00:02Z");
        return new BackupFacts(
                t.plusSeconds(3600),
                List.of(
                        new BackupFacts.Job(
                                "backup-5f1c", true, "01:00", "nfs-backup", List.of(101, 205))),
                List.of(
                        new BackupFacts.Run(
                                101,
                                "nfs-backup",
                                t,
                                t.plusSeconds(76),
                                BackupFacts.Outcome.OK,
                                null),
                        new BackupFacts.Run(
                                205,
                                "nfs-backup",
                                t.plusSeconds(76),
                                t.plusSeconds(218),
                                BackupFacts.Outcome.FAILED,
                                "command 'tar ...' failed: exit code 2")),
                List.of(
                        new BackupFacts.Volume(
                                "nfs-backup",
                                "nfs-backup:backup/vzdump-qemu-101-2026_12_03-01_00_02.vma.zst",
                                101,
                                t,
                                5240123456L)),
                List.of(
                        new BackupFacts.StorageError(
                                "pbs", "pbs: error fetching datastores - 500 Can't connect")));
    }

    @Test
    void backupFactsTravelAndAReportWithoutThemReadsAsBefore() throws Exception {
        Report r = Samples.report(1).withBackups(facts());
        assertThat(ProtocolJson.read(ProtocolJson.write(r), Report.class)).isEqualTo(r);
        String json = new String(ProtocolJson.write(r), StandardCharsets.UTF_8);
        assertThat(json).contains("\"outcome\":\"failed\"");
        assertThat(ProtocolJson.read(ProtocolJson.write(Samples.report(1)), Report.class).backups())
                .isNull();
    }

    @Test
    void badBackupFactsNameTheField() {
        String json =
                new String(
                        ProtocolJson.write(Samples.report(0).withBackups(facts())),
                        StandardCharsets.UTF_8);
        GuestTaskTest.assertField(
                json.replace("\"outcome\":\"failed\"", "\"outcome\":\"meh\""),
                "backups.runs[1].outcome");
        GuestTaskTest.assertField(
                json.replace("\"storage\":\"pbs\"", "\"storage\":\"../etc\""),
                "backups.unreadable[0].storage");
        GuestTaskTest.assertField(json.replace("[101,205]", "[101,5]"), "backups.jobs[0].vmids[1]");
    }
}
