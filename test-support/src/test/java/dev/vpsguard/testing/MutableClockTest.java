package dev.vpsguard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void movesOnlyWhenTold() {
        MutableClock clock = new MutableClock(T0);
        assertThat(clock.instant()).isEqualTo(T0);
        clock.advance(Duration.ofMinutes(5));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(300));
        clock.set(T0);
        assertThat(clock.millis()).isEqualTo(T0.toEpochMilli());
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void aViewInAnotherZoneMovesWithIt() {
        MutableClock clock = new MutableClock(T0);
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofHours(1));
        assertThat(paris.instant()).isEqualTo(T0.plusSeconds(3600));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
    }
}
