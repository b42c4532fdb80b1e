package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.decision.LadderDriver;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tenants and contracts pages over plain HTTP: tenants with contact, language and contract; a
 * contract clause by clause in its own words; guest assignment by an admin, audited.
 */
class ConsoleTenantsTest {
    static final String PASSWORD = ConsoleAccessTest.NEW_PASSWORD;

    TestServer server;
    LadderDriver agent;

    @BeforeEach
    void start() {
        server = TestServer.start(ConsoleClient.properties());
        agent = LadderDriver.enroll(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String tenantOf(String guestId) {
        return server.queryString("SELECT tenant_id FROM guests WHERE id = '" + guestId + "'");
    }

    @Test
    void tenantsAndContractsReadClauseByClauseAndAnAdminAssignsGuests() {
        agent.report(0, 101, 102);
        agent.assignTenant(101, "acme", "powerpos-vps");
        String g101 = agent.guestId(101);
        String g102 = agent.guestId(102);
        ConsoleClient admin = new ConsoleClient(server);
        admin.firstLogin(PASSWORD);
        ConsoleClient viewer = ConsoleClient.user(server, admin, "victor", "viewer", PASSWORD);
        ConsoleClient operator = ConsoleClient.user(server, admin, "olivia", "operator", PASSWORD);

        HttpResponse<String> list = viewer.get("/console/tenants");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body())
                .contains("data-tenant-id=\"acme\"")
                .contains("client@example.org")
                .contains("href=\"/console/contracts/powerpos-vps\"")
                .contains("href=\"/console/contracts/default\"");

        // The tenant page: its guest, its contract clause by clause, no assignment for a viewer.
        HttpResponse<String> page = viewer.get("/console/tenants/acme");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("data-guest-id=\"" + g101 + "\"")
                .doesNotContain("data-guest-id=\"" + g102 + "\"")
                .contains("POWER POS - location de VPS")
                .contains("<td class=\"clause\">POWER POS - location de VPS, article 12.5</td>")
                .contains("<td class=\"clause\">POWER POS - location de VPS, article 7.3</td>")
                .contains("Strike ladder")
                .contains("&gt; 500 Mbit/s, 10 min, ≥ 100 Mbit/s")
                .doesNotContain("id=\"assign\"")
                .doesNotContain("class=\"remove\"");
        HttpResponse<String> contract = viewer.get("/console/contracts/mtds-cloud");
        assertThat(contract.statusCode()).isEqualTo(200);
        assertThat(contract.body()).contains("class=\"clause\"").contains("mtds");
        assertThat(viewer.get("/console/contracts/nope").statusCode()).isEqualTo(404);
        assertThat(viewer.get("/console/tenants/nope").statusCode()).isEqualTo(404);

        // Assignment: admins only, with the CSRF token, and a guest chosen.
        String assign = "/console/tenants/acme/guests";
        assertThat(
                        operator.postWithToken("/console/tenants", assign, Map.of("guestId", g102))
                                .statusCode())
                .isEqualTo(403);
        assertThat(admin.post(assign, Map.of("guestId", g102)).statusCode()).isEqualTo(403);
        HttpResponse<String> none =
                admin.postWithToken("/console/tenants/acme", assign, Map.of("guestId", ""));
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("<code>guestId</code>");
        assertThat(
                        admin.postWithToken(
                                        "/console/tenants/acme", assign, Map.of("guestId", "nope"))
                                .statusCode())
                .isEqualTo(404);
        assertThat(tenantOf(g102)).isNull();

        HttpResponse<String> adminPage = admin.get("/console/tenants/acme");
        assertThat(adminPage.body())
                .contains("id=\"assign\"")
                .contains("<option value=\"" + g102 + "\">");
        HttpResponse<String> assigned =
                admin.postWithToken("/console/tenants/acme", assign, Map.of("guestId", g102));
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.body()).contains("data-guest-id=\"" + g102 + "\"");
        assertThat(tenantOf(g102)).isEqualTo("acme");
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM audit WHERE actor = 'console:admin'"
                                        + " AND action = 'guest.tenant' AND target = '"
                                        + g102
                                        + "' AND detail = 'tenant null -> acme'"))
                .isEqualTo(1);

        // Removing a guest: the default contract applies; twice is a conflict.
        String remove = "/console/tenants/acme/guests/" + g101 + "/remove";
        HttpResponse<String> removed =
                admin.postWithToken("/console/tenants/acme", remove, Map.of());
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(tenantOf(g101)).isNull();
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM audit WHERE actor = 'console:admin'"
                                        + " AND action = 'guest.tenant' AND detail = 'tenant acme"
                                        + " -> null'"))
                .isEqualTo(1);
        assertThat(admin.postWithToken("/console/tenants/acme", remove, Map.of()).statusCode())
                .isEqualTo(409);
    }
}
