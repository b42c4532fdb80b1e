package dev.vpsguard.server.notify.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = RetryPolicy.DEFAULT;

    @Test
    void delayDoublesFromThirtySecondsWithoutJitterAtMidpoint() {
        assertThat(policy.delayAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delayAfter(2, 0.5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delayAfter(5, 0.5)).isEqualTo(Duration.ofSeconds(480));
        assertThat(policy.delayAfter(30, 0.5)).isEqualTo(Duration.ofHours(1));
    }

    @Property
    void delayStaysWithinJitterBandOfCappedBackoff(
            @ForAll @IntRange(min = 1, max = 200) int attempts,
            @ForAll @DoubleRange(min = 0.0, max = 1.0, maxIncluded = false) double random) {
        double base = Math.min(30_000 * Math.pow(2, attempts - 1), 3_600_000);
        long ms = policy.delayAfter(attempts, random).toMillis();
        assertThat(ms).isBetween((long) Math.floor(base * 0.8), (long) Math.ceil(base * 1.2));
    }

    @Test
    void invalidSettingsFailNamingTheValue() {
        assertThatThrownBy(
                        () ->
                                new RetryPolicy(
                                        Duration.ofSeconds(30),
                                        0.5,
                                        Duration.ofHours(1),
                                        0.2,
                                        Duration.ofHours(24)))
                .hasMessageContaining("multiplier must be >= 1, was 0.5");
        assertThatThrownBy(
                        () ->
                                new RetryPolicy(
                                        Duration.ofSeconds(30),
                                        2,
                                        Duration.ofHours(1),
                                        1.5,
                                        Duration.ofHours(24)))
                .hasMessageContaining("jitter must be within [0, 1], was 1.5");
    }
}
