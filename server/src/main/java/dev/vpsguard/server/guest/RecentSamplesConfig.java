package dev.vpsguard.server.guest;

import io.micronaut.context.annotation.ConfigurationProperties;
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
@ConfigurationProperties("vpsguard.samples")
public record RecentSamplesConfig(
        @NotNull Duration retention,
        @Min(1) @Max(100_000) int maxPerGuest,
        @Min(1) @Max(10_000_000) long maxGuests) {}
