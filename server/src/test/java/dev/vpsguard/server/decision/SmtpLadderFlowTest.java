package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.ActionResult;
import dev.vpsguard.protocol.ActionStatus;
import dev.vpsguard.protocol.EnforcementAck;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reports through detection, the SMTP ladder, the desired state and the unblock API (H2). */
class SmtpLadderFlowTest {
    private TestServer server;
    private LadderDriver agent;

    @BeforeEach
    void start() {
        server = TestServer.start();
        agent = LadderDriver.enroll(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void reportCrossingTheThresholdGetsTheBlockInItsOwnReply() {
        JsonNode first = agent.report(300, 101);
        assertThat(LadderDriver.smtpBlock(first, 101)).as("one window never acts").isNull();
        JsonNode second = agent.report(300, 101);
        JsonNode block = LadderDriver.smtpBlock(second, 101);
        assertThat(block).as(second.toString()).isNotNull();
        assertThat(second.get("desiredState").get("version").asLong())
                .isGreaterThan(first.get("desiredState").get("version").asLong());
        String blockId = agent.activeBlockId(101);
        assertThat(block.get("notice").asText())
                .isEqualTo(
                        "Outbound SMTP blocked by your hosting provider (strike 1, ticket B-"
                                + blockId
                                + "): spam pattern detected; request unblock at your provider"
                                + " support");
        JsonNode blocks = agent.get("/api/v1/blocks?state=active");
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).get("strike").asInt()).isEqualTo(1);
        assertThat(server.queryLong("SELECT COUNT(*) FROM findings")).isGreaterThanOrEqualTo(1);
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM audit WHERE action = 'smtp.smtp_block_started'"))
                .isEqualTo(1);
    }

    @Test
    void requestBeforeTheMinimumIsScheduledAndLiftsWhenItEnds() {
        agent.spamUntilBlocked(101);
        String blockId = agent.activeBlockId(101);
        HttpResponse<String> r = agent.requestUnblock(blockId, TestServer.ADMIN_TOKEN, "fixed it");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(Agents.json(r.body()).get("outcome").asText()).isEqualTo("scheduled");
        // Still blocked until the hour ends; the next tick after it lifts the block.
        assertThat(LadderDriver.smtpBlock(agent.report(0, 101), 101)).isNotNull();
        server.clock().advance(Duration.ofHours(1));
        JsonNode after = agent.report(0, 101);
        assertThat(LadderDriver.smtpBlock(after, 101)).isNull();
        assertThat(agent.get("/api/v1/blocks?state=lifted")).hasSize(1);
    }

    @Test
    void aBotStillTryingWhenItsScheduledLiftComesNeedsFreshEvidenceForStrikeTwo() {
        agent.spamUntilBlocked(101);
        String blockId = agent.activeBlockId(101);
        agent.requestUnblock(blockId, TestServer.ADMIN_TOKEN, "fixed it");
        // The bot keeps trying during the block, up to the report that reaches the lift time.
        server.clock().advance(Duration.ofHours(1).minusSeconds(15));
        assertThat(LadderDriver.smtpBlock(agent.report(300, 101), 101)).isNotNull();
        assertThat(LadderDriver.smtpBlock(agent.report(300, 101), 101)).isNotNull();
        JsonNode atLift = agent.report(300, 101);
        // The windows of the block were its evidence: the lift comes first, and this report's
        // window is the first of a new run, which the hysteresis holds back.
        assertThat(LadderDriver.smtpBlock(atLift, 101)).as(atLift.toString()).isNull();
        assertThat(agent.get("/api/v1/blocks?state=lifted")).hasSize(1);
        JsonNode next = agent.report(300, 101);
        assertThat(LadderDriver.smtpBlock(next, 101)).as(next.toString()).isNotNull();
        assertThat(agent.ladder(101).get("activeBlock").get("strike").asInt()).isEqualTo(2);
    }

    @Test
    void requestAfterTheMinimumIsGrantedAndTheBlockLeavesTheDesiredState() {
        agent.spamUntilBlocked(101);
        String blockId = agent.activeBlockId(101);
        server.clock().advance(Duration.ofMinutes(61));
        HttpResponse<String> r = agent.requestUnblock(blockId, TestServer.ADMIN_TOKEN, "fixed it");
        assertThat(Agents.json(r.body()).get("outcome").asText()).as(r.body()).isEqualTo("granted");
        assertThat(LadderDriver.smtpBlock(agent.report(0, 101), 101)).isNull();
        JsonNode lifted = agent.get("/api/v1/blocks?state=lifted").get(0);
        assertThat(lifted.get("liftReason").asText()).isEqualTo("request_granted");
    }

    @Test
    void secondAndThirdEpisodesClimbTheLadderAndTheThirdRefusesRequests() {
        agent.spamUntilBlocked(101);
        server.clock().advance(Duration.ofMinutes(61));
        agent.requestUnblock(agent.activeBlockId(101), TestServer.ADMIN_TOKEN, "fixed");
        server.clock().advance(Duration.ofMinutes(20)); // past the detector's 10-minute span

        agent.spamUntilBlocked(101);
        JsonNode second = agent.ladder(101);
        assertThat(second.get("activeBlock").get("strike").asInt()).isEqualTo(2);
        assertThat(
                        Duration.between(
                                java.time.Instant.parse(
                                        second.get("activeBlock").get("startedAt").asText()),
                                java.time.Instant.parse(
                                        second.get("activeBlock").get("minimumUntil").asText())))
                .isEqualTo(Duration.ofHours(24));
        server.clock().advance(Duration.ofHours(25));
        agent.requestUnblock(agent.activeBlockId(101), TestServer.ADMIN_TOKEN, "fixed again");
        server.clock().advance(Duration.ofMinutes(20));

        agent.spamUntilBlocked(101);
        String third = agent.activeBlockId(101);
        assertThat(agent.ladder(101).get("activeBlock").get("strike").asInt()).isEqualTo(3);
        HttpResponse<String> refused =
                agent.requestUnblock(third, TestServer.ADMIN_TOKEN, "please");
        JsonNode outcome = Agents.json(refused.body());
        assertThat(outcome.get("outcome").asText()).as(refused.body()).isEqualTo("refused");
        assertThat(outcome.get("clause").asText()).contains("S9");
        assertThat(outcome.get("reason").asText()).contains("strike 3");
        String requestId = outcome.get("requestId").asText();

        String operator = agent.token("operator");
        HttpResponse<String> byOperator =
                server.postJson(
                        "/api/v1/unblock-requests/" + requestId + "/decision",
                        operator,
                        "{\"approve\":true,\"reason\":\"customer begged\",\"override\":true}");
        assertThat(byOperator.statusCode()).isEqualTo(403);
        HttpResponse<String> noReason =
                server.postJson(
                        "/api/v1/unblock-requests/" + requestId + "/decision",
                        TestServer.ADMIN_TOKEN,
                        "{\"approve\":true,\"reason\":\"  \",\"override\":true}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(TestServer.error(noReason).field()).isEqualTo("reason");
        assertThat(LadderDriver.smtpBlock(agent.report(0, 101), 101)).isNotNull();

        HttpResponse<String> byAdmin =
                server.postJson(
                        "/api/v1/unblock-requests/" + requestId + "/decision",
                        TestServer.ADMIN_TOKEN,
                        "{\"approve\":true,\"reason\":\"contract renegotiated\",\"override\":true}");
        assertThat(byAdmin.statusCode()).as(byAdmin.body()).isEqualTo(200);
        JsonNode overridden = Agents.json(byAdmin.body());
        assertThat(overridden.get("outcome").asText()).isEqualTo("granted");
        // As every decision answer: the request decided on and the block's clause.
        assertThat(overridden.get("requestId").asText()).isEqualTo(requestId);
        assertThat(overridden.get("blockId").asText()).isEqualTo(third);
        assertThat(overridden.get("clause").isNull()).as(byAdmin.body()).isFalse();
        assertThat(LadderDriver.smtpBlock(agent.report(0, 101), 101)).isNull();
        JsonNode audit = agent.get("/api/v1/audit?target=" + agent.guestId(101));
        assertThat(audit.findValuesAsText("action"))
                .contains("smtp.unblock_refused", "smtp.smtp_block_lifted");
        assertThat(audit.toString()).contains("contract renegotiated");
        // The detail is an object: the reason as text, the evidence as numbers, not a string.
        JsonNode started =
                audit.findParents("action").stream()
                        .filter(e -> e.get("action").asText().equals("smtp.smtp_block_started"))
                        .findFirst()
                        .orElseThrow();
        assertThat(started.get("detail").get("text").asText()).doesNotContain("{");
        assertThat(started.get("detail").get("evidence").get("strike").isInt()).isTrue();
        assertThat(started.get("detail").get("evidence").get("connectionsPerMinute").isNumber())
                .as(started.toString())
                .isTrue();
    }

    @Test
    void viewerGetsForbiddenOnEveryMutationButReads() {
        agent.spamUntilBlocked(101);
        String viewer = agent.token("viewer");
        assertThat(server.get("/api/v1/blocks?state=active", viewer).statusCode()).isEqualTo(200);
        String blockId = agent.activeBlockId(101);
        assertThat(agent.requestUnblock(blockId, viewer, "x").statusCode()).isEqualTo(403);
        assertThat(
                        server.postJson(
                                        "/api/v1/tenants",
                                        viewer,
                                        "{\"id\":\"t1\",\"name\":\"T\",\"contactEmail\":\"a@b.fr\","
                                                + "\"language\":\"fr\",\"contract\":\"default\"}")
                                .statusCode())
                .isEqualTo(403);
        assertThat(
                        server.postJson(
                                        "/api/v1/tokens",
                                        viewer,
                                        "{\"label\":\"x\",\"role\":\"admin\"}")
                                .statusCode())
                .isEqualTo(403);
        String operator = agent.token("operator");
        assertThat(
                        server.postJson(
                                        "/api/v1/tokens",
                                        operator,
                                        "{\"label\":\"x\",\"role\":\"admin\"}")
                                .statusCode())
                .isEqualTo(403);
        assertThat(TestServer.error(agent.requestUnblock(blockId, operator, null)).field())
                .isEqualTo("reason");
        assertThat(agent.ladder(101).get("activeBlock").isNull()).isFalse();
    }

    @Test
    void theAckOfAReportSetsActionStates() {
        JsonNode reply = agent.spamUntilBlocked(101);
        JsonNode block = LadderDriver.smtpBlock(reply, 101);
        String actionId = block.get("id").asText();
        assertThat(agent.get("/api/v1/actions?state=pending")).hasSize(1);
        long version = reply.get("desiredState").get("version").asLong();
        agent.report(
                new EnforcementAck(
                        version,
                        List.of(
                                new ActionResult(
                                        actionId,
                                        ActionStatus.DEGRADED,
                                        "notice responder down: plain drop",
                                        server.clock().instant()))),
                0,
                101);
        JsonNode degraded = agent.get("/api/v1/actions?state=degraded");
        assertThat(degraded).hasSize(1);
        assertThat(degraded.get(0).get("action").get("detail").asText()).contains("plain drop");
        assertThat(agent.get("/api/v1/actions?state=pending")).isEmpty();
    }

    @Test
    void tenantsNeedALoadedContract() {
        HttpResponse<String> bad =
                server.postJson(
                        "/api/v1/tenants",
                        TestServer.ADMIN_TOKEN,
                        "{\"id\":\"acme\",\"name\":\"Acme\",\"contactEmail\":\"ops@acme.fr\","
                                + "\"language\":\"fr\",\"contract\":\"nope\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestServer.error(bad).field()).isEqualTo("contract");
        HttpResponse<String> ok =
                server.postJson(
                        "/api/v1/tenants",
                        TestServer.ADMIN_TOKEN,
                        "{\"id\":\"acme\",\"name\":\"Acme\",\"contactEmail\":\"ops@acme.fr\","
                                + "\"language\":\"en\",\"contract\":\"mtds-cloud\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        agent.report(0, 101);
        String guestId = agent.guestId(101);
        HttpResponse<String> assigned =
                server.send(
                        server.admin("/api/v1/guests/" + guestId + "/tenant")
                                .header("Content-Type", "application/json")
                                .PUT(
                                        java.net.http.HttpRequest.BodyPublishers.ofString(
                                                "{\"tenantId\":\"acme\"}")));
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(200);
        JsonNode ladder = Agents.json(assigned.body());
        assertThat(ladder.get("contract").asText()).isEqualTo("mtds-cloud");
        assertThat(ladder.get("tenantId").asText()).isEqualTo("acme");
    }
}
