package dev.vpsguard.server.availability;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The straightforward computation the ledger is checked against: walk the scenario minute by
 * minute, ask each guest's episode and the maintenance windows directly, and classify every minute
 * into its local month with {@code atZone}. Shares no code with the ledger beyond the policy data.
 */
final class MinuteReference {
    long monthMinutes;
    long monthDown;
    long yearDown;
    long longestRun;
    int longInMonth;
    int longInYear;
    boolean missed;
    int creditPercent;
    BigDecimal credit;

    static MinuteReference of(Scenario s) {
        MinuteReference ref = new MinuteReference();
        int n = (int) Duration.between(s.from(), s.to()).toMinutes();
        List<boolean[]> units = new ArrayList<>();
        boolean[] inWindow = new boolean[n];
        for (MaintenanceWindow w : s.windows()) {
            for (int m = 0; m < n; m++) {
                Instant t = s.from().plusSeconds(60L * m);
                inWindow[m] |= !t.isBefore(w.span().start()) && t.isBefore(w.span().end());
            }
        }
        for (List<StateEpisode> episodes : s.episodes().values()) {
            boolean[] down = new boolean[n];
            for (StateEpisode e : episodes) {
                int first = minute(s, e.span().start());
                int last = minute(s, e.span().end());
                for (int m = first; m < last; m++) {
                    down[m] = counted(s, e.condition(), inWindow[m]);
                }
            }
            units.add(down);
        }
        if (s.policy().scope() == SlaPolicy.Scope.ALL_GUESTS) {
            boolean[] all = new boolean[n];
            for (int m = 0; m < n; m++) {
                boolean a = true;
                for (boolean[] u : units) {
                    a &= u[m];
                }
                all[m] = a;
            }
            units = List.of(all);
        }
        YearMonth[] monthOf = new YearMonth[n];
        for (int m = 0; m < n; m++) {
            monthOf[m] = YearMonth.from(s.from().plusSeconds(60L * m).atZone(s.zone()));
            if (monthOf[m].equals(s.month())) {
                ref.monthMinutes++;
            }
        }
        long maxMinutes =
                s.policy().maxOutage() == null
                        ? Long.MAX_VALUE
                        : s.policy().maxOutage().toMinutes();
        for (boolean[] down : units) {
            long md = 0;
            long yd = 0;
            for (int m = 0; m < n; m++) {
                if (down[m] && monthOf[m].equals(s.month())) {
                    md++;
                }
                if (down[m] && inYearToDate(monthOf[m], s.month())) {
                    yd++;
                }
            }
            ref.monthDown = Math.max(ref.monthDown, md);
            ref.yearDown = Math.max(ref.yearDown, yd);
            for (int m = 0; m < n; ) {
                if (!down[m]) {
                    m++;
                    continue;
                }
                int start = m;
                boolean touches = false;
                while (m < n && down[m]) {
                    touches |= monthOf[m].equals(s.month());
                    m++;
                }
                long len = m - start;
                if (touches) {
                    ref.longestRun = Math.max(ref.longestRun, len);
                }
                if (len > maxMinutes) {
                    ref.longInMonth += monthOf[start].equals(s.month()) ? 1 : 0;
                    ref.longInYear += inYearToDate(monthOf[start], s.month()) ? 1 : 0;
                }
            }
        }
        BigDecimal target = s.policy().targetPercent();
        if (s.policy().basis() == SlaPolicy.Basis.MONTH) {
            ref.missed = below(ref.monthMinutes - ref.monthDown, ref.monthMinutes, target);
            ref.creditPercent = 0;
            for (SlaPolicy.CreditTier t : s.policy().credits()) {
                if (ref.creditPercent == 0
                        && below(
                                ref.monthMinutes - ref.monthDown,
                                ref.monthMinutes,
                                t.belowPercent())) {
                    ref.creditPercent = t.creditPercent();
                }
            }
        } else {
            long yearMinutes = Year.of(s.month().getYear()).length() * 1440L;
            ref.missed = below(yearMinutes - ref.yearDown, yearMinutes, target);
        }
        ref.credit =
                s.fee()
                        .multiply(BigDecimal.valueOf(ref.creditPercent))
                        .divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
        return ref;
    }

    private static boolean inYearToDate(YearMonth m, YearMonth month) {
        return m.getYear() == month.getYear() && !m.isAfter(month);
    }

    private static boolean below(long up, long total, BigDecimal percent) {
        return BigDecimal.valueOf(up * 100).compareTo(percent.multiply(BigDecimal.valueOf(total)))
                < 0;
    }

    private static int minute(Scenario s, Instant t) {
        return (int) Duration.between(s.from(), t).toMinutes();
    }

    private static boolean counted(Scenario s, GuestCondition condition, boolean inWindow) {
        if (condition == GuestCondition.UP) {
            return false;
        }
        OutageCause cause =
                switch (condition) {
                    case CUSTOMER_STOPPED -> OutageCause.CUSTOMER_STOP;
                    case PROVIDER_STOPPED -> OutageCause.PROVIDER_STOP;
                    case HOST_SILENT -> OutageCause.HOST_SILENT;
                    case UNREACHABLE -> OutageCause.UNREACHABLE;
                    default -> OutageCause.HOST_DOWN;
                };
        if (cause != OutageCause.CUSTOMER_STOP && inWindow) {
            cause = OutageCause.MAINTENANCE;
        }
        return s.policy().counted().contains(cause);
    }
}
