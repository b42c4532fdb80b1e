package dev.vpsguard.server.policy;

import java.time.Duration;

/**
 * Outbound SMTP spam thresholds of one contract (clauses S1, S5, S6). Counts are per guest.
 *
 * @param burst new connections in the last minute
 * @param fanOut distinct destinations and /24 prefixes in the last 10 minutes
 * @param failureRatio (unreplied + reset/refused) / new connections in the last 10 minutes
 * @param anomaly the last minute against the guest's own EWMA baseline
 * @param minNewConnections no rule is evaluated while the last 10 minutes hold fewer new
 *     connections than this
 * @param consecutiveWindows a rule must fire on this many consecutive reported windows before a
 *     finding is raised (hysteresis)
 * @param clause the contract clause spam detection implements
 */
public record SpamPolicy(
        Burst burst,
        FanOut fanOut,
        FailureRatio failureRatio,
        Anomaly anomaly,
        long minNewConnections,
        int consecutiveWindows,
        String clause) {

    /**
     * @param newConnectionsPerMinute fires above this many new port-25 connections in one minute
     */
    public record Burst(double newConnectionsPerMinute, String clause) {}

    /**
     * @param distinctDestinations fires above this many distinct destination addresses in 10 min
     * @param distinctPrefixes fires above this many distinct destination prefixes in 10 min
     */
    public record FanOut(double distinctDestinations, double distinctPrefixes, String clause) {}

    /**
     * @param maxRatio fires above this share (0–1) of failed connections
     * @param minConnections only evaluated with at least this many new connections in 10 min
     */
    public record FailureRatio(double maxRatio, long minConnections, String clause) {}

    /**
     * @param multiple fires when the last minute exceeds this multiple of the baseline
     * @param floorPerMinute ... and exceeds this many connections per minute
     * @param minSamples the baseline must have absorbed this many windows first
     * @param timeConstant EWMA time constant: a window of length dt weighs 1 − e^(−dt/τ)
     */
    public record Anomaly(
            double multiple,
            double floorPerMinute,
            int minSamples,
            Duration timeConstant,
            String clause) {}
}
