package dev.vpsguard.server.availability;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Applies one contract's {@link SlaPolicy} to a tenant's outages for one month. Pure: the caller
 * passes every outage since the start of the month's year (earlier ones are ignored) and the missed
 * flags of the months already in the ledger.
 */
public final class LedgerCalculator {
    private LedgerCalculator() {}

    /**
     * @param outagesByGuest every guest of the tenant in the month, with its outages
     * @param monthlyFee the tenant's monthly fee, the base of a service credit
     * @param earlierMissed the missed flags of the months before, oldest first (only the last
     *     {@code window - 1} matter)
     */
    public static LedgerEntry month(
            SlaPolicy policy,
            YearMonth month,
            ZoneId zone,
            Map<String, List<Outage>> outagesByGuest,
            BigDecimal monthlyFee,
            List<Boolean> earlierMissed) {
        Span monthSpan = Months.of(month, zone);
        Span yearSpan = Months.of(Year.of(month.getYear()), zone);
        Span yearToDate = new Span(yearSpan.start(), monthSpan.end());
        List<List<Span>> timelines = timelines(policy, outagesByGuest);

        Availability monthFigure = worst(timelines, monthSpan, monthSpan);
        Availability yearFigure = worst(timelines, yearToDate, yearSpan);

        Duration longest = Duration.ZERO;
        int longInMonth = 0;
        int longInYear = 0;
        for (List<Span> timeline : timelines) {
            for (Span incident : timeline) {
                boolean touchesMonth = !incident.clip(monthSpan).isEmpty();
                if (touchesMonth && incident.duration().compareTo(longest) > 0) {
                    longest = incident.duration();
                }
                if (policy.maxOutage() != null
                        && incident.duration().compareTo(policy.maxOutage()) > 0) {
                    if (startsIn(incident, monthSpan)) {
                        longInMonth++;
                    }
                    if (startsIn(incident, yearToDate)) {
                        longInYear++;
                    }
                }
            }
        }

        boolean missed =
                policy.basis() == SlaPolicy.Basis.MONTH
                        ? monthFigure.below(policy.targetPercent())
                        : yearFigure.below(policy.targetPercent());
        int creditPercent =
                policy.basis() == SlaPolicy.Basis.MONTH ? policy.creditPercent(monthFigure) : 0;
        BigDecimal credit =
                monthlyFee
                        .multiply(BigDecimal.valueOf(creditPercent))
                        .divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
        boolean termination = false;
        if (policy.termination() != null) {
            int window = policy.termination().window();
            List<Boolean> recent =
                    earlierMissed.subList(
                            Math.max(0, earlierMissed.size() - (window - 1)), earlierMissed.size());
            long count = recent.stream().filter(b -> b).count() + (missed ? 1 : 0);
            termination = count >= policy.termination().missed();
        }
        boolean penalty =
                policy.longOutagesBeforePenalty() > 0
                        && longInYear >= policy.longOutagesBeforePenalty();
        return new LedgerEntry(
                policy.contract(),
                month,
                zone.getId(),
                monthFigure,
                yearFigure,
                longest,
                longInMonth,
                longInYear,
                missed,
                penalty,
                creditPercent,
                monthlyFee,
                credit,
                policy.claimDays() > 0
                        ? Months.claimDeadline(month, zone, policy.claimDays())
                        : null,
                termination,
                touching(policy, outagesByGuest, monthSpan));
    }

    /** The counted downtime per scope unit: one timeline per guest, or one for the whole tenant. */
    static List<List<Span>> timelines(SlaPolicy policy, Map<String, List<Outage>> byGuest) {
        List<List<Span>> perGuest = new ArrayList<>();
        for (List<Outage> outages : byGuest.values()) {
            List<Span> spans = new ArrayList<>();
            for (Outage o : outages) {
                if (policy.counted().contains(o.cause())) {
                    spans.add(o.span());
                }
            }
            perGuest.add(Span.union(spans));
        }
        if (policy.scope() == SlaPolicy.Scope.EACH_GUEST || perGuest.isEmpty()) {
            return perGuest;
        }
        List<Span> all = perGuest.get(0);
        for (List<Span> g : perGuest.subList(1, perGuest.size())) {
            all = Span.intersect(all, g);
        }
        return List.of(all);
    }

    /** The worst unit's downtime inside {@code measured}, as a share of {@code period}. */
    private static Availability worst(List<List<Span>> timelines, Span measured, Span period) {
        Duration worst = Duration.ZERO;
        for (List<Span> t : timelines) {
            Duration d = Span.total(Span.clipAll(t, measured));
            if (d.compareTo(worst) > 0) {
                worst = d;
            }
        }
        return new Availability(period.duration(), worst);
    }

    private static boolean startsIn(Span incident, Span period) {
        return !incident.start().isBefore(period.start())
                && incident.start().isBefore(period.end());
    }

    private static List<LedgerEntry.CountedOutage> touching(
            SlaPolicy policy, Map<String, List<Outage>> byGuest, Span month) {
        List<LedgerEntry.CountedOutage> out = new ArrayList<>();
        for (List<Outage> outages : byGuest.values()) {
            for (Outage o : outages) {
                if (!o.span().clip(month).isEmpty()) {
                    out.add(new LedgerEntry.CountedOutage(o, policy.counted().contains(o.cause())));
                }
            }
        }
        out.sort(
                Comparator.comparing((LedgerEntry.CountedOutage c) -> c.outage().span().start())
                        .thenComparing(c -> c.outage().guestId()));
        return out;
    }
}
