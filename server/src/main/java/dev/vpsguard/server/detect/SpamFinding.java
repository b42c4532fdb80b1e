package dev.vpsguard.server.detect;

import java.time.Instant;
import java.util.Set;

/**
 * Evidence that a guest sends spam: numbers only, never an address (clause S4).
 *
 * @param windowStart start of the 10-minute evaluation span (or of the earliest window held)
 * @param windowEnd end of the window that raised the finding
 * @param score the largest observed/threshold ratio among the fired rules (above 1); for a blocking
 *     finding, among the blocking rules, the evidence the block rests on
 * @param rules the rules that fired on this window
 * @param connectionsPerMinute new port-25 connections in the last minute
 * @param distinctDestinations distinct destination addresses in the last 10 minutes, as the agent
 *     counted them on the host (from an agent that does not, the windows' counts added up: an upper
 *     bound)
 * @param distinctPrefixes distinct destination prefixes in the last 10 minutes (same source)
 * @param newConnections10Min new connections in the last 10 minutes
 * @param failureRatio (unreplied + reset/refused) / new connections in the last 10 minutes, 0–1
 * @param baselinePerMinute the guest's EWMA baseline, connections per minute (NaN while the
 *     baseline spans less than the policy's minimum history: cold start)
 * @param thresholdMultiplier 1, or the declared-sender multiplier the thresholds were raised by
 * @param consecutiveWindows how many windows in a row fired (the blocking rules' streak for a
 *     blocking finding)
 * @param clause the contract clause of the rule {@code score} is from
 */
public record SpamFinding(
        Instant windowStart,
        Instant windowEnd,
        double score,
        Set<SpamRule> rules,
        double connectionsPerMinute,
        double distinctDestinations,
        double distinctPrefixes,
        double newConnections10Min,
        double failureRatio,
        double baselinePerMinute,
        double thresholdMultiplier,
        int consecutiveWindows,
        String clause) {
    public SpamFinding {
        rules = Set.copyOf(rules);
    }

    /**
     * Whether this finding blocks the port: a blocking rule fired for the hysteresis. Otherwise it
     * is volume alone, a finding for support and a request to declare the sender.
     */
    public boolean blocking() {
        return rules.stream().anyMatch(SpamRule::blocks);
    }
}
