package dev.vpsguard.server.notify.outbox;

import java.time.Duration;

/**
 * Exponential backoff with jitter for failed deliveries.
 *
 * <p>The delay before attempt {@code n + 1} after {@code n} failed attempts is {@code initialDelay
 * * multiplier^(n-1)}, capped at {@code maxDelay}, then spread by ±{@code jitter} (a fraction, 0.2
 * = ±20%) so receivers coming back up are not hit by every sender in the same second. After {@code
 * giveUpAfter} in the queue an item goes to the dead-letter list.
 *
 * @param initialDelay delay after the first failure
 * @param multiplier growth per further failure, at least 1
 * @param maxDelay upper bound of one delay, before jitter
 * @param jitter fraction of the delay added or removed at random, 0 to 1
 * @param giveUpAfter time in the queue after which a failing item becomes a dead letter
 */
public record RetryPolicy(
        Duration initialDelay,
        double multiplier,
        Duration maxDelay,
        double jitter,
        Duration giveUpAfter) {

    /** 30 s, doubling, at most 1 h between attempts, ±20%, dead letter after 24 h. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(
                    Duration.ofSeconds(30), 2.0, Duration.ofHours(1), 0.2, Duration.ofHours(24));

    public RetryPolicy {
        if (initialDelay == null || initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException(
                    "initialDelay must be positive, was " + initialDelay);
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
        }
        if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "maxDelay must be >= initialDelay (" + initialDelay + "), was " + maxDelay);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be within [0, 1], was " + jitter);
        }
        if (giveUpAfter == null || giveUpAfter.isNegative() || giveUpAfter.isZero()) {
            throw new IllegalArgumentException("giveUpAfter must be positive, was " + giveUpAfter);
        }
    }

    /**
     * The delay after {@code failedAttempts} failures.
     *
     * @param failedAttempts failures so far, at least 1
     * @param random a uniform value in [0, 1) choosing the jitter
     */
    public Duration delayAfter(int failedAttempts, double random) {
        double base =
                initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
        double capped = Math.min(base, maxDelay.toMillis());
        double spread = capped * jitter * (2 * random - 1);
        return Duration.ofMillis(Math.max(1L, Math.round(capped + spread)));
    }
}
