package dev.vpsguard.lab;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a traffic profile does on port 25, known before it runs: the figures the agent's SMTP
 * observation and the sink must reproduce.
 *
 * @param newConnections connection attempts to port 25 (each one NEW conntrack flow)
 * @param distinctDestinations distinct destination addresses on port 25
 * @param distinctSlash24 distinct destination /24 networks on port 25
 * @param accepted attempts that should complete the handshake
 * @param refused attempts that should be refused (RST)
 * @param unreplied attempts whose SYNs should get no answer
 * @param acceptedPerAddress expected accepted connections per destination address
 * @param otherConnections attempts to ports other than 25 (not SMTP)
 */
public record GroundTruth(
        int newConnections,
        int distinctDestinations,
        int distinctSlash24,
        int accepted,
        int refused,
        int unreplied,
        Map<String, Long> acceptedPerAddress,
        int otherConnections) {
    public GroundTruth {
        acceptedPerAddress = Map.copyOf(acceptedPerAddress);
    }

    /** Derives the ground truth of {@code plan} against the lab's MX layout. */
    public static GroundTruth of(TrafficPlan plan, LabMx mx) {
        int n = 0;
        int acc = 0;
        int ref = 0;
        int unr = 0;
        int other = 0;
        Set<String> dst = new HashSet<>();
        Set<String> nets = new HashSet<>();
        Map<String, Long> per = new TreeMap<>();
        for (TrafficPlan.Connect c : plan.connects()) {
            if (c.port() != 25) {
                other++;
                continue;
            }
            n++;
            dst.add(c.address());
            // The network: the /24 of an IPv4 address; for a lab IPv6 twin, its /64's prefix.
            String a = c.address();
            nets.add(a.substring(0, a.contains(":") ? a.lastIndexOf(':') : a.lastIndexOf('.')));
            switch (mx.expectedOutcome(c.address())) {
                case ACCEPTED -> {
                    acc++;
                    per.merge(c.address(), 1L, Long::sum);
                }
                case REFUSED -> ref++;
                case UNREPLIED -> unr++;
            }
        }
        return new GroundTruth(n, dst.size(), nets.size(), acc, ref, unr, per, other);
    }
}
