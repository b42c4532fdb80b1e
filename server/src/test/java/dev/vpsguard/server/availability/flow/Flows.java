package dev.vpsguard.server.availability.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** The API calls the availability flows share: a unixo tenant, its guest, its month, its ledger. */
final class Flows {
    private Flows() {}

    /** Tenant {@code acme} under unixo-cloud, 120.00 EUR a month, Paris time, from 2027-02. */
    static void unixoTenant(TestServer server) {
        ok(
                server.postJson(
                        "/api/v1/tenants",
                        TestServer.ADMIN_TOKEN,
                        "{\"id\":\"acme\",\"name\":\"Acme\",\"contactEmail\":\"ops@acme.test\","
                                + "\"language\":\"fr\",\"contract\":\"unixo-cloud\"}"),
                201);
        ok(
                put(
                        server,
                        "/api/v1/tenants/acme/sla-terms",
                        "{\"monthlyFee\":120.00,\"currency\":\"EUR\",\"timeZone\":\"Europe/Paris\","
                                + "\"firstMonth\":\"2027-02\"}"),
                200);
    }

    /** The id of the first guest the server knows on {@code hostId}. */
    static String firstGuest(TestServer server, String hostId) {
        return Agents.json(
                        server.get("/api/v1/guests?hostId=" + hostId, TestServer.ADMIN_TOKEN)
                                .body())
                .get(0)
                .get("id")
                .asText();
    }

    /** Assigns the guest to tenant {@code acme}. */
    static void assign(TestServer server, String guestId) {
        ok(put(server, "/api/v1/guests/" + guestId + "/tenant", "{\"tenantId\":\"acme\"}"), 200);
    }

    /** The guest's February 2027 in Paris time, as the API shows it. */
    static JsonNode february(TestServer server, String guestId) {
        return Agents.json(
                server.get(
                                "/api/v1/guests/"
                                        + guestId
                                        + "/availability?month=2027-02&zone=Europe/Paris",
                                TestServer.ADMIN_TOKEN)
                        .body());
    }

    /** The seconds of each outage state in a month. */
    static Map<String, Long> secondsByState(JsonNode month) {
        Map<String, Long> byState = new HashMap<>();
        month.get("outages")
                .forEach(
                        o ->
                                byState.merge(
                                        o.get("state").asText(),
                                        o.get("seconds").asLong(),
                                        Long::sum));
        return byState;
    }

    /** The tenant's ledger records. */
    static JsonNode ledger(TestServer server) {
        return Agents.json(
                server.get("/api/v1/tenants/acme/ledger", TestServer.ADMIN_TOKEN).body());
    }

    static HttpResponse<String> put(TestServer server, String path, String body) {
        return server.send(
                server.admin(path)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    static void ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    }
}
