package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.availability.service.LedgerService;
import dev.vpsguard.server.availability.store.EpisodeRepository;
import dev.vpsguard.server.availability.store.EpisodeRow;
import dev.vpsguard.server.backup.store.BackupRows;
import dev.vpsguard.server.backup.store.CoverageRepository;
import dev.vpsguard.server.backup.store.VolumeRepository;
import dev.vpsguard.server.decision.LadderDriver;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The availability pages over plain HTTP, from seeded episodes and a closed, corrected month: the
 * tenant's current month and ledger, its CSV export with a session only, the guest's month, the
 * fleet's backup compliance, and maintenance windows declared by an operator through the form.
 */
class ConsoleAvailabilityTest {
    static final String PASSWORD = ConsoleAccessTest.NEW_PASSWORD;
    static final Instant NOW = Instant.parse("2027-03-10T00:00:00Z");

    TestServer server;
    LadderDriver agent;

    @BeforeEach
    void start() {
        server = TestServer.start(ConsoleClient.properties());
        server.clock().set(NOW);
        agent = LadderDriver.enroll(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void episode(String guestId, String state, String from, String to, String evidence) {
        server.context()
                .getBean(EpisodeRepository.class)
                .save(
                        new EpisodeRow(
                                java.util.UUID.randomUUID().toString(),
                                guestId,
                                state,
                                Instant.parse(from),
                                Instant.parse(to),
                                Instant.parse(to),
                                evidence));
    }

    /** A daily job takes the guest, and its storage holds one restore point a day for 8 days. */
    private void backedUpDaily(int vmid) {
        String host = agent.hostId();
        server.context()
                .getBean(CoverageRepository.class)
                .save(
                        new BackupRows.Coverage(
                                "c-" + vmid, host, vmid, "backup-daily", true, "pbs", "02:00"));
        VolumeRepository volumes = server.context().getBean(VolumeRepository.class);
        for (int day = 0; day < 8; day++) {
            Instant at = NOW.minus(Duration.ofDays(day)).minus(Duration.ofHours(1));
            volumes.save(
                    new BackupRows.Volume(
                            "v-" + vmid + "-" + day,
                            host,
                            "pbs",
                            "pbs:backup/vm/" + vmid + "/" + at,
                            vmid,
                            at,
                            1L << 30));
        }
    }

    @Test
    void theLedgerTheMonthAndBackupsShowAndOperatorsDeclareMaintenance() throws Exception {
        agent.report(0, 101, 102);
        agent.assignTenant(101, "acme", "unixo-cloud");
        String g101 = agent.guestId(101);
        String g102 = agent.guestId(102);
        // Another tenant's guest: the contract's figure is per tenant, so it stays out of acme.
        agent.assignTenant(102, "beta", "unixo-cloud");
        backedUpDaily(101);
        HttpResponse<String> terms =
                server.send(
                        server.admin("/api/v1/tenants/acme/sla-terms")
                                .header("Content-Type", "application/json")
                                .PUT(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"monthlyFee\":120.00,\"currency\":\"EUR\","
                                                        + "\"timeZone\":\"UTC\",\"firstMonth\":\"2027-01\"}")));
        assertThat(terms.statusCode()).as(terms.body()).isEqualTo(200);
        // February: 10 h stopped by the provider (98.51 %: 25 % credit); March: 1 h stopped by
        // the provider (counted) and 5 h by the customer (not counted).
        episode(
                g101,
                "PROVIDER_STOPPED",
                "2027-02-10T00:00:00Z",
                "2027-02-10T10:00:00Z",
                "qmstop root@pam");
        episode(
                g101,
                "PROVIDER_STOPPED",
                "2027-03-02T10:00:00Z",
                "2027-03-02T11:00:00Z",
                "qmstop root@pam");
        episode(
                g101,
                "CUSTOMER_STOPPED",
                "2027-03-03T08:00:00Z",
                "2027-03-03T13:00:00Z",
                "qmshutdown client42@pve");
        LedgerService ledger = server.context().getBean(LedgerService.class);
        ledger.close(ledger.basis("acme").orElseThrow(), YearMonth.of(2027, 2), NOW);
        ledger.correct("acme", YearMonth.of(2027, 2), "evidence reviewed", NOW);

        ConsoleClient admin = new ConsoleClient(server);
        admin.firstLogin(PASSWORD);
        ConsoleClient viewer = ConsoleClient.user(server, admin, "victor", "viewer", PASSWORD);
        ConsoleClient operator = ConsoleClient.user(server, admin, "olivia", "operator", PASSWORD);

        assertThat(viewer.get("/console/tenants/acme").body())
                .contains("href=\"/console/tenants/acme/availability\"");
        HttpResponse<String> page = viewer.get("/console/tenants/acme/availability");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        // March so far: 60 counted minutes of 44,640 (99.8656 %), 10 % of 120.00 owed.
        assertThat(page.body())
                .contains("<dd id=\"current-downtime\">60</dd>")
                .contains("<dd id=\"current-credit\">12.00 EUR</dd>")
                .contains("data-cause=\"provider_stop\" data-counted=\"true\"")
                .contains("data-cause=\"customer_stop\" data-counted=\"false\"")
                .contains("qmshutdown client42@pve")
                .contains("data-month=\"2027-02\" data-kind=\"CLOSE\"")
                .contains("data-month=\"2027-02\" data-kind=\"CORRECTION\"")
                .contains("evidence reviewed")
                .contains("30.00 (25 %)")
                .contains("open until 2027-03-31")
                .contains("href=\"/console/tenants/acme/availability/ledger.csv\"");
        assertThat(page.body().indexOf("id=\"current-percent\">99.86"))
                .as(page.body())
                .isPositive();
        assertThat(viewer.get("/console/tenants/nope/availability").statusCode()).isEqualTo(404);

        // The CSV: with the session, not without (and never with the API's token only).
        // A browser following the link accepts anything.
        HttpResponse<String> csv =
                viewer.send(
                        server.request("/console/tenants/acme/availability/ledger.csv")
                                .header("Accept", "text/html,*/*;q=0.8")
                                .GET());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(csv.body())
                .startsWith("month,kind,effective,")
                .contains("2027-02,CLOSE,false,unixo-cloud")
                .contains("2027-02,CORRECTION,true,unixo-cloud");
        HttpResponse<String> anonymous =
                HttpClient.newHttpClient()
                        .send(
                                server.request("/console/tenants/acme/availability/ledger.csv")
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isNotEqualTo(200);
        assertThat(anonymous.body()).doesNotContain("2027-02");

        // The guest's month.
        HttpResponse<String> guest = viewer.get("/console/guests/" + g101);
        assertThat(guest.statusCode()).isEqualTo(200);
        assertThat(guest.body())
                .contains("id=\"guest-percent\">99.86")
                .contains("data-cause=\"provider_stop\" data-counted=\"true\"")
                .contains("data-state=\"customer_stopped\"")
                .contains("href=\"/console/tenants/acme/availability\"");

        // Backups: 102 has no backup at all, so it is non-compliant and comes first; 101 has a
        // scheduled job and a restore point on each of the last 8 days.
        HttpResponse<String> backups = viewer.get("/console/backups");
        assertThat(backups.statusCode()).isEqualTo(200);
        String rows = backups.body();
        String bad = "data-guest-id=\"" + g102 + "\" data-compliant=\"false\"";
        String good = "data-guest-id=\"" + g101 + "\" data-compliant=\"true\"";
        assertThat(rows)
                .contains(bad)
                .contains(good)
                .contains("<td class=\"points\">0 / 7</td>")
                .contains("<td class=\"points\">7 / 7</td>")
                .contains("no recent successful backup");
        assertThat(rows.indexOf(bad)).isLessThan(rows.indexOf(good));

        // Maintenance: a viewer sees no form and is refused; a forged post is refused.
        HttpResponse<String> list = viewer.get("/console/maintenance");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("id=\"declare\"");
        Map<String, String> window =
                Map.of(
                        "hostId", "",
                        "startsAt", "2027-03-12T02:00",
                        "endsAt", "2027-03-12T03:00",
                        "reason", "kernel upgrade");
        assertThat(
                        viewer.postWithToken("/console/password", "/console/maintenance", window)
                                .statusCode())
                .isEqualTo(403);
        assertThat(operator.post("/console/maintenance", window).statusCode()).isEqualTo(403);
        assertThat(server.queryLong("SELECT COUNT(*) FROM maintenance_windows")).isZero();

        // Bad input: a clear 400 naming the field, nothing stored.
        HttpResponse<String> backwards =
                operator.postWithToken(
                        "/console/maintenance",
                        "/console/maintenance",
                        Map.of(
                                "startsAt",
                                "2027-03-12T03:00",
                                "endsAt",
                                "2027-03-12T02:00",
                                "reason",
                                "x"));
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(backwards.body()).contains("<code>endsAt</code>");
        HttpResponse<String> past =
                operator.postWithToken(
                        "/console/maintenance",
                        "/console/maintenance",
                        Map.of(
                                "startsAt",
                                "2027-03-01T02:00",
                                "endsAt",
                                "2027-03-01T03:00",
                                "reason",
                                "after the fact"));
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(past.body()).contains("<code>startsAt</code>");
        HttpResponse<String> garbled =
                operator.postWithToken(
                        "/console/maintenance",
                        "/console/maintenance",
                        Map.of(
                                "startsAt",
                                "tomorrow",
                                "endsAt",
                                "2027-03-12T03:00",
                                "reason",
                                "x"));
        assertThat(garbled.statusCode()).isEqualTo(400);
        assertThat(garbled.body()).contains("<code>startsAt</code>");
        assertThat(server.queryLong("SELECT COUNT(*) FROM maintenance_windows")).isZero();

        HttpResponse<String> declared =
                operator.postWithToken("/console/maintenance", "/console/maintenance", window);
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(200);
        assertThat(declared.body())
                .contains("Maintenance window declared.")
                .contains("kernel upgrade")
                .contains("2027-03-12T02:00:00Z");
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM audit WHERE actor = 'console:olivia'"
                                        + " AND action = 'maintenance.declare'"
                                        + " AND detail LIKE '%kernel upgrade'"))
                .isEqualTo(1);
    }
}
