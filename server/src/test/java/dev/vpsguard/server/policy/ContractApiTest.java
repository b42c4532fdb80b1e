package dev.vpsguard.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contracts API shows the policies the server loaded at startup, read-only. */
class ContractApiTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void listsEveryLoadedContract() {
        HttpResponse<String> r = server.get("/api/v1/contracts", server.token("viewer"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        Agents.json(r.body()).forEach(c -> ids.add(c.get("contract").asText()));
        assertThat(ids).contains("default", "powerpos-vps", "unixo-cloud", "mtds-cloud").isSorted();
    }

    @Test
    void showsAContractsLadderWithItsClauses() {
        HttpResponse<String> r =
                server.get("/api/v1/contracts/powerpos-vps", TestServer.ADMIN_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode ladder = Agents.json(r.body()).get("ladder");
        assertThat(ladder.get("refusalRung").asInt()).isEqualTo(3);
        assertThat(ladder.get("strikeMemory").asText()).isEqualTo("PT8760H");
        JsonNode first = ladder.get("rungs").get(0);
        assertThat(first.get("minDuration").asText()).isEqualTo("PT1H");
        assertThat(first.get("unblock").asText()).isEqualTo("ON_REQUEST");
        assertThat(first.get("clause").asText())
                .isEqualTo("POWER POS - location de VPS, Article 8");
        assertThat(Agents.json(r.body()).get("spam").toString())
                .contains("POWER POS - location de VPS, Article 8, article 7.6");
    }

    @Test
    void anUnknownContractIs404WithAJsonBody() {
        HttpResponse<String> r = server.get("/api/v1/contracts/nope", TestServer.ADMIN_TOKEN);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(TestServer.error(r).message()).contains("nope");
    }

    @Test
    void needsAToken() {
        assertThat(server.send(server.request("/api/v1/contracts")).statusCode()).isEqualTo(401);
    }
}
