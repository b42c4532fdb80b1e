package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Counts of one guest's outbound TCP port-25 connections over one window. Counts only: no address,
 * port or per-flow record ever leaves the host (contract clause S4).
 *
 * @param start window start (inclusive)
 * @param end window end (exclusive)
 * @param newConnections connections opened (conntrack NEW)
 * @param distinctDestinations distinct destination addresses
 * @param distinctPrefixes distinct destination /24 (IPv4) and /48 (IPv6) prefixes
 * @param unreplied attempts whose SYN got no answer within the agent's answer deadline (5 s by
 *     default), counted in the window in which the deadline passed; an ICMP error counts here
 * @param resetOrRefused attempts answered by an RST instead of a handshake (never established); how
 *     an established session ends, an RST included, is never counted here
 * @param established attempts that reached ESTABLISHED (each attempt counts in at most one of
 *     unreplied, resetOrRefused and established)
 * @param bytesSent bytes the guest sent on these connections, when conntrack accounting is on
 *     (nullable)
 * @param recent distinct destinations over the last 10 minutes up to {@code end} (nullable: agents
 *     before it, and the unattributed window)
 */
public record SmtpWindow(
        Instant start,
        Instant end,
        @JsonProperty(required = true) long newConnections,
        @JsonProperty(required = true) long distinctDestinations,
        @JsonProperty(required = true) long distinctPrefixes,
        @JsonProperty(required = true) long unreplied,
        @JsonProperty(required = true) long resetOrRefused,
        @JsonProperty(required = true) long established,
        Long bytesSent,
        RecentDistinct recent) {
    @JsonCreator
    public SmtpWindow {
        Check.required(start, "start");
        Check.required(end, "end");
        if (end.isBefore(start)) {
            throw new FieldViolation("end", "must not be before start");
        }
        Check.atLeast(newConnections, 0, "newConnections");
        Check.atLeast(distinctDestinations, 0, "distinctDestinations");
        Check.atLeast(distinctPrefixes, 0, "distinctPrefixes");
        Check.atLeast(unreplied, 0, "unreplied");
        Check.atLeast(resetOrRefused, 0, "resetOrRefused");
        Check.atLeast(established, 0, "established");
        Check.atLeast(bytesSent, 0, "bytesSent");
        if (distinctPrefixes > distinctDestinations) {
            throw new FieldViolation("distinctPrefixes", "must not exceed distinctDestinations");
        }
        if (recent != null && recent.since().isAfter(end)) {
            throw new FieldViolation("recent.since", "must not be after end");
        }
    }

    /** A window without {@link #recent()}. */
    public SmtpWindow(
            Instant start,
            Instant end,
            long newConnections,
            long distinctDestinations,
            long distinctPrefixes,
            long unreplied,
            long resetOrRefused,
            long established,
            Long bytesSent) {
        this(
                start,
                end,
                newConnections,
                distinctDestinations,
                distinctPrefixes,
                unreplied,
                resetOrRefused,
                established,
                bytesSent,
                null);
    }

    /** This window with {@code recent} set. */
    public SmtpWindow withRecent(RecentDistinct recent) {
        return new SmtpWindow(
                start,
                end,
                newConnections,
                distinctDestinations,
                distinctPrefixes,
                unreplied,
                resetOrRefused,
                established,
                bytesSent,
                recent);
    }
}
