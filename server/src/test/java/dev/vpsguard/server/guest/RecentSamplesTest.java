package dev.vpsguard.server.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.Agents;
import dev.vpsguard.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentSamplesTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(T);

    private static TimedSample at(Instant t) {
        return new TimedSample(t, Agents.guest(101, 1.0, 0, t));
    }

    @Test
    void keepsOnlyTheRetentionWindowBehindTheNewestSample() {
        RecentSamples recent =
                new RecentSamples(new RecentSamplesConfig(Duration.ofHours(1), 1000, 10), clock);
        for (int i = 0; i <= 90; i++) {
            recent.add("g", at(T.plus(Duration.ofMinutes(i))));
        }
        assertThat(recent.of("g")).hasSize(61);
        assertThat(recent.of("g").get(0).at()).isEqualTo(T.plus(Duration.ofMinutes(30)));
    }

    @Test
    void keepsAtMostTheConfiguredNumberOfSamples() {
        RecentSamples recent =
                new RecentSamples(new RecentSamplesConfig(Duration.ofHours(1), 5, 10), clock);
        for (int i = 0; i < 20; i++) {
            recent.add("g", at(T.plusSeconds(i)));
        }
        assertThat(recent.of("g"))
                .hasSize(5)
                .last()
                .extracting(TimedSample::at)
                .isEqualTo(T.plusSeconds(19));
    }

    @Test
    void idleGuestIsEvictedAfterTheRetention() {
        RecentSamples recent =
                new RecentSamples(new RecentSamplesConfig(Duration.ofHours(1), 1000, 10), clock);
        recent.add("idle", at(T));
        clock.advance(Duration.ofMinutes(59));
        assertThat(recent.of("idle")).hasSize(1);
        clock.advance(Duration.ofMinutes(2));
        assertThat(recent.of("idle")).isEmpty();
    }

    @Test
    void lateSampleDoesNotReorderTheRing() {
        RecentSamples recent =
                new RecentSamples(new RecentSamplesConfig(Duration.ofHours(1), 1000, 10), clock);
        recent.add("g", at(T.plusSeconds(10)));
        recent.add("g", at(T));
        assertThat(recent.of("g")).extracting(TimedSample::at).containsExactly(T.plusSeconds(10));
    }
}
