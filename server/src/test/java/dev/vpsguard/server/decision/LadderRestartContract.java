package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Blocks, strikes, requests and audit survive a restart of the server on the same database, and the
 * rebuilt memory neither forgets the active block nor counts it twice; so do resource throttles and
 * actions waiting for approval.
 */
abstract class LadderRestartContract {
    /** Datasource properties of a database that outlives one server. */
    abstract Map<String, Object> database() throws Exception;

    @Test
    void blocksStrikesRequestsAndAuditSurviveARestart() throws Exception {
        Map<String, Object> db = database();
        LadderDriver agent;
        String blockId;
        Instant stoppedAt;
        long audit;
        try (TestServer first = TestServer.start(db)) {
            agent = LadderDriver.enroll(first);
            agent.spamUntilBlocked(101);
            blockId = agent.activeBlockId(101);
            var r = agent.requestUnblock(blockId, TestServer.ADMIN_TOKEN, "cleaned up");
            assertThat(Agents.json(r.body()).get("outcome").asText()).isEqualTo("scheduled");
            audit = first.queryLong("SELECT COUNT(*) FROM audit");
            stoppedAt = first.clock().instant();
        }
        try (TestServer second = TestServer.start(db)) {
            second.clock().set(stoppedAt.plusSeconds(30));
            LadderDriver again = new LadderDriver(second, agent.host, agent.seq);
            assertThat(second.queryLong("SELECT COUNT(*) FROM audit"))
                    .isGreaterThanOrEqualTo(audit);
            JsonNode ladder = again.ladder(101);
            assertThat(ladder.get("activeBlock").get("id").asText()).isEqualTo(blockId);
            assertThat(ladder.get("activeBlock").get("scheduledLiftAt").isNull()).isFalse();
            assertThat(again.get("/api/v1/blocks/" + blockId + "/unblock-requests")).hasSize(1);
            // The first reply after the restart still carries the block, and more spam during
            // it adds no strike.
            assertThat(LadderDriver.smtpBlock(again.report(300, 101), 101)).isNotNull();
            assertThat(LadderDriver.smtpBlock(again.report(300, 101), 101)).isNotNull();
            assertThat(again.get("/api/v1/blocks?state=active")).hasSize(1);
            assertThat(again.ladder(101).get("strikesCounting").asInt()).isEqualTo(1);
            // The scheduled lift still happens.
            second.clock().advance(Duration.ofHours(1));
            assertThat(LadderDriver.smtpBlock(again.report(0, 101), 101)).isNull();
            assertThat(again.get("/api/v1/blocks?state=lifted")).hasSize(1);
        } finally {
            stopDatabase();
        }
    }

    @Test
    void resourceThrottlesAndActionsWaitingForApprovalSurviveARestart() throws Exception {
        Map<String, Object> db = database();
        ResourceAgent agent;
        Instant stoppedAt;
        try (TestServer first = TestServer.start(db)) {
            agent = ResourceAgent.enroll(first);
            agent.assignTenant("mtds", "mtds-cloud", "fr", "client@example.org");
            // 150 Mbit/s: warning at 10 min, throttle at 30, isolation asked at 50 (approve)
            JsonNode reply =
                    agent.reportFor(
                            Duration.ofMinutes(50).plus(ResourceAgent.INTERVAL),
                            20,
                            ResourceAgent.Use.egressMbit(150));
            assertThat(ResourceAgent.action(reply, "throttle_net")).isNotNull();
            assertThat(agent.get("/api/v1/actions?state=awaiting_approval")).hasSize(1);
            stoppedAt = first.clock().instant();
        }
        try (TestServer second = TestServer.start(db)) {
            second.clock().set(stoppedAt.plusSeconds(30));
            ResourceAgent again = ResourceAgent.resume(second, agent.host, agent.seq);
            JsonNode reply = again.report(20, ResourceAgent.Use.egressMbit(100));
            assertThat(ResourceAgent.action(reply, "throttle_net")).isNotNull();
            assertThat(ResourceAgent.action(reply, "isolate")).isNull();
            JsonNode egress = again.resources().get("quotas").get("egress");
            assertThat(egress.get("level").asText()).isEqualTo("throttle");
            assertThat(egress.get("pending").asText()).isEqualTo("isolate");
            String id =
                    again.get("/api/v1/actions?state=awaiting_approval")
                            .get(0)
                            .get("action")
                            .get("id")
                            .asText();
            var approved =
                    second.postJson(
                            "/api/v1/actions/" + id + "/approve",
                            TestServer.ADMIN_TOKEN,
                            "{\"reason\":\"bot confirmed after the restart\"}");
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
            reply = again.report(20, ResourceAgent.Use.egressMbit(100));
            assertThat(ResourceAgent.action(reply, "isolate")).isNotNull();
            // The throttle still lifts after 30 min under the quota; the isolation stays (R3).
            reply = again.reportFor(Duration.ofMinutes(30), 20, ResourceAgent.Use.idle());
            assertThat(ResourceAgent.action(reply, "throttle_net")).isNull();
            assertThat(ResourceAgent.action(reply, "isolate")).isNotNull();
        } finally {
            stopDatabase();
        }
    }

    @Test
    void aResourceEpisodeInterruptedByARestartIsFoundOnSchedule() throws Exception {
        Map<String, Object> db = database();
        ResourceAgent agent;
        Instant stoppedAt;
        Instant overSince;
        try (TestServer first = TestServer.start(db)) {
            agent = ResourceAgent.enroll(first);
            agent.report(20, ResourceAgent.Use.idle());
            // Default contract: all vCPUs busy on a contended host is a finding after 15 min.
            agent.reportFor(Duration.ofMinutes(10), 95, ResourceAgent.Use.cpu(2.0));
            assertThat(first.queryLong("SELECT COUNT(*) FROM findings")).isZero();
            overSince =
                    Instant.parse(
                            agent.resources().get("quotas").get("cpu").get("overSince").asText());
            stoppedAt = first.clock().instant();
        }
        try (TestServer second = TestServer.start(db)) {
            second.clock().set(stoppedAt.plusSeconds(30));
            ResourceAgent again = ResourceAgent.resume(second, agent.host, agent.seq);
            again.report(95, ResourceAgent.Use.cpu(2.0));
            assertThat(again.resources().get("quotas").get("cpu").get("overSince").asText())
                    .as("the episode goes on from where it was")
                    .isEqualTo(overSince.toString());
            Instant foundAt = null;
            for (int i = 0; i < 40 && foundAt == null; i++) {
                again.report(95, ResourceAgent.Use.cpu(2.0));
                if (second.queryLong("SELECT COUNT(*) FROM findings WHERE kind = 'cpu'") > 0) {
                    foundAt = second.clock().instant();
                }
            }
            assertThat(foundAt).as("a CPU finding after the restart").isNotNull();
            // 15 minutes after the episode began, not 15 minutes after the restart.
            assertThat(foundAt)
                    .isAfterOrEqualTo(overSince.plus(Duration.ofMinutes(15)))
                    .isBefore(overSince.plus(Duration.ofMinutes(15)).plus(ResourceAgent.INTERVAL));
        } finally {
            stopDatabase();
        }
    }

    @Test
    void aStormInterruptedByARestartIsStillFoundOnSchedule() throws Exception {
        acrossARestart(
                first -> {
                    LadderDriver agent = LadderDriver.enroll(first);
                    // One storm window: the hysteresis (2 windows) holds the finding back.
                    assertThat(LadderDriver.smtpBlock(agent.report(300, 101), 101)).isNull();
                    assertThat(first.queryLong("SELECT COUNT(*) FROM smtp_windows")).isEqualTo(1);
                    return agent;
                },
                (second, again) -> {
                    // The second storm window is the second in a row: the block is in its own
                    // reply, as it would have been without the restart.
                    JsonNode reply = again.report(300, 101);
                    assertThat(LadderDriver.smtpBlock(reply, 101)).as(reply.toString()).isNotNull();
                    assertThat(again.ladder(101).get("activeBlock").get("strike").asInt())
                            .isEqualTo(1);
                    JsonNode finding = again.lastFinding(101);
                    assertThat(finding.get("consecutiveWindows").asInt()).isEqualTo(2);
                    assertThat(finding.get("newConnections10Min").asDouble()).isEqualTo(600.0);
                });
    }

    @Test
    void aStormThatEndedInALiftedBlockIsNotCountedAgainAfterARestart() throws Exception {
        acrossARestart(
                first -> {
                    LadderDriver agent = LadderDriver.enroll(first);
                    agent.spamUntilBlocked(101);
                    var requested =
                            agent.requestUnblock(
                                    agent.activeBlockId(101), TestServer.ADMIN_TOKEN, "cleaned");
                    String requestId = Agents.json(requested.body()).get("requestId").asText();
                    var lifted =
                            first.postJson(
                                    "/api/v1/unblock-requests/" + requestId + "/decision",
                                    TestServer.ADMIN_TOKEN,
                                    "{\"approve\":true,\"reason\":\"verified clean\","
                                            + "\"override\":true}");
                    assertThat(lifted.statusCode()).as(lifted.body()).isEqualTo(200);
                    return agent;
                },
                (second, again) -> {
                    // The storm's windows are still in the 10-minute span, but they were the
                    // evidence of the lifted block: a guest sending one mail gets no strike 2.
                    for (int i = 0; i < 3; i++) {
                        assertThat(LadderDriver.smtpBlock(again.report(1, 101), 101)).isNull();
                    }
                    assertThat(again.get("/api/v1/blocks?state=active")).isEmpty();
                    assertThat(again.ladder(101).get("strikesCounting").asInt()).isEqualTo(1);
                    // A new storm after the lift is a new offence: strike 2, after its own
                    // hysteresis.
                    assertThat(LadderDriver.smtpBlock(again.report(300, 101), 101)).isNull();
                    assertThat(LadderDriver.smtpBlock(again.report(300, 101), 101)).isNotNull();
                    assertThat(again.ladder(101).get("activeBlock").get("strike").asInt())
                            .isEqualTo(2);
                });
    }

    /**
     * Runs {@code before} on a server, then {@code after} on a second server started 10 s later on
     * the same database, with the same host.
     */
    private void acrossARestart(
            Function<TestServer, LadderDriver> before, BiConsumer<TestServer, LadderDriver> after)
            throws Exception {
        Map<String, Object> db = database();
        LadderDriver agent;
        Instant stoppedAt;
        try (TestServer first = TestServer.start(db)) {
            agent = before.apply(first);
            stoppedAt = first.clock().instant();
        }
        try (TestServer second = TestServer.start(db)) {
            second.clock().set(stoppedAt.plusSeconds(10));
            after.accept(second, new LadderDriver(second, agent.host, agent.seq));
        } finally {
            stopDatabase();
        }
    }

    void stopDatabase() throws Exception {}
}
