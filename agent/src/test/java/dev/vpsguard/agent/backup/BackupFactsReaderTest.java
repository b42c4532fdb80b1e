package dev.vpsguard.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.BackupFacts;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host root with jobs.cfg, the task list and two vzdump task logs where pve-common writes them,
 * and a fake {@code pvesm} on the PATH that records its argv: the facts the agent sends.
 */
class BackupFactsReaderTest {
    static final String OK_UPID = "UPID:pve1:00002A10:0011A2B3:6B0F5F80:vzdump::root@pam:";
    static final String PARTIAL_UPID = "UPID:pve1:00002B20:0012B3C4:6B10B100:vzdump::root@pam:";
    static final String OLD_UPID = "UPID:pve1:00002C30:0013C4D5:6AFF8D80:vzdump::root@pam:";
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @TempDir Path root;
    @TempDir Path bin;

    @Test
    void jobsRunsAndVolumesAreReadAndPvesmIsRunOncePerTargetStorage() throws IOException {
        Files.createDirectories(root.resolve("etc/pve"));
        Files.write(root.resolve("etc/pve/jobs.cfg"), BackupFixtures.lines("jobs.cfg"));
        Path tasks = Files.createDirectories(root.resolve("var/log/pve/tasks"));
        Files.write(
                tasks.resolve("index"),
                List.of(
                        OLD_UPID + " 6AFF8DC0 OK",
                        OK_UPID + " 6B0F5FC1 OK",
                        PARTIAL_UPID + " 6B10B1F9 job errors"));
        write(tasks, OK_UPID, "vzdump-task-ok.log");
        write(tasks, PARTIAL_UPID, "vzdump-task-partial.log");
        write(tasks, OLD_UPID, "vzdump-task-ok.log");
        Path log = bin.resolve("argv.log");
        BackupStorageReader storages = BackupFixtures.fakePvesm(bin);
        BackupFactsReader reader =
                new BackupFactsReader(
                        root,
                        storages,
                        BackupFixtures.PARIS,
                        "pve1",
                        Clock.fixed(NOW, ZoneOffset.UTC),
                        Duration.ofMinutes(15),
                        Duration.ofDays(8));

        BackupFacts facts = reader.read(List.of(101, 205, 310, 9000), NOW);

        assertThat(facts.jobs())
                .extracting(BackupFacts.Job::id, BackupFacts.Job::enabled, BackupFacts.Job::vmids)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "backup-5f1c2a7e-9b01", true, List.of(101, 205, 310)),
                        org.assertj.core.groups.Tuple.tuple(
                                "backup-0a2d77c1-43e2", false, List.of()),
                        org.assertj.core.groups.Tuple.tuple("backup-pool-gold", true, List.of()));
        // The 8-day look-back leaves the November 20 task out.
        assertThat(facts.runs())
                .extracting(BackupFacts.Run::vmid, BackupFacts.Run::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(101, BackupFacts.Outcome.OK),
                        org.assertj.core.groups.Tuple.tuple(102, BackupFacts.Outcome.OK),
                        org.assertj.core.groups.Tuple.tuple(101, BackupFacts.Outcome.OK),
                        org.assertj.core.groups.Tuple.tuple(205, BackupFacts.Outcome.FAILED),
                        org.assertj.core.groups.Tuple.tuple(310, BackupFacts.Outcome.FAILED));
        assertThat(facts.runs().get(4).error()).isEqualTo("no space left on device");
        assertThat(facts.runs().get(0).storage()).isEqualTo("nfs-backup");
        assertThat(facts.volumes()).hasSize(12);
        assertThat(facts.unreadable())
                .singleElement()
                .satisfies(
                        u -> {
                            assertThat(u.storage()).isEqualTo("pbs");
                            assertThat(u.error()).contains("is not online");
                        });
        assertThat(Files.readAllLines(log))
                .containsExactly(
                        "pvesm list nfs-backup --content backup",
                        "pvesm list pbs --content backup");
    }

    @Test
    void factsAreAddedOncePerPeriodOnly() {
        MutableClock clock = new MutableClock(NOW);
        BackupFactsReader reader =
                new BackupFactsReader(
                        root,
                        new BackupStorageReader(
                                (argv, in) -> {
                                    throw new AssertionError("no storage to list");
                                },
                                BackupFixtures.PARIS),
                        BackupFixtures.PARIS,
                        "pve1",
                        clock,
                        Duration.ofMinutes(15),
                        Duration.ofDays(8));
        Report r =
                new Report(
                        ProtocolJson.VERSION,
                        "pve1",
                        1,
                        NOW,
                        new HostSample(
                                null, null, null, null, null, null, null, null, null, null, null),
                        List.of(),
                        null,
                        null,
                        "0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b");
        assertThat(reader.addTo(r).backups()).isNotNull();
        clock.set(NOW.plus(Duration.ofMinutes(14)));
        assertThat(reader.addTo(r).backups()).isNull();
        clock.set(NOW.plus(Duration.ofMinutes(15)));
        assertThat(reader.addTo(r).backups()).isNotNull();
    }

    private static void write(Path tasks, String upid, String fixture) throws IOException {
        String start = upid.split(":")[4];
        Path dir = Files.createDirectories(tasks.resolve(start.substring(7, 8)));
        Files.write(dir.resolve(upid), BackupFixtures.lines(fixture));
    }
}
