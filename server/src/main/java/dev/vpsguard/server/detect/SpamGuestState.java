package dev.vpsguard.server.detect;

import dev.vpsguard.protocol.SmtpWindow;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * What {@link SpamDetector} remembers about one guest: the windows of the last 10 minutes, the EWMA
 * baseline of new connections per minute, and the hysteresis streak. One instance per guest, owned
 * by the caller, used from one thread at a time.
 */
public final class SpamGuestState {
    final ArrayDeque<SmtpWindow> windows = new ArrayDeque<>();
    double baselinePerMinute;
    long baselineSamples;
    int streak;
    Instant lastEnd;

    /** The EWMA baseline, new connections per minute (0 before any sample). */
    public double baselinePerMinute() {
        return baselinePerMinute;
    }

    /** How many windows the baseline has absorbed. */
    public long baselineSamples() {
        return baselineSamples;
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
