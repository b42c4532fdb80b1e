package dev.vpsguard.server.policy;

import java.time.Duration;

/**
 * Outbound SMTP spam thresholds of one contract (clauses S1, S5, S6). Counts are per guest.
 *
 * <p>Two kinds of evidence (docs/policies.md, "What blocks and what only raises a finding"): the
 * failure ratio, the fan-out and the volume ceiling block the port; the burst and the anomaly
 * (volume alone, every mail possibly accepted) only raise a finding for support and a mail asking
 * the customer to declare the sender.
 *
 * @param burst new connections in the last minute (finding only)
 * @param fanOut distinct destinations and /24 prefixes in the last 10 minutes (blocks)
 * @param failureRatio (unreplied + reset/refused) / new connections in the last 10 minutes (blocks)
 * @param anomaly the last minute against the guest's own EWMA baseline (finding only)
 * @param ceiling new connections in the last minute far past anything legitimate (blocks)
 * @param minNewConnections no rule is evaluated while the last 10 minutes hold fewer new
 *     connections than this
 * @param consecutiveWindows a rule must fire on this many consecutive reported windows before a
 *     finding is raised (hysteresis)
 * @param volumeNoticeEvery at most one finding-only notice per guest in this period
 * @param clause the contract clause spam detection implements
 */
public record SpamPolicy(
        Burst burst,
        FanOut fanOut,
        FailureRatio failureRatio,
        Anomaly anomaly,
        Ceiling ceiling,
        long minNewConnections,
        int consecutiveWindows,
        Duration volumeNoticeEvery,
        String clause) {

    /**
     * @param newConnectionsPerMinute fires above this many new port-25 connections in one minute
     */
    public record Burst(double newConnectionsPerMinute, String clause) {}

    /**
     * @param distinctDestinations fires above this many distinct destination addresses in 10 min
     * @param distinctPrefixes fires above this many distinct destination prefixes in 10 min
     * @param minFailureRatio ... only while at least this share of the attempts fail: a list that
     *     reaches many networks with every mail accepted is bulk mail (the volume rules speak for
     *     it), one that sprays into servers that do not answer is a bot
     */
    public record FanOut(
            double distinctDestinations,
            double distinctPrefixes,
            double minFailureRatio,
            String clause) {}

    /**
     * @param maxRatio fires above this share (0–1) of failed connections
     * @param minConnections only evaluated with at least this many new connections in 10 min
     */
    public record FailureRatio(double maxRatio, long minConnections, String clause) {}

    /**
     * @param multiple fires when the last minute exceeds this multiple of the baseline
     * @param floorPerMinute ... and exceeds this many connections per minute
     * @param minHistory the baseline must span this much of the guest's history first (cold start:
     *     before that the rule is not evaluated)
     * @param timeConstant EWMA time constant: a window of length dt weighs 1 − e^(−dt/τ)
     */
    public record Anomaly(
            double multiple,
            double floorPerMinute,
            Duration minHistory,
            Duration timeConstant,
            String clause) {
        /**
         * After a restart the baseline is rebuilt from this many time constants of rollups (e^-3:
         * 5% of the weight left), so {@link #minHistory} may be at most that long.
         */
        public static final int REBUILT_TIME_CONSTANTS = 3;
    }

    /**
     * @param newConnectionsPerMinute blocks above this many new port-25 connections in one minute,
     *     whatever the other counts say
     */
    public record Ceiling(double newConnectionsPerMinute, String clause) {}
}
