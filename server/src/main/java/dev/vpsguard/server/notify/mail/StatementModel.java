package dev.vpsguard.server.notify.mail;

import dev.vpsguard.server.notify.AvailabilityNotification;
import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.TextFormats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The template values of a monthly availability statement: the figures, the credit, and a chart of
 * each day's downtime (a text bar, and a bar of table cells in HTML, which every mail client shows,
 * unlike SVG).
 */
final class StatementModel {
    /** Longest bar, in characters (text) or tenths of an em (HTML). */
    static final int BAR = 30;

    private StatementModel() {}

    static void put(Map<String, Object> m, Notification n, TextFormats fmt) {
        boolean is = n instanceof AvailabilityNotification.MonthlyStatement;
        m.put("isStatement", is);
        if (!is) {
            return;
        }
        AvailabilityNotification.Statement s =
                ((AvailabilityNotification.MonthlyStatement) n).statement();
        Language lang = n.tenant().language();
        boolean fr = lang == Language.FR;
        m.put("month", s.month());
        m.put("availability", percent(s.availabilityPercent(), fr));
        m.put("target", percent(s.targetPercent(), fr));
        m.put("met", s.availabilityPercent().compareTo(s.targetPercent()) >= 0);
        m.put("downtime", minutes(s.downtimeSeconds()));
        m.put("hasCredit", s.credit().signum() > 0);
        NumberFormat money = NumberFormat.getNumberInstance(lang.locale());
        money.setMinimumFractionDigits(2);
        money.setMaximumFractionDigits(2);
        m.put(
                "credit",
                money.format(s.credit()) + " " + (s.currency() == null ? "" : s.currency()));
        m.put("creditPercent", s.creditPercent());
        m.put("hasClaimDeadline", s.claimDeadline() != null);
        m.put("claimDeadline", fmt.date(s.claimDeadline()));
        m.put("clause", s.clause());
        long worst = 1;
        for (AvailabilityNotification.Day d : s.days()) {
            worst = Math.max(worst, downSeconds(d, s));
        }
        List<Map<String, Object>> days = new ArrayList<>();
        for (AvailabilityNotification.Day d : s.days()) {
            long down = downSeconds(d, s);
            int len = down == 0 ? 0 : (int) Math.max(1, Math.round(BAR * (double) down / worst));
            Map<String, Object> row = new HashMap<>();
            row.put("day", String.format("%02d", d.day()));
            row.put("bar", down == 0 ? "·" : "█".repeat(len));
            row.put("width", (len / 2.0) + "em");
            row.put("down", down > 0);
            row.put("minutes", down == 0 ? "" : minutes(down));
            days.add(row);
        }
        m.put("days", days);
        m.put("downtimeDuration", fmt.duration(Duration.ofSeconds(s.downtimeSeconds())));
    }

    // A day's downtime, back from its percentage of 24 h: the chart's scale only.
    private static long downSeconds(
            AvailabilityNotification.Day d, AvailabilityNotification.Statement s) {
        return BigDecimal.valueOf(100)
                .subtract(d.percent())
                .multiply(BigDecimal.valueOf(864))
                .setScale(0, RoundingMode.HALF_UP)
                .longValue();
    }

    static String percent(BigDecimal p, boolean fr) {
        String v = p.stripTrailingZeros().toPlainString();
        return fr ? v.replace('.', ',') + "\u00a0%" : v + "%";
    }

    static String minutes(long seconds) {
        long min = (seconds + 59) / 60;
        return min + " min";
    }
}
