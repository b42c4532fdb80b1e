package dev.vpsguard.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JobsCfgParserTest {
    @Test
    void readsVzdumpSectionsAndSkipsOtherJobTypes() {
        List<VzdumpJob> jobs = JobsCfgParser.parse(BackupFixtures.lines("jobs.cfg"));
        assertThat(jobs)
                .extracting(VzdumpJob::id)
                .containsExactly(
                        "backup-5f1c2a7e-9b01", "backup-0a2d77c1-43e2", "backup-pool-gold");
        VzdumpJob nightly = jobs.get(0);
        assertThat(nightly.enabled()).isTrue();
        assertThat(nightly.all()).isTrue();
        assertThat(nightly.exclude()).containsExactlyInAnyOrder(9000, 9001);
        assertThat(nightly.storage()).isEqualTo("nfs-backup");
        assertThat(nightly.schedule()).isEqualTo("01:00");
        assertThat(nightly.keepDaily()).isEqualTo(7);
        VzdumpJob weekly = jobs.get(1);
        assertThat(weekly.enabled()).isFalse();
        assertThat(weekly.vmids()).containsExactlyInAnyOrder(300, 301, 302);
        assertThat(weekly.node()).isEqualTo("pve2");
        assertThat(weekly.mode()).isEqualTo("stop");
        assertThat(weekly.keepDaily()).isEqualTo(-1);
        assertThat(jobs.get(2).pool()).isEqualTo("gold");
    }

    @Test
    void coverageFollowsAllExcludeNodeAndEnabled() {
        List<VzdumpJob> jobs = JobsCfgParser.parse(BackupFixtures.lines("jobs.cfg"));
        assertThat(jobs.get(0).covers(101, "pve1")).isTrue();
        assertThat(jobs.get(0).covers(9000, "pve1")).isFalse();
        assertThat(jobs.get(1).covers(300, "pve2")).as("disabled job").isFalse();
        assertThat(jobs.get(2).covers(101, "pve1")).as("pool members are unknown here").isFalse();
    }

    @Test
    void emptyAndTruncatedFilesGiveWhatTheyHold() {
        assertThat(JobsCfgParser.parse(List.of())).isEmpty();
        assertThat(JobsCfgParser.parse(List.of("vzdump:", "\tall 1"))).isEmpty();
        List<VzdumpJob> jobs = JobsCfgParser.parse(List.of("vzdump: j1", "\tvmid 10,x,20"));
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).vmids()).containsExactlyInAnyOrder(10, 20);
    }

    @Property
    void neverThrowsOnGarbage(@ForAll List<String> lines) {
        assertThat(JobsCfgParser.parse(lines)).isNotNull();
    }
}
