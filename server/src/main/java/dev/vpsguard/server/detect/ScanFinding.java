package dev.vpsguard.server.detect;

import java.time.Instant;

/**
 * One window of a guest's outbound flows that looks like a scan or an intrusion attempt.
 *
 * @param pattern which shape
 * @param observed the window's figure: addresses on one port, ports on one address, or attempts on
 *     one service of one address
 * @param threshold what it had to reach: the policy's figure or the guest's own baseline times the
 *     policy's multiple, whichever is larger
 * @param baseline the guest's usual figure before this window (0 with no history)
 * @param failureRatio the window's unanswered share of new flows
 * @param port the service port for brute force, else null
 * @param newFlows the window's new flows
 * @param distinctDestinations the window's distinct addresses
 * @param start the window's start
 * @param end the window's end
 * @param clause the contract clause of the rule
 */
public record ScanFinding(
        ScanPattern pattern,
        long observed,
        double threshold,
        double baseline,
        double failureRatio,
        Integer port,
        long newFlows,
        long distinctDestinations,
        Instant start,
        Instant end,
        String clause) {

    /** observed / threshold. */
    public double score() {
        return observed / threshold;
    }
}
