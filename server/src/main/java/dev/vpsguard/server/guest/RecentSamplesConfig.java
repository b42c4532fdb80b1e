package dev.vpsguard.server.guest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code vpsguard.samples.*}: full-resolution samples kept in memory for the console.
 *
 * @param retention how far back samples are kept per guest (default 1h)
 * @param maxPerGuest at most this many samples per guest (default 1000: 1 h at 5 s is 720)
 * @param maxGuests at most this many guests held; the least recently reported go first
 */
// @Context: built (and validated) at startup, so a bad value stops the server at once.
@Context
@ConfigurationProperties("vpsguard.samples")
public record RecentSamplesConfig(
        @NotNull(message = "vpsguard.samples.retention is required") Duration retention,
        @Min(value = 1, message = "vpsguard.samples.max-per-guest must be >= 1")
                @Max(value = 100_000, message = "vpsguard.samples.max-per-guest must be <= 100000")
                int maxPerGuest,
        @Min(value = 1, message = "vpsguard.samples.max-guests must be >= 1")
                @Max(
                        value = 10_000_000,
                        message = "vpsguard.samples.max-guests must be <= 10000000")
                long maxGuests) {}
