package dev.vpsguard.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthTest {
    static TestServer server;
    static Agents.Enrolled alpha;
    static Agents.Enrolled beta;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        alpha = Agents.enroll(server, "alpha");
        beta = Agents.enroll(server, "beta");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> report(String token, String hostId) {
        return server.postJson(
                "/api/v1/reports", token, Agents.reportJson(hostId, 1, server.clock().instant()));
    }

    @Test
    void reportWithoutTokenIs401() {
        HttpResponse<String> r = report(null, alpha.hostId());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(TestServer.error(r).error()).isEqualTo("unauthorized");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void reportWithUnknownTokenIs401() {
        HttpResponse<String> r = report("not-a-real-credential-xxxxxxxxxxxxxxx", alpha.hostId());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(TestServer.error(r).error()).isEqualTo("unauthorized");
    }

    @Test
    void reportForAnotherHostIs403AndStoresNothing() {
        String before = server.snapshot();
        HttpResponse<String> r = report(beta.credential(), alpha.hostId());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(TestServer.error(r).error()).isEqualTo("forbidden");
        assertThat(server.snapshot()).isEqualTo(before);
    }

    @Test
    void hostCredentialCannotUseAdminApi() {
        HttpResponse<String> r = server.get("/api/v1/hosts", alpha.credential());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(TestServer.error(r).error()).isEqualTo("forbidden");
    }

    @Test
    void adminTokenCannotPostReports() {
        HttpResponse<String> r = report(TestServer.ADMIN_TOKEN, alpha.hostId());
        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void adminTokenReadsHosts() {
        HttpResponse<String> r = server.get("/api/v1/hosts", TestServer.ADMIN_TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Agents.json(r.body()).findValuesAsText("name")).contains("alpha", "beta");
        assertThat(r.body()).doesNotContain("Hash").doesNotContain("hash");
    }

    @Test
    void healthIsPublicAndShowsItsDetailsOnlyWithAToken() {
        HttpResponse<String> r = server.send(server.request("/health").GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body())
                .contains("\"status\":\"UP\"")
                .doesNotContain("jdbc")
                .doesNotContain("diskSpace")
                .doesNotContain("\"details\":{");
        HttpResponse<String> unknown = server.get("/health", "not-a-known-token-0123456789");
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(unknown.body()).doesNotContain("jdbc");
        HttpResponse<String> admin = server.get("/health", server.token("viewer"));
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
        assertThat(admin.body())
                .contains("\"status\":\"UP\"")
                .contains("jdbc")
                .contains("diskSpace");
    }

    @Test
    void onlyHashesOfSecretsAreStored() {
        String rows = server.snapshot();
        assertThat(rows).doesNotContain(TestServer.ADMIN_TOKEN).doesNotContain(alpha.credential());
        assertThat(rows).contains(SecretToken.hash(alpha.credential()));
    }

    @Test
    void reportSentByOwnHostIsAccepted() {
        HttpResponse<String> r =
                server.postJson(
                        "/api/v1/reports",
                        alpha.credential(),
                        Agents.reportJson(alpha.hostId(), 100, Instant.now()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
