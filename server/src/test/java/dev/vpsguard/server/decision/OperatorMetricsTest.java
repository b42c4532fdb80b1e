package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.Agents;
import dev.vpsguard.server.MetricsScrape;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.decision.ResourceAgent.Use;
import dev.vpsguard.server.host.silence.HostSilence;
import dev.vpsguard.server.notify.outbox.OutboxDispatcher;
import dev.vpsguard.server.notify.webhook.Receiver;
import dev.vpsguard.testing.Await;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator pages on, read from a real scrape of a running server after driving the state it
 * reports: reports ingested and refused, decisions, active blocks, queued unblock requests, actions
 * awaiting approval, the outbox (backlog, failures, dead letters, against a real HTTP receiver that
 * fails) and silent hosts (H2; {@link PostgresOperatorMetricsTest} on PostgreSQL).
 */
class OperatorMetricsTest {
    private static final String HOOK = "webhook:support";

    @TempDir Path policies;
    @TempDir Path tmp;
    private Receiver receiver;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver(() -> 503);
        Files.writeString(
                policies.resolve("throttle-approve.yml"), ResourceFlowTest.APPROVE_POLICY);
        Files.writeString(policies.resolve("operator-rung.yml"), LadderDriver.operatorRungPolicy());
        Map<String, Object> props = new HashMap<>(database());
        props.putAll(
                TestServer.withWebhook(
                        receiver.url(),
                        // Passes come from commits (and the test); no poll in between.
                        "vpsguard.outbox.poll-interval",
                        "1h",
                        "vpsguard.policies.dir",
                        policies.toString()));
        server = TestServer.start(props);
    }

    /** Datasource properties; none: the test server's in-memory H2. */
    Map<String, Object> database() throws Exception {
        return Map.of();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        receiver.close();
        closeDatabase();
    }

    void closeDatabase() throws Exception {}

    private MetricsScrape scrape() throws Exception {
        HttpResponse<String> r = server.get("/metrics", TestServer.ADMIN_TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        return new MetricsScrape(r.body());
    }

    @Test
    void reportsDecisionsBlocksOutboxAndSilentHostsShowOnTheScrape() throws Exception {
        MetricsScrape before = scrape();
        before.assertConventional(tmp);
        assertThat(before.value("vpsguard_server_build_info{version=\"dev\",}")).isEqualTo(1.0);
        assertThat(before.value("vpsguard_database_up")).isEqualTo(1.0);
        assertThat(before.value("vpsguard_blocks_active")).isZero();
        assertThat(before.value("vpsguard_outbox_pending{channel=\"" + HOOK + "\",}"))
                .as("a configured channel shows 0 rather than nothing")
                .isZero();

        LadderDriver agent = LadderDriver.enroll(server);
        agent.spamUntilBlocked(101);
        // A revoked or unknown credential, and a report the server refuses as invalid.
        assertThat(
                        server.send(
                                        server.request("/api/v1/reports")
                                                .header("Authorization", "Bearer not-a-credential")
                                                .header("Content-Type", "application/json")
                                                .POST(
                                                        java.net.http.HttpRequest.BodyPublishers
                                                                .ofString("{}")))
                                .statusCode())
                .isEqualTo(401);
        assertThat(server.postJson("/api/v1/reports", agent.host().credential(), "{}").statusCode())
                .isEqualTo(400);

        MetricsScrape s = scrape();
        s.assertConventional(tmp);
        assertThat(s.value("vpsguard_reports_ingested_total")).isEqualTo((double) agent.seq());
        assertThat(s.value("vpsguard_reports_rejected_total{reason=\"unauthorized\",}"))
                .isEqualTo(1.0);
        assertThat(s.value("vpsguard_reports_rejected_total{reason=\"invalid_field\",}"))
                .isEqualTo(1.0);
        assertThat(s.value("vpsguard_decisions_total{kind=\"smtp_block_started\",}"))
                .isEqualTo(1.0);
        assertThat(s.value("vpsguard_blocks_active")).isEqualTo(1.0);
        assertThat(s.value("vpsguard_hosts_enrolled")).isEqualTo(1.0);
        assertThat(s.value("vpsguard_hosts_silent")).isZero();

        // The block's webhook: the commit wakes a pass, the receiver answers 503.
        String failures =
                "vpsguard_notification_delivery_failures_total{channel=\""
                        + HOOK
                        + "\",permanent=\"false\",}";
        Await.until(
                "a failed delivery",
                Duration.ofSeconds(20),
                () -> {
                    try {
                        return scrape().value(failures) != null;
                    } catch (Exception e) {
                        throw new AssertionError("the scrape failed", e);
                    }
                });
        s = scrape();
        assertThat(receiver.requests()).isNotEmpty();
        assertThat(s.value("vpsguard_outbox_pending{channel=\"" + HOOK + "\",}")).isPositive();
        assertThat(
                        s.value(
                                "vpsguard_outbox_oldest_pending_timestamp_seconds{channel=\""
                                        + HOOK
                                        + "\",}"))
                .isEqualTo(
                        server.clock().instant().getEpochSecond(),
                        org.assertj.core.data.Offset.offset(60.0));
        assertThat(s.value("vpsguard_outbox_dead_letters{channel=\"" + HOOK + "\",}")).isZero();

        // A day later the outbox gives up: dead letters, nothing pending.
        server.clock().advance(Duration.ofHours(25));
        server.context().getBean(OutboxDispatcher.class).runOnce(server.clock().instant());
        s = scrape();
        assertThat(s.value("vpsguard_outbox_dead_letters{channel=\"" + HOOK + "\",}")).isPositive();
        assertThat(s.value("vpsguard_outbox_pending{channel=\"" + HOOK + "\",}")).isZero();
        assertThat(s.value("vpsguard_notification_deliveries_total{channel=\"" + HOOK + "\",}"))
                .as("nothing delivered, the series exists from startup")
                .isZero();

        // The host went quiet during that day: the sweep marks it.
        assertThat(server.context().getBean(HostSilence.class).sweep()).isEqualTo(1);
        assertThat(scrape().value("vpsguard_hosts_silent")).isEqualTo(1.0);
    }

    @Test
    void queuedUnblockRequestsAndActionsAwaitingApprovalAreCounted() throws Exception {
        LadderDriver smtp = LadderDriver.enroll(server);
        smtp.report(0, 101);
        ResourceAgent.assignTenant(
                server, smtp.guestId(101), "ops", "operator-rung", "fr", "client@example.org");
        smtp.spamUntilBlocked(101);
        HttpResponse<String> asked =
                smtp.requestUnblock(smtp.activeBlockId(101), TestServer.ADMIN_TOKEN, "fixed");
        assertThat(Agents.json(asked.body()).get("outcome").asText())
                .as(asked.body())
                .isEqualTo("queued");

        ResourceAgent resources = ResourceAgent.enroll(server);
        resources.assignTenant("appr", "throttle-approve", "fr", "client@example.org");
        resources.reportFor(
                Duration.ofMinutes(30).plus(ResourceAgent.INTERVAL), 20, Use.egressMbit(150));

        MetricsScrape s = scrape();
        s.assertConventional(tmp);
        assertThat(s.value("vpsguard_unblock_requests_pending")).isEqualTo(1.0);
        assertThat(s.value("vpsguard_actions_awaiting_approval")).isEqualTo(1.0);
        assertThat(s.value("vpsguard_decisions_total{kind=\"unblock_queued\",}")).isEqualTo(1.0);
        assertThat(s.value("vpsguard_decisions_total{kind=\"resource_action_pending\",}"))
                .isEqualTo(1.0);
        assertThat(s.value("vpsguard_hosts_enrolled")).isEqualTo(2.0);
    }
}
