package dev.vpsguard.server.notify;

import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Dates, durations and numbers as a customer reads them, in their language and the configured time
 * zone. Pure.
 */
public final class TextFormats {
    private final Language language;
    private final ZoneId zone;
    private final DateTimeFormatter dates;

    public TextFormats(Language language, ZoneId zone) {
        this.language = language;
        this.zone = zone;
        String pattern =
                language == Language.FR
                        ? "EEEE d MMMM yyyy 'à' HH:mm z"
                        : "EEEE, MMMM d, yyyy 'at' HH:mm z";
        this.dates = DateTimeFormatter.ofPattern(pattern, language.locale()).withZone(zone);
    }

    /** E.g. {@code lundi 23 novembre 2026 à 01:47 CET}. */
    public String date(Instant t) {
        return t == null ? "" : dates.format(t);
    }

    /**
     * A whole number of the largest fitting unit, e.g. {@code 7 jours}, {@code 24 hours}. Days
     * start at two, so one day reads as 24 hours, like the ladder's rungs.
     */
    public String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        boolean fr = language == Language.FR;
        if (s >= 2 * 86400 && s % 86400 == 0) {
            return plural(s / 86400, fr ? "jour" : "day", fr);
        }
        if (s >= 3600 && s % 3600 == 0) {
            return plural(s / 3600, fr ? "heure" : "hour", fr);
        }
        if (s >= 60 && s % 60 == 0) {
            return plural(s / 60, "minute", fr);
        }
        return plural(s, fr ? "seconde" : "second", fr);
    }

    /** A number with at most one decimal, grouped the local way. */
    public String number(Number n) {
        NumberFormat f = NumberFormat.getNumberInstance(language.locale());
        f.setMaximumFractionDigits(1);
        return f.format(n);
    }

    /** A ratio (0..1) as a percentage, e.g. {@code 87 %} / {@code 87%}. */
    public String percent(Number ratio) {
        String v = number(ratio.doubleValue() * 100);
        return language == Language.FR ? v + "\u00a0%" : v + "%";
    }

    public ZoneId zone() {
        return zone;
    }

    // French keeps 0 and 1 singular ("0 seconde"); English pluralises everything but 1.
    private static String plural(long n, String unit, boolean fr) {
        boolean many = fr ? n > 1 : n != 1;
        return n + " " + unit + (many ? "s" : "");
    }
}
