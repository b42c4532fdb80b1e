package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.EnforcementAck;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.RecentDistinct;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Drives one enrolled host through reports, and the ladder API, on a test server. */
public final class LadderDriver {
    final TestServer server;
    final Agents.Enrolled host;
    long seq;

    public LadderDriver(TestServer server, Agents.Enrolled host, long lastSeq) {
        this.server = server;
        this.host = host;
        this.seq = lastSeq;
    }

    public static LadderDriver enroll(TestServer server) {
        return new LadderDriver(server, Agents.enroll(server, "pve-ladder"), 0);
    }

    /** One report 5 s after the last, each guest sending {@code smtpNew} connections in it. */
    public Agents.Enrolled host() {
        return host;
    }

    public String hostId() {
        return host.hostId();
    }

    /** The seq of the last report sent. */
    public long seq() {
        return seq;
    }

    public JsonNode report(int smtpNew, int... vmids) {
        return report(null, smtpNew, vmids);
    }

    public JsonNode report(EnforcementAck ack, int smtpNew, int... vmids) {
        HttpResponse<String> resp = send(next(ack, smtpNew, vmids));
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        return Agents.json(resp.body());
    }

    /** The next report, 5 s after the last, not sent yet (a retry re-sends the same report). */
    Report next(EnforcementAck ack, int smtpNew, int... vmids) {
        server.clock().advance(Duration.ofSeconds(5));
        Instant at = server.clock().instant();
        return build(
                ack,
                at,
                java.util.Arrays.stream(vmids)
                        .mapToObj(v -> Agents.guest(v, 0.5, smtpNew, at))
                        .toList());
    }

    /**
     * One report as long after the last as the windows are long, each guest carrying its window
     * moved to end now.
     */
    JsonNode report(java.util.Map<Integer, SmtpWindow> windows) {
        Duration length =
                windows.values().stream()
                        .map(w -> Duration.between(w.start(), w.end()))
                        .max(Duration::compareTo)
                        .orElseThrow();
        server.clock().advance(length);
        Instant at = server.clock().instant();
        List<GuestSample> guests = new java.util.ArrayList<>();
        windows.forEach(
                (vmid, w) -> {
                    GuestSample g = Agents.guest(vmid, 0.5, 0, at);
                    Duration shift = Duration.between(w.end(), at);
                    SmtpWindow moved =
                            new SmtpWindow(
                                    w.start().plus(shift),
                                    at,
                                    w.newConnections(),
                                    w.distinctDestinations(),
                                    w.distinctPrefixes(),
                                    w.unreplied(),
                                    w.resetOrRefused(),
                                    w.established(),
                                    w.bytesSent(),
                                    w.recent() == null
                                            ? null
                                            : new RecentDistinct(
                                                    w.recent().since().plus(shift),
                                                    w.recent().destinations(),
                                                    w.recent().prefixes()));
                    guests.add(
                            new GuestSample(
                                    g.vmid(),
                                    g.kind(),
                                    g.name(),
                                    g.status(),
                                    g.cores(),
                                    g.memoryConfiguredBytes(),
                                    g.nics(),
                                    g.usage(),
                                    moved));
                });
        return sendAccepted(build(null, at, guests));
    }

    private Report build(EnforcementAck ack, Instant at, List<GuestSample> guests) {
        Report r = Agents.report(host.hostId(), ++seq, at, guests);
        return new Report(
                r.protocolVersion(),
                r.hostId(),
                r.seq(),
                r.sentAt(),
                r.host(),
                r.guests(),
                null,
                ack,
                r.agentInstance());
    }

    /** Posts {@code report} as the host's agent; the raw answer. */
    HttpResponse<String> send(Report report) {
        return server.postJson("/api/v1/reports", host.credential(), ProtocolJson.write(report));
    }

    /** Posts {@code report} as the host's agent; it must be accepted. */
    JsonNode sendAccepted(Report report) {
        HttpResponse<String> resp = send(report);
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        return Agents.json(resp.body());
    }

    /** Spam bursts until the guest's SMTP block appears in a reply; returns that reply. */
    public JsonNode spamUntilBlocked(int vmid) {
        for (int i = 0; i < 5; i++) {
            JsonNode reply = report(300, vmid);
            if (smtpBlock(reply, vmid) != null) {
                return reply;
            }
        }
        throw new AssertionError("no block for " + vmid + " after 5 spam reports");
    }

    /**
     * Sends {@code reports} reports of a newsletter from each of {@code vmids}: 5-second windows at
     * 150 connections a minute, every one accepted, to 400 mail servers on 150 networks in 10
     * minutes (past the fan-out thresholds). Returns the last reply.
     */
    JsonNode newsletter(int reports, int... vmids) {
        JsonNode last = null;
        for (int i = 0; i < reports; i++) {
            long conns = i % 2 == 0 ? 12 : 13;
            Instant end = server.clock().instant().plusSeconds(5);
            SmtpWindow w =
                    new SmtpWindow(
                            end.minusSeconds(5),
                            end,
                            conns,
                            conns,
                            4,
                            0,
                            0,
                            conns,
                            null,
                            new RecentDistinct(end.minusSeconds(600), 400, 150));
            java.util.Map<Integer, SmtpWindow> all = new java.util.HashMap<>();
            for (int v : vmids) {
                all.put(v, w);
            }
            last = report(all);
        }
        return last;
    }

    /** How many findings of {@code kind} ({@code spam}, {@code spam_volume}) the guest has. */
    long findings(int vmid, String kind) {
        return server.queryLong(
                "SELECT COUNT(*) FROM findings WHERE guest_id = '"
                        + guestId(vmid)
                        + "' AND kind = '"
                        + kind
                        + "'");
    }

    public static JsonNode smtpBlock(JsonNode reply, int vmid) {
        for (JsonNode a : reply.get("desiredState").get("actions")) {
            if (a.get("vmid").asInt() == vmid && a.get("type").asText().equals("smtp_block")) {
                return a;
            }
        }
        return null;
    }

    public String guestId(int vmid) {
        JsonNode detail = get("/api/v1/hosts/" + host.hostId());
        for (JsonNode g : detail.get("guests")) {
            if (g.get("vmid").asInt() == vmid) {
                return g.get("id").asText();
            }
        }
        throw new AssertionError("no guest " + vmid);
    }

    /** The evidence of the guest's latest finding. */
    JsonNode lastFinding(int vmid) {
        return Agents.json(
                server.queryString(
                        "SELECT evidence FROM findings WHERE guest_id = '"
                                + guestId(vmid)
                                + "' ORDER BY at DESC LIMIT 1"));
    }

    JsonNode get(String path) {
        HttpResponse<String> r = server.get(path, TestServer.ADMIN_TOKEN);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return Agents.json(r.body());
    }

    JsonNode ladder(int vmid) {
        return get("/api/v1/guests/" + guestId(vmid) + "/ladder");
    }

    public String activeBlockId(int vmid) {
        return ladder(vmid).get("activeBlock").get("id").asText();
    }

    public HttpResponse<String> requestUnblock(String blockId, String token, String reason) {
        String body =
                reason == null
                        ? "{\"channel\":\"customer\"}"
                        : "{\"channel\":\"customer\",\"reason\":\"" + reason + "\"}";
        return server.postJson("/api/v1/blocks/" + blockId + "/unblock-requests", token, body);
    }

    /** Creates a token with {@code role} and returns it. */
    String token(String role) {
        return server.token(role);
    }

    /** Creates tenant {@code tenantId} under {@code contract} and gives it guest {@code vmid}. */
    public void assignTenant(int vmid, String tenantId, String contract) {
        ResourceAgent.assignTenant(
                server, guestId(vmid), tenantId, contract, "en", "client@example.org");
    }

    /** The same with the tenant's {@code name}. */
    public void assignTenant(int vmid, String tenantId, String name, String contract) {
        ResourceAgent.assignTenant(
                server, guestId(vmid), tenantId, name, contract, "en", "client@example.org");
    }

    /** The bundled default contract, with an operator deciding unblock requests on rung 1. */
    public static String operatorRungPolicy() throws java.io.IOException {
        try (java.io.InputStream in =
                LadderDriver.class.getResourceAsStream("/policies/default.yml")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).contains("contract: default").contains("unblock: on_request");
            return text.replace("contract: default", "contract: operator-rung")
                    .replaceFirst("unblock: on_request", "unblock: operator");
        }
    }
}
