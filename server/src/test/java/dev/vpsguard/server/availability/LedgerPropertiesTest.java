package dev.vpsguard.server.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/** The ledger against {@link MinuteReference} on random timelines, zones and DST months. */
class LedgerPropertiesTest {
    @Property(tries = 150)
    void ledgerMatchesTheMinuteByMinuteReference(@ForAll long seed) {
        Scenario s = Scenario.random(seed);
        LedgerEntry e =
                LedgerCalculator.month(
                        s.policy(), s.month(), s.zone(), s.outages(), s.fee(), List.of());
        MinuteReference ref = MinuteReference.of(s);
        // Shown in the report, so a generator drifting away from the interesting cases is seen.
        Statistics.label("credit %").collect(ref.creditPercent);
        Statistics.label("missed").collect(ref.missed);
        Statistics.label("long outages in month").collect(Math.min(ref.longInMonth, 3));

        assertThat(e.availability().period()).isEqualTo(Duration.ofMinutes(ref.monthMinutes));
        assertThat(e.availability().downtime()).isEqualTo(Duration.ofMinutes(ref.monthDown));
        assertThat(e.yearToDate().downtime()).isEqualTo(Duration.ofMinutes(ref.yearDown));
        assertThat(e.longestOutage()).isEqualTo(Duration.ofMinutes(ref.longestRun));
        assertThat(e.longOutages()).isEqualTo(ref.longInMonth);
        assertThat(e.longOutagesInYear()).isEqualTo(ref.longInYear);
        assertThat(e.missed()).isEqualTo(ref.missed);
        assertThat(e.creditPercent()).isEqualTo(ref.creditPercent);
        assertThat(e.credit()).isEqualTo(ref.credit);
    }

    @Property(tries = 200)
    void outagesNeverOverlapWithinAGuestAndKeepEveryDownMinute(@ForAll long seed) {
        Scenario s = Scenario.random(seed);
        s.episodes()
                .forEach(
                        (g, episodes) -> {
                            List<Outage> outages = Outages.of(g, episodes, s.windows());
                            for (int i = 1; i < outages.size(); i++) {
                                assertThat(outages.get(i).span().start())
                                        .isAfterOrEqualTo(outages.get(i - 1).span().end());
                            }
                            Duration down = Duration.ZERO;
                            for (StateEpisode e : episodes) {
                                if (e.condition() != GuestCondition.UP) {
                                    down = down.plus(e.span().duration());
                                }
                            }
                            assertThat(
                                            outages.stream()
                                                    .map(o -> o.span().duration())
                                                    .reduce(Duration.ZERO, Duration::plus))
                                    .isEqualTo(down);
                        });
    }

    /** Any sequence of closes and corrections leaves every first record exactly as written. */
    @Property(tries = 50)
    void closedMonthsNeverChange(@ForAll long seed) {
        java.util.Random r = new java.util.Random(seed);
        LedgerBook book = new LedgerBook();
        java.util.Map<java.time.YearMonth, LedgerEntry> firstWritten = new java.util.HashMap<>();
        java.time.Instant at = java.time.Instant.parse("2027-01-01T00:00:00Z");
        for (int i = 0; i < 16; i++) {
            Scenario s = Scenario.random(r.nextLong());
            java.time.YearMonth m = java.time.YearMonth.of(2026, 1 + r.nextInt(4));
            LedgerEntry e =
                    LedgerCalculator.month(
                            s.policy(), m, s.zone(), s.outages(), s.fee(), List.of());
            if (book.isClosed(m)) {
                boolean refused = false;
                try {
                    book.close(e, at);
                } catch (IllegalStateException expected) {
                    refused = true;
                }
                assertThat(refused).isTrue();
                book.correct(e, "correction " + i, at);
                assertThat(book.effective(m)).contains(e);
            } else {
                book.close(e, at);
                firstWritten.put(m, e);
            }
            firstWritten.forEach(
                    (month, entry) ->
                            assertThat(
                                            book.records().stream()
                                                    .filter(rec -> rec.month().equals(month))
                                                    .findFirst()
                                                    .orElseThrow()
                                                    .entry())
                                    .isSameAs(entry));
        }
    }
}
