package dev.vpsguard.server.notify.outbox;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable queue of deliveries. Enqueueing joins the caller's transaction, so a notification exists
 * if and only if the decision it reports was committed.
 */
public interface OutboxStore {

    /**
     * Adds items using the caller's connection and transaction; nothing is committed here. An item
     * whose (notification id, channel) is already present is skipped, so re-enqueueing is harmless.
     *
     * @return the number of items actually added
     */
    int enqueue(Connection transaction, List<NewOutboxItem> items, Instant now);

    /**
     * Claims up to {@code limit} pending items that are due at {@code now} and that have no earlier
     * pending item of the same guest and channel. A claimed item's next attempt moves to {@code now
     * + lease} and its attempt count rises, so another dispatcher (or this one after a crash) takes
     * it only once the lease ran out. Rows other transactions hold are skipped, not waited for.
     */
    List<OutboxItem> claimDue(Instant now, int limit, Duration lease);

    void markDelivered(long id, Instant now);

    void scheduleRetry(long id, Instant nextAttemptAt, String error);

    void moveToDeadLetter(long id, Instant now, String error);

    /** Dead letters, newest first. */
    List<OutboxItem> listDeadLetters(int limit);

    /**
     * Items newest first (by id), for the console.
     *
     * @param status only this status, or null for every item
     */
    default List<OutboxItem> list(OutboxItem.Status status, int limit) {
        return list(status, limit, 0);
    }

    /** As {@link #list(OutboxItem.Status, int)}, skipping the {@code offset} newest first. */
    List<OutboxItem> list(OutboxItem.Status status, int limit, long offset);

    /**
     * Puts a dead letter back in the queue, due at {@code now}, with a fresh give-up deadline.
     *
     * @return false when there is no dead letter with that id
     */
    boolean retryDeadLetter(long id, Instant now);

    /**
     * As {@link #retryDeadLetter(long, Instant)}, in the caller's transaction (so the audit entry
     * of an operator's retry commits with it).
     */
    boolean retryDeadLetter(Connection transaction, long id, Instant now);

    Optional<OutboxItem> find(long id);
}
