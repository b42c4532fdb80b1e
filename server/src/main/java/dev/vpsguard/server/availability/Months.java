package dev.vpsguard.server.availability;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * Months and years in the tenant's time zone: a month runs from local midnight on its first day to
 * local midnight on the next month's first day, so a month with a daylight saving change is an hour
 * shorter or longer than its days times 24 h.
 */
public final class Months {
    private Months() {}

    public static Span of(YearMonth month, ZoneId zone) {
        return new Span(start(month.atDay(1), zone), start(month.plusMonths(1).atDay(1), zone));
    }

    public static Span of(Year year, ZoneId zone) {
        return new Span(start(year.atDay(1), zone), start(year.plusYears(1).atDay(1), zone));
    }

    /**
     * The last instant at which a claim for {@code month} may be made: its end plus {@code days}
     * local days.
     */
    public static Instant claimDeadline(YearMonth month, ZoneId zone, int days) {
        return start(month.plusMonths(1).atDay(1).plusDays(days), zone);
    }

    /** The month (in {@code zone}) that holds {@code t}. */
    public static YearMonth containing(Instant t, ZoneId zone) {
        return YearMonth.from(t.atZone(zone));
    }

    // atStartOfDay handles zones whose midnight is skipped by a DST change.
    private static Instant start(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }
}
