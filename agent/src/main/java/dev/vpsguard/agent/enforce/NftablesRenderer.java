package dev.vpsguard.agent.enforce;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.DesiredState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Renders the agent's four nftables tables ({@code inet}, {@code bridge}, {@code ip}, {@code ip6}
 * named {@code vpsguard}) as one {@code nft -f} script. Pure and deterministic.
 *
 * <p>Each table is written as {@code table X vpsguard {}}, {@code delete table X vpsguard}, then
 * the full definition: in one {@code nft -f} transaction this replaces the table whether or not it
 * existed, and touches no other table (docs/lab.md). Traps respected: chains are never named {@code
 * fwd} (a keyword); every rule ends with a newline before {@code }}; the bridge family matches no
 * {@code ct state} and uses {@code drop}, not {@code reject with tcp reset}.
 */
public final class NftablesRenderer {
    /** The tables the agent owns, as {@code family name}, in the order they are written. */
    public static final List<String> TABLES =
            List.of("inet vpsguard", "bridge vpsguard", "ip vpsguard", "ip6 vpsguard");

    private static final String ND_TYPES = FilterRenderer.ND_TYPES;

    private NftablesRenderer() {}

    /** Plans and renders in one step; see {@link PortPlanner#plan}. */
    public static String render(
            DesiredState state,
            List<Guest> guests,
            EnforcementConfig config,
            Map<Integer, String> noticeUnavailable) {
        return render(PortPlanner.plan(state, guests, config, noticeUnavailable), config);
    }

    /** The whole script for this plan. */
    public static String render(PortPlan plan, EnforcementConfig config) {
        StringBuilder out = new StringBuilder(4096 + 32 * plan.smtpNotice().size());
        out.append("#!/usr/sbin/nft -f\n");
        out.append("# vpsguard enforcement tables: generated, do not edit.\n");
        out.append("# Replaces only the tables named vpsguard; other tables are left alone.\n");
        inet(out);
        bridge(out, plan, config);
        ip(out, config);
        ip6(out, config);
        return out.toString();
    }

    private static void open(StringBuilder out, String family) {
        out.append("table ").append(family).append(" vpsguard {}\n");
        out.append("delete table ").append(family).append(" vpsguard\n");
        out.append("table ").append(family).append(" vpsguard {\n");
    }

    private static void inet(StringBuilder out) {
        open(out, "inet");
        // Bridged flows only reach conntrack when some ip/inet rule uses it (docs/lab.md).
        out.append("\tchain smtp_watch {\n");
        out.append("\t\ttype filter hook forward priority 0; policy accept;\n");
        out.append("\t\ttcp dport 25 ct state new counter\n");
        out.append("\t}\n}\n");
    }

    private static void bridge(StringBuilder out, PortPlan plan, EnforcementConfig config) {
        open(out, "bridge");
        ifnameSet(out, "smtp_notice", plan.smtpNotice());
        ifnameSet(out, "smtp_drop", plan.smtpDrop());
        ifnameSet(out, "throttled", plan.throttles().keySet());
        ifnameSet(out, "isolated", plan.isolated().keySet());
        List<Cidr> common = disjoint(config.isolationAllowed());
        List<Cidr> commonV4 = common.stream().filter(c -> !c.v6()).toList();
        List<Cidr> commonV6 = common.stream().filter(Cidr::v6).toList();
        addressSet(out, "isolation_allowed_v4", "ipv4_addr", commonV4);
        addressSet(out, "isolation_allowed_v6", "ipv6_addr", commonV6);
        FilterRenderer.maps(out, plan.filters());

        out.append("\tchain pre {\n");
        out.append("\t\ttype filter hook prerouting priority -300; policy accept;\n");
        out.append("\t\tiifname @isolated jump isolate\n");
        out.append("\t\tiifname @throttled jump throttle\n");
        FilterRenderer.outboundDispatch(out, plan.filters());
        out.append("\t\tiifname @smtp_drop tcp dport 25 drop\n");
        if (config.responderV6() == null || !config.noticeAvailable()) {
            // Nothing would DNAT marked IPv6 packets, so they would pass: drop them instead.
            out.append("\t\tiifname @smtp_notice ether type ip6 tcp dport 25 drop\n");
        }
        // OR one bit in: Proxmox's firewall uses 0x80000000, and ct mark is never touched.
        out.append("\t\tiifname @smtp_notice tcp dport 25 meta mark set meta mark or ")
                .append(hex(config.markBit()))
                .append('\n');
        out.append("\t}\n");

        out.append("\tchain isolate {\n");
        // ARP and neighbour discovery keep L2 working, so allowed destinations stay reachable.
        out.append("\t\tether type arp return\n");
        out.append("\t\ticmpv6 type ").append(ND_TYPES).append(" return\n");
        if (!commonV4.isEmpty()) {
            out.append("\t\tip daddr @isolation_allowed_v4 return\n");
        }
        if (!commonV6.isEmpty()) {
            out.append("\t\tip6 daddr @isolation_allowed_v6 return\n");
        }
        plan.isolated()
                .forEach(
                        (port, allowed) -> {
                            List<Cidr> own = disjoint(allowed);
                            daddrRule(out, port, "ip", own.stream().filter(c -> !c.v6()).toList());
                            daddrRule(out, port, "ip6", own.stream().filter(Cidr::v6).toList());
                        });
        out.append("\t\tdrop\n");
        out.append("\t}\n");

        out.append("\tchain throttle {\n");
        plan.throttles()
                .forEach(
                        (port, limit) -> {
                            if (limit.bytesPerSec() != null) {
                                out.append("\t\tiifname ")
                                        .append(quote(port))
                                        .append(" limit rate over ")
                                        .append(limit.bytesPerSec())
                                        .append(" bytes/second drop\n");
                            }
                            if (limit.packetsPerSec() != null) {
                                out.append("\t\tiifname ")
                                        .append(quote(port))
                                        .append(" limit rate over ")
                                        .append(limit.packetsPerSec())
                                        .append("/second drop\n");
                            }
                        });
        out.append("\t}\n");
        FilterRenderer.chains(out, plan.filters());
        out.append("}\n");
    }

    private static void ip(StringBuilder out, EnforcementConfig config) {
        open(out, "ip");
        if (config.noticeAvailable()) {
            natChain(out, config, config.responderV4());
        }
        out.append("}\n");
    }

    private static void ip6(StringBuilder out, EnforcementConfig config) {
        open(out, "ip6");
        if (config.noticeAvailable() && config.responderV6() != null) {
            natChain(out, config, "[" + config.responderV6() + "]");
        }
        out.append("}\n");
    }

    private static void natChain(StringBuilder out, EnforcementConfig config, String target) {
        String bit = hex(config.markBit());
        out.append("\tchain pre {\n");
        out.append("\t\ttype nat hook prerouting priority -100; policy accept;\n");
        out.append("\t\tmeta mark & ")
                .append(bit)
                .append(" == ")
                .append(bit)
                .append(" tcp dport 25 counter dnat to ")
                .append(target)
                .append(':')
                .append(config.responderPort())
                .append('\n');
        out.append("\t}\n");
    }

    private static void ifnameSet(StringBuilder out, String name, Collection<String> ports) {
        out.append("\tset ").append(name).append(" {\n\t\ttype ifname\n");
        elements(out, ports.stream().map(NftablesRenderer::quote).toList());
        out.append("\t}\n");
    }

    private static void addressSet(StringBuilder out, String name, String type, List<Cidr> cidrs) {
        if (cidrs.isEmpty()) {
            return;
        }
        out.append("\tset ").append(name).append(" {\n\t\ttype ").append(type).append('\n');
        out.append("\t\tflags interval\n");
        elements(out, cidrs.stream().map(Cidr::toString).toList());
        out.append("\t}\n");
    }

    static void elements(StringBuilder out, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        out.append("\t\telements = {\n");
        for (int i = 0; i < items.size(); i++) {
            out.append("\t\t\t").append(items.get(i)).append(i + 1 < items.size() ? ",\n" : "\n");
        }
        out.append("\t\t}\n");
    }

    private static void daddrRule(StringBuilder out, String port, String proto, List<Cidr> cidrs) {
        if (cidrs.isEmpty()) {
            return;
        }
        out.append("\t\tiifname ")
                .append(quote(port))
                .append(' ')
                .append(proto)
                .append(" daddr { ")
                .append(String.join(", ", cidrs.stream().map(Cidr::toString).toList()))
                .append(" } return\n");
    }

    /** Sorted, without entries inside another entry: nft rejects overlapping intervals. */
    static List<Cidr> disjoint(Collection<Cidr> cidrs) {
        SortedSet<Cidr> sorted = new TreeSet<>(cidrs);
        List<Cidr> out = new ArrayList<>();
        for (Cidr c : sorted) {
            if (sorted.stream().noneMatch(o -> !o.equals(c) && o.contains(c))) {
                out.add(c);
            }
        }
        return out;
    }

    private static String quote(String iface) {
        // PortPlanner admits only [A-Za-z0-9_.-], so quoting needs no escaping.
        return '"' + iface + '"';
    }

    private static String hex(long bit) {
        return String.format("0x%08x", bit);
    }
}
