package dev.vpsguard.protocol;

import java.util.List;

/**
 * One network interface of a guest, as the host sees it.
 *
 * @param id the config key, e.g. {@code net0}
 * @param iface the host-side interface, e.g. {@code tap101i0} or {@code veth200i0}
 * @param mac the guest's MAC address, lower case (nullable)
 * @param bridge the bridge the interface is on, e.g. {@code vmbr0} (nullable)
 * @param firewall whether Proxmox's firewall is on for this interface
 * @param ips the guest's own addresses on this interface, as declared or learned (IPv4/IPv6, no
 *     prefix)
 */
public record GuestNic(
        String id, String iface, String mac, String bridge, boolean firewall, List<String> ips) {}
