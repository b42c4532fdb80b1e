package dev.vpsguard.agent.smtp;

/**
 * Conntrack accounting for one direction ({@code packets= bytes=}), printed only when {@code
 * net.netfilter.nf_conntrack_acct=1}. Measured on kernel 6.18 with conntrack-tools 1.4.7: the
 * fields appear on DESTROY events only, as totals for the whole flow.
 *
 * @param packets packets seen in this direction
 * @param bytes bytes seen in this direction, IP headers included
 */
public record FlowCounters(long packets, long bytes) {
    public FlowCounters {
        if (packets < 0 || bytes < 0) {
            throw new IllegalArgumentException("counters must be >= 0: " + packets + ", " + bytes);
        }
    }
}
