package dev.vpsguard.server;

import dev.vpsguard.testing.MutableClock;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Replaces the system clock with a {@link MutableClock} in every test context. */
@Factory
public class TestClockFactory {
    @Singleton
    @Replaces(value = Clock.class, factory = ClockFactory.class)
    MutableClock mutableClock() {
        return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
