package dev.vpsguard.agent.report;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter between failed send attempts: the n-th consecutive failure waits
 * {@code min(cap, base × 2^(n-1))}, of which a random half is taken off ("equal jitter"), so many
 * agents coming back after a server outage do not all retry in the same second.
 */
public final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final DoubleSupplier random;

    /**
     * @param random uniform values in [0, 1); injected so tests are deterministic
     */
    public Backoff(Duration base, Duration cap, DoubleSupplier random) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException(
                    "need 0 < base <= cap, got base " + base + ", cap " + cap);
        }
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** The wait after {@code failures} consecutive failures (1 or more). */
    public Duration delay(int failures) {
        if (failures < 1) {
            return Duration.ZERO;
        }
        long capMs = cap.toMillis();
        long ms = base.toMillis();
        for (int i = 1; i < failures && ms < capMs; i++) {
            ms *= 2;
        }
        ms = Math.min(ms, capMs);
        long half = ms / 2;
        return Duration.ofMillis(ms - half + (long) (random.getAsDouble() * half));
    }
}
