package dev.vpsguard.agent.config;

import static dev.vpsguard.agent.config.AgentConfigLoader.quote;

import dev.vpsguard.agent.enforce.Cidr;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Applies defaults to the {@code enforcement:} section and checks it; the first error wins. */
final class EnforcementValidator {
    static final int DEFAULT_RESPONDER_PORT = 2525;
    static final long DEFAULT_MARK_BIT = 0x00002000L;
    static final int DEFAULT_ROUTE_TABLE = 4025;

    private final String file;
    private final ConfigValidator addresses;

    EnforcementValidator(String file, ConfigValidator addresses) {
        this.file = file;
        this.addresses = addresses;
    }

    AgentConfig.Enforcement validate(RawConfig.Enforcement raw, AgentConfig.InventoryMode mode)
            throws ConfigException {
        RawConfig.Enforcement e =
                raw == null
                        ? new RawConfig.Enforcement(
                                null, null, null, null, null, null, null, null, null, null)
                        : raw;
        boolean proxmox = mode == AgentConfig.InventoryMode.PROXMOX;
        boolean enabled = e.enabled() == null ? proxmox : e.enabled();
        InetAddress v4 = null;
        if (e.responderAddress() != null) {
            v4 = addresses.ipLiteral("enforcement.responderAddress", e.responderAddress());
            if (!(v4 instanceof Inet4Address) || v4.isAnyLocalAddress() || v4.isLoopbackAddress()) {
                throw error(
                        "enforcement.responderAddress",
                        quote(e.responderAddress()),
                        "must be the host's own IPv4 address on the guests' bridge (not 0.0.0.0"
                                + " or loopback)");
            }
        }
        InetAddress v6 = null;
        if (e.responderAddress6() != null) {
            v6 = addresses.ipLiteral("enforcement.responderAddress6", e.responderAddress6());
            if (!(v6 instanceof Inet6Address)
                    || v6.isAnyLocalAddress()
                    || v6.isLoopbackAddress()
                    || v6.isLinkLocalAddress()) {
                throw error(
                        "enforcement.responderAddress6",
                        quote(e.responderAddress6()),
                        "must be the host's own global IPv6 address on the guests' bridge (not ::,"
                                + " loopback or link-local)");
            }
        }
        String bridge = e.responderBridge() == null ? "vmbr0" : e.responderBridge();
        if (!ConfigValidator.IFACE.matcher(bridge).matches()) {
            throw error(
                    "enforcement.responderBridge",
                    quote(e.responderBridge()),
                    "must be an interface name (e.g. vmbr0)");
        }
        int port = DEFAULT_RESPONDER_PORT;
        if (e.responderPort() != null) {
            port = e.responderPort();
            if (port < 1 || port > 65535) {
                throw error("enforcement.responderPort", String.valueOf(port), "must be 1..65535");
            }
        }
        long mark = e.markBit() == null ? DEFAULT_MARK_BIT : markBit(e.markBit());
        int table = DEFAULT_ROUTE_TABLE;
        if (e.routeTable() != null) {
            table = e.routeTable();
            if (table < 1 || table >= 253 && table <= 255) {
                throw error(
                        "enforcement.routeTable",
                        String.valueOf(table),
                        "must be a free routing table id: 1..2147483647 but not 253-255"
                                + " (default, main, local)");
            }
        }
        List<String> allowed = new ArrayList<>();
        List<String> rawAllowed = e.isolationAllowed() == null ? List.of() : e.isolationAllowed();
        for (int i = 0; i < rawAllowed.size(); i++) {
            try {
                allowed.add(Cidr.parse(rawAllowed.get(i)).toString());
            } catch (IllegalArgumentException | NullPointerException ex) {
                throw error(
                        "enforcement.isolationAllowed[" + i + "]",
                        quote(rawAllowed.get(i)),
                        "must be an IPv4/IPv6 address or CIDR (e.g. 192.0.2.53 or 192.0.2.0/24)");
            }
        }
        AgentConfig.GuestControlMode control = guestControl(e.guestControl(), proxmox);
        boolean setBridge = e.setBridgeNfCall() == null || e.setBridgeNfCall();
        return new AgentConfig.Enforcement(
                enabled, v4, v6, bridge, port, mark, table, allowed, control, setBridge);
    }

    private long markBit(String text) throws ConfigException {
        String t = text.strip().toLowerCase(Locale.ROOT);
        long value;
        try {
            value = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException ex) {
            throw error("enforcement.markBit", quote(text), "must be a number like 0x00002000");
        }
        if (Long.bitCount(value) != 1 || value > 0x40000000L) {
            throw error(
                    "enforcement.markBit",
                    quote(text),
                    "must be exactly one bit below 0x80000000 (Proxmox's firewall uses that one)");
        }
        return value;
    }

    private AgentConfig.GuestControlMode guestControl(String text, boolean proxmox)
            throws ConfigException {
        if (text == null) {
            return proxmox ? AgentConfig.GuestControlMode.QM : AgentConfig.GuestControlMode.NONE;
        }
        return switch (text) {
            case "qm" -> AgentConfig.GuestControlMode.QM;
            case "cgroup" -> AgentConfig.GuestControlMode.CGROUP;
            case "none" -> AgentConfig.GuestControlMode.NONE;
            default ->
                    throw error(
                            "enforcement.guestControl", quote(text), "must be qm, cgroup or none");
        };
    }

    private ConfigException error(String key, String value, String reason) {
        return new ConfigException(file, key, value, reason);
    }
}
