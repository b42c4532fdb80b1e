package dev.vpsguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The delta report's wire rules (protocol 3). */
class ReportDeltaTest {
    private static Report fixture() throws Exception {
        return ProtocolJson.read(Fixtures.load(Fixtures.REPORT), Report.class);
    }

    private static Report next(Report r) {
        return new Report(
                r.protocolVersion(),
                r.hostId(),
                r.seq() + 1,
                r.sentAt().plusSeconds(5),
                r.host(),
                r.guests(),
                r.unattributedSmtp(),
                r.enforcementAck(),
                r.agentInstance());
    }

    @Test
    void aDeltaOnAnUnchangedInventoryLeavesItOutAndIsSmaller() throws Exception {
        Report base = fixture();
        Report next = next(base);
        ReportDelta delta = ReportDelta.between(base, next);
        assertThat(delta.baseSeq()).isEqualTo(42);
        assertThat(delta.guestsWithInventory()).isZero();
        String json = new String(ProtocolJson.write(delta), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("\"iface\"", "\"kind\"", "web-100").contains("\"usage\"");
        assertThat(json.length()).isLessThan(ProtocolJson.write(next).length);
    }

    @Test
    void aChangedGuestCarriesItsWholeInventory() throws Exception {
        Report base = fixture();
        GuestSample g = base.guests().get(0);
        GuestSample renamed = g.withName(null);
        Report next = next(base);
        next =
                new Report(
                        next.protocolVersion(),
                        next.hostId(),
                        next.seq(),
                        next.sentAt(),
                        next.host(),
                        List.of(renamed, base.guests().get(1)),
                        next.unattributedSmtp(),
                        next.enforcementAck(),
                        next.agentInstance());
        ReportDelta delta = ReportDelta.between(base, next);
        assertThat(delta.guests().get(0).hasInventory()).isTrue();
        assertThat(delta.guests().get(0).name()).isNull();
        assertThat(delta.guests().get(1).hasInventory()).isFalse();
        // The name went away: the expanded report has none, not the base's.
        assertThat(delta.expand(v -> GuestInventory.of(base.guests().get(1))).orElseThrow())
                .isEqualTo(next);
    }

    @Test
    void inventoryFieldsWithoutKindAreRefusedByName() throws Exception {
        ObjectNode doc = deltaDoc();
        ((ObjectNode) doc.withArray("guests").get(0)).put("name", "web-100");
        assertInvalid(doc, "guests[0].name", "only with kind");
    }

    @Test
    void theBaseMustComeBeforeTheReport() throws Exception {
        ObjectNode doc = deltaDoc();
        doc.put("baseSeq", 43);
        assertInvalid(doc, "baseSeq", "between 1 and 41");
    }

    @Test
    void aDeltaNeedsVersion3() throws Exception {
        ObjectNode doc = deltaDoc();
        doc.put("protocolVersion", 2);
        assertInvalid(doc, "protocolVersion", "needs version 3");
    }

    @Test
    void aDeltaIsNotAFullReport() throws Exception {
        byte[] json = ProtocolJson.mapper().writeValueAsBytes(deltaDoc());
        assertThat(ProtocolJson.isDelta(json)).isTrue();
        // Read as a full report it is refused (its guests lack their inventory).
        assertThatThrownBy(() -> ProtocolJson.read(json, Report.class))
                .isInstanceOf(InvalidMessageException.class);
        assertThat(ProtocolJson.isDelta("{\"a\":{\"baseSeq\":1}}".getBytes(StandardCharsets.UTF_8)))
                .as("only the top level counts")
                .isFalse();
        assertThat(ProtocolJson.isDelta("{not json".getBytes(StandardCharsets.UTF_8))).isFalse();
        // Told by a baseSeq ahead of the guests; a late one is still found for the error message.
        byte[] late = "{\"seq\":2,\"guests\":[],\"baseSeq\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(ProtocolJson.isDelta(late)).isFalse();
        assertThat(ProtocolJson.hasBaseSeq(late)).isTrue();
    }

    @Test
    void sendFullAndAcceptsDeltaAreInTheReplyOnlyWhenTrue() throws Exception {
        DesiredState none = new DesiredState(0, fixture().sentAt(), List.of());
        String plain =
                new String(ProtocolJson.write(new ReportReply(3, false, none, false, false)));
        assertThat(plain).doesNotContain("sendFull", "acceptsDelta");
        ReportReply full =
                ProtocolJson.read(
                        ProtocolJson.write(new ReportReply(3, false, none, true, true)),
                        ReportReply.class);
        assertThat(full.fullNeeded()).isTrue();
        assertThat(full.deltaAccepted()).isTrue();
        assertThat(
                        ProtocolJson.read(plain.getBytes(StandardCharsets.UTF_8), ReportReply.class)
                                .fullNeeded())
                .isFalse();
    }

    private static ObjectNode deltaDoc() throws Exception {
        Report base = fixture();
        Report next = next(base);
        next =
                new Report(
                        next.protocolVersion(),
                        next.hostId(),
                        42,
                        next.sentAt(),
                        next.host(),
                        next.guests(),
                        next.unattributedSmtp(),
                        next.enforcementAck(),
                        next.agentInstance());
        Report older =
                new Report(
                        base.protocolVersion(),
                        base.hostId(),
                        41,
                        base.sentAt(),
                        base.host(),
                        base.guests(),
                        base.unattributedSmtp(),
                        base.enforcementAck(),
                        base.agentInstance());
        return (ObjectNode)
                ProtocolJson.mapper()
                        .readTree(ProtocolJson.write(ReportDelta.between(older, next)));
    }

    private static void assertInvalid(ObjectNode doc, String field, String reason)
            throws Exception {
        byte[] json = ProtocolJson.mapper().writeValueAsBytes(doc);
        assertThatThrownBy(() -> ProtocolJson.read(json, ReportDelta.class))
                .isInstanceOfSatisfying(
                        InvalidMessageException.class,
                        e -> {
                            assertThat(e.field()).isEqualTo(field);
                            assertThat(e.reason()).contains(reason);
                        });
    }
}
