package dev.vpsguard.agent.enforce;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Limits of the notice responder.
 *
 * @param bind where to listen (the DNAT target of {@link EnforcementConfig})
 * @param idleTimeout a connection silent this long is closed
 * @param maxConnections connections open at once, over all sources
 * @param perSourcePerMinute connections per source address per minute
 * @param maxLineLength longest client line accepted, octets; longer closes the connection
 * @param maxReplies replies sent before the responder closes on its own (greeting included)
 */
public record NoticeResponderConfig(
        InetSocketAddress bind,
        Duration idleTimeout,
        int maxConnections,
        int perSourcePerMinute,
        int maxLineLength,
        int maxReplies) {
    public NoticeResponderConfig {
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

    /** 10 s idle, 256 connections, 30 per source per minute, 1000-octet lines, 4 replies. */
    public static NoticeResponderConfig defaults(InetSocketAddress bind) {
        return new NoticeResponderConfig(bind, Duration.ofSeconds(10), 256, 30, 1000, 4);
    }
}
