package dev.vpsguard.server.notify.outbox;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * {@code vpsguard.outbox.*}: how the dispatcher polls and retries.
 *
 * @param pollInterval pause between passes
 * @param batchSize items claimed per pass
 * @param lease how long a claimed item is hidden from other passes; longer than the slowest
 *     delivery (SMTP/HTTP timeouts)
 * @param initialDelay first retry delay
 * @param multiplier backoff growth
 * @param maxDelay longest delay between attempts
 * @param jitter random spread of each delay, fraction 0..1
 * @param giveUpAfter time in the queue after which an item becomes a dead letter
 * @param webhookTimeout limit of one webhook request
 * @param concurrency deliveries of one pass made at once (sender threads); a pass never holds two
 *     items of one guest and channel, so per-guest order holds at any value
 */
@ConfigurationProperties("vpsguard.outbox")
public record OutboxConfiguration(
        Duration pollInterval,
        int batchSize,
        Duration lease,
        Duration initialDelay,
        double multiplier,
        Duration maxDelay,
        double jitter,
        Duration giveUpAfter,
        Duration webhookTimeout,
        int concurrency) {

    /**
     * Checks the values that are not part of the retry policy.
     *
     * @return this
     * @throws IllegalArgumentException naming the key and the value
     */
    public OutboxConfiguration validate() {
        if (batchSize < 1) {
            throw new IllegalArgumentException(
                    "vpsguard.outbox.batch-size = " + batchSize + ": must be at least 1");
        }
        if (concurrency < 1 || concurrency > 64) {
            throw new IllegalArgumentException(
                    "vpsguard.outbox.concurrency = " + concurrency + ": must be 1 to 64");
        }
        positive("poll-interval", pollInterval);
        positive("lease", lease);
        positive("webhook-timeout", webhookTimeout);
        return this;
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    "vpsguard.outbox." + key + " = " + value + ": must be positive");
        }
    }

    /**
     * @throws IllegalArgumentException naming {@code vpsguard.outbox.*} and the value
     */
    public RetryPolicy retryPolicy() {
        try {
            return new RetryPolicy(initialDelay, multiplier, maxDelay, jitter, giveUpAfter);
        } catch (IllegalArgumentException e) {
            // RetryPolicy names its parameter first ("maxDelay must be..."): name the key.
            String message = e.getMessage();
            int space = message.indexOf(' ');
            String name = space < 0 ? "" : message.substring(0, space);
            String key = name.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
            throw new IllegalArgumentException(
                    "vpsguard.outbox." + key + message.substring(Math.max(space, 0)), e);
        }
    }
}
