package dev.vpsguard.e2e;

import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.GuestUsage;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.SmtpWindow;
import java.time.Instant;
import java.util.List;

/** Reports as an agent builds them, for the tests that post them to a real server. */
final class Reports {
    private Reports() {}

    /**
     * A running VM whose last 5 s window up to {@code at} opened {@code smtpNew} SMTP connections,
     * half of them unanswered: a bot's traffic when many (volume alone would only raise a finding).
     * With none, the window still has activity (one destination), so it is stored.
     */
    static GuestSample guest(int vmid, long smtpNew, Instant at) {
        return new GuestSample(
                vmid,
                GuestKind.QEMU,
                "vm" + vmid,
                GuestStatus.RUNNING,
                2,
                2L << 30,
                List.of(
                        new GuestNic(
                                "net0",
                                "tap" + vmid + "i0",
                                "bc:24:11:00:00:01",
                                "vmbr0",
                                true,
                                List.of("192.0.2." + vmid))),
                new GuestUsage(
                        0.5, 1L << 30, 2L << 30, 100.0, 200.0, 1.0, 2.0, 3000.0, 4000.0, 5.0, 6.0),
                new SmtpWindow(
                        at.minusSeconds(5),
                        at,
                        smtpNew,
                        1,
                        1,
                        smtpNew / 2,
                        0,
                        smtpNew - smtpNew / 2,
                        null));
    }

    /** A full report (current protocol) of agent {@code instance}. */
    static Report report(
            String hostId, String instance, long seq, Instant at, List<GuestSample> guests) {
        return new Report(
                ProtocolJson.VERSION,
                hostId,
                seq,
                at,
                new HostSample(
                        10.0, 8, 0.5, 0.4, 0.3, 16L << 30, 4L << 30, 0L, 0L, List.of(), List.of()),
                guests,
                null,
                null,
                instance);
    }
}
