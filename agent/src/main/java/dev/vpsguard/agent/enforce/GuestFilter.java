package dev.vpsguard.agent.enforce;

import dev.vpsguard.protocol.DesiredAction;
import dev.vpsguard.protocol.PacketLimit;
import dev.vpsguard.protocol.PortFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The traffic filters in force on one guest, merged over all its {@code traffic_filter} actions:
 * the union of blocked ports, and the stricter of each packet limit.
 *
 * @param ports the guest's bridge ports (host-side interface names), sorted
 * @param outboundTcp TCP destination ports dropped from the guest, coalesced
 * @param outboundUdp UDP destination ports dropped from the guest, coalesced
 * @param inboundTcp TCP destination ports dropped towards the guest, coalesced
 * @param inboundUdp UDP destination ports dropped towards the guest, coalesced
 * @param udpLimit the guest's outgoing UDP rate, or null
 * @param icmpLimit the guest's outgoing ICMP (v4 and v6) rate, or null
 */
public record GuestFilter(
        SortedSet<String> ports,
        List<PortRange> outboundTcp,
        List<PortRange> outboundUdp,
        List<PortRange> inboundTcp,
        List<PortRange> inboundUdp,
        PacketLimit udpLimit,
        PacketLimit icmpLimit) {

    public GuestFilter {
        ports = Collections.unmodifiableSortedSet(new TreeSet<>(ports));
        outboundTcp = PortRange.coalesce(outboundTcp);
        outboundUdp = PortRange.coalesce(outboundUdp);
        inboundTcp = PortRange.coalesce(inboundTcp);
        inboundUdp = PortRange.coalesce(inboundUdp);
    }

    /** The filter one action asks for on these ports; null when it asks for nothing. */
    static GuestFilter of(DesiredAction action, Collection<String> ports) {
        PortFilter p = action.blockedPorts();
        GuestFilter f =
                new GuestFilter(
                        new TreeSet<>(ports),
                        ranges(p == null ? null : p.outboundTcp()),
                        ranges(p == null ? null : p.outboundUdp()),
                        ranges(p == null ? null : p.inboundTcp()),
                        ranges(p == null ? null : p.inboundUdp()),
                        action.udpLimit(),
                        action.icmpLimit());
        return f.outbound() || f.inbound() ? f : null;
    }

    /** Whether anything applies to traffic from the guest. */
    public boolean outbound() {
        return !outboundTcp.isEmpty()
                || !outboundUdp.isEmpty()
                || udpLimit != null
                || icmpLimit != null;
    }

    /** Whether anything applies to traffic towards the guest. */
    public boolean inbound() {
        return !inboundTcp.isEmpty() || !inboundUdp.isEmpty();
    }

    /** Both filters at once: every port either blocks, and the stricter of each limit. */
    GuestFilter merge(GuestFilter o) {
        TreeSet<String> allPorts = new TreeSet<>(ports);
        allPorts.addAll(o.ports);
        return new GuestFilter(
                allPorts,
                union(outboundTcp, o.outboundTcp),
                union(outboundUdp, o.outboundUdp),
                union(inboundTcp, o.inboundTcp),
                union(inboundUdp, o.inboundUdp),
                stricter(udpLimit, o.udpLimit),
                stricter(icmpLimit, o.icmpLimit));
    }

    private static List<PortRange> ranges(List<String> given) {
        return given == null ? List.of() : given.stream().map(PortRange::parse).toList();
    }

    private static List<PortRange> union(List<PortRange> a, List<PortRange> b) {
        List<PortRange> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static PacketLimit stricter(PacketLimit a, PacketLimit b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return new PacketLimit(
                Math.min(a.packetsPerSec(), b.packetsPerSec()),
                Math.min(a.burstPackets(), b.burstPackets()));
    }
}
