package dev.vpsguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.ReportReply;
import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.Agents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Reports of agents of the previous protocol versions are still taken and stored field by field:
 * bodies captured from the real agent of protocol 2 (its gzip bodies as sent, in {@code
 * agent-v2-demo/} (static inventory, SMTP replay) and {@code agent-v2-fixture/} (Proxmox fixture
 * tree)), the protocol 2 fixture with flow counts, and the protocol 1 fixture. Run against one real
 * database per subclass (H2 and PostgreSQL).
 */
abstract class PreviousProtocolContract extends ServerOnEachDatabase {
    private static final String DIR = "/dev/vpsguard/server/ingest/";

    @Test
    void capturedProtocol2ReportsWithSmtpWindowsAreStored() {
        Agents.Enrolled host = Agents.enroll(server, "v2-demo");
        List<Report> sent = postAll(host, "agent-v2-demo", 8);
        Report last = sent.get(sent.size() - 1);
        assertThat(last.protocolVersion()).isEqualTo(2);
        StoredReports.assertIdentity(server, host, last, last.agentInstance());
        StoredReports.assertGuests(server, host, sent);
        assertWindows(host, sent);
    }

    @Test
    void capturedProtocol2ReportsOfAProxmoxTreeAreStored() {
        Agents.Enrolled host = Agents.enroll(server, "v2-fixture");
        List<Report> sent = postAll(host, "agent-v2-fixture", 3);
        Report last = sent.get(sent.size() - 1);
        assertThat(last.guests()).hasSize(4);
        StoredReports.assertIdentity(server, host, last, last.agentInstance());
        StoredReports.assertGuests(server, host, sent);
    }

    @Test
    void protocol2ReportWithFlowCountsIsStored() {
        Agents.Enrolled host = Agents.enroll(server, "v2-flows");
        Report sent = post(host, read("agent-v2-flows/report-0042.json"));
        assertThat(sent.guests()).anyMatch(g -> g.flows() != null);
        StoredReports.assertIdentity(server, host, sent, sent.agentInstance());
        StoredReports.assertGuests(server, host, sent);
        assertWindows(host, List.of(sent));
        // A report with flow counts tells the server its agent knows traffic filters.
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM agent_features WHERE host_id = '"
                                        + host.hostId()
                                        + "'"))
                .isEqualTo(1);
    }

    @Test
    void protocol1ReportIsStoredUnderTheEmptyInstance() {
        Agents.Enrolled host = Agents.enroll(server, "v1");
        Report sent = post(host, read("agent-v1/report-0042.json"));
        assertThat(sent.protocolVersion()).isEqualTo(1);
        assertThat(sent.agentInstance()).isNull();
        StoredReports.assertIdentity(server, host, sent, ReportIdentity.NO_INSTANCE);
        StoredReports.assertGuests(server, host, sent);
        assertWindows(host, List.of(sent));
    }

    /** Posts {@code count} captured gzip bodies in seq order, each at its own sentAt. */
    private List<Report> postAll(Agents.Enrolled host, String dir, int count) {
        List<Report> sent = new ArrayList<>();
        for (int seq = 1; seq <= count; seq++) {
            sent.add(post(host, gunzip(read(String.format("%s/report-%04d.json.gz", dir, seq)))));
        }
        return sent;
    }

    /**
     * Posts one report as its agent did (gzip), under this test's host id: the captured body is
     * otherwise unchanged.
     */
    private Report post(Agents.Enrolled host, byte[] captured) {
        String json = new String(captured, StandardCharsets.UTF_8);
        String original = parse(captured).hostId();
        byte[] body =
                json.replaceFirst(
                                "\"hostId\"\\s*:\\s*\"" + original + "\"",
                                "\"hostId\":\"" + host.hostId() + "\"")
                        .getBytes(StandardCharsets.UTF_8);
        Report report = parse(body);
        server.clock().set(report.sentAt().plusSeconds(1));
        HttpResponse<String> r =
                server.send(
                        server.request("/api/v1/reports")
                                .header("Authorization", "Bearer " + host.credential())
                                .header("Content-Type", "application/json")
                                .header("Content-Encoding", "gzip")
                                .POST(
                                        java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                                                Agents.gzip(body))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        // Its strict reader would refuse a field it does not know, and set the report aside.
        assertThat(r.body()).doesNotContain("acceptsDelta", "sendFull");
        ReportReply reply = parseReply(r.body());
        assertThat(reply.seq()).isEqualTo(report.seq());
        assertThat(reply.duplicate()).isFalse();
        return report;
    }

    /** Every window with port-25 activity is stored with its figures; quiet ones are not. */
    private void assertWindows(Agents.Enrolled host, List<Report> sent) {
        List<String> expected = new ArrayList<>();
        for (Report r : sent) {
            for (GuestSample g : r.guests()) {
                SmtpWindow w = g.smtp();
                if (w != null
                        && (w.newConnections() > 0
                                || w.distinctDestinations() > 0
                                || w.unreplied() > 0
                                || w.resetOrRefused() > 0
                                || w.established() > 0)) {
                    expected.add(windowRow(g.vmid(), w));
                }
            }
        }
        assertThat(expected).as("the capture has windows to store").isNotEmpty();
        List<String> stored = new ArrayList<>();
        try (Connection c = server.connection();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT g.vmid, w.* FROM smtp_windows w JOIN guests g ON g.id ="
                                        + " w.guest_id WHERE g.host_id = ?")) {
            s.setString(1, host.hostId());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Long recentDestinations = rs.getObject("recent_destinations", Long.class);
                    OffsetDateTime since = rs.getObject("recent_since", OffsetDateTime.class);
                    stored.add(
                            String.join(
                                    "|",
                                    String.valueOf(rs.getInt("vmid")),
                                    at(rs, "window_start").toString(),
                                    at(rs, "window_end").toString(),
                                    rs.getString("new_connections"),
                                    rs.getString("distinct_destinations"),
                                    rs.getString("distinct_prefixes"),
                                    rs.getString("unreplied"),
                                    rs.getString("reset_or_refused"),
                                    rs.getString("established"),
                                    since == null ? "-" : since.toInstant().toString(),
                                    String.valueOf(recentDestinations),
                                    String.valueOf(rs.getObject("recent_prefixes", Long.class))));
                }
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static String windowRow(int vmid, SmtpWindow w) {
        return String.join(
                "|",
                String.valueOf(vmid),
                StoredReports.micros(w.start()).toString(),
                StoredReports.micros(w.end()).toString(),
                String.valueOf(w.newConnections()),
                String.valueOf(w.distinctDestinations()),
                String.valueOf(w.distinctPrefixes()),
                String.valueOf(w.unreplied()),
                String.valueOf(w.resetOrRefused()),
                String.valueOf(w.established()),
                w.recent() == null ? "-" : StoredReports.micros(w.recent().since()).toString(),
                w.recent() == null ? "null" : String.valueOf(w.recent().destinations()),
                w.recent() == null ? "null" : String.valueOf(w.recent().prefixes()));
    }

    private static Instant at(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static Report parse(byte[] json) {
        try {
            return ProtocolJson.read(json, Report.class);
        } catch (dev.vpsguard.protocol.InvalidMessageException e) {
            throw new AssertionError(e);
        }
    }

    private static ReportReply parseReply(String body) {
        try {
            return ProtocolJson.read(body.getBytes(StandardCharsets.UTF_8), ReportReply.class);
        } catch (dev.vpsguard.protocol.InvalidMessageException e) {
            throw new AssertionError(body, e);
        }
    }

    static byte[] read(String name) {
        try (InputStream in = PreviousProtocolContract.class.getResourceAsStream(DIR + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gunzip(byte[] gz) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
