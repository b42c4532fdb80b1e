package dev.vpsguard.protocol;

import static dev.vpsguard.protocol.GuestTaskTest.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A guest's optional reachability: written only when probed, read back, refused when wrong. */
class GuestReachTest {
    static final Instant SINCE = Instant.parse("2026-11-22T09:57:00Z");

    private static Report withReach(GuestReach reach) {
        Report r = Samples.report(1);
        return new Report(
                r.protocolVersion(),
                r.hostId(),
                r.seq(),
                r.sentAt(),
                r.host(),
                List.of(Samples.guest(101).withReach(reach)),
                r.unattributedSmtp(),
                r.enforcementAck(),
                r.agentInstance());
    }

    @Test
    void anUnansweredGuestSurvivesAWriteAndARead() throws Exception {
        Report r = withReach(new GuestReach(GuestReach.GUEST_AGENT, false, SINCE));
        assertThat(ProtocolJson.read(ProtocolJson.write(r), Report.class)).isEqualTo(r);
        assertThat(new String(ProtocolJson.write(r), StandardCharsets.UTF_8))
                .contains(
                        "\"reach\":{\"via\":\"guest-agent\",\"answered\":false,"
                                + "\"since\":\"2026-11-22T09:57:00Z\"}");
    }

    @Test
    void aGuestNotProbedCarriesNoField() {
        String json = new String(ProtocolJson.write(Samples.report(1)), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("reach");
    }

    @Test
    void aBadReachIsRefusedNamingTheField() {
        String base =
                new String(
                        ProtocolJson.write(
                                withReach(new GuestReach(GuestReach.GUEST_AGENT, true, SINCE))),
                        StandardCharsets.UTF_8);
        assertField(base.replace("\"guest-agent\"", "\"ping\""), "guests[0].reach.via");
        assertField(
                base.replace(",\"since\":\"2026-11-22T09:57:00Z\"", ""), "guests[0].reach.since");
        assertField(base.replace("\"answered\":true,", ""), "guests[0].reach.answered");
    }
}
