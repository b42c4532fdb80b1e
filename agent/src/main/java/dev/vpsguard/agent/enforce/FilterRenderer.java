package dev.vpsguard.agent.enforce;

import dev.vpsguard.protocol.PacketLimit;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The per-guest part of the bridge table: port filters and UDP/ICMP limits. Each filtered guest
 * gets its own chains ({@code guest_<vmid>_out}, {@code guest_<vmid>_in}), reached from each of its
 * bridge ports through a verdict map, so a limit's rule exists once per guest and its bucket is
 * shared by all the guest's interfaces. Only UDP and ICMP are limited: TCP is never matched by a
 * limit. Pure; {@link NftablesRenderer} places the pieces.
 */
final class FilterRenderer {
    /** Neighbour discovery keeps IPv6 working, so it never counts against the ICMP limit. */
    static final String ND_TYPES = "{ nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert }";

    private FilterRenderer() {}

    /** The maps from bridge port to guest chain; nothing when no guest is filtered. */
    static void maps(StringBuilder out, SortedMap<Integer, GuestFilter> filters) {
        if (filters.values().stream().anyMatch(GuestFilter::outbound)) {
            map(out, "guest_out", filters, true);
        }
        if (filters.values().stream().anyMatch(GuestFilter::inbound)) {
            map(out, "guest_in", filters, false);
        }
    }

    /** The dispatch rule for the bridge's prerouting chain (traffic from guests). */
    static void outboundDispatch(StringBuilder out, SortedMap<Integer, GuestFilter> filters) {
        if (filters.values().stream().anyMatch(GuestFilter::outbound)) {
            out.append("\t\tiifname vmap @guest_out\n");
        }
    }

    /**
     * The postrouting chain (traffic towards guests, bridged or sent by the host) and every guest
     * chain.
     */
    static void chains(StringBuilder out, SortedMap<Integer, GuestFilter> filters) {
        if (filters.values().stream().anyMatch(GuestFilter::inbound)) {
            out.append("\tchain post {\n");
            out.append("\t\ttype filter hook postrouting priority -300; policy accept;\n");
            out.append("\t\toifname vmap @guest_in\n");
            out.append("\t}\n");
        }
        for (Map.Entry<Integer, GuestFilter> e : filters.entrySet()) {
            GuestFilter f = e.getValue();
            if (f.outbound()) {
                out.append("\tchain ").append(chain(e.getKey(), true)).append(" {\n");
                portsRule(out, "tcp", f.outboundTcp());
                portsRule(out, "udp", f.outboundUdp());
                limitRule(out, "meta l4proto udp", f.udpLimit());
                if (f.icmpLimit() != null) {
                    // Last, as return ends the chain: nothing after it would see ND packets.
                    out.append("\t\ticmpv6 type ").append(ND_TYPES).append(" return\n");
                    limitRule(out, "meta l4proto { icmp, ipv6-icmp }", f.icmpLimit());
                }
                out.append("\t}\n");
            }
            if (f.inbound()) {
                out.append("\tchain ").append(chain(e.getKey(), false)).append(" {\n");
                portsRule(out, "tcp", f.inboundTcp());
                portsRule(out, "udp", f.inboundUdp());
                out.append("\t}\n");
            }
        }
    }

    private static void map(
            StringBuilder out,
            String name,
            SortedMap<Integer, GuestFilter> filters,
            boolean outbound) {
        out.append("\tmap ").append(name).append(" {\n\t\ttype ifname : verdict\n");
        List<String> items =
                filters.entrySet().stream()
                        .filter(e -> outbound ? e.getValue().outbound() : e.getValue().inbound())
                        .flatMap(
                                e ->
                                        e.getValue().ports().stream()
                                                .map(
                                                        p ->
                                                                '"'
                                                                        + p
                                                                        + "\" : jump "
                                                                        + chain(
                                                                                e.getKey(),
                                                                                outbound)))
                        .sorted()
                        .toList();
        NftablesRenderer.elements(out, items);
        out.append("\t}\n");
    }

    private static String chain(int vmid, boolean outbound) {
        return "guest_" + vmid + (outbound ? "_out" : "_in");
    }

    private static void portsRule(StringBuilder out, String proto, List<PortRange> ranges) {
        if (ranges.isEmpty()) {
            return;
        }
        out.append("\t\t").append(proto).append(" dport { ");
        out.append(String.join(", ", ranges.stream().map(PortRange::toString).toList()));
        out.append(" } drop\n");
    }

    private static void limitRule(StringBuilder out, String match, PacketLimit limit) {
        if (limit == null) {
            return;
        }
        out.append("\t\t")
                .append(match)
                .append(" limit rate over ")
                .append(limit.packetsPerSec())
                .append("/second burst ")
                .append(limit.burstPackets())
                .append(" packets drop\n");
    }
}
