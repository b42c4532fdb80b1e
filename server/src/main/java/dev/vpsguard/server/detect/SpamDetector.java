package dev.vpsguard.server.detect;

import dev.vpsguard.protocol.RecentDistinct;
import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.policy.SpamPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Decides from port-25 counts whether a guest sends spam (clauses S1, S5, S6). Pure: no IO, no
 * clock; time is the windows' own. Windows may have any length; the detector keeps the last 10
 * minutes and pro-rates windows that straddle the 1- and 10-minute spans.
 *
 * <p>A rule must fire on {@link SpamPolicy#consecutiveWindows()} windows in a row that carry new
 * connections before a finding is raised (a window with none neither counts nor breaks the run),
 * and no rule is evaluated while the last 10 minutes hold fewer than {@link
 * SpamPolicy#minNewConnections()} connections, so one odd window never acts. A window that overlaps
 * the previous one (a sliding window) contributes only its new part, pro-rated. Distinct
 * destinations and prefixes over the 10 minutes are the union the agent took on the host ({@link
 * SmtpWindow#recent()}): addresses never leave it (clause S4), and per-window counts cannot be
 * merged here, since a provider mailed in every window would count once per window. From an agent
 * that does not send the union, the windows' counts are added up, an upper bound (exact only when
 * one window covers the span). The baseline learns only from windows on which no rule fired.
 *
 * <p>A finding either blocks or only asks ({@link SpamFinding#blocking()}): the blocking rules
 * ({@link SpamRule#blocks()}: failure ratio, fan-out, ceiling) keep their own streak, so a finding
 * blocks only once blocking evidence held for {@code consecutiveWindows}; volume alone (burst,
 * anomaly) raises a finding that blocks nothing. The anomaly rule waits until the baseline spans
 * {@link SpamPolicy.Anomaly#minHistory()} of the guest's history (cold start).
 */
public final class SpamDetector {
    static final long MINUTE_MS = 60_000;
    static final long SPAN_MS = 600_000;

    private SpamDetector() {}

    /**
     * Takes one window into the guest's state and returns a finding when the guest spams.
     *
     * @param state the guest's state, updated in place
     * @param window the new window; one that ends at or before the last accepted window, or is
     *     malformed (end not after start, negative counts), is ignored
     * @param policy the guest's contract thresholds
     * @param multiplier 1, or the declared-sender multiplier ({@code
     *     DeclaredSenders#multiplierFor})
     */
    public static Optional<SpamFinding> observe(
            SpamGuestState state, SmtpWindow window, SpamPolicy policy, double multiplier) {
        if (!wellFormed(window)) {
            return Optional.empty();
        }
        long windowStartMs = window.start().toEpochMilli();
        long nowMs = window.end().toEpochMilli();
        long startMs = windowStartMs;
        if (state.lastEnd != null) {
            long lastMs = state.lastEnd.toEpochMilli();
            if (nowMs <= lastMs) {
                return Optional.empty(); // late, duplicate, or less than a millisecond newer
            }
            if (startMs - lastMs > SPAN_MS) {
                // a long silence: earlier firing is no longer "consecutive"
                state.streak = 0;
                state.blockStreak = 0;
            }
            // A window overlapping the previous one (e.g. a sliding window) only contributes the
            // part not yet covered, pro-rated, so nothing is counted twice.
            startMs = Math.max(startMs, lastMs);
        }
        double keep = (double) (nowMs - startMs) / (nowMs - windowStartMs);
        Instant now = window.end();
        state.lastEnd = now;
        SpamGuestState.Slice slice =
                new SpamGuestState.Slice(
                        startMs,
                        nowMs,
                        window.newConnections() * keep,
                        window.distinctDestinations() * keep,
                        window.distinctPrefixes() * keep,
                        (window.unreplied() + window.resetOrRefused()) * keep);
        state.add(slice);
        long spanStart = nowMs - SPAN_MS;
        state.evictEndingBy(spanStart);

        // Slices are ordered and never overlap, so only the oldest can straddle the 10-minute
        // span; the 1-minute span is summed from the newest back.
        SpamGuestState.Slice head = state.slices.peekFirst();
        double out = 1 - share(head, spanStart, nowMs);
        double conns = state.sumConns - head.conns() * out;
        if (conns < policy.minNewConnections()) {
            // No rule is evaluated: the usual case, a quiet guest.
            state.streak = 0;
            state.blockStreak = 0;
            learn(state, slice, policy.anomaly().timeConstant());
            return Optional.empty();
        }
        double dest;
        double prefixes;
        RecentDistinct recent = window.recent();
        if (recent == null) {
            // An agent without the union: the windows' counts added up, an upper bound.
            dest = state.sumDestinations - head.destinations() * out;
            prefixes = state.sumPrefixes - head.prefixes() * out;
        } else {
            long sinceMs = recent.since().toEpochMilli();
            dest = recent.destinations();
            prefixes = recent.prefixes();
            if (sinceMs > spanStart) {
                // The agent has observed for less than the span (it restarted): the part before
                // its union is bounded by the windows' own counts.
                for (SpamGuestState.Slice w : state.slices) {
                    if (w.startMs() >= sinceMs) {
                        break;
                    }
                    double before = share(w, spanStart, sinceMs);
                    dest += w.destinations() * before;
                    prefixes += w.prefixes() * before;
                }
            }
        }
        double failed = state.sumFailed - head.failed() * out;
        long minuteStart = nowMs - MINUTE_MS;
        double perMinute = 0;
        for (Iterator<SpamGuestState.Slice> it = state.slices.descendingIterator();
                it.hasNext(); ) {
            SpamGuestState.Slice w = it.next();
            if (w.endMs() <= minuteStart) {
                break;
            }
            perMinute += w.conns() * share(w, minuteStart, nowMs);
        }
        // Sliding sums are kept by adding and subtracting doubles, so they can drift a hair below
        // zero; clamp to the ratio's real range.
        double failureRatio = conns > 0 ? Math.max(0.0, Math.min(1.0, failed / conns)) : 0;
        boolean baselineReady = baselineReady(state, nowMs, policy.anomaly());
        double baseline = baselineReady ? state.baselinePerMinute : Double.NaN;

        double[] scores =
                SpamScores.of(
                        perMinute,
                        dest,
                        prefixes,
                        conns,
                        failureRatio,
                        baseline,
                        policy,
                        multiplier);
        int fired = SpamScores.fired(scores);

        if (fired == 0) {
            state.streak = 0;
            state.blockStreak = 0;
            learn(state, slice, policy.anomaly().timeConstant());
            return Optional.empty();
        }
        boolean blocking = (fired & SpamScores.BLOCKING) != 0;
        // Only a window that adds connections extends a streak: a lone burst followed by silence
        // stays visible in the rolling spans but must not count again and again.
        if (window.newConnections() > 0) {
            state.streak++;
        }
        if (!blocking) {
            state.blockStreak = 0;
        } else if (window.newConnections() > 0) {
            state.blockStreak++;
        }
        int streak;
        SpamRule strongest;
        if (blocking && state.blockStreak >= policy.consecutiveWindows()) {
            // The block rests on its blocking evidence: score and clause are the strongest
            // blocking rule's; the volume rules that fired too are listed.
            streak = state.blockStreak;
            strongest = SpamScores.strongest(scores, fired & SpamScores.BLOCKING);
        } else if (!blocking && state.streak >= policy.consecutiveWindows()) {
            // Volume alone: a finding for support and the customer, never a block. While blocking
            // evidence is building up nothing is raised, so no "please declare" precedes a block.
            streak = state.streak;
            strongest = SpamScores.strongest(scores, fired);
        } else {
            return Optional.empty();
        }
        Set<SpamRule> rules = EnumSet.noneOf(SpamRule.class);
        for (SpamRule r : RULES) {
            if ((fired & SpamScores.bit(r)) != 0) {
                rules.add(r);
            }
        }
        double score = scores[strongest.ordinal()];
        String clause = SpamScores.clauseOf(strongest, policy);
        long first = Math.max(state.slices.peekFirst().startMs(), spanStart);
        return Optional.of(
                new SpamFinding(
                        Instant.ofEpochMilli(first),
                        now,
                        score,
                        rules,
                        perMinute,
                        dest,
                        prefixes,
                        conns,
                        failureRatio,
                        baseline,
                        multiplier,
                        streak,
                        clause));
    }

    /**
     * Whether the guest's baseline spans {@link SpamPolicy.Anomaly#minHistory()} of its history, so
     * the anomaly rule may compare against it. Before that (a new guest, or just after a lift) only
     * the absolute thresholds apply: a cold start never raises an anomaly finding.
     */
    static boolean baselineReady(SpamGuestState state, long nowMs, SpamPolicy.Anomaly policy) {
        return state.baselineSamples > 0
                && nowMs - state.baselineFromMs >= policy.minHistory().toMillis();
    }

    private static final SpamRule[] RULES = SpamRule.values();

    /**
     * Time-weighted EWMA: a slice of length dt moves the baseline by 1 − e^(−dt/τ). The factor is
     * kept for the last dt and τ, since windows mostly have the same length.
     */
    private static void learn(SpamGuestState state, SpamGuestState.Slice w, Duration timeConstant) {
        long dtMs = w.endMs() - w.startMs();
        double seconds = dtMs / 1000.0;
        double rate = w.conns() * 60.0 / seconds;
        if (state.baselineSamples == 0) {
            state.baselinePerMinute = rate;
            state.baselineFromMs = w.startMs();
        } else {
            long tauMs = timeConstant.toMillis();
            if (dtMs != state.alphaDtMs || tauMs != state.alphaTauMs) {
                state.alpha = 1 - Math.exp(-seconds / (tauMs / 1000.0));
                state.alphaDtMs = dtMs;
                state.alphaTauMs = tauMs;
            }
            state.baselinePerMinute += state.alpha * (rate - state.baselinePerMinute);
        }
        state.baselineSamples++;
    }

    /** The share (0–1) of slice {@code w} that lies inside [from, to), epoch milliseconds. */
    static double share(SpamGuestState.Slice w, long from, long to) {
        long overlap = Math.min(w.endMs(), to) - Math.max(w.startMs(), from);
        return overlap <= 0 ? 0 : (double) overlap / (w.endMs() - w.startMs());
    }

    private static boolean wellFormed(SmtpWindow w) {
        return w != null
                && w.start() != null
                && w.end() != null
                && w.end().toEpochMilli() > w.start().toEpochMilli()
                && w.newConnections() >= 0
                && w.distinctDestinations() >= 0
                && w.distinctPrefixes() >= 0
                && w.unreplied() >= 0
                && w.resetOrRefused() >= 0;
    }
}
