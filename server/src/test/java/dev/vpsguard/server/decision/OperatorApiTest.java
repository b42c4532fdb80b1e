package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's lists: guests, blocks, requests, hosts, audit; paging, filters, views. */
class OperatorApiTest {
    private TestServer server;
    private LadderDriver agent;

    /** The database's properties; an in-memory H2 here, PostgreSQL in the subclass. */
    Map<String, Object> database() throws Exception {
        return Map.of();
    }

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(database());
        agent = LadderDriver.enroll(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) {
        return server.get(path, TestServer.ADMIN_TOKEN);
    }

    private String invalidField(String path) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(400);
        return TestServer.error(r).field();
    }

    @Test
    void guestsAreListedAndFilteredByHostTenantAndState() {
        agent.report(0, 101, 102, 103);
        JsonNode all = agent.get("/api/v1/guests");
        assertThat(all.findValuesAsText("vmid")).containsExactly("101", "102", "103");
        assertThat(agent.get("/api/v1/guests?host=" + agent.hostId())).hasSize(3);
        assertThat(agent.get("/api/v1/guests?host=other")).isEmpty();
        assertThat(agent.get("/api/v1/guests?state=running")).hasSize(3);
        assertThat(agent.get("/api/v1/guests?state=stopped")).isEmpty();
        assertThat(invalidField("/api/v1/guests?state=sleeping")).isEqualTo("state");

        server.postJson(
                "/api/v1/tenants",
                TestServer.ADMIN_TOKEN,
                "{\"id\":\"acme\",\"name\":\"Acme\",\"contactEmail\":\"ops@acme.fr\","
                        + "\"language\":\"fr\",\"contract\":\"default\"}");
        HttpResponse<String> put =
                server.send(
                        server.admin("/api/v1/guests/" + agent.guestId(102) + "/tenant")
                                .header("Content-Type", "application/json")
                                .PUT(
                                        java.net.http.HttpRequest.BodyPublishers.ofString(
                                                "{\"tenantId\":\"acme\"}")));
        assertThat(put.statusCode()).as(put.body()).isLessThan(300);
        JsonNode acme = agent.get("/api/v1/guests?tenant=acme");
        assertThat(acme.findValuesAsText("vmid")).containsExactly("102");

        // Paging: limit and offset walk the same order without gaps or repeats.
        List<String> walked = new ArrayList<>();
        for (int offset = 0; offset < 4; offset++) {
            walked.addAll(
                    agent.get("/api/v1/guests?limit=1&offset=" + offset).findValuesAsText("id"));
        }
        assertThat(walked).isEqualTo(all.findValuesAsText("id"));
    }

    @Test
    void blocksAreViewsWithEvidenceObjectsAndOneCanBeRead() {
        agent.spamUntilBlocked(101);
        String blockId = agent.activeBlockId(101);
        JsonNode list = agent.get("/api/v1/blocks");
        assertThat(list).hasSize(1);
        JsonNode evidence = list.get(0).get("evidence");
        assertThat(evidence.isObject()).as(list.toString()).isTrue();
        assertThat(list.toString()).doesNotContain("NaN");

        JsonNode one = agent.get("/api/v1/blocks/" + blockId);
        assertThat(one.get("id").asText()).isEqualTo(blockId);
        assertThat(one.get("strike").asInt()).isEqualTo(1);
        assertThat(one.get("evidence")).isEqualTo(evidence);
        assertThat(get("/api/v1/blocks/nope").statusCode()).isEqualTo(404);
        assertThat(agent.get("/api/v1/blocks?state=all")).hasSize(1);
        assertThat(agent.get("/api/v1/blocks?state=lifted")).isEmpty();
        assertThat(agent.get("/api/v1/blocks?offset=1")).isEmpty();
        assertThat(invalidField("/api/v1/blocks?state=frozen")).isEqualTo("state");
    }

    @Test
    void unblockRequestsWithoutAFilterAreAllOfThem() {
        agent.spamUntilBlocked(101);
        String blockId = agent.activeBlockId(101);
        HttpResponse<String> r = agent.requestUnblock(blockId, TestServer.ADMIN_TOKEN, "fixed");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String outcome = Agents.json(r.body()).get("outcome").asText();
        assertThat(outcome).isNotEqualTo("queued");

        assertThat(agent.get("/api/v1/unblock-requests")).hasSize(1);
        assertThat(agent.get("/api/v1/unblock-requests?outcome=" + outcome)).hasSize(1);
        assertThat(agent.get("/api/v1/unblock-requests?outcome=queued")).isEmpty();
        assertThat(agent.get("/api/v1/unblock-requests?limit=1&offset=1")).isEmpty();
        assertThat(invalidField("/api/v1/unblock-requests?outcome=maybe")).isEqualTo("outcome");
    }

    @Test
    void everyListPagesTheSameWay() {
        for (String name : List.of("b", "a", "c")) {
            server.postJson("/api/v1/hosts", TestServer.ADMIN_TOKEN, "{\"name\":\"" + name + "\"}");
        }
        JsonNode hosts = agent.get("/api/v1/hosts");
        assertThat(hosts).hasSize(4);
        assertThat(agent.get("/api/v1/hosts?limit=2&offset=2").findValuesAsText("id"))
                .isEqualTo(hosts.findValuesAsText("id").subList(2, 4));
        assertThat(agent.get("/api/v1/audit?limit=1&offset=1")).hasSize(1);
        assertThat(agent.get("/api/v1/audit?limit=1&offset=1").get(0))
                .isEqualTo(agent.get("/api/v1/audit?limit=2").get(1));
        for (String list :
                List.of(
                        "/api/v1/hosts",
                        "/api/v1/guests",
                        "/api/v1/blocks",
                        "/api/v1/unblock-requests",
                        "/api/v1/audit",
                        "/api/v1/actions",
                        "/api/v1/tenants",
                        "/api/v1/notifications")) {
            assertThat(invalidField(list + "?limit=0")).as(list).isEqualTo("limit");
            assertThat(invalidField(list + "?limit=5001")).as(list).isEqualTo("limit");
            assertThat(invalidField(list + "?offset=-1")).as(list).isEqualTo("offset");
            assertThat(invalidField(list + "?offset=x")).as(list).isEqualTo("offset");
        }
    }
}
