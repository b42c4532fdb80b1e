package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.ActionResult;
import dev.vpsguard.protocol.ActionStatus;
import dev.vpsguard.protocol.EnforcementAck;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.DrivenOutbox;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.audit.AuditRecord;
import dev.vpsguard.server.audit.AuditRepository;
import dev.vpsguard.server.decision.LadderDriver;
import dev.vpsguard.server.rollup.GuestRollup;
import dev.vpsguard.server.rollup.GuestRollupRepository;
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

/** The console's live parts over real HTTP: chart data, host rates, notifications, audit log. */
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

    private JsonNode json(String path) {
        return json(admin.getJson(path));
    }

    private JsonNode json(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return Agents.json(r.body());
    }

    @Test
    void theHourChartHoldsEverySampleReportedAndPollsOnlyNewOnes() {
        agent.report(2, 101);
        Instant first = server.clock().instant();
        agent.report(2, 101);
        agent.report(2, 101);
        String guest = agent.guestId(101);

        JsonNode hour = json("/console/guests/" + guest + "/charts/hour");
        assertThat(hour.get("t0").asLong()).isEqualTo(first.getEpochSecond());
        assertThat(hour.get("t").toString()).isEqualTo("[0,5,10]");
        // Agents.guest: 0.5 cores, 1 GiB, disk 100/200 B/s, net 3000/4000 B/s; a 5 s window of
        // 2 new connections (one refused, one distinct destination).
        assertThat(hour.get("cpu").toString()).isEqualTo("[0.5,0.5,0.5]");
        assertThat(hour.get("mem").get(0).asDouble()).isEqualTo(1.07e9);
        assertThat(hour.get("dr").get(2).asInt()).isEqualTo(100);
        assertThat(hour.get("dw").get(2).asInt()).isEqualTo(200);
        assertThat(hour.get("tx").get(1).asInt()).isEqualTo(3000);
        assertThat(hour.get("rx").get(1).asInt()).isEqualTo(4000);
        assertThat(hour.get("smtp").toString()).isEqualTo("[24,24,24]");
        assertThat(hour.get("fail").toString()).isEqualTo("[12,12,12]");
        assertThat(hour.get("dst").toString()).isEqualTo("[1,1,1]");

        // Polling with since= the newest point held brings only what came after it.
        agent.report(4, 101);
        long newest = first.getEpochSecond() + 10;
        JsonNode fresh = json("/console/guests/" + guest + "/charts/hour?since=" + newest);
        assertThat(fresh.get("t0").asLong() + fresh.get("t").get(0).asLong()).isEqualTo(newest + 5);
        assertThat(fresh.get("t").size()).isEqualTo(1);
        assertThat(fresh.get("smtp").toString()).isEqualTo("[48]");

        // A malformed since: 400 naming the field; an unknown guest: 404.
        HttpResponse<String> bad =
                admin.getJson("/console/guests/" + guest + "/charts/hour?since=x");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestServer.error(bad).field()).isEqualTo("since");
        assertThat(admin.getJson("/console/guests/nope/charts/hour").statusCode()).isEqualTo(404);

        // Without a session: sent to the login page, no data.
        ConsoleClient stranger = new ConsoleClient(server);
        for (String span : new String[] {"hour", "month"}) {
            HttpResponse<String> r =
                    stranger.getJson("/console/guests/" + guest + "/charts/" + span);
            assertThat(r.statusCode()).isIn(302, 303, 401);
            assertThat(r.body()).doesNotContain("\"cpu\"");
        }
    }

    @Test
    void theMonthChartMergesRollupsIntoHalfHours() {
        agent.report(0, 101);
        String guest = agent.guestId(101);
        GuestRollupRepository rollups = server.context().getBean(GuestRollupRepository.class);
        long step = 1800;
        long slot =
                Math.floorDiv(
                                server.clock().instant().minus(Duration.ofDays(2)).getEpochSecond(),
                                step)
                        * step;
        Instant at = Instant.ofEpochSecond(slot);
        // Two 5-minute buckets of one half hour (10 and 30 samples), one of the next, one too old.
        rollups.save(rollup(guest, at, 10, 1.0, 3.0, 30, 15));
        rollups.save(rollup(guest, at.plusSeconds(300), 30, 2.0, 4.0, 60, 0));
        rollups.save(rollup(guest, at.plusSeconds(step), 5, 0.25, 0.5, 0, 0));
        rollups.save(rollup(guest, at.minus(Duration.ofDays(31)), 5, 9.0, 9.0, 0, 0));

        JsonNode month = json("/console/guests/" + guest + "/charts/month");
        assertThat(month.get("step").asLong()).isEqualTo(step);
        long t0 = month.get("t0").asLong();
        int i = indexOf(month, t0, slot);
        int next = indexOf(month, t0, slot + step);
        assertThat(next).isEqualTo(i + 1);
        // Weighted by samples: (10 × 1 + 30 × 2) / 40 = 1.75; the max of the maxima.
        assertThat(month.get("cpu").get(i).asDouble()).isEqualTo(1.75);
        assertThat(month.get("cpuMax").get(i).asDouble()).isEqualTo(4.0);
        // 90 connections and 15 unanswered over 30 minutes.
        assertThat(month.get("smtp").get(i).asDouble()).isEqualTo(3.0);
        assertThat(month.get("fail").get(i).asDouble()).isEqualTo(0.5);
        assertThat(month.get("cpu").get(next).asDouble()).isEqualTo(0.25);
        // The 31-day-old bucket is left out.
        for (JsonNode v : month.get("cpu")) {
            assertThat(v.asDouble()).isNotEqualTo(9.0);
        }
        // The guest page loads uPlot and the chart script from the server, no inline script.
        String page = admin.get("/console/guests/" + guest).body();
        assertThat(page)
                .contains("/console/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")
                .contains("/console/assets/charts.js")
                .contains("data-span=\"month\"")
                .doesNotContainPattern("<script>[^<]");
        assertThat(admin.get("/console/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").statusCode())
                .isEqualTo(200);
    }

    private static int indexOf(JsonNode chart, long t0, long epoch) {
        JsonNode t = chart.get("t");
        for (int i = 0; i < t.size(); i++) {
            if (t0 + t.get(i).asLong() == epoch) {
                return i;
            }
        }
        throw new AssertionError("no point at " + epoch + " in " + t);
    }

    private static GuestRollup rollup(
            String guest, Instant at, int n, double cpu, double cpuMax, long smtp, long fail) {
        return new GuestRollup(
                UUID.randomUUID().toString(),
                guest,
                at,
                n,
                cpu,
                cpuMax,
                1e9,
                1e9,
                10.0,
                10.0,
                20.0,
                20.0,
                30.0,
                30.0,
                40.0,
                40.0,
                smtp,
                fail);
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
