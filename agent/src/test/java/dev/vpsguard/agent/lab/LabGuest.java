package dev.vpsguard.agent.lab;

/**
 * One guest of the lab: a namespace plugged into {@code vmbr0} through a port named like Proxmox
 * names a VM's first NIC.
 *
 * @param vmid the Proxmox-style guest id
 * @param namespace the guest's network namespace
 * @param address the guest's IPv4 address on its {@code eth0}
 * @param prefixLength the prefix length of that address
 * @param gateway the guest's default gateway (an address of the {@code inet} namespace)
 * @param inHostSubnet whether the address is in the host's subnet (198.51.100.0/24), so the host
 *     can reach it without an extra route
 */
public record LabGuest(
        int vmid,
        String namespace,
        String address,
        int prefixLength,
        String gateway,
        boolean inHostSubnet) {

    /** The host-side port name, as Proxmox names it: {@code tap<vmid>i0}. */
    public String tap() {
        return "tap" + vmid + "i0";
    }
}
