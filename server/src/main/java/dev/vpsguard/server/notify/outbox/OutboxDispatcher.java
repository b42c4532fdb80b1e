package dev.vpsguard.server.notify.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: claims due items, hands each to its channel's sender, and records the result
 * (delivered, retry later with backoff, or dead letter after {@link RetryPolicy#giveUpAfter()}).
 *
 * <p>{@link #runOnce(Instant)} is one pass and is what tests drive with a chosen time; {@link
 * #start(Duration)} runs passes on a single scheduler thread at the current time of the injected
 * clock.
 */
public final class OutboxDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);

    private final OutboxStore store;
    private final Map<String, ChannelSender> senders;
    private final RetryPolicy policy;
    private final Clock clock;
    private final DoubleSupplier random;
    private final int batchSize;
    private final Duration lease;
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> task;

    /**
     * @param senders by channel name ({@code mail}, {@code webhook:<name>})
     * @param batchSize items claimed per pass
     * @param lease how long a claimed item stays invisible to other passes; longer than one
     *     delivery can take (SMTP and HTTP timeouts)
     */
    public OutboxDispatcher(
            OutboxStore store,
            Map<String, ChannelSender> senders,
            RetryPolicy policy,
            Clock clock,
            int batchSize,
            Duration lease) {
        this(
                store,
                senders,
                policy,
                clock,
                batchSize,
                lease,
                ThreadLocalRandom.current()::nextDouble);
    }

    /** As above, with the jitter's randomness injected (tests). */
    public OutboxDispatcher(
            OutboxStore store,
            Map<String, ChannelSender> senders,
            RetryPolicy policy,
            Clock clock,
            int batchSize,
            Duration lease,
            DoubleSupplier random) {
        this.store = Objects.requireNonNull(store, "store");
        this.senders = Map.copyOf(senders);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        this.batchSize = batchSize;
        this.lease = Objects.requireNonNull(lease, "lease");
    }

    /**
     * One pass at time {@code now}: every claimed item ends delivered, scheduled for retry, or
     * dead.
     *
     * @return what happened
     */
    public PassResult runOnce(Instant now) {
        int delivered = 0;
        int retried = 0;
        int dead = 0;
        for (OutboxItem item : store.claimDue(now, batchSize, lease)) {
            switch (attempt(item, now)) {
                case DELIVERED -> delivered++;
                case RETRY -> retried++;
                case DEAD -> dead++;
            }
        }
        return new PassResult(delivered, retried, dead);
    }

    private Outcome attempt(OutboxItem item, Instant now) {
        ChannelSender sender = senders.get(item.channel());
        String error;
        boolean permanent;
        if (sender == null) {
            // An endpoint removed from the configuration: keep the item for the console, don't
            // spin.
            error = "no sender configured for channel " + item.channel();
            permanent = true;
        } else {
            try {
                sender.deliver(item);
                store.markDelivered(item.id(), now);
                return Outcome.DELIVERED;
            } catch (DeliveryException e) {
                error = e.getMessage();
                permanent = e.permanent();
            } catch (RuntimeException e) {
                error = "sender failed: " + e;
                permanent = false;
            }
        }
        Instant next = now.plus(policy.delayAfter(item.attempts(), random.getAsDouble()));
        if (permanent || !next.isBefore(item.queuedAt().plus(policy.giveUpAfter()))) {
            store.moveToDeadLetter(item.id(), now, error);
            LOG.warn(
                    "outbox item {} ({} on {}) is a dead letter after {} attempt(s): {}",
                    item.id(),
                    item.type(),
                    item.channel(),
                    item.attempts(),
                    error);
            return Outcome.DEAD;
        }
        store.scheduleRetry(item.id(), next, error);
        LOG.debug(
                "outbox item {} on {} failed, retry at {}: {}",
                item.id(),
                item.channel(),
                next,
                error);
        return Outcome.RETRY;
    }

    /** Runs a pass every {@code interval} on a daemon thread until {@link #close()}. */
    public synchronized void start(Duration interval) {
        if (executor != null) {
            throw new IllegalStateException("dispatcher already started");
        }
        executor =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "vpsguard-outbox");
                            t.setDaemon(true);
                            return t;
                        });
        task =
                executor.scheduleWithFixedDelay(
                        this::safePass, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void safePass() {
        try {
            // Keep passing while whole batches come back, so a backlog drains without waiting.
            while (runOnce(clock.instant()).total() == batchSize) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // The database may be briefly away; the next pass tries again.
            LOG.warn("outbox pass failed: {}", e.getMessage());
        }
    }

    /**
     * Stops passes and waits up to 30 s for the one in flight, so a delivery that was made is also
     * recorded (otherwise it would be sent again after the lease).
     */
    @Override
    public synchronized void close() {
        if (executor == null) {
            return;
        }
        task.cancel(false);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("outbox pass still running after 30 s; stopping without waiting");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    private enum Outcome {
        DELIVERED,
        RETRY,
        DEAD
    }

    /** Counts of one pass. */
    public record PassResult(int delivered, int retried, int dead) {
        public int total() {
            return delivered + retried + dead;
        }
    }
}
