package dev.vpsguard.server.notify;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.api.Paging;
import dev.vpsguard.server.auth.Caller;
import dev.vpsguard.server.auth.TokenRole;
import dev.vpsguard.server.notify.outbox.OutboxItem;
import dev.vpsguard.server.notify.outbox.OutboxStore;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

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
    private final DeadLetterRetry retries;

    public NotificationController(OutboxStore store, DeadLetterRetry retries) {
        this.store = store;
        this.retries = retries;
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
    public DeliveryView retry(@PathVariable long id, HttpRequest<?> request) {
        Caller.Admin caller = Caller.require(request, TokenRole.OPERATOR);
        return DeliveryView.of(retries.retry(caller.actor(), id));
    }
}
