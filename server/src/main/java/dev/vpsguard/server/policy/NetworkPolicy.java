package dev.vpsguard.server.policy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Outbound abuse beyond SMTP for one contract: what counts as a port scan or an intrusion attempt
 * (R6), and the standing port filters and UDP/ICMP limits the host enforces (R7).
 *
 * @param scans the fan-out detector's thresholds
 * @param filters what the guest's traffic is held to at all times
 */
public record NetworkPolicy(Scans scans, Filters filters) {

    /**
     * Thresholds of the fan-out detector, per window of the agent (its report interval). A
     * threshold is the larger of the figure below and {@code baseline.multiple} times what the
     * guest itself usually does, so a busy crawler or backup client raises its own bar.
     *
     * @param horizontal one port, many addresses
     * @param vertical one address, many ports
     * @param bruteForce many attempts on one login service of one address
     * @param minFailureRatio share of the window's new flows never answered for a fan-out under its
     *     ceiling to count as a scan
     * @param baseline how the guest's own history is learned
     * @param clause the clause forbidding scans and intrusion attempts (R6)
     */
    public record Scans(
            Horizontal horizontal,
            Vertical vertical,
            BruteForce bruteForce,
            double minFailureRatio,
            Baseline baseline,
            String clause) {}

    /**
     * @param minDestinations distinct addresses on one port in one window, with failures
     * @param ceilingDestinations the same, answered or not
     */
    public record Horizontal(long minDestinations, long ceilingDestinations, String clause) {}

    /**
     * @param minPorts distinct ports on one address in one window, with failures
     * @param ceilingPorts the same, answered or not
     */
    public record Vertical(long minPorts, long ceilingPorts, String clause) {}

    /**
     * @param ports the login services watched (SSH, RDP, mail authentication)
     * @param minAttempts new flows to one of these ports on one address in one window
     */
    public record BruteForce(Set<Integer> ports, long minAttempts, String clause) {}

    /**
     * @param multiple a threshold is at least this many times the guest's usual figure
     * @param timeConstant the time constant of the moving average of the guest's figures
     */
    public record Baseline(double multiple, Duration timeConstant) {}

    /**
     * Ports dropped and packet rates held, per guest. Lists hold ports ({@code "445"}) or ranges
     * ({@code "135-139"}); a null limit is no limit.
     */
    public record Filters(
            List<String> outboundTcp,
            List<String> outboundUdp,
            List<String> inboundTcp,
            List<String> inboundUdp,
            Limit udp,
            Limit icmp,
            String clause) {
        public Filters {
            outboundTcp = List.copyOf(outboundTcp);
            outboundUdp = List.copyOf(outboundUdp);
            inboundTcp = List.copyOf(inboundTcp);
            inboundUdp = List.copyOf(inboundUdp);
        }

        /** Whether anything is filtered or limited at all. */
        public boolean any() {
            return !outboundTcp.isEmpty()
                    || !outboundUdp.isEmpty()
                    || !inboundTcp.isEmpty()
                    || !inboundUdp.isEmpty()
                    || udp != null
                    || icmp != null;
        }
    }

    /**
     * @param packetsPerSec sustained rate
     * @param burstPackets packets allowed at once above it
     */
    public record Limit(long packetsPerSec, long burstPackets) {}
}
