package dev.vpsguard.server.decision.resource;

import dev.vpsguard.protocol.IpLiteral;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.util.List;

/**
 * {@code vpsguard.isolation.*}: what an isolated guest may still reach.
 *
 * @param allowedDestinations addresses or CIDR blocks of the provider (its DNS resolvers, its
 *     support and its update mirrors) every isolation keeps reachable, so the customer can still
 *     read the provider's instructions and fix the guest; at most 256
 */
// @Context: checked at startup, so a bad address stops the server before any isolation needs it.
@Context
@ConfigurationProperties("vpsguard.isolation")
public record IsolationConfig(List<String> allowedDestinations) {
    public IsolationConfig {
        allowedDestinations = allowedDestinations == null ? List.of() : allowedDestinations;
        if (allowedDestinations.size() > 256) {
            throw new IllegalArgumentException(
                    "vpsguard.isolation.allowed-destinations: "
                            + allowedDestinations.size()
                            + " entries, at most 256 (the protocol's limit)");
        }
        for (int i = 0; i < allowedDestinations.size(); i++) {
            String v = allowedDestinations.get(i);
            if (!valid(v)) {
                throw new IllegalArgumentException(
                        "vpsguard.isolation.allowed-destinations["
                                + i
                                + "] = '"
                                + v
                                + "': must be an IPv4/IPv6 address or CIDR block (names are never"
                                + " resolved)");
            }
        }
        allowedDestinations = List.copyOf(allowedDestinations);
    }

    private static boolean valid(String v) {
        if (v == null) {
            return false;
        }
        int slash = v.indexOf('/');
        if (slash < 0) {
            return IpLiteral.isValid(v);
        }
        String addr = v.substring(0, slash);
        String prefix = v.substring(slash + 1);
        return IpLiteral.isValid(addr)
                && prefix.matches("\\d{1,3}")
                && Integer.parseInt(prefix) <= (addr.contains(":") ? 128 : 32);
    }
}
