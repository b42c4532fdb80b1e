package dev.vpsguard.server.detect;

import java.time.Instant;
import java.util.ArrayDeque;

/**
 * What {@link SpamDetector} remembers about one guest: the windows of the last 10 minutes, the EWMA
 * baseline of new connections per minute with the time it started learning, and the hysteresis
 * streaks. One instance per guest, owned by the caller, used from one thread at a time.
 */
public final class SpamGuestState {
    final ArrayDeque<Slice> slices = new ArrayDeque<>();

    /** Sums over every slice held, whole; recomputed now and then so rounding cannot drift. */
    double sumConns, sumDestinations, sumPrefixes, sumFailed;

    int sinceRecompute;
    double baselinePerMinute;
    long baselineSamples;

    /** Start of the first window the baseline learned, epoch ms (meaningless before a sample). */
    long baselineFromMs;

    /** Consecutive windows on which any rule fired. */
    int streak;

    /** Consecutive windows on which a blocking rule ({@link SpamRule#blocks()}) fired. */
    int blockStreak;

    Instant lastEnd;

    /** The EWMA factor for windows of {@link #alphaDtMs} under τ = {@link #alphaTauMs}. */
    double alpha;

    long alphaDtMs = -1;
    long alphaTauMs = -1;

    /**
     * The part of one reported window that no earlier window covered, in epoch milliseconds, its
     * counts pro-rated to that part.
     */
    void add(Slice s) {
        slices.addLast(s);
        sumConns += s.conns();
        sumDestinations += s.destinations();
        sumPrefixes += s.prefixes();
        sumFailed += s.failed();
    }

    void evictEndingBy(long ms) {
        while (slices.size() > 1 && slices.peekFirst().endMs() <= ms) {
            Slice s = slices.removeFirst();
            sumConns -= s.conns();
            sumDestinations -= s.destinations();
            sumPrefixes -= s.prefixes();
            sumFailed -= s.failed();
        }
        if (++sinceRecompute >= 4096) {
            sinceRecompute = 0;
            sumConns = sumDestinations = sumPrefixes = sumFailed = 0;
            for (Slice s : slices) {
                sumConns += s.conns();
                sumDestinations += s.destinations();
                sumPrefixes += s.prefixes();
                sumFailed += s.failed();
            }
        }
    }

    record Slice(
            long startMs,
            long endMs,
            double conns,
            double destinations,
            double prefixes,
            double failed) {}

    /** The EWMA baseline, new connections per minute (0 before any sample). */
    public double baselinePerMinute() {
        return baselinePerMinute;
    }

    /** How many windows the baseline has absorbed. */
    public long baselineSamples() {
        return baselineSamples;
    }

    /** Since when the baseline learns (null before its first sample). */
    public Instant baselineSince() {
        return baselineSamples == 0 ? null : Instant.ofEpochMilli(baselineFromMs);
    }

    /** How many consecutive windows fired a rule, up to the last one. */
    public int streak() {
        return streak;
    }

    /** End of the last window accepted, or null. */
    public Instant lastEnd() {
        return lastEnd;
    }
}
