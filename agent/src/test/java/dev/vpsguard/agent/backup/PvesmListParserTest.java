package dev.vpsguard.agent.backup;

import static dev.vpsguard.agent.backup.BackupFixtures.PARIS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PvesmListParserTest {
    @Test
    void fileStorageKeepsBackupsOnlyWithLocalTimesFromTheNames() {
        List<RestorePoint> points =
                PvesmListParser.parse(
                        "nfs-backup", BackupFixtures.lines("pvesm-list-nfs-backup.txt"), PARIS);
        assertThat(points).hasSize(12);
        assertThat(points).filteredOn(p -> p.vmid() == 101).hasSize(9);
        RestorePoint first = points.get(0);
        assertThat(first.volid())
                .isEqualTo("nfs-backup:backup/vzdump-lxc-205-2026_11_27-01_01_20.tar.zst");
        assertThat(first.format()).isEqualTo("tar.zst");
        assertThat(first.sizeBytes()).isEqualTo(745012345L);
        assertThat(first.created()).isEqualTo(Instant.parse("2026-11-27T00:01:20Z"));
    }

    @Test
    void backupServerSnapshotsCarryUtc() {
        List<RestorePoint> points =
                PvesmListParser.parse("pbs", BackupFixtures.lines("pvesm-list-pbs.txt"), PARIS);
        assertThat(points)
                .extracting(RestorePoint::created)
                .containsExactly(
                        Instant.parse("2026-11-30T00:30:11Z"),
                        Instant.parse("2026-12-01T00:00:02Z"),
                        Instant.parse("2026-12-02T00:00:03Z"));
        assertThat(points.get(1).format()).isEqualTo("pbs-vm");
    }

    @Test
    void aNameOutsideVzdumpsSchemeKeepsThePointWithoutATime() {
        List<RestorePoint> points =
                PvesmListParser.parse(
                        "local",
                        List.of(
                                "local:backup/manual-copy-of-101.vma.zst vma.zst backup 123 101",
                                "local:backup/vzdump-qemu-101-2026_13_45-01_00_02.vma.zst vma.zst backup 123 101"),
                        PARIS);
        assertThat(points).extracting(RestorePoint::created).containsExactly(null, null);
    }

    @Test
    void truncatedOutputKeepsTheCompleteLines() {
        List<String> lines = BackupFixtures.lines("pvesm-list-pbs.txt");
        String cut = lines.get(2).substring(0, 30);
        assertThat(PvesmListParser.parse("pbs", List.of(lines.get(0), lines.get(1), cut), PARIS))
                .hasSize(1);
    }

    @Property
    void neverThrowsOnGarbage(@ForAll List<String> lines) {
        assertThat(PvesmListParser.parse("x", lines, PARIS)).isNotNull();
    }
}
