package dev.vpsguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.ErrorBody;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.ReportReply;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a duplicate is, and that no genuine report is dropped as one: run against one real database
 * per subclass (H2 and PostgreSQL).
 */
abstract class ReportIdentityContract extends ServerOnEachDatabase {
    static final String LOST_STATE_INSTANCE = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

    /** Reports {@code from} to {@code to} of {@code instance}; each must be stored. */
    private void storeSeqs(Agents.Enrolled host, String instance, long from, long to)
            throws Exception {
        for (long seq = from; seq <= to; seq++) {
            assertThat(accepted(host, report(host, instance, seq, 0.1)).duplicate()).isFalse();
        }
    }

    /** Report {@code seq} of {@code instance} (null: a protocol 1 agent), sent now, one guest. */
    private byte[] report(Agents.Enrolled host, String instance, long seq, double cpu) {
        Instant now = server.clock().instant();
        return ProtocolJson.write(
                Agents.report(
                        instance,
                        host.hostId(),
                        seq,
                        now,
                        List.of(Agents.guest(101, cpu, 0, now))));
    }

    private HttpResponse<String> post(Agents.Enrolled host, byte[] body) {
        return server.postJson("/api/v1/reports", host.credential(), body);
    }

    private ReportReply accepted(Agents.Enrolled host, byte[] body) throws Exception {
        HttpResponse<String> r = post(host, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ProtocolJson.read(r.body().getBytes(StandardCharsets.UTF_8), ReportReply.class);
    }

    private long lastSeq(Agents.Enrolled host) {
        return server.queryLong("SELECT last_seq FROM hosts WHERE id = '" + host.hostId() + "'");
    }

    private double cpuOfGuest101(Agents.Enrolled host) {
        String guestId =
                Agents.json(
                                server.get("/api/v1/hosts/" + host.hostId(), TestServer.ADMIN_TOKEN)
                                        .body())
                        .get("guests")
                        .get(0)
                        .get("id")
                        .asText();
        return Agents.json(server.get("/api/v1/guests/" + guestId, TestServer.ADMIN_TOKEN).body())
                .get("latest")
                .get("sample")
                .get("usage")
                .get("cpuCores")
                .asDouble();
    }

    @Test
    void onlyTheSameReportResentIsADuplicate() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "resend");
        byte[] one = report(host, Agents.INSTANCE, 1, 0.1);
        byte[] two = report(host, Agents.INSTANCE, 2, 0.2);
        assertThat(accepted(host, one).duplicate()).isFalse();
        assertThat(accepted(host, two).duplicate()).isFalse();
        String before = server.snapshot();
        double duplicates = server.metric("vpsguard_reports_duplicate_total");

        assertThat(accepted(host, two).duplicate()).isTrue();
        assertThat(accepted(host, one).duplicate()).isTrue();

        assertThat(server.snapshot()).isEqualTo(before);
        assertThat(server.metric("vpsguard_reports_duplicate_total") - duplicates).isEqualTo(2);
    }

    @Test
    void aRogueJumpIsRefusedNamingSeqAndTheGenuineReportsGoOn() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "rogue");
        accepted(host, report(host, Agents.INSTANCE, 1, 0.1));
        String before = server.snapshot();
        double refused = server.metric("vpsguard_report_seq_refused_total");

        HttpResponse<String> r = post(host, report(host, Agents.INSTANCE, 1_000_000, 9.0));

        assertThat(r.statusCode()).isEqualTo(400);
        ErrorBody error = TestServer.error(r);
        assertThat(error.field()).isEqualTo("seq");
        assertThat(error.message()).contains("1000000").contains("nothing was stored");
        assertThat(server.snapshot()).isEqualTo(before);
        assertThat(server.metric("vpsguard_report_seq_refused_total") - refused).isEqualTo(1);
        // The host's genuine next report is stored, not answered as a duplicate.
        assertThat(accepted(host, report(host, Agents.INSTANCE, 2, 0.2)).duplicate()).isFalse();
        assertThat(lastSeq(host)).isEqualTo(2);
        assertThat(cpuOfGuest101(host)).isEqualTo(0.2);
    }

    @Test
    void aLongOutageIsNotAJump() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "outage");
        accepted(host, report(host, Agents.INSTANCE, 10, 0.1));
        long limit =
                SeqContinuity.maxAhead(
                        server.clock().instant().plus(Duration.ofDays(1)),
                        server.clock().instant().plus(Duration.ofDays(1)),
                        Duration.ofMinutes(5));
        // Just past the limit a minute later: refused; a day later, an agent building 2 reports
        // a second (its spool dropping the oldest) may be that far ahead: stored, gap counted.
        server.clock().advance(Duration.ofMinutes(1));
        assertThat(post(host, report(host, Agents.INSTANCE, 10 + 100_000, 1.0)).statusCode())
                .isEqualTo(400);
        server.clock().advance(Duration.ofDays(1));
        double missed = server.metric("vpsguard_report_seqs_missed_total");
        assertThat(accepted(host, report(host, Agents.INSTANCE, 10 + 100_000, 1.0)).duplicate())
                .isFalse();
        assertThat(server.metric("vpsguard_report_seqs_missed_total") - missed).isEqualTo(99_999);
        assertThat(limit).isEqualTo(SeqContinuity.SLACK + 2 * 300);
    }

    @Test
    void anAgentWhoseStateWasLostResumesWithItsNewInstance() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "lost");
        storeSeqs(host, Agents.INSTANCE, 1, 5);
        double fresh = server.metric("vpsguard_report_agent_instances_new_total");

        ReportReply reply = accepted(host, report(host, LOST_STATE_INSTANCE, 1, 0.7));
        assertThat(reply.duplicate()).isFalse();
        assertThat(accepted(host, report(host, LOST_STATE_INSTANCE, 2, 0.8)).duplicate()).isFalse();

        assertThat(lastSeq(host)).isEqualTo(2);
        assertThat(cpuOfGuest101(host)).isEqualTo(0.8);
        assertThat(server.metric("vpsguard_report_agent_instances_new_total") - fresh).isEqualTo(1);
    }

    @Test
    void aNumberingRestartedUnderTheSameInstanceIsStoredAndFollowed() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "restored");
        storeSeqs(host, Agents.INSTANCE, 1, 3);
        double restarts = server.metric("vpsguard_report_seq_restarts_total");
        server.clock().advance(Duration.ofSeconds(5));
        // The seq file came back from a backup: seq 2 again, with new figures.
        byte[] restored = report(host, Agents.INSTANCE, 2, 0.6);
        assertThat(accepted(host, restored).duplicate()).isFalse();
        assertThat(accepted(host, report(host, Agents.INSTANCE, 3, 0.7)).duplicate()).isFalse();
        // Its own resend is still recognised.
        assertThat(accepted(host, restored).duplicate()).isTrue();

        assertThat(cpuOfGuest101(host)).isEqualTo(0.7);
        assertThat(server.metric("vpsguard_report_seq_restarts_total") - restarts).isEqualTo(1);
    }

    @Test
    void aProtocol1AgentIsStoredAsBeforeAndItsRestartIsNotDropped() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "legacy");
        byte[] one = report(host, null, 1, 0.1);
        byte[] two = report(host, null, 2, 0.2);
        assertThat(new String(two, StandardCharsets.UTF_8))
                .contains("\"protocolVersion\":1")
                .doesNotContain("agentInstance");
        assertThat(accepted(host, one).duplicate()).isFalse();
        assertThat(accepted(host, two).duplicate()).isFalse();
        assertThat(accepted(host, two).duplicate()).isTrue();
        assertThat(lastSeq(host)).isEqualTo(2);

        // It lost its seq file and starts again at 1: stored, not a duplicate.
        server.clock().advance(Duration.ofSeconds(5));
        assertThat(accepted(host, report(host, null, 1, 0.9)).duplicate()).isFalse();
        assertThat(cpuOfGuest101(host)).isEqualTo(0.9);
        // And its absurd jump is refused like anyone's.
        assertThat(post(host, report(host, null, 1_000_000, 1.0)).statusCode()).isEqualTo(400);
    }

    @Test
    void theLastReportOfAnInstanceIsKnownAfterItsReceiptExpired() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "retention");
        byte[] one = report(host, Agents.INSTANCE, 1, 0.1);
        byte[] two = report(host, Agents.INSTANCE, 2, 0.2);
        accepted(host, one);
        accepted(host, two);
        // The server was down for two days before the agent could resend its last report.
        server.clock().advance(Duration.ofDays(2));
        ReceiptRetention retention = server.context().getBean(ReceiptRetention.class);
        assertThat(retention.prune()).isGreaterThanOrEqualTo(2);
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM report_receipts WHERE host_id = '"
                                        + host.hostId()
                                        + "'"))
                .isZero();

        assertThat(accepted(host, two).duplicate()).isTrue();
    }
}
