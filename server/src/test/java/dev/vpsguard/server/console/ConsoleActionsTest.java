package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.decision.ResourceAgent;
import dev.vpsguard.server.decision.ResourceAgent.Use;
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

/**
 * The actions page over plain HTTP: resource actions awaiting approval (with evidence and clause)
 * approved or refused by an operator, isolated guests reinstated; roles, CSRF, bad forms, audit.
 */
class ConsoleActionsTest {
    static final String PASSWORD = ConsoleAccessTest.NEW_PASSWORD;

    @TempDir Path policies;
    TestServer server;
    ResourceAgent agent;
    ConsoleClient viewer;
    ConsoleClient operator;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(
                policies.resolve("throttle-approve.yml"),
                ResourceAgent.egressPolicy(
                        "throttle-approve", "auto", "approve", "approve", "approve"));
        Map<String, Object> props = new HashMap<>(ConsoleClient.properties());
        props.put("vpsguard.policies.dir", policies.toString());
        // The agent's reports move the server's clock by hours: sessions outlive them.
        props.put("vpsguard.console.session-idle", "30d");
        props.put("vpsguard.console.session-max", "60d");
        server = TestServer.start(props);
        agent = ResourceAgent.enroll(server);
        ConsoleClient admin = new ConsoleClient(server);
        admin.firstLogin(PASSWORD);
        viewer = ConsoleClient.user(server, admin, "victor", "viewer", PASSWORD);
        operator = ConsoleClient.user(server, admin, "olivia", "operator", PASSWORD);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The id of the one action awaiting approval. */
    private String waiting() {
        JsonNode w = agent.get("/api/v1/actions?state=awaiting_approval");
        assertThat(w).hasSize(1);
        return w.get(0).get("action").get("id").asText();
    }

    private String stateOf(String id) {
        return server.queryString(
                "SELECT state || CASE WHEN lifted_at IS NULL THEN '' ELSE ' lifted' END"
                        + " FROM actions WHERE id = '"
                        + id
                        + "'");
    }

    private long audited(String action, String target, String detail) {
        return server.queryLong(
                "SELECT COUNT(*) FROM audit WHERE actor = 'console:olivia' AND action = '"
                        + action
                        + "' AND target = '"
                        + target
                        + "' AND detail LIKE '%"
                        + detail
                        + "%'");
    }

    private HttpResponse<String> decide(ConsoleClient who, String id, Map<String, String> form) {
        return who.postWithToken("/console/actions", "/console/actions/" + id + "/decision", form);
    }

    @Test
    void anOperatorApprovesAThrottleWithItsEvidenceAViewerOnlyReads() {
        agent.assignTenant("appr", "throttle-approve", "fr", "client@example.org");
        agent.reportFor(
                Duration.ofMinutes(30).plus(ResourceAgent.INTERVAL), 20, Use.egressMbit(150));
        String id = waiting();

        // The viewer sees the action, its evidence and clauses, and no button.
        HttpResponse<String> seen = viewer.get("/console/actions");
        assertThat(seen.statusCode()).isEqualTo(200);
        assertThat(seen.body())
                .contains("data-action-id=\"" + id + "\"")
                .contains("throttle_net")
                .contains("<dt>observed</dt><dd>150.0</dd>")
                .contains("<dt>limit</dt><dd>100.0</dd>")
                .contains("test Art. 2: 100 Mbit/s")
                .contains("test Art. 4: throttle-approve")
                .doesNotContain("value=\"approve\"")
                .doesNotContain("value=\"refuse\"");
        // A forged post from the viewer's session, with its valid token: 403, nothing changes.
        HttpResponse<String> forged =
                decide(viewer, id, Map.of("decision", "approve", "reason", "forged"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(stateOf(id)).isEqualTo("awaiting_approval");

        // The operator sees the buttons; without the CSRF token: 403.
        assertThat(operator.get("/console/actions").body())
                .contains("value=\"approve\"")
                .contains("value=\"refuse\"");
        assertThat(
                        operator.post(
                                        "/console/actions/" + id + "/decision",
                                        Map.of("decision", "approve", "reason", "ticket 42"))
                                .statusCode())
                .isEqualTo(403);
        // Malformed forms: a clear 400 naming the field, nothing changed.
        String before = server.snapshot();
        HttpResponse<String> noReason = decide(operator, id, Map.of("decision", "approve"));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("<code>reason</code>").contains("written reason");
        HttpResponse<String> badDecision =
                decide(operator, id, Map.of("decision", "maybe", "reason", "x"));
        assertThat(badDecision.statusCode()).isEqualTo(400);
        assertThat(badDecision.body()).contains("<code>decision</code>");
        assertThat(
                        decide(
                                        operator,
                                        "no-such-action",
                                        Map.of("decision", "approve", "reason", "x"))
                                .statusCode())
                .isEqualTo(404);
        assertThat(stateOf(id)).isEqualTo("awaiting_approval");
        assertThat(server.snapshot()).isEqualTo(before);

        // Approved: the action enters the host's desired state; the audit names the user.
        HttpResponse<String> ok =
                decide(operator, id, Map.of("decision", "approve", "reason", "ticket 42: bot"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("id=\"decided\"").doesNotContain("data-action-id");
        assertThat(stateOf(id)).isEqualTo("pending");
        assertThat(audited("action.approve", id, "ticket 42: bot")).isEqualTo(1);
        JsonNode reply = agent.report(20, Use.egressMbit(100));
        assertThat(ResourceAgent.action(reply, "throttle_net").get("id").asText()).isEqualTo(id);
        // Deciding it twice: 409, said on the page.
        HttpResponse<String> twice =
                decide(operator, id, Map.of("decision", "refuse", "reason", "again"));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("not awaiting approval");
    }

    @Test
    void anOperatorRefusesAnIsolationThenApprovesTheNextAndReinstatesTheGuest() {
        agent.assignTenant("mtds", "mtds-cloud", "fr", "client@example.org");
        // mtds-cloud: warn at 10 min, throttle at 30 min, isolation asked at 50 min.
        agent.reportFor(
                Duration.ofMinutes(50).plus(ResourceAgent.INTERVAL), 20, Use.egressMbit(150));
        String first = waiting();
        assertThat(viewer.get("/console/actions").body()).contains("isolate");

        HttpResponse<String> refused =
                decide(operator, first, Map.of("decision", "refuse", "reason", "backup night"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(200);
        assertThat(stateOf(first)).isEqualTo("awaiting_approval lifted");
        assertThat(audited("action.refuse", first, "backup night")).isEqualTo(1);

        // The abuse goes on: the ladder asks again an escalation period later.
        agent.reportFor(Duration.ofMinutes(20), 20, Use.egressMbit(150));
        String second = waiting();
        assertThat(second).isNotEqualTo(first);
        assertThat(
                        decide(operator, second, Map.of("decision", "approve", "reason", "bot"))
                                .statusCode())
                .isEqualTo(200);
        JsonNode reply = agent.report(20, Use.egressMbit(100));
        assertThat(ResourceAgent.action(reply, "isolate")).isNotNull();

        // The isolated guest is listed with a reinstate form for the operator only.
        String guest = agent.guestId();
        String path = "/console/actions/guests/" + guest + "/reinstate";
        assertThat(viewer.get("/console/actions").body())
                .contains("data-guest-id=\"" + guest + "\"")
                .doesNotContain("class=\"reinstate\"");
        assertThat(
                        viewer.postWithToken("/console/actions", path, Map.of("reason", "x"))
                                .statusCode())
                .isEqualTo(403);
        assertThat(operator.post(path, Map.of("reason", "reinstalled")).statusCode())
                .isEqualTo(403);
        HttpResponse<String> noReason =
                operator.postWithToken("/console/actions", path, Map.of("reason", " "));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("<code>reason</code>");
        assertThat(ResourceAgent.action(agent.report(20, Use.idle()), "isolate")).isNotNull();

        HttpResponse<String> back =
                operator.postWithToken("/console/actions", path, Map.of("reason", "reinstalled"));
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(back.body()).doesNotContain("data-guest-id=\"" + guest + "\"");
        assertThat(audited("guest.reinstate", guest, "reinstalled")).isEqualTo(1);
        assertThat(ResourceAgent.action(agent.report(20, Use.idle()), "isolate")).isNull();
        // Nothing left to reinstate: 409.
        assertThat(
                        operator.postWithToken("/console/actions", path, Map.of("reason", "again"))
                                .statusCode())
                .isEqualTo(409);
    }
}
