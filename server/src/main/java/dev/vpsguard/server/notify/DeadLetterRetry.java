package dev.vpsguard.server.notify;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.audit.AuditLog;
import dev.vpsguard.server.notify.outbox.OutboxDispatcher;
import dev.vpsguard.server.notify.outbox.OutboxItem;
import dev.vpsguard.server.notify.outbox.OutboxStore;
import dev.vpsguard.server.tx.TransactionHooks;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Puts a dead letter back in the queue for a person (API caller or console user), audited in the
 * same transaction, and wakes the dispatcher once it commits.
 */
@Singleton
public class DeadLetterRetry {
    private final OutboxStore store;
    private final OutboxDispatcher dispatcher;
    private final DataSource dataSource;
    private final TransactionOperations<Connection> transactions;
    private final AuditLog audit;
    private final Clock clock;

    public DeadLetterRetry(
            OutboxStore store,
            OutboxDispatcher dispatcher,
            DataSource dataSource,
            TransactionOperations<Connection> transactions,
            AuditLog audit,
            Clock clock) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Retries dead letter {@code id} on behalf of {@code actor}: due now, with a fresh 24 h.
     *
     * @return the delivery as it now stands
     * @throws ApiException 404 for an unknown id, 409 for a delivery that is not dead
     */
    @Transactional
    public OutboxItem retry(String actor, long id) {
        OutboxItem item =
                store.find(id).orElseThrow(() -> ApiException.notFound("no notification " + id));
        Instant now = clock.instant();
        boolean retried;
        try {
            // This transaction's connection: the retry and its audit entry commit together.
            retried = store.retryDeadLetter(dataSource.getConnection(), id, now);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot retry notification " + id, e);
        }
        if (!retried) {
            throw ApiException.conflict(
                    "notification "
                            + id
                            + " is "
                            + item.status().name().toLowerCase(Locale.ROOT)
                            + "; only dead letters can be retried");
        }
        audit.record(
                actor,
                "notification.retry",
                Long.toString(id),
                item.type()
                        + " "
                        + item.notificationId()
                        + " on "
                        + item.channel()
                        + " for "
                        + item.guestKey()
                        + "; last error: "
                        + item.lastError());
        TransactionHooks.afterCommit(transactions, dispatcher::wake);
        // As the row now stands in this transaction (the store reads committed rows only).
        return new OutboxItem(
                item.id(),
                item.notificationId(),
                item.type(),
                item.channel(),
                item.guestKey(),
                item.payload(),
                OutboxItem.Status.PENDING,
                0,
                item.createdAt(),
                now,
                now,
                null,
                item.lastError());
    }
}
