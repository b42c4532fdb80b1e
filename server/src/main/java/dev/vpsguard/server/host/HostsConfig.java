package dev.vpsguard.server.host;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.time.Duration;

/**
 * {@code vpsguard.hosts.*}: when a host counts as silent.
 *
 * @param silentAfter a host without a report for longer is silent; at least 30 s
 * @param silenceCheckInterval how often silent hosts are looked for; 1 s to 1 h
 */
// @Context: built (and checked) at startup, so a bad value stops the server at once rather than
// failing the first report that reaches the lazily built silence watcher.
@Context
@ConfigurationProperties("vpsguard.hosts")
public record HostsConfig(Duration silentAfter, Duration silenceCheckInterval) {
    public HostsConfig {
        if (silentAfter == null || silentAfter.compareTo(Duration.ofSeconds(30)) < 0) {
            throw new IllegalArgumentException(
                    "vpsguard.hosts.silent-after = "
                            + silentAfter
                            + ": must be at least 30s (agents report every few seconds; a"
                            + " shorter limit would page support for a slow report)");
        }
        if (silenceCheckInterval == null
                || silenceCheckInterval.compareTo(Duration.ofSeconds(1)) < 0
                || silenceCheckInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException(
                    "vpsguard.hosts.silence-check-interval = "
                            + silenceCheckInterval
                            + ": must be 1s to 1h");
        }
    }
}
