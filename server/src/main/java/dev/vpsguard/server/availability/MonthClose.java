package dev.vpsguard.server.availability;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Which months are due to close: ended, plus a grace for late reports, and not closed yet. */
public final class MonthClose {
    private MonthClose() {}

    /**
     * @param firstMonth the tenant's first month in the ledger
     * @param book the tenant's closed months
     * @param grace how long after a month's end reports may still arrive
     */
    public static List<YearMonth> due(
            YearMonth firstMonth, LedgerBook book, ZoneId zone, Instant now, Duration grace) {
        List<YearMonth> out = new ArrayList<>();
        for (YearMonth m = firstMonth;
                !Months.of(m, zone).end().plus(grace).isAfter(now);
                m = m.plusMonths(1)) {
            if (!book.isClosed(m)) {
                out.add(m);
            }
        }
        return out;
    }
}
