package dev.vpsguard.server.detect;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.RecentDistinct;
import dev.vpsguard.protocol.SmtpWindow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SMTP window series the real agent recorded in the namespace lab ({@code
 * src/test/resources/lab-windows/}), and the ways the replay tests lay them out in time. Each
 * recorded run fits in one 8-second report window; a profile "repeated" is that run again, to the
 * same destinations (the lab's profiles send to fixed address sets), so the 10-minute union of its
 * destinations is the run's own count.
 */
public final class LabSeries {
    /** The agent's report interval in the lab. */
    public static final Duration CADENCE = Duration.ofSeconds(8);

    public static final String SPAM_BOT = "spam-bot";
    public static final List<String> LEGITIMATE =
            List.of("newsletter", "legitimate-mail-server", "no-SMTP");

    private LabSeries() {}

    /** The recorded windows of {@code profile}, as the agent reported them. */
    public static List<SmtpWindow> recorded(String profile) {
        String path = "/lab-windows/" + profile + ".json";
        try (InputStream in = LabSeries.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded series " + path);
            }
            return ProtocolJson.mapper().readValue(in, new TypeReference<List<SmtpWindow>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code n} all-zero windows of {@link #CADENCE} from {@code from}. */
    public static List<SmtpWindow> quiet(Instant from, int n) {
        List<SmtpWindow> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Instant s = from.plus(CADENCE.multipliedBy(i));
            out.add(new SmtpWindow(s, s.plus(CADENCE), 0, 0, 0, 0, 0, 0, null));
        }
        return out;
    }

    /**
     * The recorded run once every {@code every} windows, {@code times} times, quiet windows in
     * between, from {@code from}; each window carries the agent's 10-minute union when {@code
     * union}.
     *
     * @param scale multiplies the run's connection counts (several copies of the same program, to
     *     the same destinations); 1 for the run as recorded
     */
    public static List<SmtpWindow> repeated(
            String profile, Instant from, int every, int times, long scale, boolean union) {
        List<SmtpWindow> run = recorded(profile);
        if (every < run.size()) {
            throw new IllegalArgumentException("the run takes " + run.size() + " windows");
        }
        long runDestinations =
                run.stream().mapToLong(SmtpWindow::distinctDestinations).max().orElse(0);
        long runPrefixes = run.stream().mapToLong(SmtpWindow::distinctPrefixes).max().orElse(0);
        List<SmtpWindow> out = new ArrayList<>();
        Instant lastActive = null;
        for (int i = 0; i < every * times; i++) {
            Instant s = from.plus(CADENCE.multipliedBy(i));
            int inRun = i % every;
            SmtpWindow w =
                    inRun < run.size()
                            ? scaled(run.get(inRun), s, scale)
                            : new SmtpWindow(s, s.plus(CADENCE), 0, 0, 0, 0, 0, 0, null);
            if (w.distinctDestinations() > 0) {
                lastActive = w.end();
            }
            if (union && lastActive != null) {
                Instant end = w.end();
                Instant spanStart = end.minus(Duration.ofMinutes(10));
                boolean held = lastActive.isAfter(spanStart);
                w =
                        w.withRecent(
                                new RecentDistinct(
                                        spanStart.isAfter(from) ? spanStart : from,
                                        held ? runDestinations : 0,
                                        held ? runPrefixes : 0));
            }
            out.add(w);
        }
        return out;
    }

    /** {@code w} moved to start at {@code start}, lasting {@link #CADENCE}, counts × scale. */
    static SmtpWindow scaled(SmtpWindow w, Instant start, long scale) {
        return new SmtpWindow(
                start,
                start.plus(CADENCE),
                w.newConnections() * scale,
                w.distinctDestinations(),
                w.distinctPrefixes(),
                w.unreplied() * scale,
                w.resetOrRefused() * scale,
                w.established() * scale,
                null);
    }

    /** Concatenates series. */
    @SafeVarargs
    public static List<SmtpWindow> concat(List<SmtpWindow>... parts) {
        List<SmtpWindow> out = new ArrayList<>();
        for (List<SmtpWindow> p : parts) {
            out.addAll(p);
        }
        return out;
    }
}
