package dev.vpsguard.protocol;

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
 * @param unreplied connections that never got a reply (UNREPLIED at DESTROY or timeout)
 * @param resetOrRefused connections reset or refused
 * @param established connections that reached ESTABLISHED
 * @param bytesSent bytes the guest sent on these connections, when conntrack accounting is on
 *     (nullable)
 */
public record SmtpWindow(
        Instant start,
        Instant end,
        long newConnections,
        long distinctDestinations,
        long distinctPrefixes,
        long unreplied,
        long resetOrRefused,
        long established,
        Long bytesSent) {}
