package dev.vpsguard.lab;

/**
 * One guest of the lab: a namespace plugged into {@code vmbr0} through a port named like Proxmox
 * names a VM's first NIC.
 *
 * @param vmid the Proxmox-style guest id
 * @param namespace the guest's network namespace
 * @param address the guest's IPv4 address on its {@code eth0}, or null for an IPv6-only guest
 * @param prefixLength the prefix length of that address
 * @param gateway the guest's default gateway (an address of the {@code inet} namespace)
 * @param inHostSubnet whether the address is in the host's subnet (198.51.100.0/24, for IPv6
 *     2001:db8:100::/64), so the host can reach it without an extra route
 * @param address6 the guest's IPv6 address on its {@code eth0} (prefix /64), or null in a lab
 *     without IPv6 ({@link Lab.Builder#ipv6()})
 */
public record LabGuest(
        int vmid,
        String namespace,
        String address,
        int prefixLength,
        String gateway,
        boolean inHostSubnet,
        String address6) {

    /** The host-side port name, as Proxmox names it: {@code tap<vmid>i0}. */
    public String tap() {
        return "tap" + vmid + "i0";
    }

    /** The guest's IPv6 default gateway (an address of the {@code inet} namespace). */
    public String gateway6() {
        return inHostSubnet ? Lab.ROUTER_ADDRESS6 : Lab.OUTSIDE_ROUTER_ADDRESS6;
    }

    /** Its addresses: IPv4 first when it has one. */
    public java.util.List<String> addresses() {
        return java.util.stream.Stream.of(address, address6)
                .filter(java.util.Objects::nonNull)
                .toList();
    }
}
