package dev.vpsguard.lab;

import java.util.List;

/** The commands that build the docs/lab.md topology inside a {@link Lab}'s own namespaces. */
final class LabTopology {
    private LabTopology() {}

    static void build(Lab lab, List<LabGuest> guests) {
        String hv = lab.hv();
        String inet = lab.inet();
        lab.addNamespace(hv);
        lab.addNamespace(inet);
        for (LabGuest g : guests) {
            lab.addNamespace(g.namespace());
        }

        lab.ip("-n", hv, "link", "set", "lo", "up");
        lab.ip("-n", hv, "link", "add", "vmbr0", "type", "bridge");
        lab.ip("-n", hv, "link", "set", "vmbr0", "up");
        // Created directly inside the lab's namespaces, so the root namespace never sees the names.
        lab.ip(
                "link", "add", "uplink", "netns", hv, "type", "veth", "peer", "name", "eth0",
                "netns", inet);
        lab.ip("-n", hv, "link", "set", "uplink", "master", "vmbr0", "up");

        lab.ip("-n", inet, "link", "set", "lo", "up");
        // The provider's router has an address in each block: in-subnet guests and guests of the
        // additional block 203.0.113.0/24 both route through it, and it reaches both on-link.
        lab.ip("-n", inet, "addr", "add", Lab.ROUTER_ADDRESS + "/24", "dev", "eth0");
        lab.ip("-n", inet, "addr", "add", Lab.OUTSIDE_ROUTER_ADDRESS + "/24", "dev", "eth0");
        for (String a : lab.mx().all()) {
            lab.ip("-n", inet, "addr", "add", a + "/24", "dev", "eth0");
        }
        if (lab.ipv6()) {
            // nodad: usable at once, no 1-2 s of duplicate address detection per address.
            List<String> v6 = new java.util.ArrayList<>();
            v6.add(Lab.ROUTER_ADDRESS6);
            v6.add(Lab.OUTSIDE_ROUTER_ADDRESS6);
            lab.mx().all().forEach(a -> v6.add(Lab.v6(a)));
            for (String a : v6) {
                lab.ip("-n", inet, "addr", "add", a + "/64", "dev", "eth0", "nodad");
            }
        }
        lab.ip("-n", inet, "link", "set", "eth0", "up");
        if (!lab.mx().dropping().isEmpty()) {
            lab.nft(inet, dropRules(lab.mx().dropping()));
        }

        for (LabGuest g : guests) {
            String ns = g.namespace();
            lab.ip(
                    "link", "add", g.tap(), "netns", hv, "type", "veth", "peer", "name", "eth0",
                    "netns", ns);
            lab.ip("-n", hv, "link", "set", g.tap(), "master", "vmbr0", "up");
            lab.ip("-n", ns, "link", "set", "lo", "up");
            if (g.address() != null) {
                lab.ip(
                        "-n",
                        ns,
                        "addr",
                        "add",
                        g.address() + "/" + g.prefixLength(),
                        "dev",
                        "eth0");
            }
            if (g.address6() != null) {
                lab.ip("-n", ns, "addr", "add", g.address6() + "/64", "dev", "eth0", "nodad");
            }
            lab.ip("-n", ns, "link", "set", "eth0", "up");
            if (g.address() != null) {
                lab.ip("-n", ns, "route", "add", "default", "via", g.gateway());
            }
            if (g.address6() != null) {
                lab.ip("-n", ns, "-6", "route", "add", "default", "via", g.gateway6());
            }
            // Per-namespace TCP settings of the guest only, so a generator can open tens of
            // thousands of short connections without running out of ephemeral ports.
            lab.exec(ns, "sysctl", "-qw", "net.ipv4.ip_local_port_range=1024 65000").orThrow();
            lab.exec(ns, "sysctl", "-qw", "net.ipv4.tcp_tw_reuse=1").orThrow();
        }

        lab.ip("-n", hv, "addr", "add", Lab.HOST_ADDRESS + "/24", "dev", "vmbr0");
        // Per network namespace on this kernel (checked on 6.18: setting it in a fresh namespace
        // leaves the root namespace's value alone), so setting it here touches nothing outside.
        lab.exec(hv, "sysctl", "-qw", "net.bridge.bridge-nf-call-iptables=1").orThrow();
        if (lab.ipv6()) {
            lab.ip("-n", hv, "addr", "add", Lab.HOST_ADDRESS6 + "/64", "dev", "vmbr0", "nodad");
            lab.exec(hv, "sysctl", "-qw", "net.bridge.bridge-nf-call-ip6tables=1").orThrow();
        }
    }

    /** An nft script, for {@code inet}, dropping SYNs to port 25 of the given addresses. */
    static String dropRules(List<String> addresses) {
        return "table inet vglab {\n"
                + "  set dropped { type ipv4_addr; elements = { "
                + String.join(", ", addresses)
                + " }; }\n"
                + "  chain input {\n"
                + "    type filter hook input priority 0; policy accept;\n"
                + "    ip daddr @dropped tcp dport 25 drop\n"
                + "  }\n"
                + "}\n";
    }
}
