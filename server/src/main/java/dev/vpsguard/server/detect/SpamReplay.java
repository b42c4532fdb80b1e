package dev.vpsguard.server.detect;

import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.policy.SpamPolicy;
import java.time.Instant;
import java.util.List;

/**
 * Rebuilds a guest's {@link SpamGuestState} from what was persisted, so that a restart (or the
 * eviction of an idle guest) neither forgets a storm nor counts one twice. Pure: no IO, no clock.
 *
 * <ul>
 *   <li><b>Baseline</b>: older 5-minute rollup buckets are learned into the EWMA as one window each
 *       (a time-weighted EWMA gives the same result for one long window as for the many short ones
 *       it is made of, when they carry the same rate), counting the bucket's windows as samples. A
 *       bucket is skipped when its average rate alone would fire the burst rule or the anomaly
 *       rule, since the live detector learns only from windows on which no rule fired.
 *   <li><b>Windows</b>: the recent non-empty windows are fed through {@link SpamDetector#observe}
 *       in the order they were received, which restores the 1- and 10-minute spans, the streak and
 *       the last window's end exactly as they were. The agent also sent all-zero windows between
 *       them, which are not stored: each gap between two stored windows is filled with zero windows
 *       as long as the one before it (the agent's cadence), so the streak and the baseline see the
 *       quiet periods as they did live. Findings raised during the replay are dropped: they were
 *       acted on when their window arrived.
 * </ul>
 */
public final class SpamReplay {
    /** More zero windows than this in one gap are merged into one (the gap is then long). */
    static final int MAX_FILL = 4096;

    private SpamReplay() {}

    /**
     * One rollup bucket: the guest's new port-25 connections in [start, end) over {@code windows}
     * reported windows.
     */
    public record Bucket(Instant start, Instant end, long newConnections, int windows) {}

    /**
     * @param baseline buckets older than the first window, oldest first
     * @param windows the stored windows, in the order they were received
     * @param next the window about to be observed (nullable): the quiet windows between the last
     *     stored one and it are filled in too
     * @param policy the guest's thresholds
     * @param multiplier 1, or the declared-sender multiplier
     * @return the state the live detector had before {@code next}
     */
    public static SpamGuestState rebuild(
            List<Bucket> baseline,
            List<SmtpWindow> windows,
            SmtpWindow next,
            SpamPolicy policy,
            double multiplier) {
        SpamGuestState state = new SpamGuestState();
        for (Bucket b : baseline) {
            learnBucket(state, b, policy, multiplier);
        }
        for (SmtpWindow w : windows) {
            fillGap(state, w, policy, multiplier);
            SpamDetector.observe(state, w, policy, multiplier);
        }
        if (next != null) {
            fillGap(state, next, policy, multiplier);
        }
        return state;
    }

    private static void learnBucket(
            SpamGuestState state, Bucket b, SpamPolicy policy, double multiplier) {
        long ms = b.end().toEpochMilli() - b.start().toEpochMilli();
        if (ms <= 0 || b.windows() <= 0 || b.newConnections() < 0) {
            return;
        }
        double perMinute = b.newConnections() * 60_000.0 / ms;
        if (perMinute > policy.burst().newConnectionsPerMinute() * multiplier) {
            return;
        }
        SpamPolicy.Anomaly a = policy.anomaly();
        if (SpamDetector.baselineReady(state, b.start().toEpochMilli(), a)
                && perMinute > a.floorPerMinute() * multiplier
                && perMinute > Math.max(1e-9, state.baselinePerMinute) * a.multiple()) {
            return;
        }
        double seconds = ms / 1000.0;
        if (state.baselineSamples == 0) {
            state.baselinePerMinute = perMinute;
            state.baselineFromMs = b.start().toEpochMilli();
        } else {
            double alpha = 1 - Math.exp(-seconds / (a.timeConstant().toMillis() / 1000.0));
            state.baselinePerMinute += alpha * (perMinute - state.baselinePerMinute);
        }
        state.baselineSamples += b.windows();
    }

    /** Feeds the zero windows the agent sent between the last window held and {@code next}. */
    private static void fillGap(
            SpamGuestState state, SmtpWindow next, SpamPolicy policy, double multiplier) {
        if (state.lastEnd == null
                || state.slices.isEmpty()
                || !next.start().isAfter(state.lastEnd)) {
            return;
        }
        SpamGuestState.Slice last = state.slices.peekLast();
        long step = Math.max(1, last.endMs() - last.startMs());
        long from = state.lastEnd.toEpochMilli();
        long to = next.start().toEpochMilli();
        long n = (to - from + step - 1) / step;
        if (n > MAX_FILL) {
            step = (to - from + MAX_FILL - 1) / MAX_FILL;
        }
        for (long s = from; s < to; s += step) {
            long e = Math.min(to, s + step);
            SpamDetector.observe(
                    state,
                    new SmtpWindow(
                            Instant.ofEpochMilli(s),
                            Instant.ofEpochMilli(e),
                            0,
                            0,
                            0,
                            0,
                            0,
                            0,
                            null),
                    policy,
                    multiplier);
        }
    }
}
