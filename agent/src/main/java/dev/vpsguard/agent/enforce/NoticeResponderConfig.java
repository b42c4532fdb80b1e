package dev.vpsguard.agent.enforce;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Limits of the notice responder.
 *
 * @param binds where to listen (the DNAT targets of {@link EnforcementConfig}): the IPv4 address
 *     first, then at most one IPv6 address
 * @param idleTimeout a connection silent this long is closed
 * @param maxConnections connections open at once, over all sources
 * @param perSourcePerMinute connections per source address per minute
 * @param maxLineLength longest client line accepted, octets; longer closes the connection
 * @param maxReplies replies sent before the responder closes on its own (greeting included)
 */
public record NoticeResponderConfig(
        List<InetSocketAddress> binds,
        Duration idleTimeout,
        int maxConnections,
        int perSourcePerMinute,
        int maxLineLength,
        int maxReplies) {
    public NoticeResponderConfig {
        binds = List.copyOf(binds);
        if (binds.isEmpty()) {
            throw new IllegalArgumentException("binds must name at least one address");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, was " + idleTimeout);
        }
        if (maxConnections < 1 || perSourcePerMinute < 1 || maxLineLength < 16 || maxReplies < 1) {
            throw new IllegalArgumentException(
                    "maxConnections, perSourcePerMinute, maxReplies must be >= 1 and maxLineLength"
                            + " >= 16, were "
                            + maxConnections
                            + ", "
                            + perSourcePerMinute
                            + ", "
                            + maxReplies
                            + ", "
                            + maxLineLength);
        }
    }

    /**
     * 10 s idle, 256 connections, 30 per source and notice per minute, 1000-octet lines, 4 replies.
     */
    public static NoticeResponderConfig defaults(InetSocketAddress... binds) {
        return new NoticeResponderConfig(List.of(binds), Duration.ofSeconds(10), 256, 30, 1000, 4);
    }

    /** Whether {@code bind} is an IPv6 address. */
    static boolean v6(InetSocketAddress bind) {
        return bind.getAddress() instanceof Inet6Address;
    }
}
