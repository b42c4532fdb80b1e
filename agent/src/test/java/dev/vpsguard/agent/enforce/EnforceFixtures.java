package dev.vpsguard.agent.enforce;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.ActionType;
import dev.vpsguard.protocol.DesiredAction;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import dev.vpsguard.protocol.PacketLimit;
import dev.vpsguard.protocol.PortFilter;
import java.time.Instant;
import java.util.List;

/** Guests and actions shared by the enforcement tests. */
final class EnforceFixtures {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static final Guest VM101 =
            new Guest(
                    101,
                    GuestKind.QEMU,
                    "web",
                    true,
                    2,
                    2L << 30,
                    List.of(
                            new GuestNic(
                                    "net0",
                                    "tap101i0",
                                    "bc:24:11:00:01:01",
                                    "vmbr0",
                                    true,
                                    List.of("198.51.100.101", "2001:db8::101"))));
    static final Guest VM102 =
            new Guest(
                    102,
                    GuestKind.QEMU,
                    "mail",
                    true,
                    1,
                    1L << 30,
                    List.of(
                            new GuestNic(
                                    "net0",
                                    "tap102i0",
                                    null,
                                    "vmbr0",
                                    false,
                                    List.of("203.0.113.5")),
                            new GuestNic("net1", "tap102i1", null, "vmbr1", false, List.of())));
    static final Guest CT200 =
            new Guest(
                    200,
                    GuestKind.LXC,
                    "ct",
                    true,
                    1,
                    512L << 20,
                    List.of(
                            new GuestNic(
                                    "net0",
                                    "veth200i0",
                                    null,
                                    "vmbr0",
                                    false,
                                    List.of("198.51.100.200"))));
    static final List<Guest> GUESTS = List.of(VM101, VM102, CT200);

    static final EnforcementConfig CONFIG = EnforcementConfig.defaults("198.51.100.250", 2525);

    private EnforceFixtures() {}

    static DesiredState state(long version, DesiredAction... actions) {
        return new DesiredState(version, T0, List.of(actions));
    }

    static DesiredAction block(String id, int vmid) {
        return new DesiredAction(
                id,
                vmid,
                ActionType.SMTP_BLOCK,
                "Blocked for spam, ticket 42",
                null,
                null,
                null,
                null);
    }

    static DesiredAction throttleNet(String id, int vmid, Long bytes, Long packets) {
        return new DesiredAction(
                id, vmid, ActionType.THROTTLE_NET, null, null, bytes, packets, null);
    }

    static DesiredAction isolate(String id, int vmid, String... allowed) {
        return new DesiredAction(
                id, vmid, ActionType.ISOLATE, null, null, null, null, List.of(allowed));
    }

    static DesiredAction cpu(String id, int vmid, double cores) {
        return new DesiredAction(id, vmid, ActionType.THROTTLE_CPU, null, cores, null, null, null);
    }

    static DesiredAction suspend(String id, int vmid) {
        return new DesiredAction(id, vmid, ActionType.SUSPEND, null, null, null, null, null);
    }

    static DesiredAction filter(
            String id, int vmid, PortFilter ports, PacketLimit udp, PacketLimit icmp) {
        return DesiredAction.trafficFilter(id, vmid, ports, udp, icmp);
    }

    /** Outbound TCP ports in the protocol's form, e.g. {@code "23", "135-139"}. */
    static PortFilter outboundTcp(String... ports) {
        return new PortFilter(List.of(ports), null, null, null);
    }
}
