package dev.vpsguard.server.availability.service;

import dev.vpsguard.server.availability.ProviderUsers;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.time.Duration;
import java.util.List;

/**
 * {@code vpsguard.availability.*}.
 *
 * @param providerUsers Proxmox users or realms ({@code root@pam}, {@code @pam}) that act for the
 *     provider; any other user's stop is the customer's
 * @param closeGrace how long after a month's end its reports may still arrive before it closes; 1
 *     minute to 7 days
 * @param closeInterval how often months due are closed and alerts checked; 1 s to 1 day
 */
@Context
@ConfigurationProperties("vpsguard.availability")
public record AvailabilityConfig(
        List<String> providerUsers, Duration closeGrace, Duration closeInterval) {
    public AvailabilityConfig {
        if (providerUsers == null || providerUsers.isEmpty()) {
            throw new IllegalArgumentException(
                    "vpsguard.availability.provider-users: must name at least one user or realm"
                            + " (e.g. @pam)");
        }
        try {
            new ProviderUsers(providerUsers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "vpsguard.availability.provider-users: " + e.getMessage());
        }
        if (closeGrace == null
                || closeGrace.compareTo(Duration.ofMinutes(1)) < 0
                || closeGrace.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException(
                    "vpsguard.availability.close-grace = " + closeGrace + ": must be 1m to 7d");
        }
        if (closeInterval == null
                || closeInterval.compareTo(Duration.ofSeconds(1)) < 0
                || closeInterval.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(
                    "vpsguard.availability.close-interval = "
                            + closeInterval
                            + ": must be 1s to 1d");
        }
    }

    public ProviderUsers providers() {
        return new ProviderUsers(providerUsers);
    }
}
