package dev.vpsguard.server.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Worked examples of the contracts' clauses, figures checked by hand. */
class LedgerExamplesTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final SlaPolicy UNIXO = SlaPolicies.forContract("unixo-cloud").orElseThrow();
    static final SlaPolicy MTDS = SlaPolicies.forContract("mtds-cloud").orElseThrow();
    static final SlaPolicy MICRO = SlaPolicies.forContract("micro-info").orElseThrow();

    static Outage down(String guest, String start, long minutes, OutageCause cause) {
        Instant s = Instant.parse(start);
        return new Outage(guest, new Span(s, s.plus(Duration.ofMinutes(minutes))), cause, "test");
    }

    static LedgerEntry unixo(YearMonth m, Outage... outages) {
        return LedgerCalculator.month(
                UNIXO,
                m,
                PARIS,
                Map.of("g1", List.of(outages)),
                new BigDecimal("120.00"),
                List.of());
    }

    @Test
    void parisMonthsFollowDaylightSaving() {
        assertThat(Months.of(YearMonth.of(2026, 3), PARIS).duration())
                .isEqualTo(Duration.ofHours(743));
        assertThat(Months.of(YearMonth.of(2026, 10), PARIS).duration())
                .isEqualTo(Duration.ofHours(745));
        assertThat(Months.of(YearMonth.of(2026, 3), PARIS).start())
                .isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
    }

    @Test
    void unixoCreditTiersAtTheirBoundaries() {
        // March 2026 in Paris: 743 h; 0.1 % is 44.58 min, 1 % is 445.8 min.
        YearMonth march = YearMonth.of(2026, 3);
        assertThat(
                        unixo(march, down("g1", "2026-03-10T10:00:00Z", 44, OutageCause.HOST_DOWN))
                                .creditPercent())
                .isZero();
        LedgerEntry ten =
                unixo(march, down("g1", "2026-03-10T10:00:00Z", 45, OutageCause.HOST_DOWN));
        assertThat(ten.creditPercent()).isEqualTo(10);
        assertThat(ten.credit()).isEqualByComparingTo("12.00");
        assertThat(ten.availability().percent()).isEqualByComparingTo("99.8990");
        assertThat(
                        unixo(march, down("g1", "2026-03-10T10:00:00Z", 445, OutageCause.HOST_DOWN))
                                .creditPercent())
                .isEqualTo(10);
        LedgerEntry quarter =
                unixo(march, down("g1", "2026-03-10T10:00:00Z", 446, OutageCause.HOST_DOWN));
        assertThat(quarter.creditPercent()).isEqualTo(25);
        assertThat(quarter.credit()).isEqualByComparingTo("30.00");
    }

    @Test
    void customerStopsAndMaintenanceDoNotCountForUnixo() {
        LedgerEntry e =
                unixo(
                        YearMonth.of(2026, 3),
                        down("g1", "2026-03-02T10:00:00Z", 600, OutageCause.CUSTOMER_STOP),
                        down("g1", "2026-03-03T10:00:00Z", 600, OutageCause.MAINTENANCE));
        assertThat(e.availability().downtime()).isZero();
        assertThat(e.outages())
                .extracting(LedgerEntry.CountedOutage::counted)
                .containsExactly(false, false);
    }

    @Test
    void unixoTenantIsDownOnlyWhileAllItsGuestsAre() {
        LedgerEntry e =
                LedgerCalculator.month(
                        UNIXO,
                        YearMonth.of(2026, 3),
                        PARIS,
                        Map.of(
                                "g1",
                                        List.of(
                                                down(
                                                        "g1",
                                                        "2026-03-10T10:00:00Z",
                                                        120,
                                                        OutageCause.HOST_DOWN)),
                                "g2",
                                        List.of(
                                                down(
                                                        "g2",
                                                        "2026-03-10T11:00:00Z",
                                                        120,
                                                        OutageCause.HOST_DOWN))),
                        new BigDecimal("100"),
                        List.of());
        assertThat(e.availability().downtime()).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void claimWindowEndsThirtyLocalDaysAfterTheMonth() {
        LedgerEntry e =
                unixo(
                        YearMonth.of(2026, 3),
                        down("g1", "2026-03-10T10:00:00Z", 60, OutageCause.HOST_DOWN));
        assertThat(e.claimDeadline()).isEqualTo(Instant.parse("2026-04-30T22:00:00Z"));
        assertThat(e.claimOpen(Instant.parse("2026-04-30T21:59:59Z"))).isTrue();
        assertThat(e.claimOpen(Instant.parse("2026-04-30T22:00:00Z"))).isFalse();
    }

    @Test
    void mtdsCountsMaintenanceAndLongOutagesOverTheYear() {
        List<Outage> outages = new ArrayList<>();
        for (int month = 1; month <= 4; month++) {
            outages.add(
                    down("g1", "2026-0" + month + "-05T10:00:00Z", 61, OutageCause.MAINTENANCE));
        }
        Map<String, List<Outage>> byGuest = Map.of("g1", outages);
        LedgerEntry march =
                LedgerCalculator.month(
                        MTDS, YearMonth.of(2026, 3), PARIS, byGuest, BigDecimal.TEN, List.of());
        assertThat(march.longOutages()).isEqualTo(1);
        assertThat(march.longOutagesInYear()).isEqualTo(3);
        assertThat(march.penaltyDue()).isFalse();
        // 183 minutes by the end of March: more than the 52 minutes a year allows.
        assertThat(march.missed()).isTrue();
        assertThat(march.creditPercent()).isZero();
        LedgerEntry april =
                LedgerCalculator.month(
                        MTDS, YearMonth.of(2026, 4), PARIS, byGuest, BigDecimal.TEN, List.of());
        assertThat(april.longOutagesInYear()).isEqualTo(4);
        assertThat(april.penaltyDue()).isTrue();
        assertThat(march.longestOutage()).isEqualTo(Duration.ofMinutes(61));
    }

    @Test
    void mtdsYearAllowsFiftyTwoMinutes() {
        Map<String, List<Outage>> byGuest =
                Map.of(
                        "g1",
                        List.of(down("g1", "2026-06-05T10:00:00Z", 52, OutageCause.HOST_DOWN)));
        assertThat(
                        LedgerCalculator.month(
                                        MTDS,
                                        YearMonth.of(2026, 6),
                                        PARIS,
                                        byGuest,
                                        BigDecimal.TEN,
                                        List.of())
                                .missed())
                .isFalse();
        byGuest =
                Map.of(
                        "g1",
                        List.of(down("g1", "2026-06-05T10:00:00Z", 53, OutageCause.HOST_DOWN)));
        assertThat(
                        LedgerCalculator.month(
                                        MTDS,
                                        YearMonth.of(2026, 6),
                                        PARIS,
                                        byGuest,
                                        BigDecimal.TEN,
                                        List.of())
                                .missed())
                .isTrue();
    }

    @Test
    void microInfoTerminationAfterThreeMissesInSixMonths() {
        LedgerBook book = new LedgerBook();
        Instant at = Instant.parse("2026-09-01T00:00:00Z");
        boolean[] misses = {true, false, false, true, false, true};
        LedgerEntry last = null;
        for (int i = 0; i < misses.length; i++) {
            YearMonth m = YearMonth.of(2026, 1 + i);
            List<Outage> o =
                    misses[i]
                            ? List.of(
                                    down(
                                            "g1",
                                            m.atDay(10) + "T10:00:00Z",
                                            120,
                                            OutageCause.HOST_DOWN))
                            : List.of();
            last =
                    LedgerCalculator.month(
                            MICRO,
                            m,
                            PARIS,
                            Map.of("g1", o),
                            BigDecimal.TEN,
                            book.missedBefore(m, 5));
            book.close(last, at);
            assertThat(last.terminationRight()).isEqualTo(i == 5);
        }
        // July: January leaves the window, so two misses remain.
        YearMonth july = YearMonth.of(2026, 7);
        LedgerEntry e =
                LedgerCalculator.month(
                        MICRO,
                        july,
                        PARIS,
                        Map.of("g1", List.of()),
                        BigDecimal.TEN,
                        book.missedBefore(july, 5));
        assertThat(e.terminationRight()).isFalse();
    }

    @Test
    void aClosedMonthIsCorrectedBesideItsOriginal() {
        LedgerBook book = new LedgerBook();
        LedgerEntry original = unixo(YearMonth.of(2026, 3));
        LedgerEntry corrected =
                unixo(
                        YearMonth.of(2026, 3),
                        down("g1", "2026-03-10T10:00:00Z", 60, OutageCause.HOST_DOWN));
        Instant at = Instant.parse("2026-04-02T00:00:00Z");
        book.close(original, at);
        assertThatThrownBy(() -> book.close(corrected, at))
                .hasMessageContaining("2026-03 is closed");
        assertThatThrownBy(() -> book.correct(corrected, " ", at)).hasMessageContaining("reason");
        book.correct(corrected, "host silence reported late", at.plusSeconds(60));
        assertThat(book.records())
                .extracting(LedgerBook.Record::kind)
                .containsExactly(LedgerBook.Kind.CLOSE, LedgerBook.Kind.CORRECTION);
        assertThat(book.records().get(0).entry()).isSameAs(original);
        assertThat(book.effective(YearMonth.of(2026, 3))).contains(corrected);
    }

    @Test
    void monthsCloseAfterTheirEndAndAGrace() {
        LedgerBook book = new LedgerBook();
        Duration grace = Duration.ofHours(6);
        assertThat(
                        MonthClose.due(
                                YearMonth.of(2026, 2),
                                book,
                                PARIS,
                                Instant.parse("2026-04-01T03:59:59Z"),
                                grace))
                .containsExactly(YearMonth.of(2026, 2));
        assertThat(
                        MonthClose.due(
                                YearMonth.of(2026, 2),
                                book,
                                PARIS,
                                Instant.parse("2026-04-01T04:00:00Z"),
                                grace))
                .containsExactly(YearMonth.of(2026, 2), YearMonth.of(2026, 3));
        book.close(unixo(YearMonth.of(2026, 2)), Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(
                        MonthClose.due(
                                YearMonth.of(2026, 2),
                                book,
                                PARIS,
                                Instant.parse("2026-04-01T04:00:00Z"),
                                grace))
                .containsExactly(YearMonth.of(2026, 3));
    }

    @Test
    void maintenanceWindowsSplitProviderDowntimeButNotCustomerStops() {
        Instant t = Instant.parse("2026-03-10T10:00:00Z");
        MaintenanceWindow w =
                new MaintenanceWindow(new Span(t.plusSeconds(600), t.plusSeconds(1200)), "kernel");
        List<Outage> o =
                Outages.of(
                        "g1",
                        List.of(
                                new StateEpisode(
                                        new Span(t, t.plusSeconds(1800)),
                                        GuestCondition.HOST_DOWN,
                                        "host h1 down"),
                                new StateEpisode(
                                        new Span(t.plusSeconds(1800), t.plusSeconds(3600)),
                                        GuestCondition.CUSTOMER_STOPPED,
                                        "UPID stop by alice@pve")),
                        List.of(
                                w,
                                new MaintenanceWindow(
                                        new Span(t.plusSeconds(1800), t.plusSeconds(2400)),
                                        "other")));
        assertThat(o)
                .extracting(Outage::cause)
                .containsExactly(
                        OutageCause.HOST_DOWN,
                        OutageCause.MAINTENANCE,
                        OutageCause.HOST_DOWN,
                        OutageCause.CUSTOMER_STOP);
        assertThat(o.get(1).evidence()).isEqualTo("maintenance: kernel; host h1 down");
    }
}
