package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.ErrorBody;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.decision.ResourceAgent.Use;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource abuse through the real server: reports → detector (with the host's contention) → the
 * resource ladder → actions in the host's desired state, in the reply to the report that crossed
 * the threshold; approval, refusal and lifting through the API (H2).
 */
class ResourceFlowTest {
    /** Egress over 100 Mbit/s; every enforcing step waits for an operator. */
    static final String APPROVE_POLICY =
            ResourceAgent.egressPolicy("throttle-approve", "auto", "approve", "approve", "approve");

    @TempDir Path policies;
    private TestServer server;
    private ResourceAgent agent;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(policies.resolve("throttle-approve.yml"), APPROVE_POLICY);
        server = TestServer.start(Map.of("vpsguard.policies.dir", policies.toString()));
        agent = ResourceAgent.enroll(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private long findings() {
        return server.queryLong("SELECT COUNT(*) FROM findings");
    }

    @Test
    void fullVcpusOnAnIdleHostIsNoFindingButOnAContendedHostItIsThrottledInThatReportsReply() {
        agent.assignTenant("mtds", "mtds-cloud", "fr", "client@example.org");
        // R1: 2 of 2 vCPUs busy for 40 minutes on a host at 20 %: nobody is harmed.
        JsonNode idle = agent.reportFor(Duration.ofMinutes(40), 20, Use.cpu(2.0));
        assertThat(findings()).isZero();
        assertThat(idle.get("desiredState").get("actions")).isEmpty();
        assertThat(agent.resources().get("quotas").get("cpu").get("overSince").isNull()).isTrue();

        // The same guest on a host at 95 %: a finding after cpu.sustained (15 min), a warning.
        int reportsTo15Min = (int) Duration.ofMinutes(15).dividedBy(ResourceAgent.INTERVAL);
        for (int i = 0; i < reportsTo15Min; i++) {
            agent.report(95, Use.cpu(2.0));
            assertThat(findings()).as("report %d after contention began", i + 1).isZero();
        }
        JsonNode warned = agent.report(95, Use.cpu(2.0));
        assertThat(findings()).isEqualTo(1);
        assertThat(ResourceAgent.action(warned, "throttle_cpu")).as("a warning only").isNull();
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM findings WHERE kind = 'cpu'"
                                        + " AND evidence LIKE '%\"hostCpuPercent\":95.0%'"))
                .isEqualTo(1);
        JsonNode cpu = agent.resources().get("quotas").get("cpu");
        assertThat(cpu.get("level").asText()).isEqualTo("warn");

        // Still abusing 15 min later (escalation.after): the report that raises the next finding
        // gets the throttle in its own reply; the one before it does not.
        JsonNode before =
                agent.reportFor(
                        Duration.ofMinutes(15).minus(ResourceAgent.INTERVAL), 95, Use.cpu(2.0));
        assertThat(ResourceAgent.action(before, "throttle_cpu")).isNull();
        JsonNode crossing = agent.report(95, Use.cpu(2.0));
        assertThat(findings()).isEqualTo(2);
        JsonNode throttle = ResourceAgent.action(crossing, "throttle_cpu");
        assertThat(throttle).as(crossing.toString()).isNotNull();
        assertThat(throttle.get("cpuLimitCores").asDouble()).isEqualTo(1.8); // 0.9 × 2 vCPUs
        assertThat(ResourceAgent.version(crossing)).isGreaterThan(ResourceAgent.version(before));
        JsonNode pending = agent.get("/api/v1/actions?state=pending");
        assertThat(pending).hasSize(1);
        // Parameters are a JSON object in the answer, not JSON inside a string.
        assertThat(pending.get(0).get("action").get("params").isObject())
                .as(pending.toString())
                .isTrue();
        assertThat(pending.toString()).doesNotContain("NaN");

        // The host calms down: CPU is no longer abuse (R1). The throttle lifts once the guest has
        // been under the quota for escalation.clear_after (30 min), not a report sooner.
        JsonNode stillThrottled =
                agent.reportFor(
                        Duration.ofMinutes(30).minus(ResourceAgent.INTERVAL), 30, Use.cpu(1.8));
        assertThat(ResourceAgent.action(stillThrottled, "throttle_cpu")).isNotNull();
        JsonNode lifted = agent.report(30, Use.cpu(1.8));
        assertThat(ResourceAgent.action(lifted, "throttle_cpu")).isNull();
        assertThat(ResourceAgent.version(lifted))
                .isGreaterThan(ResourceAgent.version(stillThrottled));
        assertThat(agent.get("/api/v1/actions")).isEmpty();
        assertThat(agent.get("/api/v1/audit?target=" + agent.guestId()).findValuesAsText("action"))
                .contains("resource.resource_action_applied", "resource.throttle_lifted");
    }

    @Test
    void egressAboveTheContractRateIsAFindingAndTheThrottleKeepsTheGuaranteedRate() {
        agent.assignTenant("mtds", "mtds-cloud", "en", "client@example.org");
        agent.reportFor(Duration.ofMinutes(20), 20, Use.egressMbit(99));
        assertThat(findings()).as("99 Mbit/s is within the 100 Mbit/s of mtds Art. 2").isZero();

        agent.reportFor(Duration.ofMinutes(10), 20, Use.egressMbit(150));
        assertThat(findings()).isZero(); // 9.5 minutes over: not yet sustained
        agent.report(20, Use.egressMbit(150));
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM findings WHERE kind = 'egress'"
                                        + " AND evidence LIKE '%\"observed\":1.875E7%'"
                                        + " AND evidence LIKE '%\"limit\":1.25E7%'"
                                        + " AND evidence LIKE '%\"sustainedSeconds\":600%'"))
                .isEqualTo(1);
        // Findings every 10 min; the throttle comes with the first one 15 min after the warning.
        JsonNode reply = agent.reportFor(Duration.ofMinutes(20), 20, Use.egressMbit(150));
        JsonNode throttle = ResourceAgent.action(reply, "throttle_net");
        assertThat(throttle).as(reply.toString()).isNotNull();
        assertThat(throttle.get("rateBytesPerSec").asLong()).isEqualTo(12_500_000); // R4 floor
    }

    @Test
    void anApproveModeThrottleWaitsForAnOperatorThenEntersTheDesiredState() {
        agent.assignTenant("appr", "throttle-approve", "fr", "client@example.org");
        JsonNode reply =
                agent.reportFor(
                        Duration.ofMinutes(30).plus(ResourceAgent.INTERVAL),
                        20,
                        Use.egressMbit(150));
        assertThat(reply.get("desiredState").get("actions")).isEmpty();
        JsonNode waiting = agent.get("/api/v1/actions?state=awaiting_approval");
        assertThat(waiting).hasSize(1);
        JsonNode action = waiting.get(0).get("action");
        assertThat(action.get("type").asText()).isEqualTo("throttle_net");
        String id = action.get("id").asText();
        // Not in the desired state for as long as nobody approves it.
        reply = agent.reportFor(Duration.ofMinutes(5), 20, Use.egressMbit(150));
        assertThat(reply.get("desiredState").get("actions")).isEmpty();
        long version = ResourceAgent.version(reply);

        String viewer = agent.api.token("viewer");
        assertThat(approve(id, viewer, "{\"reason\":\"ok\"}").statusCode()).isEqualTo(403);
        String operator = agent.api.token("operator");
        String unchanged = state();
        for (String[] bad :
                new String[][] {
                    {"{\"reasn\":\"ticket 42\"}", "reasn"},
                    {"{\"reason\":\"   \"}", "reason"},
                    {"{\"reason\":[\"ticket 42\"]}", "reason"},
                    {"{}", "reason"},
                }) {
            HttpResponse<String> r = approve(id, operator, bad[0]);
            assertThat(r.statusCode()).as(bad[0] + " " + r.body()).isEqualTo(400);
            ErrorBody e = TestServer.error(r);
            assertThat(e.field()).as(bad[0]).isEqualTo(bad[1]);
            assertThat(e.message()).isNotBlank();
        }
        HttpResponse<String> notJson = approve(id, operator, "{\"reason\": ");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(TestServer.error(notJson).message()).contains("malformed JSON");
        HttpResponse<String> unknown = approve("no-such-action", operator, "{\"reason\":\"x\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(TestServer.error(unknown).message()).contains("no-such-action");
        assertThat(state()).as("rejected requests change nothing").isEqualTo(unchanged);

        HttpResponse<String> ok =
                approve(id, operator, "{\"reason\":\"ticket 42: confirmed bot\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(Agents.json(ok.body()).get("state").asText()).isEqualTo("pending");
        HttpResponse<String> twice = approve(id, operator, "{\"reason\":\"again\"}");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(TestServer.error(twice).message())
                .contains(id)
                .contains("not awaiting approval");

        reply = agent.report(20, Use.egressMbit(100));
        JsonNode throttle = ResourceAgent.action(reply, "throttle_net");
        assertThat(throttle).as(reply.toString()).isNotNull();
        assertThat(throttle.get("id").asText()).isEqualTo(id);
        assertThat(ResourceAgent.version(reply)).isGreaterThan(version);
        assertThat(agent.get("/api/v1/audit?target=" + id).findValuesAsText("action"))
                .containsExactly("action.approve");
        assertThat(agent.get("/api/v1/audit?target=" + agent.guestId()).toString())
                .contains("ticket 42: confirmed bot");
    }

    @Test
    void aRefusedActionIsClosedAndAskedForAgainOnlyAfterAnotherEscalationPeriod() {
        agent.assignTenant("appr", "throttle-approve", "fr", "client@example.org");
        agent.reportFor(
                Duration.ofMinutes(30).plus(ResourceAgent.INTERVAL), 20, Use.egressMbit(150));
        String id =
                agent.get("/api/v1/actions?state=awaiting_approval")
                        .get(0)
                        .get("action")
                        .get("id")
                        .asText();
        String operator = agent.api.token("operator");
        HttpResponse<String> noReason = refuse(id, operator, "{\"reason\":\"\"}");
        assertThat(TestServer.error(noReason).field()).isEqualTo("reason");
        HttpResponse<String> refused =
                refuse(id, operator, "{\"reason\":\"backup window, agreed\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(200);
        assertThat(Agents.json(refused.body()).get("liftedAt").isNull()).isFalse();
        assertThat(agent.get("/api/v1/actions")).isEmpty();
        // The abuse goes on: findings at 40 and 50 min; the one 15 min or more after the refusal
        // asks again.
        JsonNode reply = agent.reportFor(Duration.ofMinutes(10), 20, Use.egressMbit(150));
        assertThat(agent.get("/api/v1/actions")).isEmpty();
        reply = agent.reportFor(Duration.ofMinutes(10), 20, Use.egressMbit(150));
        JsonNode again = agent.get("/api/v1/actions?state=awaiting_approval");
        assertThat(again).hasSize(1);
        assertThat(again.get(0).get("action").get("id").asText()).isNotEqualTo(id);
        assertThat(reply.get("desiredState").get("actions")).isEmpty();
    }

    @Test
    void anApprovedIsolationStaysUntilAnOperatorReinstatesTheGuest() {
        agent.assignTenant("mtds", "mtds-cloud", "fr", "client@example.org");
        // warn at 10 min, throttle at 30 min, isolation asked at 50 min (approve in mtds-cloud)
        agent.reportFor(
                Duration.ofMinutes(50).plus(ResourceAgent.INTERVAL), 20, Use.egressMbit(150));
        JsonNode waiting = agent.get("/api/v1/actions?state=awaiting_approval");
        assertThat(waiting).hasSize(1);
        String id = waiting.get(0).get("action").get("id").asText();
        assertThat(waiting.get(0).get("action").get("type").asText()).isEqualTo("isolate");
        String operator = agent.api.token("operator");
        assertThat(approve(id, operator, "{\"reason\":\"bot confirmed\"}").statusCode())
                .isEqualTo(200);
        JsonNode reply = agent.report(20, Use.egressMbit(100));
        JsonNode isolate = ResourceAgent.action(reply, "isolate");
        assertThat(isolate).isNotNull();
        assertThat(isolate.get("allowedDestinations")).isEmpty();
        // Hours under the quota lift the throttle, never the isolation (R3).
        reply = agent.reportFor(Duration.ofHours(2), 20, Use.idle());
        assertThat(ResourceAgent.action(reply, "throttle_net")).isNull();
        assertThat(ResourceAgent.action(reply, "isolate")).isNotNull();

        String path = "/api/v1/guests/" + agent.guestId() + "/reinstate";
        HttpResponse<String> noReason = server.postJson(path, operator, "{\"reason\":\" \"}");
        assertThat(TestServer.error(noReason).field()).isEqualTo("reason");
        HttpResponse<String> back = server.postJson(path, operator, "{\"reason\":\"reinstalled\"}");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(Agents.json(back.body()).get("quotas").get("egress").get("enforced")).isEmpty();
        assertThat(server.postJson(path, operator, "{\"reason\":\"again\"}").statusCode())
                .isEqualTo(409);
        assertThat(ResourceAgent.action(agent.report(20, Use.idle()), "isolate")).isNull();
    }

    private HttpResponse<String> approve(String id, String token, String body) {
        return server.postJson("/api/v1/actions/" + id + "/approve", token, body);
    }

    private HttpResponse<String> refuse(String id, String token, String body) {
        return server.postJson("/api/v1/actions/" + id + "/refuse", token, body);
    }

    /** The actions, the desired-state versions and the audit log, as text. */
    private String state() {
        return agent.get("/api/v1/actions").toString()
                + server.queryLong("SELECT COALESCE(SUM(version), 0) FROM desired_states")
                + server.snapshot();
    }
}
