package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.ActionResult;
import dev.vpsguard.protocol.ActionStatus;
import dev.vpsguard.protocol.EnforcementAck;
import dev.vpsguard.server.DrivenOutbox;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.audit.AuditRecord;
import dev.vpsguard.server.audit.AuditRepository;
import dev.vpsguard.server.decision.LadderDriver;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's live pages over real HTTP: host rates and acks, notifications, audit log. */
class ConsoleLiveTest {
    static final String PASSWORD = ConsoleAccessTest.NEW_PASSWORD;

    TestServer server;
    LadderDriver agent;
    ConsoleClient admin;

    @BeforeEach
    void start() {
        Map<String, Object> props = new HashMap<>(ConsoleClient.properties());
        // Never contacted: the outbox is driven by the test (see notifications).
        props.putAll(TestServer.withWebhook(URI.create("http://127.0.0.1:9/hook")));
        server = TestServer.start(props);
        agent = LadderDriver.enroll(server);
        admin = new ConsoleClient(server);
        admin.firstLogin(PASSWORD);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theHostPageShowsEachGuestsRatesAndEnrolment() {
        agent.report(2, 101, 102);
        HttpResponse<String> page = admin.get("/console/hosts/" + agent.hostId());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<dd id=\"enrolment\">enrolled</dd>")
                .contains("<td class=\"cpu\">0.50</td>")
                .contains("<td class=\"ram\">1.0 GiB</td>")
                .contains("<td class=\"disk\">100 B/s / 200 B/s</td>")
                .contains("<td class=\"net\">2.9 KiB/s / 3.9 KiB/s</td>")
                .contains("<td class=\"smtp\">24.0/min</td>")
                .contains("hx-trigger=\"every 10s\"");
    }

    @Test
    void theHostPageShowsTheAgentsAckAndTheGuestPageItsFindingsAndNextRung() {
        agent.report(0, 101);
        JsonNode reply = agent.spamUntilBlocked(101);
        JsonNode block = LadderDriver.smtpBlock(reply, 101);
        String actionId = block.get("id").asText();
        String hostPage = "/console/hosts/" + agent.hostId();
        assertThat(admin.get(hostPage).body())
                .contains("data-action-id=\"" + actionId + "\"")
                .contains(">pending</span>");

        // The agent says it failed, and why (HTML-looking words: shown as text).
        long version = reply.get("desiredState").get("version").asLong();
        agent.report(
                new EnforcementAck(
                        version,
                        List.of(
                                new ActionResult(
                                        actionId,
                                        ActionStatus.FAILED,
                                        "nft: <table> vpsguard missing",
                                        server.clock().instant()))),
                0,
                101);
        assertThat(admin.get(hostPage).body())
                .contains(">failed</span>")
                .contains("nft: &lt;table&gt; vpsguard missing");

        // The guest page: the finding that blocked it with its evidence, and the next rung.
        String guestPage = admin.get("/console/guests/" + agent.guestId(101)).body();
        assertThat(guestPage)
                .contains("id=\"findings\"")
                .contains("<td>spam</td>")
                .contains("<dd class=\"next-strike\">2</dd>");
    }

    @Test
    void anOperatorRetriesADeadLetterAViewerCannot() throws Exception {
        DrivenOutbox.of(server);
        agent.report(0, 101);
        long id = deadLetter(agent.hostId() + "/101", "webhook:support", "HTTP 500 from support");
        ConsoleClient viewer = ConsoleClient.user(server, admin, "victor", "viewer", PASSWORD);
        ConsoleClient operator = ConsoleClient.user(server, admin, "olivia", "operator", PASSWORD);

        HttpResponse<String> seen = viewer.get("/console/notifications");
        assertThat(seen.statusCode()).isEqualTo(200);
        assertThat(seen.body())
                .contains("data-delivery-id=\"" + id + "\"")
                .contains("HTTP 500 from support")
                .contains("<dd class=\"dead\">1</dd>")
                .contains("data-endpoint=\"support\"")
                .contains("http://127.0.0.1:9/hook")
                .doesNotContain(TestServer.WEBHOOK_SECRET)
                .doesNotContain("class=\"retry\"");
        // A forged post from the viewer's session, with its valid token: refused, unchanged.
        HttpResponse<String> forged = retry(viewer, id);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(status(id)).isEqualTo("DEAD");
        // The operator without the CSRF token: refused.
        assertThat(operator.post("/console/notifications/" + id + "/retry", Map.of()).statusCode())
                .isEqualTo(403);
        assertThat(status(id)).isEqualTo("DEAD");

        assertThat(operator.get("/console/notifications").body()).contains("class=\"retry\"");
        HttpResponse<String> retried = retry(operator, id);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(retried.body())
                .contains("id=\"retried\"")
                .contains("<dd class=\"pending\">1</dd>");
        assertThat(status(id)).isEqualTo("PENDING");
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM audit WHERE actor = 'console:olivia'"
                                        + " AND action = 'notification.retry' AND target = '"
                                        + id
                                        + "'"))
                .isEqualTo(1);
        // Retrying it again: it is no longer dead, a 409 saying so.
        HttpResponse<String> again = retry(operator, id);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("only dead letters can be retried");

        // The guest page lists the guest's notifications.
        assertThat(admin.get("/console/guests/" + agent.guestId(101)).body())
                .contains("data-delivery-id=\"" + id + "\"");
    }

    private static HttpResponse<String> retry(ConsoleClient client, long id) {
        return client.postWithToken(
                "/console/notifications", "/console/notifications/" + id + "/retry", Map.of());
    }

    private long deadLetter(String guestKey, String channel, String error) throws Exception {
        OffsetDateTime now = server.clock().instant().atOffset(ZoneOffset.UTC);
        try (Connection c = server.connection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "INSERT INTO notify_outbox (notification_id, notification_type,"
                                        + " channel, guest_key, payload, status, attempts,"
                                        + " created_at, queued_at, next_attempt_at, finished_at,"
                                        + " last_error) VALUES (?, 'smtp_block', ?, ?, '{}',"
                                        + " 'DEAD', 7, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, channel);
            ps.setString(3, guestKey);
            for (int i = 4; i <= 7; i++) {
                ps.setObject(i, now);
            }
            ps.setString(8, error);
            ps.executeUpdate();
        }
        return server.queryLong("SELECT MAX(id) FROM notify_outbox");
    }

    private String status(long id) {
        return server.queryString("SELECT status FROM notify_outbox WHERE id = " + id);
    }

    @Test
    void theAuditLogFiltersByActorGuestKindAndTimeAndPages() {
        // Written at set times two and one hours ago (the session's clock stays where it is).
        AuditRepository audit = server.context().getBean(AuditRepository.class);
        Instant start = server.clock().instant().minus(Duration.ofHours(2));
        entry(audit, start, "console:olivia", "block.decide", "guest-a", "approved");
        entry(audit, start.plusSeconds(3600), "console:olivia", "notification.retry", "17", "ok");
        entry(
                audit,
                start.plusSeconds(7000),
                "console:victor",
                "block.decide",
                "guest-b",
                "refused <b>loud</b>");
        for (int i = 0; i < 55; i++) {
            entry(audit, start.plusSeconds(7100 + i), "system", "rollup.flush", "guest-c", "n" + i);
        }

        HttpResponse<String> r = admin.get("/console/audit?actor=console:olivia");
        assertThat(r.statusCode()).as(r.headers() + r.body()).isEqualTo(200);
        String byActor = r.body();
        assertThat(rows(byActor)).as(byActor).isEqualTo(2);
        assertThat(byActor).contains("notification.retry").doesNotContain("console:victor");

        String byGuestAndKind = admin.get("/console/audit?guest=guest-b&kind=block").body();
        assertThat(rows(byGuestAndKind)).isEqualTo(1);
        assertThat(byGuestAndKind).contains("refused &lt;b&gt;loud&lt;/b&gt;");

        // The first hour only, typed in Paris time (UTC+1 in winter).
        String from =
                start.atZone(java.time.ZoneId.of("Europe/Paris")).toLocalDateTime().toString();
        String to =
                start.plus(Duration.ofMinutes(30))
                        .atZone(java.time.ZoneId.of("Europe/Paris"))
                        .toLocalDateTime()
                        .toString();
        String byTime =
                admin.get("/console/audit?from=" + from + "&to=" + to + "&tz=Europe/Paris").body();
        assertThat(rows(byTime)).isEqualTo(1);
        assertThat(byTime).contains("guest-a");

        // 58 entries: 50 on the first page with a link to the next, 8 on the second.
        String first = admin.get("/console/audit").body();
        assertThat(rows(first)).isEqualTo(50);
        assertThat(first).contains("id=\"next-page\"");
        String second = admin.get("/console/audit?page=2").body();
        assertThat(rows(second)).isEqualTo(8 + adminEntries());
        assertThat(second).doesNotContain("id=\"next-page\"").contains("id=\"prev-page\"");

        // Malformed filters: 400 naming the field.
        HttpResponse<String> bad = admin.get("/console/audit?from=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("<code>from</code>");
        assertThat(admin.get("/console/audit?tz=Mars/Olympus").statusCode()).isEqualTo(400);
    }

    private static void entry(
            AuditRepository audit,
            Instant at,
            String actor,
            String action,
            String target,
            String detail) {
        audit.save(
                new AuditRecord(UUID.randomUUID().toString(), at, actor, action, target, detail));
    }

    /** Entries the setup wrote itself (the first admin's password change). */
    private long adminEntries() {
        return server.queryLong("SELECT COUNT(*) FROM audit") - 58;
    }

    private static int rows(String page) {
        return page.split("data-audit-id=", -1).length - 1;
    }
}
