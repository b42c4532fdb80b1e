package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
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
        String id,
        String iface,
        String mac,
        String bridge,
        @JsonProperty(required = true) boolean firewall,
        List<String> ips) {
    private static final java.util.regex.Pattern NIC_ID =
            java.util.regex.Pattern.compile("net\\d{1,4}");

    public GuestNic {
        Check.matches(Check.required(id, "id"), NIC_ID, "id");
        Check.iface(Check.required(iface, "iface"), "iface");
        mac = Check.mac(mac, "mac");
        Check.iface(bridge, "bridge");
        ips = ips == null ? List.of() : Check.optionalList(ips, 64, "ips");
        Check.eachString(ips, "ips", Check::ip);
    }
}
