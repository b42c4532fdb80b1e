package dev.vpsguard.server.availability.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.availability.LedgerBook;
import dev.vpsguard.server.availability.LedgerCalculator;
import dev.vpsguard.server.availability.LedgerEntry;
import dev.vpsguard.server.availability.Outage;
import dev.vpsguard.server.availability.OutageCause;
import dev.vpsguard.server.availability.SlaPolicies;
import dev.vpsguard.server.availability.Span;
import dev.vpsguard.server.tenant.TenantRepository;
import dev.vpsguard.server.tenant.TenantRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The ledger tables on one real database per subclass (H2 and PostgreSQL). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LedgerStorageContract {
    static final Instant T0 = Instant.parse("2026-04-02T03:00:00Z");
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    TestServer server;

    abstract Map<String, Object> datasource() throws Exception;

    void stopDatabase() throws Exception {}

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(datasource());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            server.close();
        } finally {
            stopDatabase();
        }
    }

    String newTenant() {
        String id = "t-" + UUID.randomUUID();
        server.context()
                .getBean(TenantRepository.class)
                .save(new TenantRow(id, "Acme", "ops@acme.test", "fr", "unixo-cloud", T0, T0));
        return id;
    }

    static LedgerEntry march(long downMinutes) {
        Instant s = Instant.parse("2026-03-10T10:00:00Z");
        List<Outage> outages =
                downMinutes == 0
                        ? List.of()
                        : List.of(
                                new Outage(
                                        "g1",
                                        new Span(s, s.plusSeconds(60 * downMinutes)),
                                        OutageCause.HOST_DOWN,
                                        "host pve1 silent"));
        return LedgerCalculator.month(
                SlaPolicies.forContract("unixo-cloud").orElseThrow(),
                YearMonth.of(2026, 3),
                PARIS,
                Map.of("g1", outages),
                new BigDecimal("120.00"),
                List.of());
    }

    @Test
    void aClosedMonthReadsBackWithItsFigures() {
        LedgerStore store = server.context().getBean(LedgerStore.class);
        String tenant = newTenant();
        store.close(tenant, march(45), T0);
        LedgerEntry back = store.book(tenant).effective(YearMonth.of(2026, 3)).orElseThrow();
        LedgerEntry written = march(45);
        assertThat(back.availability()).isEqualTo(written.availability());
        assertThat(back.availability().percent()).isEqualByComparingTo("99.8990");
        assertThat(back.yearToDate()).isEqualTo(written.yearToDate());
        assertThat(back.creditPercent()).isEqualTo(10);
        assertThat(back.credit()).isEqualByComparingTo("12.00");
        assertThat(back.claimDeadline()).isEqualTo(Instant.parse("2026-04-30T22:00:00Z"));
        assertThat(back.zone()).isEqualTo("Europe/Paris");
        assertThat(back.missed()).isTrue();
    }

    @Test
    void aSecondCloseIsRefusedAndACorrectionStandsBesideTheOriginal() {
        LedgerStore store = server.context().getBean(LedgerStore.class);
        String tenant = newTenant();
        store.close(tenant, march(0), T0);
        assertThatThrownBy(() -> store.close(tenant, march(500), T0.plusSeconds(1)))
                .isInstanceOf(IllegalStateException.class);
        store.correct(
                tenant,
                march(500),
                "host pve1 silence reported after the close",
                T0.plusSeconds(60));
        List<LedgerBook.Record> records = store.book(tenant).records();
        assertThat(records)
                .extracting(LedgerBook.Record::kind)
                .containsExactly(LedgerBook.Kind.CLOSE, LedgerBook.Kind.CORRECTION);
        assertThat(records.get(0).entry().availability().downtime()).isZero();
        assertThat(records.get(0).recordedAt()).isEqualTo(T0);
        assertThat(records.get(1).reason()).isEqualTo("host pve1 silence reported after the close");
        assertThat(
                        store.book(tenant)
                                .effective(YearMonth.of(2026, 3))
                                .orElseThrow()
                                .creditPercent())
                .isEqualTo(25);
    }

    @Test
    void theDatabaseRejectsASecondRowForTheSameMonthAndSeq() {
        LedgerStore store = server.context().getBean(LedgerStore.class);
        LedgerRecordRepository repo = server.context().getBean(LedgerRecordRepository.class);
        String tenant = newTenant();
        store.close(tenant, march(0), T0);
        LedgerRecordRow row = repo.ofTenant(tenant).get(0);
        LedgerRecordRow copy =
                new LedgerRecordRow(
                        UUID.randomUUID().toString(),
                        row.tenantId(),
                        row.ledgerMonth(),
                        row.seq(),
                        row.kind(),
                        row.contract(),
                        row.timeZone(),
                        row.periodSeconds(),
                        999,
                        row.availabilityPercent(),
                        row.yearPeriodSeconds(),
                        row.yearDowntimeSeconds(),
                        row.longestOutageSeconds(),
                        row.longOutages(),
                        row.longOutagesYear(),
                        row.missed(),
                        row.penaltyDue(),
                        row.creditPercent(),
                        row.monthlyFee(),
                        row.credit(),
                        row.claimDeadline(),
                        row.terminationRight(),
                        "",
                        T0);
        assertThatThrownBy(() -> repo.save(copy)).isInstanceOf(RuntimeException.class);
        assertThat(repo.ofTenant(tenant))
                .singleElement()
                .extracting(LedgerRecordRow::downtimeSeconds)
                .isEqualTo(0L);
    }

    @Test
    void slaTermsRoundTrip() {
        SlaTermsRepository terms = server.context().getBean(SlaTermsRepository.class);
        String tenant = newTenant();
        terms.save(
                new SlaTermsRow(
                        tenant, new BigDecimal("1499.90"), "EUR", "Europe/Paris", "2026-01", T0));
        SlaTermsRow back = terms.findById(tenant).orElseThrow();
        assertThat(back.monthlyFee()).isEqualByComparingTo("1499.90");
        assertThat(back.timeZone()).isEqualTo("Europe/Paris");
        assertThat(back.firstMonth()).isEqualTo("2026-01");
    }

    @Test
    void theApiShowsTheLedgerAsJsonAndCsvAndRejectsABadMonth() throws Exception {
        LedgerStore store = server.context().getBean(LedgerStore.class);
        String tenant = newTenant();
        store.close(tenant, march(45), T0);
        store.correct(tenant, march(500), "late silence, host pve1", T0.plusSeconds(60));

        java.net.http.HttpResponse<String> json =
                server.get(
                        "/api/v1/tenants/" + tenant + "/ledger?month=2026-03",
                        TestServer.ADMIN_TOKEN);
        assertThat(json.statusCode()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode rows =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.body());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("kind").asText()).isEqualTo("CLOSE");
        assertThat(rows.get(0).get("effective").asBoolean()).isFalse();
        assertThat(rows.get(0).get("creditPercent").asInt()).isEqualTo(10);
        assertThat(rows.get(1).get("effective").asBoolean()).isTrue();
        assertThat(rows.get(1).get("creditPercent").asInt()).isEqualTo(25);

        java.net.http.HttpResponse<String> csv =
                server.get("/api/v1/tenants/" + tenant + "/ledger/csv", TestServer.ADMIN_TOKEN);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1))
                .startsWith("2026-03,CLOSE,false,unixo-cloud,Europe/Paris,99.8990,2674800,2700,");
        assertThat(lines.get(2)).contains(",\"late silence, host pve1\",");

        java.net.http.HttpResponse<String> bad =
                server.get(
                        "/api/v1/tenants/" + tenant + "/ledger?month=March",
                        TestServer.ADMIN_TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestServer.error(bad).field()).isEqualTo("month");
        assertThat(server.get("/api/v1/tenants/nobody/ledger", TestServer.ADMIN_TOKEN).statusCode())
                .isEqualTo(404);
    }
}
