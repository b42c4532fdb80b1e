package dev.vpsguard.server.availability;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random tenant month: minute-aligned state episodes per guest from three days before the month
 * to a day after it, maintenance windows, and a policy (built-in or random).
 */
record Scenario(
        SlaPolicy policy,
        YearMonth month,
        ZoneId zone,
        Instant from,
        Instant to,
        Map<String, List<StateEpisode>> episodes,
        List<MaintenanceWindow> windows,
        BigDecimal fee) {
    static final List<ZoneId> ZONES =
            List.of(
                    ZoneId.of("UTC"),
                    ZoneId.of("Europe/Paris"),
                    ZoneId.of("America/New_York"),
                    ZoneId.of("Australia/Lord_Howe"), // a 30-minute daylight saving shift
                    ZoneId.of("Asia/Kolkata"),
                    ZoneId.of("Africa/Casablanca"));

    static Scenario random(long seed) {
        Random r = new Random(seed);
        ZoneId zone = ZONES.get(r.nextInt(ZONES.size()));
        // DST months are picked often: March, April, October, November.
        int[] months = {1, 3, 3, 4, 6, 10, 10, 11, 12};
        YearMonth month = YearMonth.of(2025 + r.nextInt(3), months[r.nextInt(months.length)]);
        Span span = Months.of(month, zone);
        Instant from = span.start().minus(Duration.ofDays(3));
        Instant to = span.end().plus(Duration.ofDays(1));
        Map<String, List<StateEpisode>> episodes = new LinkedHashMap<>();
        int guests = 1 + r.nextInt(3);
        // Mostly up, so that availability lands near the thresholds as often as far below them.
        int meanUp = new int[] {60, 2_000, 20_000}[r.nextInt(3)];
        for (int g = 0; g < guests; g++) {
            List<StateEpisode> list = new ArrayList<>();
            Instant t = from;
            while (t.isBefore(to)) {
                boolean up = r.nextInt(3) > 0;
                long minutes = 1 + (up ? r.nextInt(meanUp) : r.nextInt(r.nextBoolean() ? 70 : 400));
                Instant end = t.plus(Duration.ofMinutes(minutes));
                if (end.isAfter(to)) {
                    end = to;
                }
                GuestCondition c =
                        up
                                ? GuestCondition.UP
                                : GuestCondition.values()[
                                        1 + r.nextInt(GuestCondition.values().length - 1)];
                list.add(new StateEpisode(new Span(t, end), c, "seed " + seed));
                t = end;
            }
            episodes.put("g" + g, list);
        }
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (int w = r.nextInt(3); w > 0; w--) {
            Instant s =
                    from.plus(
                            Duration.ofMinutes(
                                    r.nextInt((int) Duration.between(from, to).toMinutes())));
            windows.add(
                    new MaintenanceWindow(
                            new Span(s, s.plus(Duration.ofMinutes(1 + r.nextInt(240)))), "w" + w));
        }
        List<SlaPolicy> builtIn = new ArrayList<>(SlaPolicies.all().values());
        SlaPolicy policy =
                r.nextInt(3) == 0 ? randomPolicy(r) : builtIn.get(r.nextInt(builtIn.size()));
        BigDecimal fee = BigDecimal.valueOf(r.nextInt(100_000), 2);
        return new Scenario(policy, month, zone, from, to, episodes, windows, fee);
    }

    private static SlaPolicy randomPolicy(Random r) {
        EnumSet<OutageCause> counted = EnumSet.noneOf(OutageCause.class);
        for (OutageCause c : OutageCause.values()) {
            if (r.nextBoolean()) {
                counted.add(c);
            }
        }
        return new SlaPolicy(
                "random",
                "random",
                r.nextBoolean() ? SlaPolicy.Basis.MONTH : SlaPolicy.Basis.YEAR,
                new BigDecimal(new String[] {"99.9", "99.99", "99.5", "95"}[r.nextInt(4)]),
                counted,
                r.nextBoolean() ? SlaPolicy.Scope.ALL_GUESTS : SlaPolicy.Scope.EACH_GUEST,
                r.nextBoolean() ? Duration.ofMinutes(10 + r.nextInt(300)) : null,
                r.nextInt(4),
                List.of(
                        new SlaPolicy.CreditTier(new BigDecimal("99.0"), 25),
                        new SlaPolicy.CreditTier(new BigDecimal("99.9"), 10)),
                30,
                null);
    }

    Map<String, List<Outage>> outages() {
        Map<String, List<Outage>> out = new LinkedHashMap<>();
        episodes.forEach((g, e) -> out.put(g, Outages.of(g, e, windows)));
        return out;
    }
}
