package dev.vpsguard.server.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestUsage;
import dev.vpsguard.protocol.SmtpWindow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollupAccumulatorTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private static GuestUsage cpu(Double cores) {
        return new GuestUsage(cores, null, null, null, null, null, null, 10.0, null, null, null);
    }

    private static SmtpWindow smtp(long n) {
        return new SmtpWindow(T, T, n, 0, 0, 1, 0, 0, null);
    }

    @Test
    void bucketsAlignToFiveMinutes() {
        assertThat(RollupAccumulator.bucketStart(Instant.parse("2026-03-01T10:07:59Z")))
                .isEqualTo(Instant.parse("2026-03-01T10:05:00Z"));
        assertThat(RollupAccumulator.bucketStart(T)).isEqualTo(T);
    }

    @Test
    void openBucketIsNotFlushedUntilItEnds() {
        RollupAccumulator acc = new RollupAccumulator();
        acc.add("g", T.plusSeconds(10), cpu(1.0), smtp(2));
        assertThat(acc.closedAt(T.plusSeconds(299))).isEmpty();
        List<GuestRollup> closed = acc.closedAt(T.plusSeconds(300));
        assertThat(closed).hasSize(1);
        assertThat(acc.size()).isZero();
    }

    @Test
    void averagesSkipUnmeasuredSamplesAndSmtpIsSummed() {
        RollupAccumulator acc = new RollupAccumulator();
        acc.add("g", T.plusSeconds(5), cpu(1.0), smtp(2));
        acc.add("g", T.plusSeconds(10), cpu(null), smtp(3));
        acc.add("g", T.plusSeconds(15), cpu(3.0), null);
        acc.add("g", T.plusSeconds(20), null, null);
        GuestRollup r = acc.drainAll().get(0);
        assertThat(r.sampleCount()).isEqualTo(4);
        assertThat(r.cpuCoresAvg()).isEqualTo(2.0);
        assertThat(r.cpuCoresMax()).isEqualTo(3.0);
        assertThat(r.netTxBpsAvg()).isEqualTo(10.0);
        assertThat(r.memoryUsedBytesAvg()).isNull();
        assertThat(r.smtpNewConnections()).isEqualTo(5);
        assertThat(r.smtpUnreplied()).isEqualTo(2);
        assertThat(r.bucketStart()).isEqualTo(T);
    }

    @Test
    void guestsAndBucketsAreKeptApart() {
        RollupAccumulator acc = new RollupAccumulator();
        acc.add("a", T, cpu(1.0), null);
        acc.add("b", T, cpu(2.0), null);
        acc.add("a", T.plusSeconds(300), cpu(4.0), null);
        assertThat(acc.closedAt(T.plusSeconds(300)))
                .extracting(GuestRollup::guestId)
                .containsExactlyInAnyOrder("a", "b");
        assertThat(acc.drainAll())
                .singleElement()
                .extracting(GuestRollup::cpuCoresAvg)
                .isEqualTo(4.0);
    }

    @Test
    void mergingStoredAndNewPartsWeightsBySampleCount() {
        GuestRollup a =
                new GuestRollup(
                        "1", "g", T, 1, 1.0, 1.0, null, null, null, null, null, null, null, null,
                        null, null, 1, 0);
        GuestRollup b =
                new GuestRollup(
                        "2", "g", T, 3, 5.0, 6.0, 7.0, 7.0, null, null, null, null, null, null,
                        null, null, 2, 1);
        GuestRollup m = RollupStore.merge(a, b);
        assertThat(m.id()).isEqualTo("1");
        assertThat(m.sampleCount()).isEqualTo(4);
        assertThat(m.cpuCoresAvg()).isEqualTo(4.0);
        assertThat(m.cpuCoresMax()).isEqualTo(6.0);
        assertThat(m.memoryUsedBytesAvg()).isEqualTo(7.0);
        assertThat(m.smtpNewConnections()).isEqualTo(3);
        assertThat(m.smtpUnreplied()).isEqualTo(1);
    }
}
