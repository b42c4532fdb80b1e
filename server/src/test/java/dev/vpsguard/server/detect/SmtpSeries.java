package dev.vpsguard.server.detect;

import dev.vpsguard.protocol.SmtpWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/** Builds synthetic series of SMTP windows for scenario tests. */
public final class SmtpSeries {
    private SmtpSeries() {}

    /** One window per {@code every}, starting at {@code from}, the i-th built by {@code counts}. */
    public static List<SmtpWindow> series(
            Instant from, Duration every, int windows, IntFunction<long[]> counts) {
        List<SmtpWindow> out = new ArrayList<>(windows);
        for (int i = 0; i < windows; i++) {
            Instant s = from.plus(every.multipliedBy(i));
            long[] c = counts.apply(i);
            out.add(window(s, s.plus(every), c[0], c[1], c[2], c[3], c[4]));
        }
        return out;
    }

    /** A window: new connections, distinct destinations, prefixes, unreplied, refused. */
    public static SmtpWindow window(
            Instant start,
            Instant end,
            long conns,
            long dest,
            long prefixes,
            long unreplied,
            long refused) {
        long established = Math.max(0, conns - unreplied - refused);
        return new SmtpWindow(
                start, end, conns, dest, prefixes, unreplied, refused, established, null);
    }

    /** Feeds the windows in order and returns every finding raised. */
    public static List<SpamFinding> run(
            SpamGuestState state,
            List<SmtpWindow> windows,
            dev.vpsguard.server.policy.SpamPolicy policy,
            double multiplier) {
        List<SpamFinding> out = new ArrayList<>();
        for (SmtpWindow w : windows) {
            Optional<SpamFinding> f = SpamDetector.observe(state, w, policy, multiplier);
            f.ifPresent(out::add);
        }
        return out;
    }

    /** A spam bot: 200 connections a minute to 150 new addresses, 60% failing. */
    public static long[] spamBotPerMinute() {
        return new long[] {200, 150, 120, 90, 30};
    }

    /** A small mail server: a few mails a minute to a few providers. */
    public static long[] smallServerPerMinute(int i) {
        long conns = i % 7 == 0 ? 6 : (i % 3 == 0 ? 2 : 1);
        return new long[] {conns, Math.min(conns, 3), Math.min(conns, 2), i % 11 == 0 ? 1 : 0, 0};
    }
}
