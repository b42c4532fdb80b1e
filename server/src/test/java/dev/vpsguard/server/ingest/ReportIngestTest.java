package dev.vpsguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.ReportReply;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReportIngestTest {
    static final int MAX_COMPRESSED = 64 * 1024;
    static final int MAX_DECOMPRESSED = 256 * 1024;
    static TestServer server;

    @BeforeAll
    static void start() {
        server =
                TestServer.start(
                        Map.of(
                                "vpsguard.ingest.max-compressed-bytes", MAX_COMPRESSED,
                                "vpsguard.ingest.max-decompressed-bytes", MAX_DECOMPRESSED));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> post(Agents.Enrolled host, byte[] body, String encoding) {
        HttpRequest.Builder b =
                server.request("/api/v1/reports")
                        .header("Authorization", "Bearer " + host.credential())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            b.header("Content-Encoding", encoding);
        }
        return server.send(b);
    }

    private HttpResponse<String> post(Agents.Enrolled host, long seq) {
        return post(host, Agents.reportJson(host.hostId(), seq, server.clock().instant()), null);
    }

    private static ReportReply reply(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ProtocolJson.read(r.body().getBytes(StandardCharsets.UTF_8), ReportReply.class);
    }

    private long lastSeq(Agents.Enrolled host) {
        return server.queryLong("SELECT last_seq FROM hosts WHERE id = '" + host.hostId() + "'");
    }

    @Test
    void validReportStoresSeqAndGuestsAndRepliesWithEmptyDesiredState() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "valid");
        ReportReply reply = reply(post(host, 1));
        assertThat(reply.seq()).isEqualTo(1);
        assertThat(reply.duplicate()).isFalse();
        assertThat(reply.desiredState().version()).isZero();
        assertThat(reply.desiredState().actions()).isEmpty();
        assertThat(lastSeq(host)).isEqualTo(1);

        JsonNode detail =
                Agents.json(
                        server.get("/api/v1/hosts/" + host.hostId(), TestServer.ADMIN_TOKEN)
                                .body());
        assertThat(detail.get("guests").findValuesAsText("vmid")).containsExactly("101", "102");
        assertThat(detail.get("host").get("lastSeq").asLong()).isEqualTo(1);
        assertThat(detail.get("guests").get(0).get("nics").get(0).get("iface").asText())
                .isEqualTo("tap101i0");

        String guestId = detail.get("guests").get(0).get("id").asText();
        JsonNode guest =
                Agents.json(server.get("/api/v1/guests/" + guestId, TestServer.ADMIN_TOKEN).body());
        assertThat(guest.get("latest").get("sample").get("usage").get("cpuCores").asDouble())
                .isEqualTo(0.5);
        assertThat(guest.get("recent")).hasSize(1);
    }

    @Test
    void aResentReportIsADuplicateAndChangesNothing() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "replay");
        byte[] first = Agents.reportJson(host.hostId(), 1, server.clock().instant());
        byte[] second = Agents.reportJson(host.hostId(), 2, server.clock().instant());
        reply(post(host, first, null));
        reply(post(host, second, null));
        String before = server.snapshot();

        server.clock().advance(Duration.ofSeconds(30));
        ReportReply again = reply(post(host, second, null));
        ReportReply older = reply(post(host, Agents.gzip(first), "gzip"));

        assertThat(again.duplicate()).isTrue();
        assertThat(again.seq()).isEqualTo(2);
        assertThat(older.duplicate()).isTrue();
        assertThat(server.snapshot()).isEqualTo(before);
        assertThat(lastSeq(host)).isEqualTo(2);
    }

    @Test
    void seqGapIsAcceptedAndCounted() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "gap");
        double missedBefore = metric("vpsguard_report_seqs_missed_total");
        reply(post(host, 1));
        assertThat(reply(post(host, 5)).duplicate()).isFalse();
        assertThat(lastSeq(host)).isEqualTo(5);
        assertThat(metric("vpsguard_report_seqs_missed_total") - missedBefore).isEqualTo(3.0);
    }

    @Test
    void gzipReportIsAccepted() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "gzip");
        byte[] raw = Agents.reportJson(host.hostId(), 1, server.clock().instant());
        assertThat(reply(post(host, Agents.gzip(raw), "gzip")).duplicate()).isFalse();
        assertThat(lastSeq(host)).isEqualTo(1);
    }

    @Test
    void zipBombIs413AndChangesNothing() {
        Agents.Enrolled host = Agents.enroll(server, "bomb");
        String before = server.snapshot();
        byte[] bomb = Agents.gzip(new byte[10 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(MAX_COMPRESSED);
        HttpResponse<String> r = post(host, bomb, "gzip");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(TestServer.error(r).error()).isEqualTo("payload_too_large");
        assertThat(server.snapshot()).isEqualTo(before);
    }

    @Test
    void oversizeBodyIs413AndChangesNothing() {
        Agents.Enrolled host = Agents.enroll(server, "big");
        String before = server.snapshot();
        byte[] big = new byte[MAX_COMPRESSED + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<String> r = post(host, big, null);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(TestServer.error(r).error()).isEqualTo("payload_too_large");
        assertThat(server.snapshot()).isEqualTo(before);
    }

    @Test
    void malformedJsonIs400AndChangesNothing() {
        Agents.Enrolled host = Agents.enroll(server, "malformed");
        String before = server.snapshot();
        HttpResponse<String> r =
                post(host, "{\"protocolVersion\":1,".getBytes(StandardCharsets.UTF_8), null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.error(r).error()).isEqualTo("invalid_field");
        assertThat(server.snapshot()).isEqualTo(before);
    }

    @Test
    void corruptGzipIs400() {
        Agents.Enrolled host = Agents.enroll(server, "corrupt");
        HttpResponse<String> r =
                post(host, "not gzip at all".getBytes(StandardCharsets.UTF_8), "gzip");
        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    void duplicateVmidIs400NamingTheFieldAndChangesNothing() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "dupvmid");
        String before = server.snapshot();
        Instant now = server.clock().instant();
        // The agent's own records refuse a duplicate vmid, so send the JSON a buggy client would.
        var doc =
                (com.fasterxml.jackson.databind.node.ObjectNode)
                        ProtocolJson.mapper()
                                .readTree(
                                        ProtocolJson.write(
                                                Agents.report(
                                                        host.hostId(),
                                                        1,
                                                        now,
                                                        List.of(Agents.guest(101, 1, 0, now)))));
        var guests = (com.fasterxml.jackson.databind.node.ArrayNode) doc.get("guests");
        guests.add(guests.get(0).deepCopy());
        byte[] body = ProtocolJson.mapper().writeValueAsBytes(doc);
        HttpResponse<String> r = post(host, body, null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.error(r).field()).isEqualTo("guests[1].vmid");
        assertThat(server.snapshot()).isEqualTo(before);
    }

    @Test
    void sentAtTooFarInTheFutureIs400NamingSentAt() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "skew");
        Instant now = server.clock().instant();
        HttpResponse<String> r =
                post(
                        host,
                        Agents.reportJson(host.hostId(), 1, now.plus(Duration.ofMinutes(6))),
                        null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.error(r).field()).isEqualTo("sentAt");
        assertThat(lastSeq(host)).isZero();
        // Within the 5-minute window it is accepted.
        reply(
                post(
                        host,
                        Agents.reportJson(host.hostId(), 1, now.plus(Duration.ofMinutes(4))),
                        null));
    }

    @Test
    void unsupportedContentEncodingIs415() {
        Agents.Enrolled host = Agents.enroll(server, "br");
        HttpResponse<String> r = post(host, new byte[] {1, 2, 3}, "br");
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(TestServer.error(r).error()).isEqualTo("unsupported_media_type");
    }

    @Test
    void countersAreExportedBeforeTheFirstReport() {
        try (TestServer fresh = TestServer.start()) {
            String text = fresh.get("/metrics", TestServer.ADMIN_TOKEN).body();
            assertThat(text).contains("vpsguard_reports_ingested_total 0.0");
        }
    }

    @Test
    void metricsNeedTheAdminTokenAndCountReports() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "metrics");
        double before = metric("vpsguard_reports_ingested_total");
        reply(post(host, 1));
        assertThat(metric("vpsguard_reports_ingested_total") - before).isEqualTo(1.0);
        assertThat(server.send(server.request("/metrics").GET()).statusCode()).isEqualTo(401);
        String text = server.get("/metrics", TestServer.ADMIN_TOKEN).body();
        assertThat(text)
                .contains("vpsguard_report_ingest_seconds_count")
                .contains("jvm_memory_bytes_used");
    }

    private double metric(String name) {
        return server.metric(name);
    }
}
