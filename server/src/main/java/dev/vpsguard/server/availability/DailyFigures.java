package dev.vpsguard.server.availability;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Each local day of a month with the tenant's counted downtime, as its contract measures it. */
public final class DailyFigures {
    private DailyFigures() {}

    /** One day: its date and its figure (a day of a DST change is 23 or 25 hours). */
    public record Day(LocalDate date, Availability availability) {}

    public static List<Day> of(
            SlaPolicy policy,
            YearMonth month,
            ZoneId zone,
            Map<String, List<Outage>> outagesByGuest) {
        List<List<Span>> timelines = LedgerCalculator.timelines(policy, outagesByGuest);
        List<Day> out = new ArrayList<>();
        for (int d = 1; d <= month.lengthOfMonth(); d++) {
            LocalDate date = month.atDay(d);
            Span day =
                    new Span(
                            date.atStartOfDay(zone).toInstant(),
                            date.plusDays(1).atStartOfDay(zone).toInstant());
            Duration worst = Duration.ZERO;
            for (List<Span> t : timelines) {
                Duration down = Span.total(Span.clipAll(t, day));
                worst = down.compareTo(worst) > 0 ? down : worst;
            }
            out.add(new Day(date, new Availability(day.duration(), worst)));
        }
        return out;
    }
}
