package dev.vpsguard.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.EnrollRequest;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EnrollmentTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("vpsguard.enrollment.token-ttl", "2h"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> enroll(String token) {
        return server.postJson(
                "/api/v1/enroll",
                null,
                ProtocolJson.write(new EnrollRequest(token, "pve1", "0.1")));
    }

    @Test
    void createdHostGetsATokenThatExpiresAfterTheConfiguredTtl() {
        Instant now = server.clock().instant();
        JsonNode created = Agents.createHost(server, "ttl");
        assertThat(Instant.parse(created.get("expiresAt").asText()))
                .isEqualTo(now.plus(Duration.ofHours(2)));
        assertThat(created.get("enrollmentToken").asText()).hasSize(43);
    }

    @Test
    void enrolmentTokenWorksOnce() {
        String token = Agents.createHost(server, "once").get("enrollmentToken").asText();
        HttpResponse<String> first = enroll(token);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(Agents.json(first.body()).get("credential").asText()).hasSize(43);

        String before = server.snapshot();
        HttpResponse<String> second = enroll(token);
        assertThat(second.statusCode()).isEqualTo(401);
        assertThat(TestServer.error(second).error()).isEqualTo("unauthorized");
        assertThat(server.snapshot()).isEqualTo(before);
    }

    @Test
    void enrolmentTokenFailsAfterExpiry() {
        String token = Agents.createHost(server, "late").get("enrollmentToken").asText();
        server.clock().advance(Duration.ofHours(2));
        try {
            HttpResponse<String> r = enroll(token);
            assertThat(r.statusCode()).isEqualTo(401);
        } finally {
            server.clock().advance(Duration.ofHours(-2));
        }
        // Still valid one second before expiry (the clock is back).
        assertThat(enroll(token).statusCode()).isEqualTo(200);
    }

    @Test
    void enrolmentWithoutTokenNamesTheField() {
        HttpResponse<String> r = server.postJson("/api/v1/enroll", null, "{\"hostname\":\"pve1\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.error(r).field()).isEqualTo("token");
    }

    @Test
    void malformedEnrolmentIs400() {
        HttpResponse<String> r = server.postJson("/api/v1/enroll", null, "{nope");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.error(r).error()).isEqualTo("invalid_field");
    }

    @Test
    void createHostRequiresAName() {
        HttpResponse<String> r =
                server.postJson("/api/v1/hosts", TestServer.ADMIN_TOKEN, "{\"name\":\"  \"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.error(r).field()).isEqualTo("name");
    }

    @Test
    void hostCreationAndEnrolmentAreAudited() {
        Agents.Enrolled host = Agents.enroll(server, "audited");
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM audit WHERE target = '"
                                        + host.hostId()
                                        + "' AND action IN ('host.create', 'host.enroll')"))
                .isEqualTo(2);
    }
}
