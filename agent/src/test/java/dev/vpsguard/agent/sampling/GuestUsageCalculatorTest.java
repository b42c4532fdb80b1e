package dev.vpsguard.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestUsage;
import org.junit.jupiter.api.Test;

class GuestUsageCalculatorTest {
    private static GuestCounters counters(long micros, long cpu, long bytes) {
        return new GuestCounters(
                micros, cpu, 1000L, 200L, null, bytes, bytes, bytes, bytes, bytes, bytes, bytes,
                bytes);
    }

    @Test
    void firstCycleHasMemoryButNoRates() {
        GuestUsage u = GuestUsageCalculator.usage(null, counters(0, 100, 100));
        assertThat(u.memoryUsedBytes()).isEqualTo(800L);
        assertThat(u.cpuCores()).isNull();
        assertThat(u.diskReadBytesPerSec()).isNull();
        assertThat(u.netTxBytesPerSec()).isNull();
    }

    @Test
    void cpuCoresIsCpuTimeOverWallTime() {
        // 5 s of wall time, 7.5 s of CPU time: 1.5 cores busy.
        GuestUsage u =
                GuestUsageCalculator.usage(counters(0, 0, 0), counters(5_000_000, 7_500_000, 5000));
        assertThat(u.cpuCores()).isEqualTo(1.5);
        assertThat(u.diskWriteBytesPerSec()).isEqualTo(1000.0);
        assertThat(u.netRxPacketsPerSec()).isEqualTo(1000.0);
    }

    @Test
    void counterThatWentDownGivesNoRateNotANegativeOne() {
        GuestUsage u =
                GuestUsageCalculator.usage(
                        counters(0, 9_000_000, 5000), counters(5_000_000, 100, 10));
        assertThat(u.cpuCores()).isNull();
        assertThat(u.diskReadBytesPerSec()).isNull();
        assertThat(u.netTxBytesPerSec()).isNull();
        assertThat(u.memoryUsedBytes()).isEqualTo(800L);
    }

    @Test
    void clockThatDidNotMoveForwardGivesNoRates() {
        GuestUsage u = GuestUsageCalculator.usage(counters(5, 0, 0), counters(5, 100, 100));
        assertThat(u.cpuCores()).isNull();
        assertThat(u.netRxBytesPerSec()).isNull();
    }

    @Test
    void memoryUsedNeverGoesNegativeWhenCacheExceedsCurrent() {
        GuestCounters c =
                new GuestCounters(
                        0, null, 100L, 300L, null, null, null, null, null, null, null, null, null);
        assertThat(GuestUsageCalculator.usage(null, c).memoryUsedBytes()).isZero();
    }
}
