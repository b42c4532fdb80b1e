package dev.vpsguard.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Valid wire messages with every field set, for tests to mutate. */
final class Samples {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final String AGENT_INSTANCE = "3f2b8c1e-7d4a-4e0b-9c55-0a1b2c3d4e5f";

    private Samples() {}

    static GuestSample guest(int vmid) {
        return new GuestSample(
                vmid,
                GuestKind.QEMU,
                "web-" + vmid,
                GuestStatus.RUNNING,
                2,
                2L << 30,
                List.of(
                        new GuestNic(
                                "net0",
                                "tap" + vmid + "i0",
                                "bc:24:11:aa:bb:cc",
                                "vmbr0",
                                true,
                                List.of("198.51.100.101", "2001:db8::101"))),
                new GuestUsage(
                        1.5,
                        1_000_000L,
                        2L << 30,
                        10.0,
                        20.0,
                        1.0,
                        2.0,
                        1000.0,
                        2000.0,
                        10.0,
                        20.0),
                new SmtpWindow(
                        T0,
                        T0.plusSeconds(5),
                        12,
                        10,
                        8,
                        3,
                        2,
                        7,
                        4096L,
                        new RecentDistinct(T0.minusSeconds(595), 14, 9)),
                new FlowWindow(
                        T0,
                        T0.plusSeconds(5),
                        40,
                        12,
                        30,
                        9,
                        6,
                        5,
                        List.of(new FlowWindow.ServiceAttempts(22, 8, 6))));
    }

    static Report report(int guests) {
        List<GuestSample> list = new ArrayList<>();
        for (int i = 0; i < guests; i++) {
            list.add(guest(100 + i));
        }
        return new Report(
                ProtocolJson.VERSION,
                "pve-1",
                42,
                T0,
                new HostSample(
                        12.5,
                        16,
                        0.5,
                        0.4,
                        0.3,
                        64L << 30,
                        10L << 30,
                        8L << 30,
                        0L,
                        List.of(new FilesystemSample("/var/lib/vz", "ext4", 1000, 400)),
                        List.of(new NicSample("vmbr0", 1, 2, 3, 4, 5.0, 6.0))),
                list,
                new SmtpWindow(T0, T0.plusSeconds(5), 1, 1, 1, 0, 0, 1, null),
                new EnforcementAck(
                        3,
                        List.of(
                                new ActionResult("a-1", ActionStatus.APPLIED, null, T0),
                                new ActionResult(
                                        "a-2", ActionStatus.DEGRADED, "fallback: drop", T0))),
                AGENT_INSTANCE);
    }

    static ReportReply reply() {
        return new ReportReply(
                42,
                false,
                new DesiredState(
                        7,
                        T0,
                        List.of(
                                new DesiredAction(
                                        "b-1",
                                        101,
                                        ActionType.SMTP_BLOCK,
                                        "Outbound SMTP blocked (strike 1, ticket B-1)",
                                        null,
                                        null,
                                        null,
                                        null),
                                new DesiredAction(
                                        "t-1",
                                        102,
                                        ActionType.THROTTLE_NET,
                                        null,
                                        null,
                                        12_500_000L,
                                        50_000L,
                                        null),
                                new DesiredAction(
                                        "i-1",
                                        103,
                                        ActionType.ISOLATE,
                                        null,
                                        null,
                                        null,
                                        null,
                                        List.of("192.0.2.53", "2001:db8::/32")),
                                DesiredAction.trafficFilter(
                                        "f-1",
                                        104,
                                        new PortFilter(
                                                List.of("23", "135-139", "445", "6667"),
                                                List.of("135-139"),
                                                List.of("3389"),
                                                null),
                                        new PacketLimit(2000, 500),
                                        new PacketLimit(50, 100)))));
    }
}
