package dev.vpsguard.server.rollup;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.time.Duration;

/**
 * {@code vpsguard.rollups.*}.
 *
 * @param flushInterval how often closed 5-minute buckets are written; 1 s to 5 min
 */
// @Context: checked at startup; the scheduler reads the same key only when it first fires.
@Context
@ConfigurationProperties("vpsguard.rollups")
public record RollupConfig(Duration flushInterval) {
    public RollupConfig {
        if (flushInterval == null
                || flushInterval.compareTo(Duration.ofSeconds(1)) < 0
                || flushInterval.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException(
                    "vpsguard.rollups.flush-interval = " + flushInterval + ": must be 1s to 5m");
        }
    }
}
