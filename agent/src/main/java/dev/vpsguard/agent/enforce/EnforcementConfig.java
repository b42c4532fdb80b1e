package dev.vpsguard.agent.enforce;

import java.util.List;

/**
 * How this host enforces: where the notice responder listens, which mark bit the agent owns, and
 * what isolated guests may still reach.
 *
 * @param responderV4 the host's IPv4 address the notice responder listens on (DNAT target)
 * @param responderV6 the host's IPv6 address for the responder, or null when there is none; then
 *     blocked guests' IPv6 port-25 traffic is dropped instead of redirected
 * @param responderPort TCP port of the notice responder, 1..65535
 * @param markBit the single packet-mark bit the agent owns (default {@code 0x00002000}); never
 *     {@code 0x80000000}, which Proxmox's firewall uses
 * @param noticeAvailable whether the notice path (responder running) is available at all; when
 *     false every SMTP block falls back to a bridge-family drop
 * @param isolationAllowed addresses or CIDRs every isolated guest may still reach (e.g. the
 *     provider's resolvers), on top of each action's own list
 * @param routeTable id of the agent's own routing table for the routes back to blocked guests
 * @param rulePriority priority of the {@code ip rule} that selects that table
 */
public record EnforcementConfig(
        String responderV4,
        String responderV6,
        int responderPort,
        long markBit,
        boolean noticeAvailable,
        List<Cidr> isolationAllowed,
        int routeTable,
        int rulePriority) {

    /** The default mark bit: free in Proxmox's own use of the mark (it uses 0x80000000). */
    public static final long DEFAULT_MARK_BIT = 0x00002000L;

    /** The default id of the agent's routing table. */
    public static final int DEFAULT_ROUTE_TABLE = 4025;

    /** The default priority of the agent's routing rule (before {@code main} at 32766). */
    public static final int DEFAULT_RULE_PRIORITY = 4025;

    public EnforcementConfig {
        if (noticeAvailable && (responderV4 == null || Cidr.parse(responderV4).v6())) {
            throw new IllegalArgumentException(
                    "responderV4 must be an IPv4 address when the notice path is on, was "
                            + responderV4);
        }
        if (responderV6 != null && !Cidr.parse(responderV6).v6()) {
            throw new IllegalArgumentException(
                    "responderV6 must be an IPv6 address, was " + responderV6);
        }
        if (responderV6 != null) {
            // The compressed form iproute2 prints, so our routing rule is recognised as ours.
            responderV6 = Cidr.parse(responderV6).address();
        }
        if (responderPort < 1 || responderPort > 65535) {
            throw new IllegalArgumentException(
                    "responderPort must be 1..65535, was " + responderPort);
        }
        if (Long.bitCount(markBit) != 1 || markBit > 0x40000000L) {
            throw new IllegalArgumentException(
                    String.format(
                            "markBit must be one bit below 0x80000000 (Proxmox uses that one),"
                                    + " was 0x%08x",
                            markBit));
        }
        if (routeTable < 1 || routeTable > 0xFFFFFFFEL || routeTable >= 253 && routeTable <= 255) {
            throw new IllegalArgumentException(
                    "routeTable must be a free table id (not 0, 253-255), was " + routeTable);
        }
        if (rulePriority < 1 || rulePriority >= 32766) {
            throw new IllegalArgumentException(
                    "rulePriority must be 1..32765 (before the main table), was " + rulePriority);
        }
        isolationAllowed = List.copyOf(isolationAllowed);
    }

    /** Defaults for a host whose responder listens on {@code responderV4:port}. */
    public static EnforcementConfig defaults(String responderV4, int responderPort) {
        return new EnforcementConfig(
                responderV4,
                null,
                responderPort,
                DEFAULT_MARK_BIT,
                true,
                List.of(),
                DEFAULT_ROUTE_TABLE,
                DEFAULT_RULE_PRIORITY);
    }

    /** The same config with the notice path switched on or off. */
    public EnforcementConfig withNoticeAvailable(boolean available) {
        return new EnforcementConfig(
                responderV4,
                responderV6,
                responderPort,
                markBit,
                available,
                isolationAllowed,
                routeTable,
                rulePriority);
    }

    /** The same config with an IPv6 responder address. */
    public EnforcementConfig withResponderV6(String v6) {
        return new EnforcementConfig(
                responderV4,
                v6,
                responderPort,
                markBit,
                noticeAvailable,
                isolationAllowed,
                routeTable,
                rulePriority);
    }

    /** The same config with these addresses allowed to every isolated guest. */
    public EnforcementConfig withIsolationAllowed(List<Cidr> allowed) {
        return new EnforcementConfig(
                responderV4,
                responderV6,
                responderPort,
                markBit,
                noticeAvailable,
                allowed,
                routeTable,
                rulePriority);
    }
}
