package dev.vpsguard.server.notify.outbox;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
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
 */
@ConfigurationProperties("vpsguard.outbox")
public record OutboxConfiguration(
        @Bindable(defaultValue = "5s") Duration pollInterval,
        @Bindable(defaultValue = "50") int batchSize,
        @Bindable(defaultValue = "5m") Duration lease,
        @Bindable(defaultValue = "30s") Duration initialDelay,
        @Bindable(defaultValue = "2") double multiplier,
        @Bindable(defaultValue = "1h") Duration maxDelay,
        @Bindable(defaultValue = "0.2") double jitter,
        @Bindable(defaultValue = "24h") Duration giveUpAfter,
        @Bindable(defaultValue = "10s") Duration webhookTimeout) {

    /**
     * @throws IllegalArgumentException naming {@code vpsguard.outbox.*} and the value
     */
    public RetryPolicy retryPolicy() {
        try {
            return new RetryPolicy(initialDelay, multiplier, maxDelay, jitter, giveUpAfter);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("vpsguard.outbox: " + e.getMessage(), e);
        }
    }
}
