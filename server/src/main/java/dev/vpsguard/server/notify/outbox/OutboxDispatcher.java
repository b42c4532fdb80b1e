package dev.vpsguard.server.notify.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: claims due items, hands each to its channel's sender, and records the result
 * (delivered, retry later with backoff, or dead letter after {@link RetryPolicy#giveUpAfter()}).
 *
 * <p>{@link #runOnce(Instant)} is one pass and is what tests drive with a chosen time; {@link
 * #start(Duration)} runs passes on a single scheduler thread at the current time of the injected
 * clock, and {@link #wake()} asks for a pass now (a decision just committed).
 *
 * <p>A claimed batch holds at most one item per guest and channel (the claim skips items with an
 * earlier pending one), so its items can be delivered in parallel without breaking per-guest order:
 * with a concurrency above 1 they are, on that many sender threads.
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
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;
    private volatile ExecutorService senderThreads;
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
        this(store, senders, policy, clock, batchSize, lease, 1);
    }

    /**
     * As above, delivering up to {@code concurrency} items of a pass at once.
     *
     * @param concurrency sender threads; 1 delivers the items of a pass one after the other
     */
    public OutboxDispatcher(
            OutboxStore store,
            Map<String, ChannelSender> senders,
            RetryPolicy policy,
            Clock clock,
            int batchSize,
            Duration lease,
            int concurrency) {
        // Drawn on the thread that needs it: a ThreadLocalRandom must not be shared.
        this(
                store,
                senders,
                policy,
                clock,
                batchSize,
                lease,
                concurrency,
                OutboxDispatcher::jitter);
    }

    /** As above, with the jitter's randomness injected (tests). */
    public OutboxDispatcher(
            OutboxStore store,
            Map<String, ChannelSender> senders,
            RetryPolicy policy,
            Clock clock,
            int batchSize,
            Duration lease,
            int concurrency,
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
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        }
        if (concurrency > 1) {
            AtomicInteger n = new AtomicInteger();
            senderThreads =
                    Executors.newFixedThreadPool(
                            concurrency,
                            r -> {
                                Thread t =
                                        new Thread(
                                                r, "vpsguard-outbox-send-" + n.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            });
        }
    }

    /**
     * One pass at time {@code now}: every claimed item ends delivered, scheduled for retry, or
     * dead.
     *
     * @return what happened
     */
    public PassResult runOnce(Instant now) {
        List<OutboxItem> items = store.claimDue(now, batchSize, lease);
        int delivered = 0;
        int retried = 0;
        int dead = 0;
        for (Outcome o : attemptAll(items, now)) {
            switch (o) {
                case DELIVERED -> delivered++;
                case RETRY -> retried++;
                case DEAD -> dead++;
            }
        }
        return new PassResult(delivered, retried, dead);
    }

    private List<Outcome> attemptAll(List<OutboxItem> items, Instant now) {
        List<Outcome> outcomes = new ArrayList<>(items.size());
        ExecutorService threads = senderThreads;
        if (threads == null || items.size() < 2) {
            for (OutboxItem item : items) {
                outcomes.add(attempt(item, now));
            }
            return outcomes;
        }
        List<Future<Outcome>> running = new ArrayList<>(items.size());
        for (OutboxItem item : items) {
            running.add(threads.submit(() -> attempt(item, now)));
        }
        // Wait for every attempt, even after one failed, so none is still running when the pass
        // ends (close() waits for the pass, and an unrecorded delivery would be sent again).
        RuntimeException failure = null;
        boolean interrupted = false;
        for (Future<Outcome> f : running) {
            while (true) {
                try {
                    outcomes.add(f.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.CancellationException e) {
                    // Never started because the dispatcher is closing: still claimed, so it is
                    // taken again when its lease ends.
                    break;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure =
                                e.getCause() instanceof RuntimeException r
                                        ? r
                                        : new OutboxException("delivery failed", e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return outcomes;
    }

    private static double jitter() {
        return ThreadLocalRandom.current().nextDouble();
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

    /**
     * Asks for a pass as soon as the scheduler thread is free, e.g. because a decision just
     * committed an item: delivery then does not wait for the poll interval. Wakes that arrive while
     * one is already queued are merged. Does nothing before {@link #start} or after {@link #close}.
     */
    public void wake() {
        // Not synchronized: close() holds the lock while it waits for the pass in flight, and a
        // request thread that just committed must not wait for that.
        ScheduledExecutorService e = executor;
        if (e == null || !wakeQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            e.execute(
                    () -> {
                        wakeQueued.set(false);
                        safePass();
                    });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            wakeQueued.set(false);
        }
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
            // Keep passing while whole batches come back, so a backlog drains without waiting, and
            // while items leave the queue, since each may have been holding its guest's next one.
            PassResult r;
            while ((r = runOnce(clock.instant())).total() == batchSize
                    || r.delivered() + r.dead() > 0) {
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
            stopSenderThreads();
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
        stopSenderThreads();
    }

    private void stopSenderThreads() {
        if (senderThreads != null) {
            // The pass that used them has ended (or was abandoned above): nothing to wait for.
            for (Runnable never : senderThreads.shutdownNow()) {
                if (never instanceof Future<?> f) {
                    f.cancel(false);
                }
            }
            senderThreads = null;
        }
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
