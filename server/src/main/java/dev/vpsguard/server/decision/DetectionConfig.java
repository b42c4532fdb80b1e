package dev.vpsguard.server.decision;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.time.Duration;

/**
 * {@code vpsguard.detection.*}: the in-memory detection state and what rebuilds it.
 *
 * @param idleEviction guests idle this long leave memory (reloaded from the database); positive
 * @param maxGuests guests held in memory at most; 1 to 10,000,000
 * @param windowRetention how long SMTP windows are kept to rebuild the spam detector; at least 11m
 *     (the detector's 10-minute span and one report interval)
 */
// @Context: built (and checked) at startup, so a bad value stops the server at once rather than
// failing the first report that reaches the lazily built ladders.
@Context
@ConfigurationProperties("vpsguard.detection")
public record DetectionConfig(Duration idleEviction, long maxGuests, Duration windowRetention) {
    public DetectionConfig {
        if (idleEviction == null || idleEviction.isNegative() || idleEviction.isZero()) {
            throw new IllegalArgumentException(
                    "vpsguard.detection.idle-eviction = " + idleEviction + ": must be positive");
        }
        if (maxGuests < 1 || maxGuests > 10_000_000) {
            throw new IllegalArgumentException(
                    "vpsguard.detection.max-guests = " + maxGuests + ": must be 1 to 10000000");
        }
        if (windowRetention == null || windowRetention.compareTo(Duration.ofMinutes(11)) < 0) {
            throw new IllegalArgumentException(
                    "vpsguard.detection.window-retention = "
                            + windowRetention
                            + ": must cover the detector's 10-minute span and a report interval"
                            + " (at least 11m)");
        }
    }
}
