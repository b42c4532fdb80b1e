package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.decision.LadderDriver;
import java.io.IOException;
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

/** The blocks and requests page over plain HTTP: the queue, decisions, roles, audit. */
class ConsoleBlocksTest {
    static final String PASSWORD = ConsoleAccessTest.NEW_PASSWORD;

    @TempDir Path policies;
    TestServer server;
    LadderDriver agent;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(policies.resolve("operator-rung.yml"), LadderDriver.operatorRungPolicy());
        // Every strike on the refusal rung: unblock requests refused from the first block (S9).
        Files.writeString(
                policies.resolve("refusal-first.yml"),
                LadderDriver.operatorRungPolicy()
                        .replace("contract: operator-rung", "contract: refusal-first")
                        .replace("refusal_rung: 3", "refusal_rung: 1")
                        .replaceAll("unblock: (operator|on_request)", "unblock: refused"));
        Map<String, Object> props = new HashMap<>(ConsoleClient.properties());
        props.put("vpsguard.policies.dir", policies.toString());
        server = TestServer.start(props);
        agent = LadderDriver.enroll(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Blocks guest {@code vmid} and files the customer's request; returns the request's id. */
    private String blockedAndQueued(int vmid, String tenant) {
        agent.assignTenant(vmid, tenant, "operator-rung");
        agent.spamUntilBlocked(vmid);
        HttpResponse<String> asked =
                agent.requestUnblock(agent.activeBlockId(vmid), TestServer.ADMIN_TOKEN, "fixed");
        var answer = Agents.json(asked.body());
        assertThat(answer.get("outcome").asText()).as(asked.body()).isEqualTo("queued");
        return answer.get("requestId").asText();
    }

    /** A signed-in console user with {@code role}, created by the admin. */
    private ConsoleClient user(ConsoleClient admin, String name, String role) {
        return ConsoleClient.user(server, admin, name, role, PASSWORD);
    }

    private String outcome(String requestId) {
        return server.queryString(
                "SELECT outcome FROM unblock_requests WHERE id = '" + requestId + "'");
    }

    @Test
    void anOperatorApprovesAndRefusesAViewerOnlyReads() {
        agent.report(0, 101, 102);
        String approved = blockedAndQueued(101, "t1");
        String refused = blockedAndQueued(102, "t2");
        ConsoleClient admin = new ConsoleClient(server);
        admin.firstLogin(PASSWORD);
        ConsoleClient viewer = user(admin, "victor", "viewer");
        ConsoleClient operator = user(admin, "olivia", "operator");

        // The viewer sees both requests and both blocks, and no decision button.
        HttpResponse<String> seen = viewer.get("/console/blocks");
        assertThat(seen.statusCode()).isEqualTo(200);
        assertThat(seen.body())
                .contains("data-request-id=\"" + approved + "\"")
                .contains("data-request-id=\"" + refused + "\"")
                .contains("data-block-id=\"" + agent.activeBlockId(101) + "\"")
                .doesNotContain("value=\"approve\"")
                .doesNotContain("value=\"refuse\"");
        // A forged post from the viewer's session, with its valid token, is refused.
        HttpResponse<String> forged =
                viewer.postWithToken(
                        "/console/blocks",
                        "/console/blocks/requests/" + approved + "/decision",
                        Map.of("decision", "approve"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(outcome(approved)).isEqualTo("queued");

        // The operator sees the buttons; a post without the CSRF token is refused.
        assertThat(operator.get("/console/blocks").body())
                .contains("value=\"approve\"")
                .contains("value=\"refuse\"");
        assertThat(
                        operator.post(
                                        "/console/blocks/requests/" + approved + "/decision",
                                        Map.of("decision", "approve"))
                                .statusCode())
                .isEqualTo(403);
        assertThat(outcome(approved)).isEqualTo("queued");

        // Approving changes the agent's desired state (see the end).
        assertThat(LadderDriver.smtpBlock(agent.report(0, 101, 102), 101)).isNotNull();
        HttpResponse<String> ok =
                operator.postWithToken(
                        "/console/blocks",
                        "/console/blocks/requests/" + approved + "/decision",
                        Map.of("decision", "approve"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("id=\"decided\"");
        // Before the rung's minimum the approval schedules the lift for its end (as through the
        // API); the page says so, and the next report after it lifts the block.
        assertThat(outcome(approved)).isEqualTo("scheduled");
        assertThat(ok.body()).contains("class=\"badge scheduled\"");
        assertThat(LadderDriver.smtpBlock(agent.report(0, 101, 102), 101)).isNotNull();
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM unblock_requests WHERE id = '"
                                        + approved
                                        + "' AND decided_by = 'console:olivia'"))
                .isEqualTo(1);

        // Refusing without a reason: a 4xx naming the field, nothing changed.
        HttpResponse<String> noReason =
                operator.postWithToken(
                        "/console/blocks",
                        "/console/blocks/requests/" + refused + "/decision",
                        Map.of("decision", "refuse", "reason", "   "));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("<code>reason</code>");
        assertThat(outcome(refused)).isEqualTo("queued");

        // With a reason (HTML-looking, so escaped on the page): refused, reason in the audit log.
        String why = "<script>alert(1)</script> still sending spam";
        HttpResponse<String> no =
                operator.postWithToken(
                        "/console/blocks",
                        "/console/blocks/requests/" + refused + "/decision",
                        Map.of("decision", "refuse", "reason", why));
        assertThat(no.statusCode()).as(no.body()).isEqualTo(200);
        assertThat(no.body()).doesNotContain("<script>alert").contains("&lt;script&gt;");
        assertThat(outcome(refused)).isEqualTo("refused");
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM audit WHERE actor = 'console:olivia'"
                                        + " AND detail LIKE '%still sending spam%'"))
                .isEqualTo(1);
        // Decided requests leave the queue.
        assertThat(viewer.get("/console/blocks").body())
                .doesNotContain("data-request-id=\"" + approved + "\"")
                .doesNotContain("data-request-id=\"" + refused + "\"");

        // The refused guest's page: tenant, contract, its strike with clause, evidence and time
        // left, and the refusal (escaped) in its audit trail.
        HttpResponse<String> page = viewer.get("/console/guests/" + agent.guestId(102));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<dd id=\"tenant\">t2</dd>")
                .contains("<dd id=\"contract\">operator-rung</dd>")
                .contains("id=\"active-block\"")
                .contains("<dd class=\"strike\">1</dd>")
                .containsPattern("<dd class=\"clause\">[^<]+</dd>")
                .containsPattern("<dl class=\"evidence\">\\s*<dt>[^<]+</dt>\\s*<dd>[^<]+</dd>")
                .containsPattern("<dd class=\"left\">\\d+( h \\d+)? min</dd>")
                .contains("console:olivia")
                .contains("still sending spam")
                .doesNotContain("<script>alert");
        assertThat(viewer.get("/console/guests/no-such-guest").statusCode()).isEqualTo(404);

        // Once the rung's minimum is over, the approved block is lifted on the agent's next
        // report; the refused one stays.
        server.clock().advance(Duration.ofHours(1));
        var reply = agent.report(0, 101, 102);
        assertThat(LadderDriver.smtpBlock(reply, 101)).isNull();
        assertThat(LadderDriver.smtpBlock(reply, 102)).isNotNull();
    }

    private long count(String sql) {
        return server.queryLong("SELECT COUNT(*) FROM " + sql);
    }

    @Test
    void anOperatorFilesForTheCustomerAndAnAdminOverridesARefusalWithAReason() {
        agent.report(0, 103, 104);
        agent.assignTenant(103, "t3", "operator-rung");
        agent.spamUntilBlocked(103);
        agent.assignTenant(104, "t4", "refusal-first");
        agent.spamUntilBlocked(104);
        String queuedBlock = agent.activeBlockId(103);
        String refusedBlock = agent.activeBlockId(104);
        ConsoleClient admin = new ConsoleClient(server);
        admin.firstLogin(PASSWORD);
        ConsoleClient viewer = user(admin, "victor", "viewer");
        ConsoleClient operator = user(admin, "olivia", "operator");
        String fileFor103 = "/console/blocks/" + queuedBlock + "/requests";

        // A viewer has no form to file a request, and a forged one is refused.
        assertThat(viewer.get("/console/blocks").body())
                .contains("data-block-id=\"" + queuedBlock + "\"")
                .doesNotContain("class=\"file-request\"");
        assertThat(
                        viewer.postWithToken(
                                        "/console/blocks",
                                        fileFor103,
                                        Map.of("reason", "customer called"))
                                .statusCode())
                .isEqualTo(403);
        // The operator: no CSRF token, 403; no reason, 400 naming it; nothing filed either way.
        assertThat(operator.get("/console/blocks").body()).contains("class=\"file-request\"");
        assertThat(operator.post(fileFor103, Map.of("reason", "customer called")).statusCode())
                .isEqualTo(403);
        HttpResponse<String> noReason =
                operator.postWithToken("/console/blocks", fileFor103, Map.of("reason", ""));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("<code>reason</code>");
        assertThat(count("unblock_requests")).isZero();

        // Filed for the customer: queued for a decision, the operator and the channel recorded.
        HttpResponse<String> filed =
                operator.postWithToken(
                        "/console/blocks", fileFor103, Map.of("reason", "customer called, #7"));
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(200);
        assertThat(filed.body()).contains("id=\"decided\"");
        assertThat(
                        count(
                                "unblock_requests WHERE block_id = '"
                                        + queuedBlock
                                        + "' AND channel = 'operator' AND actor = 'console:olivia'"
                                        + " AND outcome = 'queued'"))
                .isEqualTo(1);
        assertThat(
                        count(
                                "audit WHERE actor = 'console:olivia'"
                                        + " AND action = 'smtp.unblock_requested'"
                                        + " AND detail LIKE '%customer called, #7%'"
                                        + " AND detail LIKE '%OPERATOR_ON_BEHALF%'"))
                .isEqualTo(1);

        // On the refusal rung the same request is refused by the ladder, and listed as a refusal.
        HttpResponse<String> refused =
                operator.postWithToken(
                        "/console/blocks",
                        "/console/blocks/" + refusedBlock + "/requests",
                        Map.of("reason", "customer insists"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(200);
        String requestId =
                server.queryString(
                        "SELECT id FROM unblock_requests WHERE block_id = '"
                                + refusedBlock
                                + "' AND outcome = 'refused'");
        String override = "/console/blocks/requests/" + requestId + "/override";
        // Only an admin sees the override; an operator's forged one is refused.
        assertThat(operator.get("/console/blocks").body())
                .contains("data-refusal-id=\"" + requestId + "\"")
                .contains("class=\"badge hot\">refusal rung<")
                .doesNotContain("class=\"override\"");
        assertThat(
                        operator.postWithToken("/console/blocks", override, Map.of("reason", "x"))
                                .statusCode())
                .isEqualTo(403);
        assertThat(admin.get("/console/blocks").body()).contains("class=\"override\"");
        assertThat(admin.post(override, Map.of("reason", "contract renegotiated")).statusCode())
                .isEqualTo(403);
        HttpResponse<String> blank =
                admin.postWithToken("/console/blocks", override, Map.of("reason", "  "));
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("<code>reason</code>");
        assertThat(count("blocks WHERE id = '" + refusedBlock + "' AND state = 'active'"))
                .isEqualTo(1);
        assertThat(LadderDriver.smtpBlock(agent.report(0, 103, 104), 104)).isNotNull();

        // The admin's override lifts the block at once, audited with the admin's name and reason.
        HttpResponse<String> lifted =
                admin.postWithToken(
                        "/console/blocks", override, Map.of("reason", "contract renegotiated"));
        assertThat(lifted.statusCode()).as(lifted.body()).isEqualTo(200);
        assertThat(lifted.body()).doesNotContain("data-refusal-id=\"" + requestId + "\"");
        assertThat(count("blocks WHERE id = '" + refusedBlock + "' AND state = 'lifted'"))
                .isEqualTo(1);
        assertThat(
                        count(
                                "audit WHERE actor = 'console:admin'"
                                        + " AND action = 'smtp.smtp_block_lifted'"
                                        + " AND detail LIKE '%contract renegotiated%'"
                                        + " AND detail LIKE '%ADMIN_OVERRIDE%'"))
                .isEqualTo(1);
        var reply = agent.report(0, 103, 104);
        assertThat(LadderDriver.smtpBlock(reply, 104)).isNull();
        assertThat(LadderDriver.smtpBlock(reply, 103)).isNotNull();
    }
}
