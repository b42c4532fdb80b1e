package dev.vpsguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.ReportDelta;
import dev.vpsguard.protocol.ReportReply;
import dev.vpsguard.server.Agents;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Delta reports (protocol 3) are expanded at the ingest boundary and stored as the full report they
 * stand for, also after a restart (the base then comes from the database); a delta on any other
 * base is answered {@code sendFull} and changes nothing. Run on H2 and PostgreSQL.
 */
abstract class DeltaReportsContract extends ServerOnEachDatabase {
    private static final String INSTANCE = "5d6e7f80-91a2-4b3c-8d4e-5f6a7b8c9d0e";

    @Test
    void aDeltaIsStoredAsTheFullReportItStandsFor() {
        Agents.Enrolled host = Agents.enroll(server, "delta");
        Report first = report(host, 1, List.of(guest(101, "web-101", 0.5), guest(102, "db", 1.0)));
        assertThat(post(host, ProtocolJson.write(first)).deltaAccepted()).isTrue();
        // 101 measured anew, 102 renamed (its inventory travels), 103 new, none gone.
        Report next =
                report(
                        host,
                        2,
                        List.of(
                                guest(101, "web-101", 0.75),
                                guest(102, "db-renamed", 1.0),
                                guest(103, "new", 0.1)));
        ReportDelta delta = ReportDelta.between(first, next);
        assertThat(delta.guestsWithInventory()).isEqualTo(2);
        double before = server.metric("vpsguard_report_deltas_total");

        ReportReply reply = post(host, ProtocolJson.write(delta));

        assertThat(reply.fullNeeded()).isFalse();
        assertThat(reply.deltaAccepted()).isTrue();
        assertThat(server.metric("vpsguard_report_deltas_total") - before).isEqualTo(1);
        StoredReports.assertIdentity(server, host, next, INSTANCE);
        StoredReports.assertGuests(server, host, List.of(first, next));
    }

    @Test
    void afterARestartTheBaseComesFromTheDatabase() {
        Agents.Enrolled host = Agents.enroll(server, "restart");
        Report first = report(host, 1, List.of(guest(101, "web-101", 0.5), guest(102, "db", 1.0)));
        post(host, ProtocolJson.write(first));
        restart();
        // One guest gone: absent from the delta.
        Report next = report(host, 2, List.of(guest(102, "db", 2.0)));
        ReportDelta delta = ReportDelta.between(first, next);
        assertThat(delta.guestsWithInventory()).isZero();

        ReportReply reply = post(host, ProtocolJson.write(delta));

        assertThat(reply.fullNeeded()).isFalse();
        StoredReports.assertIdentity(server, host, next, INSTANCE);
        assertThat(
                        server.queryString(
                                "SELECT last_sample FROM guests WHERE host_id = '"
                                        + host.hostId()
                                        + "' AND vmid = 102"))
                .as("same inventory, sample less than a minute old: only last_seen_at moves")
                .isEqualTo(
                        new String(
                                ProtocolJson.write(first.guests().get(1)), StandardCharsets.UTF_8));
    }

    @Test
    void aDeltaOnAnyOtherBaseAsksForTheFullReportAndChangesNothing() {
        Agents.Enrolled host = Agents.enroll(server, "stale");
        Report first = report(host, 1, List.of(guest(101, "web-101", 0.5)));
        Report second = report(host, 2, List.of(guest(101, "web-101", 0.6)));
        post(host, ProtocolJson.write(first));
        post(host, ProtocolJson.write(second));
        Report third = report(host, 3, List.of(guest(101, "web-101", 0.7)));
        String before = server.snapshot();
        double asked = server.metric("vpsguard_report_full_requested_total");

        ReportReply reply = post(host, ProtocolJson.write(ReportDelta.between(first, third)));

        assertThat(reply.fullNeeded()).isTrue();
        assertThat(reply.duplicate()).isFalse();
        assertThat(reply.deltaAccepted()).isFalse();
        assertThat(server.snapshot()).isEqualTo(before);
        assertThat(server.metric("vpsguard_report_full_requested_total") - asked).isEqualTo(1);
        // The same report in full is stored.
        assertThat(post(host, ProtocolJson.write(third)).fullNeeded()).isFalse();
        StoredReports.assertGuests(server, host, List.of(first, second, third));
    }

    @Test
    void aResentDeltaThatWasStoredIsADuplicate() {
        Agents.Enrolled host = Agents.enroll(server, "resent");
        Report first = report(host, 1, List.of(guest(101, "web-101", 0.5)));
        post(host, ProtocolJson.write(first));
        byte[] delta =
                ProtocolJson.write(
                        ReportDelta.between(
                                first, report(host, 2, List.of(guest(101, "web-101", 0.9)))));
        post(host, delta);
        String before = server.snapshot();

        ReportReply again = post(host, delta);

        assertThat(again.duplicate()).isTrue();
        assertThat(again.fullNeeded()).isFalse();
        assertThat(server.snapshot()).isEqualTo(before);
    }

    @Test
    void aDeltaWithItsBaseSeqAfterTheGuestsIsRefusedNamingBaseSeq() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "late");
        Report first = report(host, 1, List.of(guest(101, "web-101", 0.5)));
        post(host, ProtocolJson.write(first));
        com.fasterxml.jackson.databind.node.ObjectNode doc =
                (com.fasterxml.jackson.databind.node.ObjectNode)
                        ProtocolJson.mapper()
                                .readTree(
                                        ProtocolJson.write(
                                                ReportDelta.between(
                                                        first,
                                                        report(
                                                                host,
                                                                2,
                                                                List.of(
                                                                        guest(
                                                                                101, "web-101",
                                                                                0.6))))));
        doc.remove("baseSeq");
        doc.put("baseSeq", 1); // now last, after the guests
        String before = server.snapshot();

        HttpResponse<String> r =
                server.postJson(
                        "/api/v1/reports",
                        host.credential(),
                        ProtocolJson.mapper().writeValueAsBytes(doc));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(dev.vpsguard.server.TestServer.error(r).field()).isEqualTo("baseSeq");
        assertThat(server.snapshot()).isEqualTo(before);
    }

    private Report report(Agents.Enrolled host, long seq, List<GuestSample> guests) {
        Instant now = server.clock().instant();
        return Agents.report(INSTANCE, host.hostId(), seq, now, guests);
    }

    private GuestSample guest(int vmid, String name, double cpu) {
        return Agents.named(Agents.guest(vmid, cpu, 0, server.clock().instant()), name);
    }

    private ReportReply post(Agents.Enrolled host, byte[] json) {
        HttpResponse<String> r = server.postJson("/api/v1/reports", host.credential(), json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        try {
            return ProtocolJson.read(r.body().getBytes(StandardCharsets.UTF_8), ReportReply.class);
        } catch (dev.vpsguard.protocol.InvalidMessageException e) {
            throw new AssertionError(r.body(), e);
        }
    }
}
