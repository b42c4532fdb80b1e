package dev.vpsguard.agent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void delayDoublesAndStopsAtTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999999);
        assertThat(b.delay(1).toMillis()).isBetween(999L, 1000L);
        assertThat(b.delay(2).toMillis()).isBetween(1999L, 2000L);
        assertThat(b.delay(6).toMillis()).isBetween(31999L, 32000L);
        assertThat(b.delay(7).toMillis()).isBetween(59999L, 60000L);
        assertThat(b.delay(1000).toMillis()).isBetween(59999L, 60000L);
    }

    @Test
    void jitterTakesAtMostHalfOff() {
        Backoff low = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
        Backoff mid = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.5);
        assertThat(low.delay(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(mid.delay(4)).isEqualTo(Duration.ofSeconds(6));
        assertThat(low.delay(0)).isEqualTo(Duration.ZERO);
    }

    @Test
    void refusesABaseAboveTheCap() {
        assertThatThrownBy(
                        () -> new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(1), () -> 0))
                .hasMessageContaining("base PT10S");
    }
}
