package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.EnrollRequest;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The enrolment page over plain HTTP: an admin creates a host and gets the exact enrol command,
 * whose token really enrols an agent; revoking refuses the agent; a new token enrols it again.
 */
class ConsoleEnrolmentTest {
    static final String PASSWORD = ConsoleAccessTest.NEW_PASSWORD;
    private static final Pattern COMMAND =
            Pattern.compile(
                    "<code id=\"enrol-command\">vpsguard-agent enroll --server (\\S+) --token"
                            + " ([A-Za-z0-9_-]+)</code>");

    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(ConsoleClient.properties());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private long count(String sql) {
        return server.queryLong("SELECT COUNT(*) FROM " + sql);
    }

    /** Enrols with the token of the command on {@code page}; returns the agent's credential. */
    private String enrolWithCommandOf(HttpResponse<String> page) {
        Matcher m = COMMAND.matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        URI base = server.uri("/");
        assertThat(m.group(1)).isEqualTo(base.getScheme() + "://" + base.getAuthority());
        HttpResponse<String> enrolled =
                server.postJson(
                        "/api/v1/enroll",
                        null,
                        ProtocolJson.write(new EnrollRequest(m.group(2), "pve-new", "test")));
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(200);
        return Agents.json(enrolled.body()).get("credential").asText();
    }

    private int report(String hostId, String credential, long seq) {
        return server.postJson(
                        "/api/v1/reports",
                        credential,
                        Agents.reportJson(hostId, seq, server.clock().instant()))
                .statusCode();
    }

    @Test
    void anAdminCreatesAHostCopiesTheCommandRevokesItAndIssuesANewToken() {
        ConsoleClient admin = new ConsoleClient(server);
        admin.firstLogin(PASSWORD);
        ConsoleClient viewer = ConsoleClient.user(server, admin, "victor", "viewer", PASSWORD);
        ConsoleClient operator = ConsoleClient.user(server, admin, "olivia", "operator", PASSWORD);

        // Admins only: the page, its link, its forms.
        assertThat(viewer.get("/console/enrolment").statusCode()).isEqualTo(403);
        assertThat(operator.get("/console/enrolment").statusCode()).isEqualTo(403);
        assertThat(operator.get("/console/fleet").body()).doesNotContain("/console/enrolment");
        assertThat(admin.get("/console/fleet").body()).contains("href=\"/console/enrolment\"");
        assertThat(
                        operator.postWithToken(
                                        "/console/fleet",
                                        "/console/enrolment",
                                        Map.of("name", "forged"))
                                .statusCode())
                .isEqualTo(403);
        assertThat(admin.post("/console/enrolment", Map.of("name", "no-token")).statusCode())
                .isEqualTo(403);
        HttpResponse<String> noName =
                admin.postWithToken("/console/enrolment", "/console/enrolment", Map.of());
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(noName.body()).contains("<code>name</code>");
        assertThat(count("hosts")).isZero();

        // Created: the token and the exact command, shown once; the token enrols an agent.
        HttpResponse<String> created =
                admin.postWithToken(
                        "/console/enrolment", "/console/enrolment", Map.of("name", "pve-new"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String hostId = server.queryString("SELECT id FROM hosts WHERE name = 'pve-new'");
        assertThat(count("audit WHERE actor = 'console:admin' AND action = 'host.create'"))
                .isEqualTo(1);
        assertThat(created.body()).contains("waiting for its agent");
        String credential = enrolWithCommandOf(created);
        assertThat(admin.get("/console/enrolment").body())
                .doesNotContain("enrol-command")
                .contains(">enrolled<");
        assertThat(report(hostId, credential, 1)).isEqualTo(200);

        // Revoking needs the box ticked, and an admin.
        String revoke = "/console/enrolment/" + hostId + "/revoke";
        HttpResponse<String> unticked = admin.postWithToken("/console/enrolment", revoke, Map.of());
        assertThat(unticked.statusCode()).isEqualTo(400);
        assertThat(unticked.body()).contains("<code>confirm</code>");
        assertThat(
                        operator.postWithToken("/console/fleet", revoke, Map.of("confirm", "yes"))
                                .statusCode())
                .isEqualTo(403);
        assertThat(report(hostId, credential, 2)).isEqualTo(200);

        HttpResponse<String> revoked =
                admin.postWithToken("/console/enrolment", revoke, Map.of("confirm", "yes"));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.body()).contains(">revoked<");
        assertThat(
                        count(
                                "audit WHERE actor = 'console:admin' AND action = 'host.revoke'"
                                        + " AND target = '"
                                        + hostId
                                        + "'"))
                .isEqualTo(1);
        assertThat(report(hostId, credential, 3)).isEqualTo(401);
        assertThat(
                        admin.postWithToken("/console/enrolment", revoke, Map.of("confirm", "yes"))
                                .statusCode())
                .isEqualTo(409);

        // A new one-time token enrols the host again.
        HttpResponse<String> again =
                admin.postWithToken(
                        "/console/enrolment", "/console/enrolment/" + hostId + "/token", Map.of());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        String second = enrolWithCommandOf(again);
        assertThat(report(hostId, second, 3)).isEqualTo(200);
        assertThat(report(hostId, credential, 4)).isEqualTo(401);
    }
}
