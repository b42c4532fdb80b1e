package dev.vpsguard.server.detect;

import dev.vpsguard.protocol.FlowWindow;
import dev.vpsguard.server.policy.NetworkPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fan-out detector (R6), pure: each window of a guest's new outbound flows is judged on its
 * own, so a scan is found in the report that carries it.
 *
 * <ul>
 *   <li><b>Horizontal scan</b>: the most addresses opened on one port reaches the threshold while
 *       at least {@code min_failure_ratio} of the window's flows went unanswered, or reaches the
 *       ceiling whatever the answers.
 *   <li><b>Vertical scan</b>: the same with the most ports opened on one address.
 *   <li><b>Brute force</b>: the most attempts on one address of a watched login service (SSH, RDP,
 *       mail authentication) reaches its threshold; failures do not matter, since a password guess
 *       is a completed connection.
 * </ul>
 *
 * <p>Every threshold is the larger of the policy's figure and {@code baseline.multiple} times the
 * guest's own moving average of that figure ({@link FlowBaseline}). The baseline learns only from
 * windows that raised nothing, so a scan does not teach itself, and it only ever raises a bar: a
 * new guest is judged by the policy's figures. A crawler's or a package mirror's many flows go to a
 * handful of addresses and are answered; a backup's go to one address and port: neither fans out.
 */
public final class FlowScanDetector {
    private FlowScanDetector() {}

    /** Judges one window, then learns it if it raised nothing. */
    public static List<ScanFinding> observe(
            FlowBaseline b, FlowWindow w, NetworkPolicy.Scans policy) {
        double failure = Math.min(1.0, (double) w.failed() / Math.max(1, w.newFlows()));
        double multiple = policy.baseline().multiple();
        boolean failing = failure >= policy.minFailureRatio();
        List<ScanFinding> out = new ArrayList<>();
        fanOut(
                out,
                ScanPattern.HORIZONTAL_SCAN,
                w,
                w.maxDestinationsOnOnePort(),
                b.horizontal,
                multiple,
                policy.horizontal().minDestinations(),
                policy.horizontal().ceilingDestinations(),
                failing,
                failure,
                policy.horizontal().clause());
        fanOut(
                out,
                ScanPattern.VERTICAL_SCAN,
                w,
                w.maxPortsOnOneDestination(),
                b.vertical,
                multiple,
                policy.vertical().minPorts(),
                policy.vertical().ceilingPorts(),
                failing,
                failure,
                policy.vertical().clause());
        for (FlowWindow.ServiceAttempts s : w.services()) {
            if (!policy.bruteForce().ports().contains(s.port())) {
                continue;
            }
            double usual = b.service(s.port());
            double bar = Math.max(policy.bruteForce().minAttempts(), multiple * usual);
            if (s.maxAttemptsToOneDestination() >= bar) {
                out.add(
                        finding(
                                ScanPattern.BRUTE_FORCE,
                                w,
                                s.maxAttemptsToOneDestination(),
                                bar,
                                usual,
                                failure,
                                s.port(),
                                policy.bruteForce().clause()));
            }
        }
        if (out.isEmpty()) {
            learn(b, w, policy.baseline());
        }
        return out;
    }

    private static void fanOut(
            List<ScanFinding> out,
            ScanPattern pattern,
            FlowWindow w,
            long observed,
            double usual,
            double multiple,
            long min,
            long ceiling,
            boolean failing,
            double failure,
            String clause) {
        double bar = Math.max(min, multiple * usual);
        double ceilingBar = Math.max(ceiling, multiple * usual);
        if (failing && observed >= bar) {
            out.add(finding(pattern, w, observed, bar, usual, failure, null, clause));
        } else if (observed >= ceilingBar) {
            out.add(finding(pattern, w, observed, ceilingBar, usual, failure, null, clause));
        }
    }

    private static ScanFinding finding(
            ScanPattern pattern,
            FlowWindow w,
            long observed,
            double threshold,
            double usual,
            double failure,
            Integer port,
            String clause) {
        return new ScanFinding(
                pattern,
                observed,
                threshold,
                usual,
                failure,
                port,
                w.newFlows(),
                w.distinctDestinations(),
                w.start(),
                w.end(),
                clause);
    }

    /**
     * Moves the averages towards this window, weighted by its length over the time constant (an
     * exponential moving average over irregular windows). A window that does not end after the last
     * one learned (a replay) is not learned twice.
     */
    private static void learn(FlowBaseline b, FlowWindow w, NetworkPolicy.Baseline p) {
        if (b.lastEnd != null && !w.end().isAfter(b.lastEnd)) {
            return;
        }
        Duration length = Duration.between(w.start(), w.end());
        double seconds = Math.max(1.0, length.toMillis() / 1000.0);
        double alpha = 1 - Math.exp(-seconds / p.timeConstant().toSeconds());
        b.horizontal += alpha * (w.maxDestinationsOnOnePort() - b.horizontal);
        b.vertical += alpha * (w.maxPortsOnOneDestination() - b.vertical);
        java.util.Map<Integer, Long> seen = new java.util.HashMap<>();
        for (FlowWindow.ServiceAttempts s : w.services()) {
            seen.put(s.port(), s.maxAttemptsToOneDestination());
            b.services.putIfAbsent(s.port(), 0.0);
        }
        // A port not seen in this window had no attempts: its average decays.
        b.services.replaceAll((port, old) -> old + alpha * (seen.getOrDefault(port, 0L) - old));
        b.services.values().removeIf(v -> v < 0.01);
        b.lastEnd = w.end();
    }
}
