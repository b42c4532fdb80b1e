package dev.vpsguard.server.notify;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.api.Paging;
import dev.vpsguard.server.audit.AuditLog;
import dev.vpsguard.server.auth.Caller;
import dev.vpsguard.server.auth.TokenRole;
import dev.vpsguard.server.notify.outbox.OutboxDispatcher;
import dev.vpsguard.server.notify.outbox.OutboxItem;
import dev.vpsguard.server.notify.outbox.OutboxStore;
import dev.vpsguard.server.tx.TransactionHooks;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The outbox as support sees it: every delivery (one per notification and channel) with its state,
 * so dead letters can be found ({@code GET /api/v1/notifications?state=dead}) and sent again
 * ({@code POST /api/v1/notifications/{id}/retry}, operators, audited).
 */
@Controller("/api/v1/notifications")
public class NotificationController {

    /**
     * One delivery. {@code id} is the delivery's (the retry path's); {@code notificationId} is the
     * event id receivers see ({@code X-Vpsguard-Event-Id}, mail {@code X-Vpsguard-Event-Id}).
     */
    @Introspected
    public record DeliveryView(
            long id,
            UUID notificationId,
            String type,
            String channel,
            String guestKey,
            String state,
            int attempts,
            Instant createdAt,
            Instant queuedAt,
            @Nullable Instant nextAttemptAt,
            @Nullable Instant finishedAt,
            @Nullable String lastError) {

        static DeliveryView of(OutboxItem i) {
            return new DeliveryView(
                    i.id(),
                    i.notificationId(),
                    i.type(),
                    i.channel(),
                    i.guestKey(),
                    i.status().name().toLowerCase(Locale.ROOT),
                    i.attempts(),
                    i.createdAt(),
                    i.queuedAt(),
                    i.status() == OutboxItem.Status.PENDING ? i.nextAttemptAt() : null,
                    i.finishedAt(),
                    i.lastError());
        }
    }

    private final OutboxStore store;
    private final OutboxDispatcher dispatcher;
    private final DataSource dataSource;
    private final TransactionOperations<Connection> transactions;
    private final AuditLog audit;
    private final Clock clock;

    public NotificationController(
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
     * Deliveries newest first.
     *
     * @param state {@code pending}, {@code delivered} or {@code dead}; all when absent
     * @param limit 1 to 5000, default 200
     * @param offset how many of the newest to skip, default 0
     */
    @Get
    public List<DeliveryView> list(
            @Nullable @QueryValue String state,
            @Nullable @QueryValue Integer limit,
            @Nullable @QueryValue Long offset) {
        OutboxItem.Status status = null;
        if (state != null) {
            status =
                    switch (state) {
                        case "pending" -> OutboxItem.Status.PENDING;
                        case "delivered" -> OutboxItem.Status.DELIVERED;
                        case "dead" -> OutboxItem.Status.DEAD;
                        default ->
                                throw ApiException.invalidField(
                                        "state", "must be one of pending, delivered, dead");
                    };
        }
        Paging p = Paging.of(limit, offset);
        return store.list(status, p.limit(), p.offset()).stream().map(DeliveryView::of).toList();
    }

    /**
     * Puts a dead letter back in the queue with a fresh 24 h, due now; 404 for an unknown id, 409
     * for a delivery that is not dead.
     */
    @Post("/{id}/retry")
    @Transactional
    public DeliveryView retry(@PathVariable long id, HttpRequest<?> request) {
        Caller.Admin caller = Caller.require(request, TokenRole.OPERATOR);
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
                caller.actor(),
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
        return DeliveryView.of(
                new OutboxItem(
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
                        item.lastError()));
    }
}
