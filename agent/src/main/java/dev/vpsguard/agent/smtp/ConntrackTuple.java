package dev.vpsguard.agent.smtp;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One direction of a conntrack flow as conntrack prints it ({@code src= dst= sport= dport=}).
 * Host-local: tuples are flow keys inside the agent and never leave the host (contract S4).
 *
 * @param src source address
 * @param dst destination address
 * @param sport source port, 0 to 65535
 * @param dport destination port, 0 to 65535
 */
public record ConntrackTuple(InetAddress src, InetAddress dst, int sport, int dport) {
    public ConntrackTuple {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        if (sport < 0 || sport > 65535 || dport < 0 || dport > 65535) {
            throw new IllegalArgumentException("ports must be 0..65535: " + sport + ", " + dport);
        }
    }
}
