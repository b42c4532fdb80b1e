package dev.vpsguard.agent.inventory;

import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import dev.vpsguard.protocol.IpLiteral;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a guest's {@code netN} (and, for VMs, cloud-init {@code ipconfigN}) config values into
 * {@link GuestNic}s.
 *
 * <ul>
 *   <li>QEMU: {@code net0: virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1} or {@code
 *       model=virtio,macaddr=...}; the guest's IPs are known only from {@code ipconfig0:
 *       ip=10.0.0.5/24,gw=...,ip6=...}. Host interface {@code tap<vmid>i<n>}.
 *   <li>LXC: {@code net0: name=eth0,bridge=vmbr0,hwaddr=..,ip=10.0.0.9/24,ip6=..,type=veth}. Host
 *       interface {@code veth<vmid>i<n>}.
 * </ul>
 *
 * {@code dhcp}, {@code manual} and {@code auto} are not addresses and are dropped; prefix lengths
 * are stripped. Never throws for any config values.
 */
final class PveNetParser {
    /** QEMU NIC models that may carry the MAC as their value ({@code virtio=<MAC>}). */
    private static final Set<String> QEMU_MODELS =
            Set.of(
                    "virtio",
                    "e1000",
                    "e1000e",
                    "e1000-82540em",
                    "e1000-82544gc",
                    "e1000-82545em",
                    "i82551",
                    "i82557b",
                    "i82559er",
                    "ne2k_isa",
                    "ne2k_pci",
                    "pcnet",
                    "rtl8139",
                    "vmxnet3");

    private static final Pattern NET_KEY = Pattern.compile("net(\\d{1,4})");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    private PveNetParser() {}

    /** The guest's NICs, ordered by N in {@code netN}. */
    static List<GuestNic> parseNics(int vmid, GuestKind kind, Map<String, String> config) {
        TreeMap<Integer, String> nets = new TreeMap<>();
        for (Map.Entry<String, String> e : config.entrySet()) {
            var m = NET_KEY.matcher(e.getKey());
            if (m.matches()) {
                nets.put(Integer.parseInt(m.group(1)), e.getValue());
            }
        }
        List<GuestNic> nics = new ArrayList<>(nets.size());
        for (Map.Entry<Integer, String> e : nets.entrySet()) {
            int n = e.getKey();
            Map<String, String> props = parseProperties(e.getValue());
            String mac;
            List<String> ips;
            String iface;
            if (kind == GuestKind.QEMU) {
                iface = "tap" + vmid + "i" + n;
                mac = qemuMac(e.getValue(), props);
                Map<String, String> ipconfig =
                        parseProperties(config.getOrDefault("ipconfig" + n, ""));
                ips = addresses(ipconfig.get("ip"), ipconfig.get("ip6"));
            } else {
                iface = "veth" + vmid + "i" + n;
                mac = mac(props.get("hwaddr"));
                ips = addresses(props.get("ip"), props.get("ip6"));
            }
            String bridge = props.get("bridge");
            boolean firewall = "1".equals(props.get("firewall"));
            nics.add(new GuestNic("net" + n, iface, mac, emptyToNull(bridge), firewall, ips));
        }
        return nics;
    }

    /** A Proxmox property string {@code a=1,b=2,flag} as key → value (bare words map to ""). */
    static Map<String, String> parseProperties(String value) {
        Map<String, String> props = new HashMap<>();
        for (String part : value.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                props.putIfAbsent(p, "");
            } else {
                props.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
            }
        }
        return props;
    }

    private static String qemuMac(String raw, Map<String, String> props) {
        String macaddr = mac(props.get("macaddr"));
        if (macaddr != null) {
            return macaddr;
        }
        // The first element is "<model>=<MAC>" in the short form Proxmox writes itself.
        String first = raw.split(",", 2)[0].strip();
        int eq = first.indexOf('=');
        if (eq > 0 && QEMU_MODELS.contains(first.substring(0, eq).strip())) {
            return mac(first.substring(eq + 1));
        }
        return null;
    }

    private static String mac(String value) {
        if (value == null) {
            return null;
        }
        String lower = value.strip().toLowerCase(Locale.ROOT);
        return MAC.matcher(lower).matches() ? lower : null;
    }

    private static List<String> addresses(String ip4, String ip6) {
        List<String> ips = new ArrayList<>(2);
        String a = address(ip4);
        if (a != null) {
            ips.add(a);
        }
        String b = address(ip6);
        if (b != null) {
            ips.add(b);
        }
        return List.copyOf(ips);
    }

    /** An address without its prefix length, or null for dhcp/manual/auto/garbage. */
    static String address(String cidr) {
        if (cidr == null) {
            return null;
        }
        String value = cidr.strip().toLowerCase(Locale.ROOT);
        int slash = value.indexOf('/');
        if (slash >= 0) {
            value = value.substring(0, slash);
        }
        return IpLiteral.isValid(value) ? value : null;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
