package dev.vpsguard.protocol;

import java.time.Instant;
import java.util.List;

/**
 * Messages whose instants have every precision ISO-8601 text can show (whole seconds, millis,
 * micros, nanos, a leap day, the epoch), for the captured-body test of the wire format.
 */
final class InstantWireSamples {
    static final Instant WHOLE = Instant.parse("2026-11-22T10:00:00Z");
    static final Instant MILLIS = Instant.parse("2026-11-22T10:00:05.250Z");
    static final Instant MICROS = Instant.parse("2026-11-22T10:00:05.000123Z");
    static final Instant NANOS = Instant.parse("2026-11-22T10:00:05.123456789Z");
    static final Instant LEAP_DAY = Instant.parse("2028-02-29T23:59:59.900Z");
    static final Instant EPOCH = Instant.EPOCH;

    private InstantWireSamples() {}

    static Report report() {
        Report r = Samples.report(2);
        return new Report(
                r.protocolVersion(),
                r.hostId(),
                r.seq(),
                NANOS,
                r.host(),
                r.guests(),
                new SmtpWindow(MICROS, MILLIS, 1, 1, 1, 0, 0, 1, null, null),
                new EnforcementAck(
                        3,
                        List.of(
                                new ActionResult("a-1", ActionStatus.APPLIED, null, WHOLE),
                                new ActionResult("a-2", ActionStatus.APPLIED, null, LEAP_DAY))),
                r.agentInstance(),
                EPOCH,
                null,
                null);
    }

    static ReportReply reply() {
        ReportReply r = Samples.reply();
        DesiredState d = r.desiredState();
        return new ReportReply(
                r.seq(),
                r.duplicate(),
                new DesiredState(d.version(), MICROS, d.actions()),
                r.sendFull(),
                r.acceptsDelta());
    }
}
