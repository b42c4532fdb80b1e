package dev.vpsguard.server.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.GuestUsage;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.server.policy.PolicyLoader;
import dev.vpsguard.server.policy.ResourcePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceAbuseDetectorTest {
    static final ResourcePolicy DEFAULT = PolicyLoader.loadBundled().forTenant(null).resources();
    static final ResourcePolicy MTDS =
            PolicyLoader.loadBundled().contract("mtds-cloud").orElseThrow().resources();
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Duration CYCLE = Duration.ofSeconds(5);

    static GuestSample guest(int cores, GuestUsage u) {
        return new GuestSample(
                101, GuestKind.QEMU, "g", GuestStatus.RUNNING, cores, null, List.of(), u, null);
    }

    static GuestUsage cpu(double cores) {
        return new GuestUsage(cores, null, null, null, null, null, null, null, null, null, null);
    }

    static GuestUsage tx(double bytesPerSec, double packetsPerSec) {
        return new GuestUsage(
                0.1, null, null, 0.0, 0.0, 0.0, 0.0, bytesPerSec, 0.0, packetsPerSec, 0.0);
    }

    static HostSample host(double cpuPercent) {
        return new HostSample(
                cpuPercent, 32, null, null, null, null, null, null, null, List.of(), List.of());
    }

    /** Feeds the same sample every 5 s for {@code span}; returns findings with their time. */
    static List<ResourceFinding> feed(
            ResourceGuestState st,
            GuestSample g,
            HostSample h,
            Instant from,
            Duration span,
            ResourcePolicy p) {
        List<ResourceFinding> out = new ArrayList<>();
        for (Instant t = from; !t.isAfter(from.plus(span)); t = t.plus(CYCLE)) {
            out.addAll(ResourceAbuseDetector.observe(st, g, h, t, p));
        }
        return out;
    }

    @Test
    void allVcpusBusyOnAnIdleHostIsNotAFinding() {
        var st = new ResourceGuestState();
        assertThat(feed(st, guest(4, cpu(4.0)), host(30), T0, Duration.ofHours(2), DEFAULT))
                .isEmpty();
    }

    @Test
    void allVcpusBusyOnAContendedHostIsAFindingAfterTheSustainedDuration() {
        var st = new ResourceGuestState();
        var before =
                feed(
                        st,
                        guest(4, cpu(4.0)),
                        host(95),
                        T0,
                        Duration.ofMinutes(15).minusSeconds(5),
                        DEFAULT);
        assertThat(before).isEmpty();
        var at15 =
                ResourceAbuseDetector.observe(
                        st, guest(4, cpu(4.0)), host(95), T0.plus(Duration.ofMinutes(15)), DEFAULT);
        assertThat(at15).hasSize(1);
        ResourceFinding f = at15.get(0);
        assertThat(f.kind()).isEqualTo(ResourceKind.CPU);
        assertThat(f.observed()).isEqualTo(1.0);
        assertThat(f.limit()).isEqualTo(0.9);
        assertThat(f.hostCpuPercent()).isEqualTo(95);
        assertThat(f.sustainedFor()).isEqualTo(Duration.ofMinutes(15));
        assertThat(f.since()).isEqualTo(T0);
    }

    @Test
    void aRestoredSnapshotContinuesTheEpisodeAsIfNothingHappened() {
        var st = new ResourceGuestState();
        GuestSample g = guest(4, cpu(4.0));
        feed(st, g, host(95), T0, Duration.ofMinutes(10), DEFAULT);
        // A restart: only the snapshot survives.
        var restored = ResourceGuestState.restore(st.snapshot());
        assertThat(restored.snapshot()).isEqualTo(st.snapshot());
        Instant resume = T0.plus(Duration.ofMinutes(10)).plus(CYCLE);
        var found = feed(restored, g, host(95), resume, Duration.ofMinutes(10), DEFAULT);
        assertThat(found)
                .extracting(ResourceFinding::at)
                .containsExactly(T0.plus(Duration.ofMinutes(15)));
        assertThat(found.get(0).since()).isEqualTo(T0);
    }

    @Test
    void noSampleForLongerThanTheMaximumGapStartsEveryEpisodeOver() {
        var st = new ResourceGuestState();
        GuestSample g = guest(4, cpu(4.0));
        feed(st, g, host(95), T0, Duration.ofMinutes(10), DEFAULT);
        Instant afterGap =
                T0.plus(Duration.ofMinutes(10))
                        .plus(ResourceAbuseDetector.MAX_SAMPLE_GAP)
                        .plusSeconds(1);
        var found = feed(st, g, host(95), afterGap, Duration.ofMinutes(15), DEFAULT);
        assertThat(found).extracting(ResourceFinding::since).containsExactly(afterGap);
        assertThat(found)
                .extracting(ResourceFinding::at)
                .containsExactly(afterGap.plus(Duration.ofMinutes(15)));

        // A gap of exactly the maximum keeps the episode.
        var kept = new ResourceGuestState();
        feed(kept, g, host(95), T0, Duration.ofMinutes(10), DEFAULT);
        Instant atMax = T0.plus(Duration.ofMinutes(10)).plus(ResourceAbuseDetector.MAX_SAMPLE_GAP);
        assertThat(ResourceAbuseDetector.observe(kept, g, host(95), atMax, DEFAULT))
                .extracting(ResourceFinding::since)
                .containsExactly(T0);
    }

    @Test
    void contentionEndingResetsTheCpuStreak() {
        var st = new ResourceGuestState();
        feed(st, guest(4, cpu(4.0)), host(95), T0, Duration.ofMinutes(10), DEFAULT);
        ResourceAbuseDetector.observe(
                st,
                guest(4, cpu(4.0)),
                host(40),
                T0.plus(Duration.ofMinutes(10)).plusSeconds(5),
                DEFAULT);
        var later =
                feed(
                        st,
                        guest(4, cpu(4.0)),
                        host(95),
                        T0.plus(Duration.ofMinutes(11)),
                        Duration.ofMinutes(10),
                        DEFAULT);
        assertThat(later).isEmpty();
    }

    @Test
    void sustainedEgressAboveTheContractRateIsAFindingRepeatedEachPeriod() {
        var st = new ResourceGuestState();
        // 15 MB/s = 120 Mbit/s, above mtds's 100 Mbit/s, for 25 minutes
        var found =
                feed(
                        st,
                        guest(2, tx(15_000_000, 10_000)),
                        host(20),
                        T0,
                        Duration.ofMinutes(25),
                        MTDS);
        assertThat(found).extracting(ResourceFinding::kind).containsOnly(ResourceKind.EGRESS);
        assertThat(found)
                .extracting(ResourceFinding::at)
                .containsExactly(T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(20)));
        assertThat(found.get(0).limit()).isEqualTo(12_500_000);
        assertThat(found.get(0).score()).isEqualTo(1.2);
    }

    @Test
    void egressWithinTheContractRateOrBriefPeaksAreNotFindings() {
        var st = new ResourceGuestState();
        assertThat(
                        feed(
                                st,
                                guest(2, tx(12_000_000, 10_000)),
                                host(20),
                                T0,
                                Duration.ofMinutes(30),
                                MTDS))
                .isEmpty();
        var st2 = new ResourceGuestState();
        assertThat(
                        feed(
                                st2,
                                guest(2, tx(15_000_000, 10_000)),
                                host(20),
                                T0,
                                Duration.ofMinutes(9),
                                MTDS))
                .isEmpty();
        // the default contract allows 500 Mbit/s
        assertThat(
                        feed(
                                new ResourceGuestState(),
                                guest(2, tx(15_000_000, 10_000)),
                                host(20),
                                T0,
                                Duration.ofMinutes(30),
                                DEFAULT))
                .isEmpty();
    }

    @Test
    void packetFloodAndDiskIoAreFindings() {
        var st = new ResourceGuestState();
        var flood =
                feed(
                        st,
                        guest(2, tx(1_000_000, 80_000)),
                        host(20),
                        T0,
                        Duration.ofMinutes(5),
                        DEFAULT);
        assertThat(flood).extracting(ResourceFinding::kind).containsExactly(ResourceKind.PACKETS);

        var disk =
                new GuestUsage(0.1, null, null, 150e6, 100e6, 3000.0, 3000.0, 0.0, 0.0, 0.0, 0.0);
        var found =
                feed(
                        new ResourceGuestState(),
                        guest(2, disk),
                        host(20),
                        T0,
                        Duration.ofMinutes(10),
                        DEFAULT);
        assertThat(found)
                .extracting(ResourceFinding::kind)
                .containsExactlyInAnyOrder(ResourceKind.DISK_BYTES, ResourceKind.DISK_IOPS);
    }

    @Test
    void missingFiguresAndStoppedGuestsRaiseNothing() {
        var st = new ResourceGuestState();
        var none = new GuestUsage(null, null, null, null, null, null, null, null, null, null, null);
        assertThat(feed(st, guest(2, none), host(99), T0, Duration.ofHours(1), DEFAULT)).isEmpty();
        var stopped =
                new GuestSample(
                        101,
                        GuestKind.LXC,
                        "g",
                        GuestStatus.STOPPED,
                        2,
                        null,
                        List.of(),
                        cpu(2),
                        null);
        assertThat(
                        feed(
                                st,
                                stopped,
                                host(99),
                                T0.plus(Duration.ofHours(2)),
                                Duration.ofHours(1),
                                DEFAULT))
                .isEmpty();
        assertThat(
                        feed(
                                st,
                                guest(2, cpu(2)),
                                null,
                                T0.plus(Duration.ofHours(4)),
                                Duration.ofHours(1),
                                DEFAULT))
                .isEmpty();
    }
}
